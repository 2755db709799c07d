/**
 * BM25 of index terms over one snapshot's postings: which documents have a term in which fields, and
 * what each scores there. Document frequencies over whole documents are counted on first use and
 * remembered (the vocabulary of a snapshot never changes).
 */
import type { IndexSnapshot } from '../artifact/snapshot.ts';
import { FIELD_INDEX, SEARCH_FIELDS } from '../fields.ts';
import { bm25, bm25Idf, bm25WithIdf } from './bm25.ts';
import type { EngineOptions } from './engineOptions.ts';
import type { Lexicon } from './lexicon.ts';

/** An index term with the weight its matches are scored at (1 for a word as typed). */
export interface TermWeight {
  termId: number;
  weight: number;
}

export class TermScorer {
  private readonly fieldBoosts: Float64Array;
  /** Documents containing each term in any field, by term id; -1 until first needed. */
  private readonly documentFrequencies: Int32Array;
  /** 1 for each document whose title was written from its lead (see {@link derivedTitles}); null until needed. */
  private derived: Uint8Array | null = null;

  constructor(
    private readonly snapshot: IndexSnapshot,
    private readonly options: Pick<EngineOptions, 'bm25' | 'fieldBoosts'>,
    /** Term → id, from the lexicon: one such map per loaded index. */
    private readonly vocabulary: Pick<Lexicon, 'termId'>,
  ) {
    this.fieldBoosts = Float64Array.from(SEARCH_FIELDS, (field) => options.fieldBoosts[field]);
    this.documentFrequencies = new Int32Array(snapshot.terms.length).fill(-1);
  }

  /** The id of an index term, or undefined when no article has it. */
  termId(term: string): number | undefined {
    return this.vocabulary.termId(term);
  }

  /** Terms with weights as term ids with weights, terms the index lacks left out. */
  termWeights(alternatives: ReadonlyMap<string, number>): TermWeight[] {
    const weights: TermWeight[] = [];
    for (const [term, weight] of alternatives) {
      const termId = this.vocabulary.termId(term);
      if (termId !== undefined) weights.push({ termId, weight });
    }
    return weights;
  }

  /** The largest IDF among the terms: how informative a clause with these terms is (0 for none). */
  largestIdf(termWeights: readonly { termId: number }[]): number {
    let idf = 0;
    for (const { termId } of termWeights) idf = Math.max(idf, this.inverseDocumentFrequency(termId));
    return idf;
  }

  /** BM25's IDF of a term over whole documents (see {@link documentFrequency}). */
  inverseDocumentFrequency(termId: number): number {
    const documentCount = this.snapshot.postings.documentCount;
    const matching = this.documentFrequency(termId);
    return Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
  }

  /**
   * Number of documents with the term in any field, counted on first use from the postings (a merge
   * of the fields' sorted document lists) and remembered.
   */
  documentFrequency(termId: number): number {
    const known = this.documentFrequencies[termId] ?? -1;
    if (known >= 0) return known;
    const { postings } = this.snapshot;
    const count = countDocuments(postings.offsets, postings.docs, termId, postings.fieldCount);
    this.documentFrequencies[termId] = count;
    return count;
  }

  /**
   * Which documents have a title written from their lead rather than a headline (cleaning's
   * `deriveTitle`, for text with no headline: MED's and NPL's abstracts, a page without one): those
   * whose title's words are the first words of the body. Worked out on first use from the token
   * streams and remembered.
   *
   * BM25 normalizes a field by its length because a longer field is wordier. A derived title's length
   * says nothing of the kind: it is the first sentence cut to at most 99 characters at a clause or
   * word boundary (`title.ts`), so mostly the cut's length, and the whole text when that is shorter.
   * So a derived title counts as of average length (no length normalization, whatever `b`): its
   * words score by their frequency alone, and a very short article no longer gains twice over (once
   * for its short title, once for its short body) for what is one short text. Headlines are
   * normalized as before.
   */
  derivedTitles(): Uint8Array {
    if (this.derived !== null) return this.derived;
    const { streams, streamOffsets, postings } = this.snapshot;
    const fieldCount = SEARCH_FIELDS.length;
    const derived = new Uint8Array(postings.documentCount);
    for (let doc = 0; doc < derived.length; doc += 1) {
      const title = streamOffsets[doc * fieldCount + FIELD_INDEX.title] ?? 0;
      const titleEnd = streamOffsets[doc * fieldCount + FIELD_INDEX.title + 1] ?? title;
      const body = streamOffsets[doc * fieldCount + FIELD_INDEX.body] ?? 0;
      const bodyEnd = streamOffsets[doc * fieldCount + FIELD_INDEX.body + 1] ?? body;
      const words = titleEnd - title;
      if (words === 0 || words > bodyEnd - body) continue;
      let k = 0;
      while (k < words && streams[title + k] === streams[body + k]) k += 1;
      if (k === words) derived[doc] = 1;
    }
    this.derived = derived;
    return derived;
  }

