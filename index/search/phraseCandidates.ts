/**
 * Which articles can hold a quoted phrase, from the stored pairs of common words
 * (artifact/commonPairs.ts) and the lists of words whose stem is far more widespread
 * (artifact/wordDocs.ts), before any token stream is read: a phrase of common words, or of a word of a
 * widespread stem, is otherwise checked in much of the archive.
 */
import type { CommonPairs } from '../artifact/commonPairs.ts';
import { keyedList, sortedIndexOf } from '../artifact/keyedLists.ts';
import { NO_WORD_DOCS, type WordDocs, wordDocuments } from '../artifact/wordDocs.ts';

/** The articles that may hold a phrase. */
export interface PhraseCandidates {
  /** Ascending. Only these can hold the phrase; an empty list means no article does. */
  docs: Uint32Array;
  /**
   * True when every one of them holds it, so nothing is left to check: a two-word phrase searched in
   * every field, as the pairs are, or a listed word alone.
   */
  settled: boolean;
}

/** Looks up pairs of common words, and the lists of words, by word id. */
export class PhraseCandidateLookup {
  /** Rank of each word among the common words, -1 for the others. */
  private readonly rank: Int32Array;

  constructor(
    private readonly pairs: CommonPairs,
    wordCount: number,
    private readonly wordDocs: WordDocs = NO_WORD_DOCS,
  ) {
    this.rank = new Int32Array(wordCount).fill(-1);
    pairs.words.forEach((word, r) => {
      if (word < wordCount) this.rank[word] = r;
    });
  }

  /**
   * The articles with `first` then `second` adjacent in some field, or null when the pair is not
   * stored (one of the words is not common): then nothing is known.
   */
  documents(first: number, second: number): Uint32Array | null {
    const a = this.rank[first] ?? -1;
    const b = this.rank[second] ?? -1;
    if (a < 0 || b < 0) return null;
    const { keys, offsets, docs } = this.pairs;
    // Both words common but never together: no article has the pair.
    return keyedList(keys, offsets, docs, a * this.pairs.words.length + b) ?? docs.subarray(0, 0);
  }

  /**
   * The candidates for a phrase of word ids (-1 for a word the index lacks) searched in `allFields`
   * or fewer: the articles having every stored pair of it and each of its listed words, or null when
   * nothing of it is stored.
   */
  candidates(words: readonly number[], allFields: boolean): PhraseCandidates | null {
    const lists: Uint32Array[] = [];
    let pairsStored = 0;
    for (let i = 0; i + 1 < words.length; i += 1) {
      const docs = this.documents(words[i] ?? -1, words[i + 1] ?? -1);
      if (docs === null) continue;
      lists.push(docs);
      pairsStored += 1;
    }
    for (const word of words) {
      const docs = word < 0 ? null : wordDocuments(this.wordDocs, word);
      if (docs !== null) lists.push(docs);
    }
    if (lists.length === 0) return null;
    lists.sort((a, b) => a.length - b.length);
    let docs = lists[0] ?? new Uint32Array(0);
    for (const other of lists.slice(1)) docs = intersect(docs, other);
    // A stored pair's articles are exactly those with the phrase, when it is the whole phrase; and a
    // listed word's are those with the word, when it is the whole "phrase" (a lone stop word is one).
    const whole = (words.length === 2 && pairsStored === 1) || (words.length === 1 && lists.length === 1);
    return { docs, settled: whole && allFields };
  }
}

/** Whether ascending `docs` holds `doc` (binary search). */
export function holds(docs: Uint32Array, doc: number): boolean {
  return sortedIndexOf(docs, doc) >= 0;
}

/** The documents in both ascending lists; `small` is the shorter, each of its entries looked up in `large`. */
function intersect(small: Uint32Array, large: Uint32Array): Uint32Array {
  const both = new Uint32Array(small.length);
  let count = 0;
  let from = 0;
  for (const doc of small) {
    // Galloping from where the last search ended: both lists ascend.
    let step = 1;
    let high = from;
    while (high < large.length && (large[high] ?? 0) < doc) {
      from = high + 1;
      high += step;
      step *= 2;
    }
    high = Math.min(high, large.length - 1);
    let low = from;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if ((large[middle] ?? 0) < doc) low = middle + 1;
      else high = middle - 1;
    }
    from = low;
    if (from >= large.length) break;
    if (large[from] === doc) {
      both[count] = doc;
      count += 1;
    }
  }
  return both.subarray(0, count);
}
