/**
 * Adjacent pairs of common words and the articles that have them, as Lucene's CommonGrams indexes
 * them. A quoted phrase of common words (`"dlrs said"`, `"of the"`) would otherwise be checked against
 * the token streams of every article holding all its words, most of the archive (at 100,000 articles,
 * up to 45 ms a query); with the pairs, a two-word phrase of common words is one lookup, and a longer
 * one is checked only in the articles that have all its pairs. A pair is stored only when both words
 * are common: a phrase with a rarer word is checked in that word's few articles, cheaply, so storing
 * its pairs would cost space for nothing.
 *
 * Pairs are of folded words as written (word ids, stop words included), not of stems, as quoted phrases
 * match words as written; and within one field, never across the end of one and the start of the next.
 */

import type { IndexArray } from './indexArrays.ts';
import { packed } from './keyedLists.ts';

/** Which words count as common, so which pairs are stored; every default in {@link defaultCommonPairOptions}. */
export interface CommonPairOptions {
  /** A word is common in at least this share of the articles… */
  minShare: number;
  /** …and in at least this many articles (a small archive is cheap to check without pairs)… */
  minDocs: number;
  /** …and among this many most widespread words, which bounds the pairs and the memory to count them. */
  maxWords: number;
}

/**
 * 2% and 400 articles: a phrase with a word below that is checked in at most that word's articles (at
 * 100,000 articles, 2,127 of them, well under a millisecond), while the pairs of the 832 words above it
 * take 30 MB there, about as much as a tenth of the token streams. In a smaller archive the 400 holds:
 * reading a word's articles costs about 1.5 µs an article, whatever the archive's size, and on
 * BBC+Reuters (21,268 articles) a floor of 1,000 left phrases of a word in 400 to 1,000 articles to
 * be read in up to 1.5 ms, where 400 made the benchmark's quoted pairs of common words 44% faster for
 * an artifact 4% larger.
 */
export const defaultCommonPairOptions: Readonly<CommonPairOptions> = {
  minShare: 0.02,
  minDocs: 400,
  maxWords: 1024,
};

/** The stored pairs: which words are common, and the articles of each pair of them. */
export interface CommonPairs {
  /** Word ids of the common words, ascending; a word's rank is its position here. */
  words: Uint32Array;
  /** Each stored pair as `rank(first) * words.length + rank(second)`, ascending. */
  keys: Uint32Array;
  /** Where each pair's articles start in `docs`; one extra end entry. */
  offsets: Uint32Array;
  /** Articles with the pair adjacent in some field, ascending within each pair. */
  docs: Uint32Array;
}

/** What the pairs are made from: a snapshot's token streams and word frequencies. */
export interface PairSource {
  /** Number of fields per article in `streamOffsets`. */
  fieldCount: number;
  streamOffsets: Uint32Array;
  streams: IndexArray;
  wordDocFreq: IndexArray;
}

export const NO_COMMON_PAIRS: CommonPairs = {
  words: new Uint32Array(0),
  keys: new Uint32Array(0),
  offsets: new Uint32Array(1),
  docs: new Uint32Array(0),
};

/** The common words of `source` and the articles of each pair of them that stands adjacent somewhere. */
export function commonPairsOf(
  source: PairSource,
  options: CommonPairOptions = defaultCommonPairOptions,
): CommonPairs {
  const { fieldCount, streamOffsets, streams, wordDocFreq } = source;
  const documentCount = Math.max(0, (streamOffsets.length - 1) / fieldCount);
  const threshold = Math.max(options.minDocs, Math.ceil(options.minShare * documentCount), 1);
  const widespread = [...wordDocFreq.keys()]
    .filter((word) => (wordDocFreq[word] ?? 0) >= threshold)
    .sort((a, b) => (wordDocFreq[b] ?? 0) - (wordDocFreq[a] ?? 0) || a - b)
    .slice(0, options.maxWords);
  const words = Uint32Array.from(widespread).sort();
  const count = words.length;
  if (count === 0) return NO_COMMON_PAIRS;
  const rank = new Int32Array(wordDocFreq.length).fill(-1);
  words.forEach((word, r) => {
    rank[word] = r;
  });
  // Two passes over the streams: count each pair's articles, then place them. A dense table of
  // count² cells (at most 1024², 4 MB a table) keeps both passes free of hashing.
  const cells = count * count;
  const seenIn = new Uint32Array(cells);
  const counts = new Uint32Array(cells);
  const visit = (each: (cell: number, doc: number) => void) => {
    seenIn.fill(0);
    for (let doc = 0; doc < documentCount; doc += 1) {
      for (let field = 0; field < fieldCount; field += 1) {
        const end = streamOffsets[doc * fieldCount + field + 1] ?? 0;
        let previous = -1;
        for (let p = streamOffsets[doc * fieldCount + field] ?? end; p < end; p += 1) {
          const current = rank[streams[p] ?? 0] ?? -1;
          if (previous >= 0 && current >= 0) {
            const cell = previous * count + current;
            // Stamped with doc + 1, so 0 means never seen: each pair counts an article once.
            if (seenIn[cell] !== doc + 1) {
              seenIn[cell] = doc + 1;
              each(cell, doc);
            }
          }
          previous = current;
        }
      }
    }
  };
  visit((cell) => {
    counts[cell] = (counts[cell] ?? 0) + 1;
  });
  let pairCount = 0;
  let total = 0;
  for (let cell = 0; cell < cells; cell += 1) {
    if ((counts[cell] ?? 0) > 0) pairCount += 1;
    total += counts[cell] ?? 0;
  }
  const keys = new Uint32Array(pairCount);
  const offsets = new Uint32Array(pairCount + 1);
  // Reused as each cell's next free slot in `docs`.
  const cursors = counts;
  let pair = 0;
  let placed = 0;
  for (let cell = 0; cell < cells; cell += 1) {
    const n = cursors[cell] ?? 0;
    if (n === 0) continue;
    keys[pair] = cell;
    offsets[pair] = placed;
    cursors[cell] = placed;
    placed += n;
    pair += 1;
  }
  offsets[pairCount] = total;
  const docs = new Uint32Array(total);
  visit((cell, doc) => {
    const slot = cursors[cell] ?? 0;
    docs[slot] = doc;
    cursors[cell] = slot + 1;
  });
  return { words, keys, offsets, docs };
}

/**
 * The pairs as one list of numbers, as the artifact stores them: the lengths of `words`, `keys` and
 * `docs`, then the four arrays back to back.
 */
export function encodeCommonPairs(pairs: CommonPairs): Uint32Array {
  const { words, keys, offsets, docs } = pairs;
  return packed([words.length, keys.length, docs.length], [words, keys, offsets, docs]);
}

/** The pairs back from {@link encodeCommonPairs}, as views of `encoded` (no copy). Throws when malformed. */
export function decodeCommonPairs(encoded: Uint32Array): CommonPairs {
  const [wordCount = 0, keyCount = 0, docCount = 0] = encoded;
  if (encoded.length !== 3 + wordCount + keyCount + (keyCount + 1) + docCount) {
    throw new Error('common pairs do not add up');
  }
  let at = 3;
  const take = (length: number) => {
    const part = encoded.subarray(at, at + length);
    at += length;
    return part;
  };
  const words = take(wordCount);
  const keys = take(keyCount);
  const offsets = take(keyCount + 1);
  const docs = take(docCount);
  if ((offsets[keyCount] ?? 0) !== docCount) throw new Error('common pairs do not add up');
  return { words, keys, offsets, docs };
}
