import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import MiniSearch from 'minisearch';
import type { StoredDocument } from '../../index/artifact/documentStore.ts';
import { documentFields } from '../../index/build/analyzeFile.ts';
import { assembleSnapshot } from '../../index/build/assemble.ts';
import { QueryError } from '../../index/errors.ts';
import { markedHtml } from '../../index/render/markedHtml.ts';
import { SearchEngine } from '../../index/search/engine.ts';
import { type CleanedArticle, titleOnlyMetadata } from '../../index/sources/article.ts';
import { hitIds, markedWords, SEED_IDS, seedEngine, seedEngineSnapshot } from '../helpers.ts';

/** An engine over small made-up articles, for ranking cases the seeds do not contain. */
function engineOver(articles: Record<string, string | { title: string; body: string }>): SearchEngine {
  const analyzed = Object.entries(articles).map(([id, text]) => {
    const article: CleanedArticle = {
      ...titleOnlyMetadata(typeof text === 'string' ? 'Talks' : text.title),
      body: typeof text === 'string' ? text : text.body,
    };
    const document: StoredDocument = { ...article, id, relativePath: `${id}.txt`, contentHash: id };
    return { document, fields: documentFields(document) };
  });
  return new SearchEngine(assembleSnapshot(analyzed, { builtAt: new Date(0).toISOString(), buildMs: 0 }));
}

