/**
 * Per-query working memory: typed arrays over all documents, reused by every query of an engine.
 * Searches are synchronous, so one query never sees another's; a common word matching most of the
 * archive costs one pass over its postings, not an object per document.
 */

/**
 * Most positive clauses (words, phrases and their alternatives) a query evaluates: one bit each in a
 * document's 32-bit clause mask.
 */
export const MAX_CLAUSES = 32;

/** Bit of the clause at `index` in a document's clause mask (queries have at most {@link MAX_CLAUSES}). */
export const clauseBit = (index: number) => 2 ** index;

/** How many clause bits a mask has set. */
export function popCount(mask: number): number {
  let count = 0;
  for (let rest = mask >>> 0; rest !== 0; rest >>>= 1) count += rest & 1;
  return count;
}

/** Per-query working memory over all documents, cleared after each query by its touched list. */
export class ScoreBoard {
  readonly scores: Float64Array;
  readonly masks: Uint32Array;
  readonly touched: Uint32Array;
  touchedCount = 0;
  /** Per-document counters for a phrase's terms, with `stamps` saying which term last counted. */
  readonly counts: Uint8Array;
  readonly stamps: Uint32Array;
  stamp = 0;
  /** Per-document marks of a phrase's candidate articles, `mark` being the current phrase's. */
  readonly marks: Uint32Array;
  mark = 0;
  /** The documents that satisfy the query and their final scores, `matchCount` of them. */
  readonly matchDocs: Uint32Array;
  readonly matchScores: Float64Array;
  /** 1 when the match has every word of the query, 0 when only some (see `Explanation.tier`). */
  readonly matchTiers: Uint8Array;
  matchCount = 0;
  /**
   * Per near-duplicate group (by its first document), the slot in `matchDocs` of the match kept for
   * it while duplicates are folded; -1 between queries (see duplicateFolding.ts).
   */
  readonly groupSlots: Int32Array;

  constructor(documentCount: number) {
    this.scores = new Float64Array(documentCount);
    this.masks = new Uint32Array(documentCount);
    this.touched = new Uint32Array(documentCount);
    this.counts = new Uint8Array(documentCount);
    this.stamps = new Uint32Array(documentCount);
    this.marks = new Uint32Array(documentCount);
    this.matchDocs = new Uint32Array(documentCount);
    this.matchScores = new Float64Array(documentCount);
    this.matchTiers = new Uint8Array(documentCount);
    this.groupSlots = new Int32Array(documentCount).fill(-1);
  }

  add(doc: number, score: number, bit: number): void {
    if (this.masks[doc] === 0 && this.scores[doc] === 0) {
      this.touched[this.touchedCount] = doc;
      this.touchedCount += 1;
    }
    this.scores[doc] = (this.scores[doc] ?? 0) + score;
    this.masks[doc] = ((this.masks[doc] ?? 0) | bit) >>> 0;
  }

  /** A fresh stamp for counting; wraps by clearing the stamps. */
  nextStamp(): number {
    if (this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 0;
    }
    this.stamp += 1;
    return this.stamp;
  }

  /** Marks `docs` with a fresh mark, returned; wraps by clearing the marks. */
  markAll(docs: ArrayLike<number>): number {
    if (this.mark === 0xffffffff) {
      this.marks.fill(0);
      this.mark = 0;
    }
    this.mark += 1;
    for (let i = 0; i < docs.length; i += 1) this.marks[docs[i] ?? 0] = this.mark;
    return this.mark;
  }

  clear(): void {
    for (let i = 0; i < this.touchedCount; i += 1) {
      const doc = this.touched[i] ?? 0;
      this.scores[doc] = 0;
      this.masks[doc] = 0;
      this.counts[doc] = 0;
    }
    this.touchedCount = 0;
    this.matchCount = 0;
  }
}
