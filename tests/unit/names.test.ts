import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze, analyzeWords } from '../../index/analysis/analyzer.ts';
import { type BodyShingles, findDuplicateGroups } from '../../index/analysis/duplicates.ts';
import { extractNames, NAME_BREAKERS, type NameEntry } from '../../index/analysis/names.ts';
import { decodeNames, encodeNames } from '../../index/artifact/namesCodec.ts';
import { analyzeFile, nameSource } from '../../index/build/analyzeFile.ts';
import { BackgroundWork } from '../../index/build/backgroundWork.ts';
import { shingleAnalyzedBodies } from '../../index/build/shards.ts';
import { IndexError } from '../../index/errors.ts';
import { FIELD_INDEX } from '../../index/fields.ts';
import { DEFAULT_SEEDS_DIR } from '../../index/paths.ts';
import { NameSuggester } from '../../index/search/nameSuggester.ts';
import { readArticleFiles } from '../../index/sources/articleFiles.ts';
import { cleanArticle } from '../../index/sources/cleaning.ts';

/** The seeds as the build sees them: read and cleaned by the project's own functions. */
async function cleanedSeeds(): Promise<{ title: string; body: string }[]> {
  const { files } = await readArticleFiles(DEFAULT_SEEDS_DIR);
  return files.map((file) => cleanArticle(file.text, file.format));
}

/** A document with a body only. */
function doc(body: string, title = ''): { title: string; body: string } {
  return { title, body };
}

function texts(entries: readonly NameEntry[]): string[] {
  return entries.map((entry) => entry.text);
}

function docFreqOf(entries: readonly NameEntry[], text: string): number | undefined {
  return entries.find((entry) => entry.text === text)?.docFreq;
}

describe('extractNames on the seeds', () => {
  let names: NameEntry[] = [];
  before(async () => {
    names = extractNames(await cleanedSeeds());
  });

  it('finds the negotiators that three seed articles name', () => {
    assert.equal(docFreqOf(names, 'Robert Lighthizer'), 3);
    assert.equal(docFreqOf(names, 'Liu He'), 3);
    assert.equal(docFreqOf(names, 'Steven Mnuchin'), 3);
    assert.ok((docFreqOf(names, 'White House') ?? 0) >= 2);
    assert.ok((docFreqOf(names, 'Donald Trump') ?? 0) >= 2);
  });

  it('separates the office from the person (“Chinese Vice Premier Liu He”)', () => {
    assert.ok(texts(names).includes('Treasury Secretary'));
    assert.ok(texts(names).includes('Chinese Vice Premier'));
    for (const text of texts(names))
      assert.doesNotMatch(text, /Secretary Steven|Premier Liu|Representative Robert/);
  });

  it('never glues a sentence’s first word to a name', () => {
    for (const text of texts(names)) {
      const first = analyze(text)[0]?.word ?? '';
      assert.ok(!NAME_BREAKERS.has(first), `${text} starts with a stop word`);
      assert.doesNotMatch(text, /^(But|The|Speaking|Ahead|Analysts) /);
    }
  });

  it('counts “US” and “U.S.” as one name, shown as most often written, with its folded key', () => {
    assert.deepEqual(
      names.find((entry) => entry.text === 'US Trade Representative'),
      { text: 'US Trade Representative', docFreq: 3, key: 'us trade representative' },
    );
    assert.equal(docFreqOf(names, 'U.S. Trade Representative'), undefined);
  });

  it('takes nothing from the Title Case headline of seed 002', () => {
    for (const text of texts(names)) assert.doesNotMatch(text, /Administration|Trade Talks|Agreement/);
  });

  it('returns 2–4 word names, most documents first', () => {
    assert.ok(names.length > 0);
    for (const { text } of names) {
      const words = text.split(' ').length;
      assert.ok(words >= 2 && words <= 4, text);
    }
    const docFreqs = names.map((entry) => entry.docFreq);
    assert.deepEqual(
      docFreqs,
      [...docFreqs].sort((a, b) => b - a),
    );
  });
});

