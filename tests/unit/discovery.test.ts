import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { StoredDocument } from '../../index/artifact/documentStore.ts';
import { documentFields } from '../../index/build/analyzeFile.ts';
import { assembleSnapshot } from '../../index/build/assemble.ts';
import { QueryError } from '../../index/errors.ts';
import { SearchEngine } from '../../index/search/engine.ts';
import { dateBound, normalizeFilters, timeline } from '../../index/search/facets.ts';
import { suggestSpelling } from '../../index/search/spelling.ts';
import { type CleanedArticle, titleOnlyMetadata } from '../../index/sources/article.ts';
import { hitIds, markedWords, SEED_IDS, seedEngine } from '../helpers.ts';

type Fixture = Partial<CleanedArticle> & { body: string };

/** An engine over made-up articles with metadata, for filters, facets and dates. */
function engineOver(articles: Record<string, Fixture>): SearchEngine {
  const analyzed = Object.entries(articles).map(([id, fixture]) => {
    const article: CleanedArticle = { ...titleOnlyMetadata(`Story ${id}`), ...fixture };
    const document: StoredDocument = { ...article, id, relativePath: `${id}.txt`, contentHash: id };
    return { document, fields: documentFields(document) };
  });
  return new SearchEngine(assembleSnapshot(analyzed, { builtAt: new Date(0).toISOString(), buildMs: 0 }));
}

const archive = engineOver({
  a: { body: 'Tariffs on steel rise again.', source: 'Reuters', authors: ['Ann Lee'], date: '2019-01-15' },
  b: { body: 'Steel tariffs hit carmakers.', source: 'Reuters', authors: ['Bo Chen'], date: '2019-03-02' },
  c: {
    body: 'Tariffs and the steel trade.',
    source: 'CNN',
    authors: ['Ann Lee', 'Cy Park'],
    date: '2019-03-20',
  },
  d: { body: 'Steel tariff talks stall.', source: 'BBC News', authors: [], date: null },
  e: { body: 'Tariffs on steel, a history.', source: 'cnn', authors: ['Dee Roy'], date: '2021-06-30' },
  f: { body: 'Weather today: sunny.', source: 'BBC News', authors: [], date: '2019-02-01' },
});