  /**
   * The length BM25 normalizes a field of a document by: a derived title's counts as average.
   * `derived` is {@link derivedTitles} for the title field and null for the others, looked up by the
   * caller once per field rather than per posting (checking the field here instead measured 0–7%
   * slower over the benchmark's distinct queries).
   */
  private normalizedLength(doc: number, field: number, derived: Uint8Array | null): number {
    const { postings } = this.snapshot;
    if (derived !== null && derived[doc] === 1) return postings.averageFieldLength[field] ?? 1;
    return postings.fieldLength[doc * postings.fieldCount + field] ?? 0;
  }

  /**
   * Calls `visit` with each document containing the term in `fields` and its BM25+ score there. Each
   * field is scored on its own (its own length normalization and boost), but with the term's IDF over
   * whole documents, as BM25F does: a word common in bodies but rare in headlines is no more telling
   * in a headline, and per-field IDF gave such headline matches too much weight (SciFact nDCG@10 rose
   * with document IDF, see BENCHMARKS.md).
   */
  scoreTerm(
    termId: number,
    weight: number,
    fields: readonly number[],
    visit: (doc: number, score: number) => void,
  ): void {
    const { postings } = this.snapshot;
    const parameters = this.options.bm25;
    const fieldCount = postings.fieldCount;
    const idf = bm25Idf(this.documentFrequency(termId), postings.documentCount);
    for (const field of fields) {
      const key = termId * fieldCount + field;
      const start = postings.offsets[key] ?? 0;
      const end = postings.offsets[key + 1] ?? start;
      const average = postings.averageFieldLength[field] ?? 1;
      const boost = weight * (this.fieldBoosts[field] ?? 1);
      const derived = field === FIELD_INDEX.title ? this.derivedTitles() : null;
      for (let p = start; p < end; p += 1) {
        const doc = postings.docs[p] ?? 0;
        const length = this.normalizedLength(doc, field, derived);
        const frequency = postings.freqs[p] ?? 0;
        visit(doc, boost * bm25WithIdf(idf, frequency, length, average, parameters));
      }
    }
  }

  /**
   * The BM25 a term scores in one field of one document, as {@link scoreTerm} adds it, or null when the
   * field lacks the term (found by binary search in the term's postings for that field).
   */
  termScoreIn(doc: number, termId: number, weight: number, field: number): number | null {
    const { postings } = this.snapshot;
    const key = termId * postings.fieldCount + field;
    let low = postings.offsets[key] ?? 0;
    let high = (postings.offsets[key + 1] ?? low) - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = postings.docs[middle] ?? 0;
      if (found < doc) low = middle + 1;
      else if (found > doc) high = middle - 1;
      else {
        const derived = field === FIELD_INDEX.title ? this.derivedTitles() : null;
        const length = this.normalizedLength(doc, field, derived);
        const average = postings.averageFieldLength[field] ?? 1;
        const boost = weight * (this.fieldBoosts[field] ?? 1);
        const frequency = postings.freqs[middle] ?? 0;
        const matching = this.documentFrequency(termId);
        return boost * bm25(frequency, matching, postings.documentCount, length, average, this.options.bm25);
      }
    }
    return null;
  }

  /** Documents with the term in any of `fields` (unscored), each field's postings in turn. */
  forEachDocument(termId: number, fields: readonly number[], visit: (doc: number) => void): void {
    const { postings } = this.snapshot;
    for (const field of fields) {
      const key = termId * postings.fieldCount + field;
      for (let p = postings.offsets[key] ?? 0; p < (postings.offsets[key + 1] ?? 0); p += 1) {
        visit(postings.docs[p] ?? 0);
      }
    }
  }
}

/**
 * How many documents have the term in any field: a merge of the fields' ascending document lists.
 * A function of its own over the arrays, not a method reading them from the snapshot: as a method,
 * V8 optimized it on a common term's long lists and then threw the code away at the next term not
 * yet counted, over and over: 436 of the 482 times optimized code was thrown away in a first pass over
 * the benchmark's 3,002 queries (42 in all now, with `--trace-deopt`).
 */
function countDocuments(
  offsets: ArrayLike<number>,
  docs: ArrayLike<number>,
  termId: number,
  fieldCount: number,
): number {
  const cursors: number[] = [];
  const ends: number[] = [];
  for (let field = 0; field < fieldCount; field += 1) {
    cursors.push(offsets[termId * fieldCount + field] ?? 0);
    ends.push(offsets[termId * fieldCount + field + 1] ?? 0);
  }
  let count = 0;
  for (;;) {
    // The smallest document not yet counted, across the fields' ascending lists.
    let next = Number.POSITIVE_INFINITY;
    for (let f = 0; f < fieldCount; f += 1) {
      if ((cursors[f] ?? 0) < (ends[f] ?? 0)) next = Math.min(next, docs[cursors[f] ?? 0] ?? 0);
    }
    if (next === Number.POSITIVE_INFINITY) break;
    count += 1;
    for (let f = 0; f < fieldCount; f += 1) {
      if ((cursors[f] ?? 0) < (ends[f] ?? 0) && docs[cursors[f] ?? 0] === next) {
        cursors[f] = (cursors[f] ?? 0) + 1;
      }
    }
  }
  return count;
}
