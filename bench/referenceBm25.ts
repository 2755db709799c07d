/**
 * A reference Okapi BM25, the yardstick `npm run eval -- --engine bm25` measures Lede against. Not
 * product code: it is written to be read and checked by hand, in the textbook form IR papers and
 * Anserini's "flat" BEIR baselines use, so a difference from Lede is Lede's doing, not the yardstick's.
 *
 * Analysis: lowercase, split on anything that is not a Unicode letter or digit, drop the 33 stop words
 * of Lucene's `EnglishAnalyzer.ENGLISH_STOP_WORDS_SET` (checked before stemming, as Lucene does), then
 * the Porter stemmer (the `stemmer` package: Martin Porter's 1980 algorithm as published at
 * tartarus.org, not Porter2/Snowball). Title and text are one bag of words.
 *
 * Scoring: every document containing any query term gets
 * Σ over query terms t (a term typed twice counts twice) of
 * idf(t) · tf · (k1 + 1) / (tf + k1 · (1 − b + b · dl / avgdl)),
 * with idf(t) = ln(1 + (N − n + 0.5) / (n + 0.5)), dl the document's length in terms after stop words
 * are dropped and avgdl its mean over the collection.
 */
import { stemmer } from 'stemmer';

/** Lucene's `EnglishAnalyzer.ENGLISH_STOP_WORDS_SET` (33 words). */
export const LUCENE_ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'but',
  'by',
  'for',
  'if',
  'in',
  'into',
  'is',
  'it',
  'no',
  'not',
  'of',
  'on',
  'or',
  'such',
  'that',
  'the',
  'their',
  'then',
  'there',
  'these',
  'they',
  'this',
  'to',
  'was',
  'will',
  'with',
]);

/** BM25's two parameters. */
export interface Bm25Parameters {
  /** Term-frequency saturation. */
  k1: number;
  /** Document-length normalization, 0 (none) to 1 (full). */
  b: number;
}

/** Robertson's and Lucene's usual defaults. */
export const defaultBm25Parameters: Bm25Parameters = { k1: 1.2, b: 0.75 };

/** A document as the reference indexes it. */
export interface Bm25Document {
  id: string;
  title: string;
  text: string;
}

/** One scored document. */
export interface Bm25Hit {
  id: string;
  score: number;
}

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/u;

/**
 * The terms of a text: lowercased, split on non-alphanumerics, Lucene's stop words dropped, Porter-stemmed.
 *
 * @example bm25Terms("The cells' growth rates") // ['cell', 'growth', 'rate']
 */
export function bm25Terms(text: string): string[] {
  const terms: string[] = [];
  for (const word of text.toLowerCase().split(NOT_LETTER_OR_DIGIT)) {
    if (word === '' || LUCENE_ENGLISH_STOP_WORDS.has(word)) continue;
    terms.push(stemmer(word));
  }
  return terms;
}

/** The natural-log BM25 IDF of a term found in `n` of `N` documents (always positive). */
export function bm25Idf(N: number, n: number): number {
  return Math.log(1 + (N - n + 0.5) / (n + 0.5));
}

/** An in-memory inverted index over title + text, scored with exact (unquantized) BM25. */
export class ReferenceBm25 {
  readonly parameters: Bm25Parameters;
  private readonly ids: string[] = [];
  private readonly lengths: number[] = [];
  /** Term → parallel lists of document numbers and term frequencies. */
  private readonly postings = new Map<string, { docs: number[]; tfs: number[] }>();
  private readonly averageLength: number;

  constructor(documents: Iterable<Bm25Document>, parameters: Bm25Parameters = defaultBm25Parameters) {
    this.parameters = parameters;
    let totalLength = 0;
    for (const document of documents) {
      const doc = this.ids.length;
      const terms = bm25Terms(`${document.title} ${document.text}`);
      this.ids.push(document.id);
      this.lengths.push(terms.length);
      totalLength += terms.length;
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, tf] of counts) {
        let list = this.postings.get(term);
        if (list === undefined) {
          list = { docs: [], tfs: [] };
          this.postings.set(term, list);
        }
        list.docs.push(doc);
        list.tfs.push(tf);
      }
    }
    this.averageLength = this.ids.length === 0 ? 0 : totalLength / this.ids.length;
  }

  /** Number of documents indexed. */
  get documentCount(): number {
    return this.ids.length;
  }

  /**
   * Every document containing a query term, best first; ties by id so the order is reproducible. The
   * caller cuts the list to the depth it needs.
   */
  search(query: string): Bm25Hit[] {
    const { k1, b } = this.parameters;
    const queryCounts = new Map<string, number>();
    for (const term of bm25Terms(query)) queryCounts.set(term, (queryCounts.get(term) ?? 0) + 1);
    const scores = new Map<number, number>();
    for (const [term, qtf] of queryCounts) {
      const list = this.postings.get(term);
      if (list === undefined) continue;
      const idf = bm25Idf(this.ids.length, list.docs.length);
      list.docs.forEach((doc, i) => {
        const tf = list.tfs[i] ?? 0;
        const norm = 1 - b + (b * (this.lengths[doc] ?? 0)) / this.averageLength;
        const weight = (qtf * idf * tf * (k1 + 1)) / (tf + k1 * norm);
        scores.set(doc, (scores.get(doc) ?? 0) + weight);
      });
    }
    return [...scores]
      .map(([doc, score]) => ({ id: this.ids[doc] ?? '', score }))
      .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  }
}