describe('facets and filters', () => {
  it('counts matches by source, author and month, each under the other filters only', () => {
    const all = archive.search('steel tariffs', { facets: true });
    assert.equal(all.total, 5);
    // `CNN` and `cnn` are one source (the filter matches both), shown as first written.
    assert.deepEqual(
      all.facets?.sources.map(({ value, count }) => [value, count]),
      [
        ['CNN', 2],
        ['Reuters', 2],
        ['BBC News', 1],
      ],
    );
    assert.deepEqual(all.facets?.authors[0], { value: 'Ann Lee', count: 2, selected: false });

    const reuters = archive.search('steel tariffs', { facets: true, filters: { sources: ['reuters'] } });
    assert.deepEqual(hitIds(archive, 'steel tariffs').length, 5);
    assert.deepEqual(reuters.hits.map((hit) => hit.id).sort(), ['a', 'b']);
    // The source facet ignores its own filter, so the reader can switch source…
    assert.equal(reuters.facets?.sources.length, 3);
    assert.equal(reuters.facets?.sources.find((s) => s.value === 'Reuters')?.selected, true);
    // …while the author facet and the timeline count only Reuters articles.
    assert.deepEqual(reuters.facets?.authors.map((a) => a.value).sort(), ['Ann Lee', 'Bo Chen']);
    assert.equal(
      reuters.facets?.timeline.buckets.reduce((sum, b) => sum + b.count, 0),
      2,
    );
  });

  it('gives every page of a search the same facets, whichever page is asked first', () => {
    const fresh = () =>
      engineOver({
        ...Object.fromEntries(
          Array.from({ length: 12 }, (_, i) => [
            `s${i}`,
            {
              body: `Steel story ${i}.`,
              source: i % 3 === 0 ? 'CNN' : 'Reuters',
              date: `2019-0${1 + (i % 9)}-01`,
            },
          ]),
        ),
      });
    const pages = (engine: SearchEngine, order: number[]) =>
      Object.fromEntries(
        order.map((page) => [page, engine.search('steel', { limit: 5, offset: page * 5, facets: true })]),
      );
    const firstFirst = pages(fresh(), [0, 1, 2]);
    const lastFirst = pages(fresh(), [2, 1, 0]);
    const uncached = new SearchEngine(
      (fresh() as unknown as { snapshot: ConstructorParameters<typeof SearchEngine>[0] }).snapshot,
      { resultCacheEntries: 0 },
    );
    for (const page of [0, 1, 2]) {
      assert.deepEqual(firstFirst[page]?.facets, firstFirst[0]?.facets, `page ${page + 1}`);
      assert.deepEqual(lastFirst[page]?.facets, firstFirst[0]?.facets, `page ${page + 1}, asked first`);
      assert.deepEqual(
        uncached.search('steel', { limit: 5, offset: page * 5, facets: true }).facets,
        firstFirst[0]?.facets,
      );
    }
    assert.deepEqual(
      firstFirst[2]?.facets?.sources.map(({ value, count }) => [value, count]),
      [
        ['Reuters', 8],
        ['CNN', 4],
      ],
    );
    assert.notDeepEqual(
      archive.search('steel', { facets: true, filters: { sources: ['cnn'] }, offset: 1 }).facets,
      archive.search('steel', { facets: true }).facets,
      'other filters, other counts',
    );
  });

  it('filters by any of several sources or authors, ignoring case and accents', () => {
    const ids = (filters: Parameters<typeof normalizeFilters>[0]) =>
      archive
        .search('steel', { filters, limit: 100 })
        .hits.map((hit) => hit.id)
        .sort();
    assert.deepEqual(ids({ sources: ['CNN'] }), ['c', 'e']);
    assert.deepEqual(ids({ sources: ['cnn', 'BBC NEWS'] }), ['c', 'd', 'e']);
    assert.deepEqual(ids({ authors: ['ann lee'] }), ['a', 'c']);
    assert.deepEqual(ids({ authors: ['Ann Lée'], sources: ['Reuters'] }), ['a']);
    assert.deepEqual(ids({ sources: ['Nobody'] }), []);
  });

  it('filters by date range, inclusive, leaving out undated articles', () => {
    const ids = (from: string | null, to: string | null) =>
      archive
        .search('steel', { filters: { from, to }, limit: 100 })
        .hits.map((hit) => hit.id)
        .sort();
    assert.deepEqual(ids('2019-03', '2019-03'), ['b', 'c']);
    assert.deepEqual(ids('2019', null), ['a', 'b', 'c', 'e']);
    assert.deepEqual(ids(null, '2019-01-15'), ['a']);
    assert.deepEqual(ids('2019-03-03', '2019-03-20'), ['c']);
  });

  it('rejects malformed and reversed dates with a QueryError naming the problem', () => {
    for (const bad of ['2019-13', '2019-02-30', 'yesterday', '19-01-01', '2019-1-1']) {
      assert.throws(
        () => archive.search('steel', { filters: { from: bad } }),
        (error: unknown) => error instanceof QueryError && error.code === 'invalid_filter',
        bad,
      );
    }
    assert.throws(
      () => normalizeFilters({ from: '2020', to: '2019' }),
      /starts \(2020-01-01\) after it ends/,
    );
    assert.equal(dateBound('2020-02', 'to'), '2020-02-29');
    assert.equal(dateBound('2019', 'from'), '2019-01-01');
  });

  it('sorts by date, newest or oldest first, undated last, relevance breaking ties', () => {
    assert.deepEqual(
      archive.search('steel', { sort: 'newest' }).hits.map((hit) => hit.id),
      ['e', 'c', 'b', 'a', 'd'],
    );
    assert.deepEqual(
      archive.search('steel', { sort: 'oldest' }).hits.map((hit) => hit.id),
      ['a', 'b', 'c', 'e', 'd'],
    );
    const paged = archive.search('steel', { sort: 'newest', limit: 2, offset: 2 });
    assert.deepEqual(
      paged.hits.map((hit) => hit.id),
      ['b', 'a'],
    );
  });

  it('ranks equally relevant articles newest first, undated last', () => {
    // Ids in the opposite order to the dates: index order would list them a to e.
    const wire = engineOver({
      a: { title: 'Health agency', body: 'Who leads the agency?', date: '2001-05-01' },
      b: { title: 'Health agency', body: 'Who leads the agency?', date: null },
      c: { title: 'Health agency', body: 'Who leads the agency?', date: '2019-11-30' },
      d: { title: 'Health agency', body: 'Who leads the agency?', date: '2019-12-01' },
      e: { title: 'Health agency', body: 'Who leads the agency?', date: '2010-02-14' },
    });
    // A lone common word: every match scores alike.
    assert.deepEqual(hitIds(wire, 'who'), ['d', 'c', 'e', 'a', 'b']);
    // Equal scores on an ordinary word too, and on any page.
    assert.deepEqual(hitIds(wire, 'agency'), ['d', 'c', 'e', 'a', 'b']);
    assert.deepEqual(
      wire.search('agency', { limit: 2, offset: 2 }).hits.map((hit) => hit.id),
      ['e', 'a'],
    );
  });
});

