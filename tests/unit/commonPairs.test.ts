import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  commonPairsOf,
  decodeCommonPairs,
  encodeCommonPairs,
  NO_COMMON_PAIRS,
} from '../../index/artifact/commonPairs.ts';
import type { IndexSnapshot } from '../../index/artifact/snapshot.ts';
import {
  decodeWordDocs,
  encodeWordDocs,
  NO_WORD_DOCS,
  wordDocsOf,
  wordDocuments,
} from '../../index/artifact/wordDocs.ts';
import { SEARCH_FIELDS } from '../../index/fields.ts';
import { SearchEngine } from '../../index/search/engine.ts';
import { PhraseCandidateLookup } from '../../index/search/phraseCandidates.ts';
import { SEED_IDS, seedEngineSnapshot } from '../helpers.ts';

/** Streams of two fields per article, given as word ids. */
function source(articles: number[][][], wordCount: number) {
  const fieldCount = 2;
  const offsets = [0];
  const streams: number[] = [];
  const docFreq = new Uint32Array(wordCount);
  for (const fields of articles) {
    for (const field of fields) {
      streams.push(...field);
      offsets.push(streams.length);
    }
    for (const word of new Set(fields.flat())) docFreq[word] = (docFreq[word] ?? 0) + 1;
  }
  return {
    fieldCount,
    streamOffsets: Uint32Array.from(offsets),
    streams: Uint32Array.from(streams),
    wordDocFreq: docFreq,
  };
}

const EVERY_WORD = { minShare: 0, minDocs: 1, maxWords: 1024 };

describe('pairs of common words', () => {
  it('list each article once per pair, never joining the end of one field to the next', () => {
    // Words 0 and 1 are in every article; 2 only in the first.
    const pairs = commonPairsOf(
      source(
        [
          [
            [0, 1, 0, 1],
            [1, 2],
          ],
          [[1], [0, 0]],
          [[0], [1, 0]],
        ],
        3,
      ),
      { minShare: 0, minDocs: 2, maxWords: 1024 },
    );
    const lookup = new PhraseCandidateLookup(pairs, 3);
    assert.deepEqual([...pairs.words], [0, 1]);
    assert.deepEqual([...(lookup.documents(0, 1) ?? [])], [0]);
    assert.deepEqual([...(lookup.documents(1, 0) ?? [])], [0, 2]);
    assert.deepEqual([...(lookup.documents(0, 0) ?? [])], [1]);
    assert.deepEqual([...(lookup.documents(1, 1) ?? [])], [], 'both common, never adjacent');
    assert.equal(lookup.documents(1, 2), null, 'word 2 is not common: nothing is known');
  });

  it('keep only the most widespread words when asked for fewer', () => {
    const pairs = commonPairsOf(
      source(
        [[[0, 1, 2]], [[0, 1]], [[0]]].map((f) => [...f, []]),
        3,
      ),
      {
        ...EVERY_WORD,
        maxWords: 2,
      },
    );
    assert.deepEqual([...pairs.words], [0, 1]);
  });

  it('list every stop word, whatever its stem, as a lone stop word has no postings to start from', () => {
    // Word 2 (a stop word) is in two of three articles with a stem of its own, far below the floor.
    const articles = [
      [[0, 2], [1]],
      [[1], [2, 2]],
      [[0], [1]],
    ];
    const base = { ...source(articles, 3), wordTerm: Uint32Array.from([0, 1, 2]) };
    const options = { minStemDocs: 400, minStemShare: 2 };
    assert.deepEqual(wordDocsOf(base, options), NO_WORD_DOCS);
    const lists = wordDocsOf({ ...base, stopWordIds: [2] }, options);
    assert.deepEqual([...lists.words], [2]);
    assert.deepEqual([...lists.docs], [0, 1], 'each article once');
  });

  it('come back from their encoding as they went in', () => {
    const pairs = commonPairsOf(
      source(
        [
          [[0, 1, 2, 0], [2]],
          [[2, 0], []],
        ],
        3,
      ),
      EVERY_WORD,
    );
    const decoded = decodeCommonPairs(encodeCommonPairs(pairs));
    assert.deepEqual(decoded, pairs);
    assert.deepEqual(decodeCommonPairs(encodeCommonPairs(NO_COMMON_PAIRS)), NO_COMMON_PAIRS);
    assert.throws(() => decodeCommonPairs(encodeCommonPairs(pairs).subarray(1)));
  });
});

describe('lists of words whose stem is far more widespread', () => {
  it('list the articles of each such word once, and of no other word', () => {
    // Words 0, 1 and 2 share a stem (0), in every article; word 1 is in one of them, word 2 in two,
    // word 0 in all four; word 3 has a stem (1) of its own.
    const articles = [
      [[0, 1, 1], [3]],
      [[2], [0, 2]],
      [[0], [2, 3]],
      [[0, 3], []],
    ];
    const lists = wordDocsOf(
      { ...source(articles, 4), wordTerm: Uint32Array.from([0, 0, 0, 1]) },
      { minStemDocs: 3, minStemShare: 2 },
    );
    assert.deepEqual([...lists.words], [1, 2], 'each in at most half its stem’s articles');
    assert.deepEqual([...lists.offsets], [0, 1, 3]);
    assert.deepEqual([...lists.docs], [0, 1, 2]);
    const fewer = wordDocsOf(
      { ...source(articles, 4), wordTerm: Uint32Array.from([0, 0, 0, 1]) },
      { minStemDocs: 5, minStemShare: 2 },
    );
    assert.deepEqual(fewer, NO_WORD_DOCS, 'a stem in too few articles needs no list');
  });

  it('come back from their encoding as they went in', () => {
    const lists = wordDocsOf(
      {
        ...source(
          [
            [[0, 1], [2]],
            [[0], []],
            [[1, 2], [0]],
          ],
          3,
        ),
        wordTerm: Uint32Array.from([0, 0, 1]),
      },
      { minStemDocs: 1, minStemShare: 1 },
    );
    assert.equal(lists.words.length, 3);
    assert.deepEqual(decodeWordDocs(encodeWordDocs(lists)), lists);
    assert.deepEqual(decodeWordDocs(encodeWordDocs(NO_WORD_DOCS)), NO_WORD_DOCS);
    assert.throws(() => decodeWordDocs(encodeWordDocs(lists).subarray(1)));
  });
});