describe('search on the seeds', () => {
  let engine: SearchEngine;
  before(async () => {
    engine = await seedEngine();
  });

  it('finds exactly the two CNN articles for "March 1 deadline", the phrase marked once', () => {
    const result = engine.search('"March 1 deadline"');
    assert.deepEqual(hitIds(engine, '"March 1 deadline"').sort(), [SEED_IDS.cnnTrade, SEED_IDS.cnnDavos]);
    // The two are page versions of one story: one result, the other folded under it.
    assert.equal(result.total, 1);
    assert.equal(result.articles, 2);
    assert.equal(result.hits[0]?.duplicates.length, 1);
    assert.ok(markedWords(result.hits[0]?.snippet).includes('March 1 deadline'));
  });

  it('matches a phrase only when its words are adjacent and in order', () => {
    assert.deepEqual(hitIds(engine, '"deadline March 1"'), []);
    assert.deepEqual(hitIds(engine, '"Vice Premier Liu He"').sort(), [
      SEED_IDS.cnnTrade,
      SEED_IDS.cnnDavos,
      SEED_IDS.wsj,
    ]);
    assert.deepEqual(hitIds(engine, '"Liu He Premier"'), []);
  });

  it('counts stop words inside a phrase', () => {
    assert.deepEqual(hitIds(engine, '"note of hopefulness"'), [SEED_IDS.wsj]);
    assert.deepEqual(hitIds(engine, '"note hopefulness"'), []);
  });

  it('ranks the articles with every word first, then those with some, and counts the former', () => {
    const all = engine.search('Lighthizer Kudlow', { explain: true });
    assert.equal(all.fallback, false);
    assert.equal(all.allWords, 1);
    assert.equal(all.hits[0]?.id, SEED_IDS.wsj);
    assert.ok(all.total > 1, 'the articles with one of the words follow');
    assert.deepEqual(
      all.hits.map((hit) => hit.explanation?.tier),
      all.hits.map((_hit, i) => (i === 0 ? 'all words' : 'some words')),
    );
    for (const hit of all.hits.slice(1)) {
      assert.equal(hit.explanation?.missing.length, 1, `${hit.id} lacks one of the two words`);
    }
  });

  it('says when no article has every word and shows those with any', () => {
    const any = engine.search('Prasad Kudlow');
    assert.equal(any.fallback, true);
    assert.deepEqual(any.hits.map((hit) => hit.id).sort(), [SEED_IDS.washingtonPost, SEED_IDS.wsj]);
    assert.match(any.notices.join(' '), /any of them/);
  });

  it('keeps AND strict while some article has both words, and says so when none has', () => {
    const both = engine.search('Lighthizer AND Kudlow');
    assert.ok(both.total > 0);
    assert.equal(both.allWords, both.total);
    assert.deepEqual(both.notices, []);
    // Text pasted with a capital AND (or words no article holds together) does not end in an empty
    // page: the words are ranked instead, and the notice names them.
    const neither = engine.search('tariffs AND quotas');
    assert.deepEqual(hitIds(engine, 'tariffs AND quotas').sort(), hitIds(engine, 'tariffs OR quotas').sort());
    assert.equal(neither.allWords, 0);
    assert.ok(neither.total > 0);
    assert.ok(
      neither.notices.some((notice) => /No article has every required word \(tariffs, quotas\)/.test(notice)),
    );
    assert.deepEqual(hitIds(engine, '+tariffs +quotas').sort(), hitIds(engine, 'tariffs AND quotas').sort());
    // A quoted phrase stays required.
    assert.deepEqual(hitIds(engine, '"deadline March 1" AND tariffs'), []);
  });

  it('excludes -word and -"phrase"', () => {
    assert.deepEqual(hitIds(engine, 'Mnuchin').length, 3);
    assert.deepEqual(hitIds(engine, 'Mnuchin -Kudlow').sort(), [SEED_IDS.cnnTrade, SEED_IDS.cnnDavos]);
    const withoutPhrase = hitIds(engine, 'Mnuchin -"March 1 deadline"');
    assert.ok(withoutPhrase.includes(SEED_IDS.wsj));
    assert.ok(!withoutPhrase.includes(SEED_IDS.cnnTrade) && !withoutPhrase.includes(SEED_IDS.cnnDavos));
  });

  it('matches either word around OR', () => {
    assert.deepEqual(hitIds(engine, 'Kudlow OR Prasad').sort(), [SEED_IDS.washingtonPost, SEED_IDS.wsj]);
  });

  it('limits a clause to the title, source or author field', () => {
    assert.deepEqual(hitIds(engine, 'author:Swanson'), [SEED_IDS.washingtonPost]);
    assert.deepEqual(hitIds(engine, 'source:CNN').sort(), [SEED_IDS.cnnTrade, SEED_IDS.cnnDavos]);
    assert.deepEqual(hitIds(engine, 'title:fizzle'), [SEED_IDS.washingtonPost]);
    assert.deepEqual(hitIds(engine, 'title:Kudlow'), []);
  });

  it('expands word* to the words starting so, whatever their stem', () => {
    assert.deepEqual(hitIds(engine, 'Kudl*'), [SEED_IDS.wsj]);
    const presidents = engine.search('presiden*');
    assert.ok(presidents.total >= 4);
    assert.ok(
      presidents.hits.every((hit) => markedWords(hit.snippet).some((word) => /^[Pp]resident/.test(word))),
    );
  });

  it('shares one expansion budget among all the prefixes of a query', async () => {
    const many = Array.from({ length: 26 }, (_, i) => `${String.fromCharCode(97 + i)}*`).join(' OR ');
    const distinctMarked = (candidate: SearchEngine) => {
      const { paragraphs } = candidate.highlightArticle(SEED_IDS.cnnDavos, many) ?? { paragraphs: [] };
      return new Set(
        paragraphs.flatMap((paragraph) => markedWords(paragraph).map((word) => word.toLowerCase())),
      ).size;
    };
    const snapshot = await seedEngineSnapshot();
    const unlimited = new SearchEngine(snapshot, { prefixExpansionsPerQuery: 100_000 });
    const budgeted = new SearchEngine(snapshot, { prefixExpansionsPerQuery: 26 });
    assert.ok(engine.search(many).articles >= 5);
    // One expansion per prefix (its most frequent word) plus the letter itself: at most 52 words.
    assert.ok(distinctMarked(budgeted) <= 52, `${distinctMarked(budgeted)} words marked`);
    assert.ok(distinctMarked(unlimited) > 150, `${distinctMarked(unlimited)} words marked`);
  });

  it('tolerates a typo in a longer word, ranking exact matches first', () => {
    const result = engine.search('Mnuchn');
    assert.ok(result.articles >= 3);
    assert.ok(markedWords(result.hits[0]?.snippet).includes('Mnuchin'));
    assert.match(result.notices.join(' '), /mnuchin/);
    // A spelling in one article, beside one twenty times as common: read as a typo of it too.
    const exact = Array.from({ length: 20 }, (_, i) => `exact${String(i).padStart(2, '0')}`);
    const exactFirst = engineOver({
      typo: 'Mnuchn said so.',
      ...Object.fromEntries(exact.map((id, i) => [id, `Mnuchin said so ${i} times.`])),
    });
    assert.deepEqual(hitIds(exactFirst, 'Mnuchn')[0], 'typo', 'the exact spelling ranks first');
    assert.deepEqual(hitIds(exactFirst, 'Mnuchn').slice(1).sort(), exact);
    assert.deepEqual(hitIds(exactFirst, 'Mnuchin').sort(), exact, 'not widened to a rarer typo');
    const fewer = engineOver({ typo: 'Mnuchn said so.', a: 'Mnuchin said so.', b: 'Mnuchin said so too.' });
    assert.deepEqual(hitIds(fewer, 'Mnuchn'), ['typo'], 'a spelling only twice as common is another word');
  });

  it('reads a rare word as a typo of a common spelling even when rarer near spellings are closer', () => {
    // `lighthizerxy` is two edits from `lighthizer` (20 articles) and one from each of eight words in
    // one article apiece: those are not far more common, so they must not use up the near spellings.
    const common = Array.from({ length: 20 }, (_, i) => `common${String(i).padStart(2, '0')}`);
    const rareVariants = 'abcdefgh'.split('').map((letter) => `lighthizerx${letter}`);
    const engine = engineOver({
      typed: 'Lighthizerxy said so.',
      ...Object.fromEntries(rareVariants.map((word) => [word, `${word} said so.`])),
      ...Object.fromEntries(common.map((id, i) => [id, `Lighthizer said so ${i} times.`])),
    });
    const ids = hitIds(engine, 'lighthizerxy');
    assert.equal(ids[0], 'typed', 'the exact spelling ranks first');
    assert.deepEqual(ids.slice(1).sort(), common);
    assert.equal(engine.search('lighthizerxy').suggestion?.query, 'lighthizer');
  });

  it('reads a word the archive lacks as the spelling Did you mean picks, other near spellings less', () => {
    const articles: Record<string, string> = {};
    for (let i = 0; i < 4; i += 1) articles[`firms${i}`] = `Its rival firms cut prices, report ${i}.`;
    for (let i = 0; i < 2; i += 1) articles[`first${i}`] = `The first rival bid came early, day ${i}.`;
    for (let i = 0; i < 20; i += 1) articles[`rain${i}`] = `Rain fell on the harbour, day ${i}.`;
    const wire = engineOver(articles);
    const result = wire.search('rival firsm');
    assert.equal(result.suggestion?.query, 'rival firms');
    // `first` is the rarer near spelling, and would rank first were every near spelling alike.
    assert.deepEqual(
      result.hits
        .slice(0, 4)
        .map((hit) => hit.id)
        .sort(),
      ['firms0', 'firms1', 'firms2', 'firms3'],
    );
    assert.deepEqual(hitIds(wire, 'rival firsm').slice(4).sort(), ['first0', 'first1'], 'still found');
  });

  it('finds a common word in the field it is asked for (title:who: WHO in headlines)', () => {
    const wire = engineOver({
      agency: { title: 'WHO warns of flu season', body: 'The agency issued a warning on Monday.' },
      willing: { title: 'Bank willing to lend', body: 'The bank said who would borrow was open.' },
      plain: { title: 'Oil prices rise', body: 'Oil rose; the WHO was not involved.' },
    });
    assert.deepEqual(hitIds(wire, 'title:who'), ['agency']);
    assert.deepEqual(hitIds(wire, 'title:"who"'), ['agency']);
    assert.deepEqual(hitIds(wire, 'title:will'), [], 'the word as written, not willing');
    assert.deepEqual(hitIds(wire, 'oil title:the'), [], 'no title has the');
    assert.deepEqual(hitIds(wire, 'oil +the').sort(), ['agency', 'plain', 'willing']);
    assert.equal(hitIds(wire, 'oil +the')[0], 'plain', 'the article with both first');
  });

  it('excludes the articles with a common word put after a minus (vaccine -WHO)', () => {
    const wire = engineOver({
      agency: { title: 'Flu vaccine trial', body: 'The WHO said the vaccine works.' },
      maker: { title: 'Vaccine maker grows', body: 'Sales of the vaccine rose.' },
      asked: { title: 'Vaccine queue', body: 'Who gets a vaccine first?' },
    });
    assert.deepEqual(hitIds(wire, 'vaccine').sort(), ['agency', 'asked', 'maker']);
    assert.deepEqual(hitIds(wire, 'vaccine -WHO'), ['maker'], 'any case: the index folds it');
    assert.deepEqual(hitIds(wire, 'vaccine -the'), ['asked'], 'even the commonest word, when asked');
    assert.deepEqual(
      hitIds(wire, 'vaccine -title:the').sort(),
      ['agency', 'asked', 'maker'],
      'no title has the',
    );
  });

  it('does not stretch short words to near spellings', () => {
    assert.deepEqual(hitIds(engine, 'Xo'), []);
  });

  it('marks stemmed variants in snippets', () => {
    const result = engine.search('negotiate');
    assert.ok(
      result.hits.some((hit) => markedWords(hit.snippet).some((word) => /^negotiat(ions|ors)$/.test(word))),
    );
  });

  it('finds Trump’s with a straight or a smart apostrophe alike', () => {
    assert.deepEqual(hitIds(engine, "Trump's"), hitIds(engine, 'Trump’s'));
  });

  it('finds hyphenated words typed with or without hyphens as phrases', () => {
    assert.deepEqual(hitIds(engine, 'Mar-a-Lago'), [SEED_IDS.washingtonPost]);
    assert.deepEqual(hitIds(engine, '"mar a lago"'), [SEED_IDS.washingtonPost]);
    assert.deepEqual(hitIds(engine, '50-50'), [SEED_IDS.breitbart]);
    assert.deepEqual(
      hitIds(engine, 'mid-level'),
      [SEED_IDS.breitbart],
      'matches "Midlevel" written as one word',
    );
  });

  it('pages through results without overlap', () => {
    const first = engine.search('trade', { limit: 2, offset: 0 });
    const second = engine.search('trade', { limit: 2, offset: 2 });
    assert.equal(first.total, second.total);
    assert.equal(first.hits.length, 2);
    assert.equal(new Set([...first.hits, ...second.hits].map((hit) => hit.id)).size, 4);
  });

  it('returns metadata with each hit and HTML whose only markup is <mark>', () => {
    const [hit] = engine.search('"note of hopefulness"').hits;
    assert.equal(hit?.source, 'The Wall Street Journal');
    assert.deepEqual(hit?.authors, ['Vivian Salama', 'Rebecca Ballhaus', 'Josh Zumbrun']);
    assert.equal(hit?.date, '2019-07-23');
    for (const result of [engine.search('trade'), engine.search('"50-50 deal"')]) {
      for (const h of result.hits)
        assert.deepEqual([...new Set(markedHtml(h.snippet).match(/<\/?[a-zA-Z][^>]*>/g))].sort(), [
          '</mark>',
          '<mark>',
        ]);
    }
  });

  it('answers malformed queries with an interpretation or a QueryError, never anything else', () => {
    const queries = [
      '"unbalanced',
      '-',
      '-"',
      'OR',
      'OR OR trade OR',
      'the of and',
      '.*+?^$ {}()|[]\\',
      '\u0000\u0001trade',
      'x'.repeat(10_000),
      '"""',
      'title:',
      '-title:trade',
      '*',
      'trade*'.repeat(100),
    ];
    for (const query of queries) {
      try {
        const result = engine.search(query);
        assert.ok(Array.isArray(result.hits), query);
      } catch (error) {
        assert.ok(error instanceof QueryError, `${query.slice(0, 20)}: ${String(error)}`);
        assert.ok(error.message.length > 10);
      }
    }
  });
});

