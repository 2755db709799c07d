/**
 * The inverted index as the artifact stores it and the engine scores it: postings in flat typed arrays,
 * term by term and field by field (built from MiniSearch's index: see build/miniSearchAdapter.ts).
 * Loading them is a matter of pointing at bytes, where `MiniSearch.loadJSON` rebuilds millions of Map
 * entries; scoring them is a tight loop without per-document objects.
 */

import type { IndexArray } from './indexArrays.ts';

/** One field's postings of every term, stored term by term, documents ascending. */
export interface Postings {
  /** Number of searchable fields (`F`). */
  fieldCount: number;
  documentCount: number;
  /** Average length of each field over all documents, in ranked terms. */
  averageFieldLength: Float64Array;
  /** Length of field `f` of document `d` at `d * F + f`. */
  fieldLength: IndexArray;
  /** Where the postings of term `t` in field `f` start in `docs`/`freqs`: entry `t * F + f`; one extra end entry. */
  offsets: Uint32Array;
  /** Document indexes, ascending within each (term, field). */
  docs: IndexArray;
  /** Term frequency for the matching entry of `docs`. */
  freqs: IndexArray;
}