describe('extractNames rules', () => {
  it('drops a sentence’s first word that the collection writes in lowercase elsewhere', () => {
    const names = extractNames([
      doc('Negotiators Liu He and Robert Lighthizer met. The negotiators left.'),
      doc('Negotiators Liu He and Robert Lighthizer talked. Our negotiators stayed.'),
    ]);
    assert.deepEqual(texts(names).sort(), ['Liu He', 'Robert Lighthizer']);
  });

  it('keeps a sentence’s first word when the pair also occurs inside sentences', () => {
    const names = extractNames([
      doc('White House aides left. He drove a white car.'),
      doc('Aides at the White House stayed.'),
    ]);
    assert.equal(docFreqOf(names, 'White House'), 2);
  });

  it('ends a name at punctuation, a line break or a possessive, and reads smart quotes', () => {
    const names = extractNames([
      doc('“Donald Trump’s aides” visited Paris, London and Rome. Beijing\nWashington talks'),
      doc('Aides of Donald Trump’s team visited Paris, London. Beijing\nWashington'),
    ]);
    assert.deepEqual(texts(names), ['Donald Trump']);
  });

  it('keeps accented names as written and hyphenated names whole', () => {
    const names = extractNames([
      doc('The striker José Pérez met Jean-Claude Juncker in Brussels.'),
      doc('Later José Pérez said that Jean-Claude Juncker agreed.'),
    ]);
    assert.deepEqual(texts(names).sort(), ['Jean-Claude Juncker', 'José Pérez']);
  });

  it('takes short acronyms into names but not shouting or photo credits', () => {
    const names = extractNames([
      doc('The NATO Secretary General Jens Stoltenberg spoke. AFP PHOTO / FABRICE COFFRINI'),
      doc('NATO Secretary General Jens Stoltenberg said so. AFP PHOTO / FABRICE COFFRINI'),
    ]);
    assert.deepEqual(texts(names).sort(), ['Jens Stoltenberg', 'NATO Secretary General']);
  });

  it('skips Title Case headlines, which capitalize common words', () => {
    const names = extractNames([
      doc('The trade talks will produce an agreement.', 'Trade Talks Will Produce An Agreement Soon'),
      doc('Trade talks resumed and an agreement came.', 'Trade Talks Will Produce An Agreement Soon'),
    ]);
    assert.deepEqual(names, []);
  });

  it('keeps a list of names written on one line', () => {
    const line = 'Robert Lighthizer, Steven Mnuchin and Liu He';
    const names = extractNames([doc(line), doc(`${line}\n\nHe said they met.`)]);
    assert.deepEqual(texts(names).sort(), ['Liu He', 'Robert Lighthizer', 'Steven Mnuchin']);
  });

  it('allows “of” inside a name, and drops the tail of a name cut by “and”', () => {
    const text =
      'The Bank of England and the Securities and Exchange Commission met at the exchange on exchange rates.';
    const names = extractNames([doc(text), doc(text), doc(text)]);
    assert.deepEqual(texts(names), ['Bank of England']);
  });

  it('drops a company’s legal form cut off by “and” or a possessive, not a person named after them', () => {
    const text =
      'Merrill Lynch and Co Inc advised Moody’s Investors Service Inc and Coldplay’s Chris Martin.';
    const names = extractNames([doc(text), doc(text), doc(text)]);
    assert.deepEqual(texts(names).sort(), ['Chris Martin', 'Merrill Lynch']);
  });

  it('drops honorifics and keeps a lone surname with its title', () => {
    const names = extractNames([
      doc('Mr Blair met Sir Alex Ferguson and President Bush. George W. Bush agreed.'),
      doc('Then Mr Blair and Sir Alex Ferguson saw President Bush and George W. Bush.'),
    ]);
    assert.deepEqual(texts(names).sort(), ['Alex Ferguson', 'George W. Bush', 'President Bush']);
  });

  it('keeps a name one article repeats, per minOccurrences, and caps the list at maxNames', () => {
    const documents = [
      doc('Greta Thunberg spoke. Greta Thunberg left. Greta Thunberg returned. Prince Charles waved.'),
      doc('Steven Mnuchin and Liu He met.'),
      doc('Steven Mnuchin and Liu He talked.'),
    ];
    assert.deepEqual(texts(extractNames(documents)), ['Liu He', 'Steven Mnuchin', 'Greta Thunberg']);
    assert.deepEqual(texts(extractNames(documents, { minOccurrences: 10 })), ['Liu He', 'Steven Mnuchin']);
    assert.deepEqual(texts(extractNames(documents, { minDocFreq: 1 })), [
      'Liu He',
      'Steven Mnuchin',
      'Greta Thunberg',
      'Prince Charles',
    ]);
    assert.deepEqual(texts(extractNames(documents, { maxNames: 1 })), ['Liu He']);
  });

  it('never fails on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ title: fc.string(), body: fc.string() }), { maxLength: 4 }),
        (docs) => {
          extractNames(docs, { minDocFreq: 1, minOccurrences: 1 });
        },
      ),
    );
  });
});