describe('timeline', () => {
  it('buckets by month with empty months kept, and by year for spans over three years', () => {
    const months = archive.search('steel', { facets: true, filters: { sources: ['Reuters'] } }).facets
      ?.timeline;
    assert.equal(months?.granularity, 'month');
    assert.deepEqual(
      months?.buckets.map((b) => [b.period, b.count]),
      [
        ['2019-01', 1],
        ['2019-02', 0],
        ['2019-03', 1],
      ],
    );
    assert.deepEqual(months?.buckets[2]?.from, '2019-03-01');
    assert.deepEqual(months?.buckets[2]?.to, '2019-03-31');
    // The timeline counts undated matches apart and ignores the date filter, so other periods stay clickable.
    const all = archive.search('steel', { facets: true }).facets?.timeline;
    assert.equal(all?.undated, 1);
    assert.equal(all?.buckets.length, 30, 'January 2019 to June 2021 by month');

    const long = timeline(
      new Map([
        ['2001-05-01', 2],
        ['2009-12-31', 3],
      ]),
      0,
      { from: '2009-01-01', to: '2009-12-31' },
    );
    assert.equal(long.granularity, 'year');
    assert.equal(long.buckets.length, 9);
    assert.deepEqual(long.buckets.at(-1), {
      period: '2009',
      from: '2009-01-01',
      to: '2009-12-31',
      count: 3,
      selected: true,
    });
    assert.equal(long.buckets[0]?.selected, false);
  });

  it('does not depend on the order the dates come in, and names periods of several years', () => {
    const dates: [string, number][] = [
      ['1987-10-19', 4],
      ['1987-03-02', 1],
      ['1987-03-30', 2],
      ['1988-01-05', 1],
    ];
    const noFilter = { from: null, to: null };
    const shuffled = timeline(new Map(dates), 0, noFilter);
    const sorted = timeline(new Map([...dates].sort(([a], [b]) => a.localeCompare(b))), 0, noFilter);
    assert.deepEqual(shuffled, sorted);
    assert.deepEqual(
      shuffled.buckets.filter((b) => b.count > 0).map((b) => [b.period, b.count]),
      [
        ['1987-03', 3],
        ['1987-10', 4],
        ['1988-01', 1],
      ],
    );
    assert.equal(shuffled.buckets.length, 11, 'March 1987 to January 1988');
    // Asked twice, a period is the same and its bucket a new object (a caller may change its own).
    assert.notEqual(timeline(new Map(dates), 0, noFilter).buckets[0], shuffled.buckets[0]);

    const decades = timeline(
      new Map([
        ['1901-02-03', 1],
        ['2019-07-01', 2],
        ['1955-05-05', 1],
      ]),
      0,
      { from: '1950-01-01', to: '1959-12-31' },
    );
    assert.equal(decades.granularity, 'decade');
    assert.deepEqual(decades.buckets[0], {
      period: '1900–1909',
      from: '1900-01-01',
      to: '1909-12-31',
      count: 1,
      selected: false,
    });
    assert.deepEqual(
      decades.buckets.filter((b) => b.selected).map((b) => [b.period, b.count]),
      [['1950–1959', 1]],
    );
    assert.equal(decades.buckets.at(-1)?.period, '2010–2019');
  });
});

