import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bm25Idf, bm25Terms, LUCENE_ENGLISH_STOP_WORDS, ReferenceBm25 } from '../../bench/referenceBm25.ts';

function close(actual: number | undefined, expected: number): void {
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) < 1e-9,
    `expected ${expected}, got ${actual}`,
  );
}

/**
 * Three documents whose terms are easy to count by hand:
 * d1 "Cats" + "cats chase mice"        → cat cat chase mice   (length 4)
 * d2 ""     + "The dog chases the cat" → dog chase cat        (length 3: both "the" are stop words)
 * d3 "Birds" + "birds sing"            → bird bird sing       (length 3)
 * N = 3, average length 10 / 3.
 */
const DOCUMENTS = [
  { id: 'd1', title: 'Cats', text: 'cats chase mice' },
  { id: 'd2', title: '', text: 'The dog chases the cat' },
  { id: 'd3', title: 'Birds', text: 'birds sing' },
];

describe('reference BM25 analysis', () => {
  it("lowercases, splits on non-alphanumerics, drops Lucene's stop words and stems with Porter", () => {
    assert.deepEqual(bm25Terms("The cells' growth RATES"), ['cell', 'growth', 'rate']);
    // The stop check comes before stemming, as in Lucene: "has" is not a stop word and stems to "ha".
    assert.deepEqual(bm25Terms('It has T-cells'), ['ha', 't', 'cell']);
    // Porter (1980), not Porter2: Porter2 would give "general" and "hope".
    assert.deepEqual(bm25Terms('generalizations hopefully'), ['gener', 'hopefulli']);
  });

  it("uses Lucene's 33 English stop words", () => {
    assert.equal(LUCENE_ENGLISH_STOP_WORDS.size, 33);
    assert.deepEqual(bm25Terms('to be or not to be'), []);
  });
});

describe('reference BM25 scoring', () => {
  const index = new ReferenceBm25(DOCUMENTS, { k1: 1.2, b: 0.75 });

  it('computes idf as ln(1 + (N − n + 0.5) / (n + 0.5))', () => {
    close(bm25Idf(3, 2), Math.log(1.6));
    close(bm25Idf(3, 1), Math.log(1 + 2.5 / 1.5));
  });

  it('scores a one-word query by hand', () => {
    // "cat": n = 2, idf = ln 1.6.
    // d1: tf 2, dl 4: norm = 0.25 + 0.75 · 4 / (10/3) = 1.15; 2 · 2.2 / (2 + 1.2 · 1.15) = 4.4 / 3.38.
    // d2: tf 1, dl 3: norm = 0.25 + 0.75 · 0.9 = 0.925;        1 · 2.2 / (1 + 1.2 · 0.925) = 2.2 / 2.11.
    const hits = index.search('cat');
    assert.deepEqual(
      hits.map((hit) => hit.id),
      ['d1', 'd2'],
      'only documents with a query term, best first',
    );
    close(hits[0]?.score, (Math.log(1.6) * 4.4) / 3.38);
    close(hits[1]?.score, (Math.log(1.6) * 2.2) / 2.11);
  });

  it('counts a query term typed twice twice, and adds the terms', () => {
    // "cats cat dog" on d2: 2 · ln 1.6 · 2.2 / 2.11 + ln(1 + 2.5/1.5) · 2.2 / 2.11.
    const d2 = index.search('cats cat dog').find((hit) => hit.id === 'd2');
    close(d2?.score, (2 * Math.log(1.6) * 2.2) / 2.11 + (Math.log(1 + 2.5 / 1.5) * 2.2) / 2.11);
  });

  it('ignores document length when b = 0', () => {
    const flat = new ReferenceBm25(DOCUMENTS, { k1: 1.2, b: 0 });
    const [d1, d2] = flat.search('cat');
    close(d1?.score, (Math.log(1.6) * 2 * 2.2) / (2 + 1.2));
    close(d2?.score, Math.log(1.6));
  });

  it('breaks ties by id and returns nothing for stop words or unknown words', () => {
    assert.deepEqual(
      index.search('chase').map((hit) => hit.id),
      ['d2', 'd1'],
      'd2 is shorter, so ranks first',
    );
    const twins = new ReferenceBm25([
      { id: 'b', title: '', text: 'same words' },
      { id: 'a', title: '', text: 'same words' },
    ]);
    assert.deepEqual(
      twins.search('same').map((hit) => hit.id),
      ['a', 'b'],
    );
    assert.deepEqual(index.search('the'), []);
    assert.deepEqual(index.search('zebra'), []);
  });
});