describe('NameSuggester', () => {
  let seeds: NameSuggester;
  before(async () => {
    seeds = new NameSuggester(extractNames(await cleanedSeeds()));
  });

  it('completes a later word of a name (“lighth”) and the start of a name (“Robert Li”)', () => {
    assert.equal(seeds.suggest('lighth', 5)[0]?.text, 'Robert Lighthizer');
    assert.equal(seeds.suggest('Robert Li', 5)[0]?.text, 'Robert Lighthizer');
    assert.equal(seeds.suggest('liu', 5)[0]?.text, 'Liu He');
    assert.ok(texts(seeds.suggest('he', 10)).includes('Liu He'));
  });

  it('folds typed case, accents and smart apostrophes like the analyzer', () => {
    assert.equal(seeds.suggest('ROBERT', 5)[0]?.text, 'Robert Lighthizer');
    assert.equal(seeds.suggest('Lighthizer’s', 5)[0]?.text, 'Robert Lighthizer');
    assert.equal(seeds.suggest('Líu', 5)[0]?.text, 'Liu He');
    const suggester = new NameSuggester([
      { text: 'José Pérez', docFreq: 2 },
      { text: 'Jean-Claude Juncker', docFreq: 2 },
      { text: 'Conan O’Brien', docFreq: 2 },
    ]);
    assert.deepEqual(texts(suggester.suggest('jose p', 5)), ['José Pérez']);
    assert.deepEqual(texts(suggester.suggest('PÉREZ', 5)), ['José Pérez']);
    assert.deepEqual(texts(suggester.suggest('jean-cl', 5)), ['Jean-Claude Juncker']);
    assert.deepEqual(texts(suggester.suggest('claude j', 5)), ['Jean-Claude Juncker']);
    assert.deepEqual(texts(suggester.suggest("o'bri", 5)), ['Conan O’Brien']);
  });

  it('ranks name-start matches first, then by documents, then alphabetically', () => {
    const suggester = new NameSuggester([
      { text: 'Liu He', docFreq: 30 },
      { text: 'Heather Nauert', docFreq: 2 },
      { text: 'Helmut Kohl', docFreq: 5 },
      { text: 'Hans Blix', docFreq: 4 },
      { text: 'Hank Paulson', docFreq: 4 },
      { text: 'Xi Jinping', docFreq: 40 },
    ]);
    assert.deepEqual(texts(suggester.suggest('he', 10)), ['Helmut Kohl', 'Heather Nauert', 'Liu He']);
    assert.deepEqual(texts(suggester.suggest('ha', 10)), ['Hank Paulson', 'Hans Blix']);
  });

  it('treats a typed space as the end of a word', () => {
    const suggester = new NameSuggester([
      { text: 'Robert Lighthizer', docFreq: 3 },
      { text: 'Roberta Metsola', docFreq: 9 },
    ]);
    assert.deepEqual(texts(suggester.suggest('robert', 5)), ['Roberta Metsola', 'Robert Lighthizer']);
    assert.deepEqual(texts(suggester.suggest('robert ', 5)), ['Robert Lighthizer']);
  });

  it('respects the limit and returns nothing for empty, wordless or unknown input', () => {
    assert.equal(seeds.suggest('s', 2).length, 2);
    assert.deepEqual(seeds.suggest('s', 0), []);
    assert.deepEqual(seeds.suggest('', 5), []);
    assert.deepEqual(seeds.suggest('   ', 5), []);
    assert.deepEqual(seeds.suggest('“ — ”', 5), []);
    assert.deepEqual(seeds.suggest('zzyzx', 5), []);
  });

  it('matches against the key stored with an entry, without analyzing its text again', () => {
    const suggester = new NameSuggester([{ text: 'Robert Lighthizer', docFreq: 3, key: 'bob lighthizer' }]);
    assert.deepEqual(suggester.suggest('bob', 5), [{ text: 'Robert Lighthizer', docFreq: 3 }]);
    assert.deepEqual(suggester.suggest('robert', 5), []);
  });

  it('does not complete from a stop word inside a name, and keeps one of two spellings', () => {
    const suggester = new NameSuggester([
      { text: 'Bank of England', docFreq: 5 },
      { text: 'US Trade Representative', docFreq: 3 },
      { text: 'U.S. Trade Representative', docFreq: 1 },
    ]);
    assert.deepEqual(suggester.suggest('of', 5), []);
    assert.deepEqual(texts(suggester.suggest('eng', 5)), ['Bank of England']);
    assert.deepEqual(suggester.suggest('u.s. tr', 5), [{ text: 'US Trade Representative', docFreq: 3 }]);
    assert.equal(suggester.size, 2);
  });

  it('returns what a scan of every name would, in the same order', () => {
    const syllables = ['ba', 'ka', 'lu', 'he', 'ro', 'mi', 'sa', 'to'];
    const word = fc
      .array(fc.constantFrom(...syllables), { minLength: 1, maxLength: 3 })
      .map((parts) => parts.join(''));
    const name = fc.array(word, { minLength: 2, maxLength: 4 }).map((words) => words.join(' '));
    const entries = fc.array(fc.record({ text: name, docFreq: fc.integer({ min: 1, max: 20 }) }), {
      maxLength: 60,
    });
    const prefix = fc.oneof(
      fc.constantFrom(...syllables),
      word,
      name.map((text) => text.slice(0, 6)),
    );
    fc.assert(
      fc.property(entries, prefix, fc.integer({ min: 1, max: 8 }), (list, typed, limit) => {
        assert.deepEqual(new NameSuggester(list).suggest(typed, limit), bruteForce(list, typed, limit));
      }),
    );
  });
});