describe('near-duplicates in results', () => {
  let engine: SearchEngine;
  before(async () => {
    engine = await seedEngine();
  });

  it('shows the two CNN page versions as one result with the other folded under it', () => {
    const result = engine.search('Lighthizer Mnuchin', { limit: 10 });
    const cnn = result.hits.find((hit) => hit.id === SEED_IDS.cnnTrade || hit.id === SEED_IDS.cnnDavos);
    assert.ok(cnn !== undefined);
    assert.deepEqual(
      cnn.duplicates.map((d) => d.id),
      [cnn.id === SEED_IDS.cnnTrade ? SEED_IDS.cnnDavos : SEED_IDS.cnnTrade],
    );
    assert.equal(result.articles, result.total + 1);
    assert.equal(new Set(hitIds(engine, 'Lighthizer Mnuchin')).size, result.articles);
  });

  it('keeps a duplicate as its own result when the filters leave out the other version', () => {
    const story = Array.from(
      { length: 8 },
      (_, i) => `Paragraph ${i} of the wire story about the harbour strike and the talks that followed.`,
    ).join(' ');
    const syndicated = engineOver({
      wire: { body: story, source: 'Reuters' },
      reprint: { body: `${story} Reprinted with permission.`, source: 'Daily Planet' },
    });
    const both = syndicated.search('harbour strike');
    assert.deepEqual([both.total, both.articles, both.hits[0]?.duplicates.length], [1, 2, 1]);
    const reprintOnly = syndicated.search('harbour strike', { filters: { sources: ['Daily Planet'] } });
    assert.deepEqual(
      reprintOnly.hits.map((hit) => [hit.id, hit.duplicates.length]),
      [['reprint', 0]],
    );
  });

  it('lists the best five versions of a story reprinted many times, and counts them all', () => {
    const story = Array.from(
      { length: 8 },
      (_, i) => `Paragraph ${i} of the wire story about the harbour strike and the talks that followed.`,
    ).join(' ');
    const papers = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`paper${i}`, { body: `${story} Printed in paper ${i}.` }]),
    );
    const result = engineOver(papers).search('harbour strike');
    assert.deepEqual([result.total, result.articles], [1, 9]);
    const hit = result.hits[0];
    assert.equal(hit?.duplicateCount, 8);
    assert.equal(hit?.duplicates.length, 5);
    assert.equal(new Set([hit?.id, ...(hit?.duplicates ?? []).map((d) => d.id)]).size, 6);
  });

  it('lists an article’s near-duplicates for the article page', () => {
    assert.deepEqual(
      engine.duplicatesOf(SEED_IDS.cnnTrade).map((d) => d.id),
      [SEED_IDS.cnnDavos],
    );
    assert.deepEqual(engine.duplicatesOf(SEED_IDS.wsj), []);
    assert.deepEqual(engine.duplicatesOf('nope'), []);
  });
});