describe('phrases answered from the stored pairs and word lists', () => {
  let withPairs: SearchEngine;
  let withWordLists: SearchEngine;
  let withoutPairs: SearchEngine;
  before(async () => {
    const snapshot: IndexSnapshot = await seedEngineSnapshot();
    const fieldCount = SEARCH_FIELDS.length;
    // Every word common, so every phrase of the seeds is answered from the pairs; or every word listed.
    const commonPairs = commonPairsOf({ ...snapshot, fieldCount }, EVERY_WORD);
    const wordDocs = wordDocsOf({ ...snapshot, fieldCount }, { minStemDocs: 1, minStemShare: 1 });
    const none = { commonPairs: NO_COMMON_PAIRS, wordDocs: NO_WORD_DOCS };
    const options = { resultCacheEntries: 0 };
    withPairs = new SearchEngine({ ...snapshot, ...none, commonPairs }, options);
    withWordLists = new SearchEngine({ ...snapshot, ...none, wordDocs }, options);
    withoutPairs = new SearchEngine({ ...snapshot, ...none }, options);
  });

  it('find exactly the articles, scores and snippets that reading every token stream finds', () => {
    const queries = [
      '"of the"',
      '"the White House"',
      '"March 1 deadline"',
      '"trade talks"',
      '"talks trade"',
      '"the the"',
      'title:"of the"',
      '"said in a statement"',
      'tariffs -"of the"',
      '"trade war" OR "White House"',
      '"to be or not to be"',
      'Mar-a-Lago',
      'the',
      '"the"',
      'title:the',
      'will -trade',
    ];
    for (const query of queries) {
      for (const offset of [0, 10]) {
        const expected = withoutPairs.search(query, { limit: 10, offset, facets: true });
        for (const engine of [withPairs, withWordLists]) {
          const actual = engine.search(query, { limit: 10, offset, facets: true });
          assert.deepEqual({ ...actual, tookMs: 0 }, { ...expected, tookMs: 0 }, query);
        }
      }
    }
    assert.ok(withoutPairs.search('"of the"').total > 0);
  });

  it('answer a lone stop word from the built index’s list of its articles, read in no token stream', async () => {
    const snapshot = await seedEngineSnapshot();
    const the = snapshot.words.indexOf('the');
    const listed = [...(wordDocuments(snapshot.wordDocs, the) ?? [])];
    const fieldCount = SEARCH_FIELDS.length;
    const holding = Array.from({ length: snapshot.documents.count }, (_, doc) => doc).filter((doc) =>
      snapshot.streams
        .subarray(snapshot.streamOffsets[doc * fieldCount], snapshot.streamOffsets[(doc + 1) * fieldCount])
        .includes(the),
    );
    assert.ok(holding.length > 1);
    assert.deepEqual(listed, holding);
    const lookup = new PhraseCandidateLookup(snapshot.commonPairs, snapshot.words.length, snapshot.wordDocs);
    assert.deepEqual(lookup.candidates([the], true), {
      docs: wordDocuments(snapshot.wordDocs, the),
      settled: true,
    });
    assert.equal(lookup.candidates([the], false)?.settled, false, 'one field: the streams say which');
    assert.equal(withoutPairs.search('the').articles, holding.length);
  });

  it('agree on every run of two to four words of the seeds, and on the same words out of order', () => {
    let state = 20;
    const random = (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state % n;
    };
    const texts = SEED_BODIES.map((id) => withoutPairs.article(id)?.body ?? '');
    let found = 0;
    for (let i = 0; i < 300; i += 1) {
      const words = (texts[random(texts.length)] ?? '').toLowerCase().match(/[a-z]+/g) ?? [];
      const length = 2 + random(3);
      const start = random(Math.max(1, words.length - length));
      let phrase = words.slice(start, start + length);
      if (i % 3 === 0) phrase = phrase.reverse();
      const query = `"${phrase.join(' ')}"`;
      const expected = withoutPairs.search(query, { limit: 100 });
      for (const engine of [withPairs, withWordLists]) {
        const actual = engine.search(query, { limit: 100 });
        assert.deepEqual(
          actual.hits.map((hit) => [hit.id, hit.score]),
          expected.hits.map((hit) => [hit.id, hit.score]),
          query,
        );
        assert.equal(actual.total, expected.total, query);
      }
      found += expected.total;
    }
    assert.ok(found > 100, `${found} matches compared`);
  });
});

const SEED_BODIES = Object.values(SEED_IDS);