/** The specification of `suggest`, by scanning every name. */
function bruteForce(entries: readonly NameEntry[], typed: string, limit: number): NameEntry[] {
  const prefix = typed.toLowerCase();
  const best = new Map<string, NameEntry>();
  for (const entry of entries) {
    const known = best.get(entry.text);
    if (known === undefined || entry.docFreq > known.docFreq) best.set(entry.text, entry);
  }
  const byRank = [...best.values()].sort(
    (a, b) => b.docFreq - a.docFreq || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0),
  );
  const starts = byRank.filter((entry) => entry.text.startsWith(prefix));
  const later = byRank.filter((entry) => {
    const words = entry.text.split(' ');
    return (
      !starts.includes(entry) &&
      words.some((w, i) => i > 0 && !NAME_BREAKERS.has(w) && words.slice(i).join(' ').startsWith(prefix))
    );
  });
  return [...starts, ...later].slice(0, limit).map((entry) => ({ text: entry.text, docFreq: entry.docFreq }));
}

describe('encodeNames and decodeNames', () => {
  it('round-trip a name list, keeping or adding each name’s folded key', () => {
    const entries = [
      { text: 'Robert Lighthizer', docFreq: 3, key: 'robert lighthizer' },
      { text: 'José Pérez', docFreq: 1 },
    ];
    assert.deepEqual(decodeNames(encodeNames(entries)), [
      { text: 'Robert Lighthizer', docFreq: 3, key: 'robert lighthizer' },
      { text: 'José Pérez', docFreq: 1, key: 'jose perez' },
    ]);
  });

  it('refuse text that is not a name list', () => {
    const broken = [
      '',
      'not json',
      '{}',
      '[["Liu He", 1]]',
      '[["Liu He", -1, "liu he"]]',
      '[["Liu He", 1, 7]]',
    ];
    for (const text of broken) {
      assert.throws(
        () => decodeNames(text),
        (error: unknown) => error instanceof IndexError && error.code === 'index_corrupt',
        text,
      );
    }
  });
});

describe("a large build's background worker", () => {
  it('gives the same names and near-duplicate groups as the main thread', async () => {
    const { files } = await readArticleFiles(DEFAULT_SEEDS_DIR);
    const analyzed = files.map((file) => analyzeFile(file));
    const background = new BackgroundWork();
    // Each document with its words, as a build on one thread hands them over.
    for (const doc of analyzed) background.addAnalyzed(nameSource(doc));
    const { names, duplicateGroups } = background.finish(shingleAnalyzedBodies(analyzed));
    const expectedGroups = findDuplicateGroups(
      analyzed.map(({ fields }) => fields[FIELD_INDEX.body]?.words ?? []),
    );
    // The seeds hold one story in two versions.
    assert.ok(expectedGroups.some((group) => group !== -1));
    assert.deepEqual(await duplicateGroups, expectedGroups);
    const texts = analyzed.map(({ document }) => document);
    assert.ok((await names).length > 0);
    assert.deepEqual(await names, extractNames(texts));
  });

  it('reads the words it is handed exactly, even a word that folds to several (ﷺ)', async () => {
    // U+FDFA folds (NFKD) to four Arabic words with spaces between them: still one word of the index.
    const texts = [
      { title: 'Talks in Geneva', body: 'ﷺ Robert Lighthizer met Liu He in Geneva. Robert Lighthizer left.' },
      { title: 'Trade', body: 'Liu He and Robert Lighthizer spoke ﷺ again. Liu He smiled.' },
    ];
    const background = new BackgroundWork();
    for (const { title, body } of texts) {
      background.addAnalyzed({ title, body, titleWords: analyzeWords(title), bodyWords: analyzeWords(body) });
    }
    const { names } = background.finish(null);
    const found = await names;
    assert.deepEqual(
      found.map((name) => name.text),
      extractNames(texts).map((name) => name.text),
    );
    assert.ok(found.some((name) => name.text === 'Robert Lighthizer'));
  });

  it('reports a worker that fails, so the build can do the work itself', async () => {
    const background = new BackgroundWork();
    const [title, body] = ['Trade talks', 'Liu He met Robert Lighthizer.'];
    background.addAnalyzed({ title, body, titleWords: analyzeWords(title), bodyWords: analyzeWords(body) });
    // Shingles without their arrays make the worker throw while grouping.
    const { names, duplicateGroups } = background.finish({} as BodyShingles);
    await assert.rejects(duplicateGroups);
    await assert.rejects(names);
  });
});