describe('did you mean', () => {
  let engine: SearchEngine;
  before(async () => {
    engine = await seedEngine();
  });

  it('suggests the index’s spelling of misspelt words, keeping case and operators', () => {
    const suggestion = engine.search('Lighthzer tarifs').suggestion;
    assert.equal(suggestion?.query, 'Lighthizer tariffs');
    assert.deepEqual(markedWords(suggestion?.marked), ['Lighthizer', 'tariffs']);
    assert.equal(
      engine.search('"Lighthzer" -Mnuchn title:trade').suggestion?.query,
      '"Lighthizer" -Mnuchin title:trade',
    );
  });

  it('suggests nothing for correctly spelt, short or unknown-and-unfixable words', () => {
    assert.equal(engine.search('Lighthizer tariffs').suggestion, null);
    assert.equal(engine.search('Mnuchin').suggestion, null);
    assert.equal(engine.search('tha trade').suggestion, null, 'short words are not corrected');
    assert.equal(engine.search('zzzzqqq').suggestion, null);
  });

  it('counts two neighbouring letters swapped as one slip, in suggestions and in the search', () => {
    const articles: Record<string, Fixture> = { court: { body: 'The trial opened on Monday.' } };
    for (let i = 0; i < 3; i += 1) articles[`rail${i}`] = { body: `The train left late, report ${i}.` };
    const swaps = engineOver(articles);
    // `trian` is one edit from `trial` and, as Levenshtein counts, two from `train`.
    assert.equal(swaps.search('trian').suggestion?.query, 'train');
    assert.deepEqual(hitIds(swaps, 'trian').sort(), ['court', 'rail0', 'rail1', 'rail2']);
  });

  it('suggests a word two edits away over a rare slip one edit away when it is far more frequent', () => {
    const archiveOf = (parliaments: number) => {
      const articles: Record<string, Fixture> = { slip: { body: 'The parliment met on trade.' } };
      for (let i = 0; i < parliaments; i += 1) articles[`p${i}`] = { body: `The parliament met, part ${i}.` };
      return engineOver(articles);
    };
    // `parlimant` is one edit from the archive's own slip and two from the word it meant. At 20 times
    // as many articles (the frequency ratio) as the slip, the word wins.
    assert.equal(archiveOf(20).search('parlimant').suggestion?.query, 'parliament');
    assert.equal(archiveOf(5).search('parlimant').suggestion?.query, 'parliment');
  });

  it('suggests the near spelling found with the query’s other words, else the most frequent', () => {
    const articles: Record<string, Fixture> = {};
    for (let i = 0; i < 6; i += 1) articles[`wheat${i}`] = { body: `Wheat rose ${i} dlrs a tonne.` };
    for (let i = 0; i < 3; i += 1) articles[`pm${i}`] = { body: `Tony Blair spoke in part ${i}.` };
    for (let i = 0; i < 3; i += 1) articles[`rain${i}`] = { body: `Rain fell on the harbour, day ${i}.` };
    const wire = engineOver(articles);
    assert.equal(wire.search('tonny blair').suggestion?.query, 'tony blair');
    assert.equal(wire.search('blair tonny').suggestion?.query, 'blair tony');
    assert.equal(wire.search('tonny').suggestion?.query, 'tonne', 'alone, the most frequent');
    assert.equal(wire.search('tonny harbour').suggestion?.query, 'tonne harbour', 'found with neither');
  });

  it('prefers the near spelling found right beside the word typed beside it', () => {
    const articles: Record<string, Fixture> = {};
    for (let i = 0; i < 5; i += 1)
      articles[`plan${i}`] = { body: `They take the plan to the board, day ${i}.` };
    for (let i = 0; i < 3; i += 1)
      articles[`talks${i}`] = { body: `The talks take place in Geneva, day ${i}.` };
    for (let i = 0; i < 6; i += 1) articles[`firm${i}`] = { body: `The firm grew, report ${i}.` };
    for (let i = 0; i < 3; i += 1) articles[`rivals${i}`] = { body: `Its rival firms shrank, report ${i}.` };
    const wire = engineOver(articles);
    // Articles hold `take` with `plan` more often than with `place`, but never right before it.
    assert.equal(wire.search('take plae').suggestion?.query, 'take place');
    assert.equal(wire.search('plae take').suggestion?.query, 'plan take', 'not beside in that order');
    // The plural stands beside `rival`; alone, the more frequent singular.
    assert.equal(wire.search('rival firsm').suggestion?.query, 'rival firms');
    assert.equal(wire.search('firsm').suggestion?.query, 'firm');
    assert.equal(wire.search('rival -firsm').suggestion?.query, 'rival -firm', 'not across an operator');
  });

  it('keeps a word the archive has a few times when it is found with the query’s other words', () => {
    const articles: Record<string, Fixture> = {
      analyst: { body: 'Steve Satchell, an analyst, said shares fell.' },
      rain: { body: 'Rain fell on the harbour.' },
    };
    for (let i = 0; i < 25; i += 1) articles[`m${i}`] = { body: `Mitchell spoke, part ${i}.` };
    for (let i = 0; i < 3; i += 1) articles[`s${i}`] = { body: `Steve Mitchell won, game ${i}.` };
    const wire = engineOver(articles);
    // `stvee` is corrected first; `satchell`, in one article, is 28 times rarer than `mitchell` but
    // found with `steve`, and `mitchell` not 20 times as often.
    assert.equal(wire.search('satchell stvee').suggestion?.query, 'satchell steve');
    assert.equal(wire.search('satchell steve').suggestion, null);
    // Alone, or with words it is never found with, the rare word still gives way.
    assert.equal(wire.search('satchell').suggestion?.query, 'mitchell');
    assert.equal(wire.search('satchell harbour').suggestion?.query, 'mitchell harbour');
  });

  it('escapes the suggestion’s HTML', () => {
    const vocabulary = {
      docFreqOfWord: () => 0,
      near: () => [{ word: 'tariffs', docFreq: 5, distance: 1 }],
    };
    const suggestion = suggestSpelling('<b>tarifs</b>', vocabulary);
    assert.equal(suggestion?.query, '<b>tariffs</b>');
    assert.deepEqual(markedWords(suggestion?.marked), ['tariffs']);
  });
});

