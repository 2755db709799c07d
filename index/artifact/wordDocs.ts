/**
 * The articles of the words whose stem is far more widespread than they are: `marketing` (in 484 of
 * BBC+Reuters' articles) of the stem `market` (in several thousand). The index's postings are of stems,
 * so a quoted phrase, which matches words as written, would otherwise be looked for in the token
 * streams of every article holding the stem (`"a marketing"`: thousands of articles read, 5 to 7 ms).
 * With the word's own articles it is looked for in those only. A word that makes up most of its
 * stem's articles gains little from a list, and a stem in few articles is cheap to check without one,
 * so only the others are stored: for BBC+Reuters, 260,367 articles of 2,257 words (a megabyte), against
 * 1.6 million postings.
 *
 * Stop words always have a list. They have no postings at all, so a query of one stop word (`who`,
 * `will`, `it`: WHO, a will, IT) was looked for in the token streams of every article: 26–30 ms at
 * 100,000 articles, whether it was in 12,000 of them or 86,000. Their lists are 2.1 million articles at
 * 100,000 (8.5 MB, 2.4% of the artifact), 0.44 million for BBC+Reuters.
 */

import type { IndexArray } from './indexArrays.ts';
import { keyedList, packed } from './keyedLists.ts';

/** Which words get a list; every default in {@link defaultWordDocsOptions}. */
export interface WordDocsOptions {
  /** The word's stem is in at least this many articles (fewer are read quickly enough)… */
  minStemDocs: number;
  /** …and in at least this many times as many articles as the word itself. */
  minStemShare: number;
}

/**
 * 400 articles, the floor of common words (commonPairs.ts), and twice the word's: reading a word's
 * articles costs about 1.5 µs an article, and a word in half its stem's articles or more saves at
 * most half.
 */
export const defaultWordDocsOptions: Readonly<WordDocsOptions> = { minStemDocs: 400, minStemShare: 2 };

/** The stored lists: the words that have one, and the articles of each. */
export interface WordDocs {
  /** Word ids, ascending. */
  words: Uint32Array;
  /** Where each word's articles start in `docs`; one extra end entry. */
  offsets: Uint32Array;
  /** Articles holding the word in some field, ascending within each word. */
  docs: Uint32Array;
}

export const NO_WORD_DOCS: WordDocs = {
  words: new Uint32Array(0),
  offsets: new Uint32Array(1),
  docs: new Uint32Array(0),
};

/** What the lists are made from: a snapshot's token streams and each word's stem. */
export interface WordDocsSource {
  /** Number of fields per article in `streamOffsets`. */
  fieldCount: number;
  streamOffsets: Uint32Array;
  streams: IndexArray;
  /** Each word's stem (index term) id, by word id. */
  wordTerm: IndexArray;
  /** The stop words' word ids: listed whatever their stems (see above). */
  stopWordIds?: readonly number[];
}

/**
 * The articles of each word of `source` whose stem is far more widespread (see {@link WordDocsOptions}),
 * and of each stop word.
 */