describe('quoted phrases and the words they hold', () => {
  const engine = engineOver({
    exact: 'Its estimate of growth was raised in March.',
    inflected: 'It estimates that growth will slow this year.',
    apart: 'The estimate was for its growth, not its size.',
  });

  it('matches the words as written: "its estimate" is not "it estimates"', () => {
    assert.deepEqual(hitIds(engine, '"its estimate"'), ['exact']);
    assert.deepEqual(hitIds(engine, '"it estimates"'), ['inflected']);
    assert.deepEqual(markedWords(engine.search('"its estimate"').hits[0]?.snippet), ['Its estimate']);
  });

  it('still finds every form of an unquoted word', () => {
    assert.deepEqual(hitIds(engine, 'estimates').sort(), ['apart', 'exact', 'inflected']);
  });

  it('does not take "used" for U.S.', () => {
    const companies = engineOver({
      us: 'U.S. companies raised their prices.',
      used: 'Used companies are sold at auction.',
    });
    const result = companies.search('U.S. companies');
    assert.equal(result.allWords, 1);
    assert.equal(result.hits[0]?.id, 'us');
  });
});

describe('ranking', () => {
  it('ranks the adjacent phrase above the same words scattered (where bare MiniSearch does not)', () => {
    const articles = {
      scattered: 'The deadline in March, 1 more week of talks, and the deadline again, deadline, March.',
      adjacent: 'Negotiators hope to meet the March 1 deadline in the talks this week, officials said today.',
    };
    const bare = new MiniSearch({ fields: ['text'] });
    bare.addAll(Object.entries(articles).map(([id, text]) => ({ id, text })));
    assert.deepEqual(
      bare.search('March 1 deadline').map((hit) => hit.id),
      ['scattered', 'adjacent'],
      'bare MiniSearch prefers the scattered words',
    );
    const engine = engineOver(articles);
    assert.deepEqual(hitIds(engine, 'March 1 deadline'), ['adjacent', 'scattered']);
    assert.deepEqual(hitIds(engine, 'deadline March 1'), ['scattered', 'adjacent']);
  });

  it('lifts an article with the words side by side from far down the list onto a page of one', () => {
    // Twelve articles repeat both words apart and outscore the one that has them together before
    // proximity; ranking stops reading token streams early only when no later article could overtake.
    const scattered =
      'Trade officials met early. The talks went on. Trade, more trade, and long talks again.';
    const engine = engineOver({
      ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`scattered${i}`, scattered])),
      together: 'The trade talks resumed on Monday after a long pause in Geneva, officials said.',
    });
    const bare = engine.search('trade talks', { limit: 13, explain: true });
    const together = bare.hits.find((hit) => hit.id === 'together');
    assert.ok(together !== undefined);
    const proximityOf = (hit: (typeof bare.hits)[number]) =>
      hit.explanation?.parts.find((part) => part.kind === 'proximity')?.value ?? 0;
    assert.ok(proximityOf(together) > 0);
    assert.deepEqual(
      bare.hits.filter((hit) => proximityOf(hit) > 0).map((hit) => hit.id),
      ['together'],
    );
    // Before proximity, it ranks last.
    const before = (hit: (typeof bare.hits)[number]) => hit.score - proximityOf(hit);
    assert.ok(bare.hits.every((hit) => hit === together || before(hit) > before(together)));
    const page = engine.search('trade talks', { limit: 1 });
    assert.deepEqual(
      page.hits.map((hit) => [hit.id, hit.score]),
      [['together', together.score]],
    );
    assert.deepEqual(
      engine.search('trade talks', { limit: 5 }).hits.map((hit) => [hit.id, hit.score]),
      bare.hits.slice(0, 5).map((hit) => [hit.id, hit.score]),
    );
  });

  it('scores a title written from the lead without normalizing it by its length, a headline with', () => {
    // A text with no headline gets its first words as a title; where the cut falls says nothing of how
    // wordy the article is, so two such titles with the word once score it alike, as headlines do not.
    const filler = 'Officials said the report was published on Monday after a long review.';
    const long = 'Plasma waves in the upper ionosphere measured by rockets';
    const engine = engineOver({
      derivedShort: { title: 'Plasma waves', body: `Plasma waves. ${filler}` },
      derivedLong: { title: long, body: `${long}. ${filler}` },
      headlineShort: { title: 'Plasma waves', body: `Readings. ${filler}` },
      headlineLong: { title: long, body: `Readings. ${filler}` },
    });
    const titleScore = new Map(
      engine
        .search('plasma', { explain: true })
        .hits.map((hit) => [
          hit.id,
          hit.explanation?.parts.find((part) => part.kind === 'term' && part.field === 'title')?.value,
        ]),
    );
    assert.equal(titleScore.size, 4);
    assert.equal(titleScore.get('derivedShort'), titleScore.get('derivedLong'));
    assert.ok((titleScore.get('headlineShort') ?? 0) > (titleScore.get('headlineLong') ?? 0));
  });

  it('counts the words of a long query past the clause budget toward the score', () => {
    // 33 words: the 32 rarest decide the matches, and `market`, in nearly every article, is past the
    // budget. Before, it was dropped, and `withMarket` and `without` tied.
    const rare = Array.from({ length: 32 }, (_, i) => `kw${i}x`);
    const engine = engineOver({
      without: 'kw0x orange orange orange plain text here.',
      withMarket: 'kw0x market market market plain text here.',
      ...Object.fromEntries(rare.slice(1).map((word, i) => [`filler${i}`, `${word} market report.`])),
    });
    const result = engine.search([...rare, 'market'].join(' '), { limit: 40, explain: true });
    assert.ok(
      result.notices.some((notice) => /the 32 most telling decide which articles match/.test(notice)),
    );
    const ids = result.hits.map((hit) => hit.id);
    assert.ok(ids.indexOf('withMarket') < ids.indexOf('without'));
    const withMarket = result.hits.find((hit) => hit.id === 'withMarket');
    const parts = withMarket?.explanation?.parts ?? [];
    assert.ok(parts.some((part) => part.kind === 'term' && part.clause === 'market'));
    const sum = parts.reduce((total, part) => total + part.value, 0);
    assert.ok(Math.abs(sum - (withMarket?.score ?? 0)) < 0.002);
  });

  it('ranks a title match above a body match of the same word', () => {
    const engine = engineOver({
      inBody: {
        title: 'Telecoms news',
        body: 'A long report that mentions Huawei once among many other words.',
      },
      inTitle: {
        title: 'Huawei news',
        body: 'A long report that mentions the company once among many other words.',
      },
    });
    assert.deepEqual(hitIds(engine, 'Huawei'), ['inTitle', 'inBody']);
  });

  it('when no article has every word, ranks the rare word above more of the common ones', () => {
    // `trial` and `dose` are in 4 of 10 articles, `ivermectin` in one: together the two common words
    // score a little more than the rare one, but they carry less of what the query asks. Counting
    // matched words (score × 2 against × 1) put `common` first.
    const filler = 'Officials said the report was published on Monday after a long review.';
    const engine = engineOver({
      rare: `Ivermectin was given. ${filler}`,
      // Not side by side as typed, so that proximity plays no part.
      common: `Dose and trial. ${filler}`,
      ...Object.fromEntries(['a', 'b', 'c'].map((id) => [id, `Dose noted in trial. ${filler}`])),
      ...Object.fromEntries(['d', 'e', 'f', 'g', 'h'].map((id) => [id, `Nothing else here. ${filler}`])),
    });
    const result = engine.search('ivermectin trial dose');
    assert.equal(result.fallback, true);
    assert.equal(result.hits[0]?.id, 'rare');
    assert.ok(hitIds(engine, 'ivermectin trial dose').indexOf('common') > 0);
  });
});