describe('autocomplete', () => {
  let engine: SearchEngine;
  before(async () => {
    engine = await seedEngine();
  });

  it('completes names from their first or a later word, then words by frequency', () => {
    assert.deepEqual(engine.complete('lighth', 3)[0], {
      text: 'Robert Lighthizer',
      completion: 'Robert Lighthizer',
      kind: 'phrase',
      count: 3,
    });
    assert.equal(engine.complete('Robert Li', 5)[0]?.text, 'Robert Lighthizer');
    assert.equal(engine.complete('liu', 5)[0]?.text, 'Liu He');
    const words = engine.complete('trade neg', 5);
    assert.deepEqual(
      words.map((c) => c.text),
      ['trade negotiations', 'trade negotiators', 'trade negotiator', 'trade negotiate', 'trade negotiated'],
    );
    assert.ok(words.every((c, i) => i === 0 || (words[i - 1]?.count ?? 0) >= c.count));
  });

  it('does not offer a word again that a name it offers already has', () => {
    assert.deepEqual(
      engine.complete('lighth', 8).map((c) => `${c.text} (${c.kind})`),
      ['Robert Lighthizer (phrase)'],
    );
    assert.deepEqual(
      engine.complete('trade lighth', 8).map((c) => c.text),
      ['trade Robert Lighthizer'],
    );
  });

  it('keeps operators as typed and respects the limit', () => {
    assert.deepEqual(
      engine.complete('trade -chin', 2).map((c) => c.text),
      ['trade -china', 'trade -chinese'],
    );
    assert.equal(engine.complete('s', 4).length, 4);
    assert.deepEqual(engine.complete('', 5), []);
    assert.deepEqual(engine.complete('   ', 5), []);
    assert.deepEqual(engine.complete('trade ', 5), [], 'a finished word is not completed');
    assert.deepEqual(engine.complete('zzzq', 5), []);
  });
});