export function wordDocsOf(
  source: WordDocsSource,
  options: WordDocsOptions = defaultWordDocsOptions,
): WordDocs {
  const { fieldCount, streamOffsets, streams, wordTerm } = source;
  const documentCount = Math.max(0, (streamOffsets.length - 1) / fieldCount);
  let termCount = 0;
  for (const term of wordTerm) termCount = Math.max(termCount, term + 1);
  const wordCount = wordTerm.length;
  // Each stem's and each word's articles, an article counted once: stamped with its index + 1. The
  // passes over every token are written out, not a callback per token: on BBC+Reuters' 3.6 million
  // tokens, 75 ms against 100.
  const stemDocs = new Uint32Array(termCount);
  const stemSeenIn = new Uint32Array(termCount);
  const ownDocs = new Uint32Array(wordCount);
  const seenIn = new Uint32Array(wordCount);
  for (let doc = 0; doc < documentCount; doc += 1) {
    const stamp = doc + 1;
    const end = streamOffsets[(doc + 1) * fieldCount] ?? 0;
    for (let p = streamOffsets[doc * fieldCount] ?? end; p < end; p += 1) {
      const word = streams[p] ?? 0;
      if (seenIn[word] === stamp) continue;
      seenIn[word] = stamp;
      ownDocs[word] = (ownDocs[word] ?? 0) + 1;
      const term = wordTerm[word] ?? 0;
      if (stemSeenIn[term] !== stamp) {
        stemSeenIn[term] = stamp;
        stemDocs[term] = (stemDocs[term] ?? 0) + 1;
      }
    }
  }
  const stop = new Uint8Array(wordCount);
  for (const word of source.stopWordIds ?? []) if (word < wordCount) stop[word] = 1;
  const listed: number[] = [];
  for (let word = 0; word < wordCount; word += 1) {
    const own = ownDocs[word] ?? 0;
    const stem = stemDocs[wordTerm[word] ?? 0] ?? 0;
    const widespreadStem = stem >= options.minStemDocs && stem >= options.minStemShare * own;
    if (own > 0 && (widespreadStem || stop[word] === 1)) listed.push(word);
  }
  if (listed.length === 0) return NO_WORD_DOCS;
  const words = Uint32Array.from(listed);
  const offsets = new Uint32Array(words.length + 1);
  // Each listed word's next free place in `docs` (-1 for the others); its articles come in order.
  const cursors = new Int32Array(wordCount).fill(-1);
  words.forEach((word, slot) => {
    cursors[word] = offsets[slot] ?? 0;
    offsets[slot + 1] = (offsets[slot] ?? 0) + (ownDocs[word] ?? 0);
  });
  const docs = new Uint32Array(offsets[words.length] ?? 0);
  seenIn.fill(0);
  for (let doc = 0; doc < documentCount; doc += 1) {
    const end = streamOffsets[(doc + 1) * fieldCount] ?? 0;
    for (let p = streamOffsets[doc * fieldCount] ?? end; p < end; p += 1) {
      const word = streams[p] ?? 0;
      const at = cursors[word] ?? -1;
      if (at < 0 || seenIn[word] === doc + 1) continue;
      seenIn[word] = doc + 1;
      docs[at] = doc;
      cursors[word] = at + 1;
    }
  }
  return { words, offsets, docs };
}

/** The articles of a word, or null when it has no list. */
export function wordDocuments(lists: WordDocs, word: number): Uint32Array | null {
  return keyedList(lists.words, lists.offsets, lists.docs, word);
}

/**
 * The lists as one list of numbers, as the artifact stores them: the lengths of `words` and `docs`,
 * then the three arrays back to back.
 */
export function encodeWordDocs(lists: WordDocs): Uint32Array {
  const { words, offsets, docs } = lists;
  return packed([words.length, docs.length], [words, offsets, docs]);
}

/** The lists back from {@link encodeWordDocs}, as views of `encoded` (no copy). Throws when malformed. */
export function decodeWordDocs(encoded: Uint32Array): WordDocs {
  const [wordCount = 0, docCount = 0] = encoded;
  if (encoded.length !== 2 + wordCount + (wordCount + 1) + docCount) {
    throw new Error('word lists do not add up');
  }
  const words = encoded.subarray(2, 2 + wordCount);
  const offsets = encoded.subarray(2 + wordCount, 3 + 2 * wordCount);
  const docs = encoded.subarray(3 + 2 * wordCount);
  if ((offsets[wordCount] ?? 0) !== docCount) throw new Error('word lists do not add up');
  for (let i = 1; i <= wordCount; i += 1) {
    if ((offsets[i] ?? 0) < (offsets[i - 1] ?? 0)) throw new Error('word lists do not add up');
  }
  return { words, offsets, docs };
}