describe('related articles', () => {
  let engine: SearchEngine;
  before(async () => {
    engine = await seedEngine();
  });

  it('finds other stories on the topic, never the article itself or its near-duplicates', () => {
    const related = engine.related(SEED_IDS.cnnTrade, 5).map((r) => r.id);
    assert.ok(related.length >= 2, related.join(', '));
    assert.ok(!related.includes(SEED_IDS.cnnTrade));
    assert.ok(!related.includes(SEED_IDS.cnnDavos), 'its own near-duplicate is not “related”');
    assert.ok(related.includes(SEED_IDS.wsj), 'the WSJ story on the same talks is related');
    assert.deepEqual(engine.related('nope'), []);
  });

  it('relates by distinctive shared words, not by one common word', () => {
    const engine = engineOver({
      whale: { title: 'Whales sing', body: 'Humpback whales sing long songs in the Pacific ocean.' },
      whale2: { title: 'Whale song study', body: 'Scientists record humpback whales and their songs.' },
      budget: { title: 'Budget vote', body: 'The Pacific island budget vote was delayed.' },
      other: { title: 'Rates', body: 'The central bank held rates.' },
    });
    assert.deepEqual(
      engine.related('whale').map((r) => r.id),
      ['whale2'],
    );
  });

  it('keeps one story per near-duplicate group, however many copies outrank the next story', () => {
    // Nine copies of one wire story, each closer to the article than the other report is: the best
    // few candidates are all the same story, and the next story must still be found below them.
    const wire =
      'Drones and satellites mapped glacier melt across the Andes this spring, and the survey found ice thinning fast in every valley the researchers measured.';
    const copies = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`copy${i}`, { title: `Andes glacier survey ${i}`, body: wire }]),
    );
    const engine = engineOver({
      article: {
        title: 'Andes glacier melt',
        body: 'Glacier melt in the Andes was measured by drones and satellites; the survey covered every valley.',
      },
      ...copies,
      other: { title: 'Alpine ice', body: 'Satellites showed glacier melt in the Alps as well.' },
      unrelated: { title: 'Rates', body: 'The central bank held rates.' },
    });
    const related = engine.related('article', 2).map((r) => r.id);
    assert.equal(related.length, 2, related.join(', '));
    assert.match(related[0] ?? '', /^copy\d$/);
    assert.equal(related[1], 'other');
  });

  it('gives the same related articles when asked again, at any length', () => {
    const first = engine.related(SEED_IDS.cnnTrade, 5);
    // Asked a second and third time: the third comes from the cache, frozen.
    assert.deepEqual(engine.related(SEED_IDS.cnnTrade, 5), first);
    const again = engine.related(SEED_IDS.cnnTrade, 5);
    assert.deepEqual(again, first);
    assert.ok(Object.isFrozen(again));
    assert.throws(() => (again as { id: string }[]).push({ id: 'x' }));
    assert.deepEqual(engine.related(SEED_IDS.cnnTrade, 1), first.slice(0, 1));
    assert.deepEqual(engine.related(SEED_IDS.cnnTrade, 0), []);
  });
});

describe('browsing by filters', () => {
  it('lists every article a filter keeps when there are no words, newest first', () => {
    const cnn = archive.search('', { filters: { sources: ['CNN'] }, facets: true });
    assert.equal(cnn.sort, 'newest');
    assert.deepEqual(
      cnn.hits.map((hit) => hit.id),
      ['e', 'c'],
    );
    assert.equal(cnn.suggestion, null);
    assert.equal(cnn.facets?.timeline.buckets.length, 28, 'March 2019 to June 2021');
    const oldest = archive.search('  ', { filters: { from: '2019' }, sort: 'oldest' });
    assert.deepEqual(
      oldest.hits.map((hit) => hit.id),
      ['a', 'f', 'b', 'c', 'e'],
    );
    assert.ok(oldest.hits.every((hit) => hit.snippet.marks.length === 0));
  });

  it('still refuses an empty query without filters', () => {
    assert.throws(() => archive.search(''), QueryError);
  });
});
