/**
 * Phrase and proximity tests over a snapshot's token streams. These run per candidate document at
 * query time, so they read the integer streams stored at build time and never re-analyze text: one
 * pass over the field's words, no allocation per word.
 */

import type { IndexSnapshot } from '../artifact/snapshot.ts';
import { SEARCH_FIELDS } from '../fields.ts';
import type { Span } from './snippets.ts';

/** Term ids of a phrase; `-1` stands for a term the index does not contain. */
export type TermSequence = readonly number[];

/**
 * Whether the document has the terms adjacent and in order in any of `fields`. The stream is scanned
 * for the phrase's `anchor`-th term, best its rarest (fewest false starts), and stops at the first
 * occurrence.
 */
export function containsPhrase(
  snapshot: IndexSnapshot,
  docIndex: number,
  fields: readonly number[],
  phrase: TermSequence,
  anchor = 0,
): boolean {
  if (phrase.length === 0 || phrase.includes(-1)) return false;
  const { streams, streamOffsets, wordTerm } = snapshot;
  const fieldCount = SEARCH_FIELDS.length;
  const sought = phrase[anchor];
  for (const field of fields) {
    const start = streamOffsets[docIndex * fieldCount + field] ?? 0;
    const end = streamOffsets[docIndex * fieldCount + field + 1] ?? start;
    // p is where the phrase would start; the anchor stands `anchor` positions later.
    for (let p = start; p + phrase.length <= end; p += 1) {
      if (wordTerm[streams[p + anchor] ?? 0] !== sought) continue;
      let k = 0;
      while (k < phrase.length && wordTerm[streams[p + k] ?? 0] === phrase[k]) k += 1;
      if (k === phrase.length) return true;
    }
  }
  return false;
}

/**
 * Whether the document has the folded words (word ids, `-1` for a word the index lacks) adjacent and
 * in order in any of `fields`: a quoted phrase, matched as written rather than by stems. Scanned for
 * the `anchor`-th word, as {@link containsPhrase} is.
 */
export function containsWords(
  snapshot: IndexSnapshot,
  docIndex: number,
  fields: readonly number[],
  words: readonly number[],
  anchor = 0,
): boolean {
  if (words.length === 0 || words.includes(-1)) return false;
  const { streams, streamOffsets } = snapshot;
  const fieldCount = SEARCH_FIELDS.length;
  const sought = words[anchor] ?? -1;
  for (const field of fields) {
    const start = streamOffsets[docIndex * fieldCount + field] ?? 0;
    const end = streamOffsets[docIndex * fieldCount + field + 1] ?? start;
    if (end - start < words.length) continue;
    // The anchor's occurrences found by the typed array's own indexOf, which V8 runs natively: two to
    // three times faster than a loop in JavaScript, and a phrase of a common word with a word of a
    // frequent stem reads the streams of thousands of articles.
    const anchors = streams.subarray(start + anchor, end - (words.length - 1 - anchor));
    for (let at = anchors.indexOf(sought); at >= 0; at = anchors.indexOf(sought, at + 1)) {
      const p = start + at;
      let k = 0;
      while (k < words.length && streams[p + k] === words[k]) k += 1;
      if (k === words.length) return true;
    }
  }
  return false;
}

/** Two query words that should stand `gap` positions apart in a document (1 = adjacent). */
export interface TermPair {
  first: number;
  second: number;
  gap: number;
}

/**
 * The pairs of consecutive ranked words of a query with the distance between them in the query, so
 * stop words in between keep their place: `deadline in March` → (deadlin, march, 2).
 * `sequence` holds term ids in query order, `null` for stop words and `'break'` between alternatives.
 */
export function queryPairs(sequence: readonly (number | null | 'break')[]): TermPair[] {
  const pairs: TermPair[] = [];
  let previous: { term: number; at: number } | null = null;
  sequence.forEach((term, at) => {
    if (term === 'break') {
      previous = null;
      return;
    }
    if (term === null) return;
    if (previous !== null && term >= 0 && previous.term >= 0) {
      pairs.push({ first: previous.term, second: term, gap: at - previous.at });
    }
    previous = { term, at };
  });
  return pairs;
}

/**
 * A set of term ids as a bit per id from the lowest to the highest: a token stream is read a token at
 * a time, most tokens are in no query's set, and a bit test turns them away faster than a map lookup.
 * Spanning only the set's own terms, not the whole vocabulary: a query's one or two words need a word
 * or two of bits, where a vocabulary-wide array (8 KB at 64,000 terms, made twice a query) was a
 * tenth of the time of a rare word's search.
 */
class TermBits {
  private readonly bits: Uint32Array;
  private readonly lowest: number;
  /** How many term ids the bits cover: a read past the array's end would be a slow path in V8. */
  private readonly span: number;

  constructor(terms: Iterable<number>) {
    const ids = [...terms];
    let lowest = Number.POSITIVE_INFINITY;
    let highest = -1;
    for (const term of ids) {
      lowest = Math.min(lowest, term);
      highest = Math.max(highest, term);
    }
    this.lowest = highest < 0 ? 0 : lowest;
    this.span = highest < 0 ? 0 : highest - lowest + 1;
    this.bits = new Uint32Array((this.span + 31) >>> 5);
    for (const term of ids) {
      const bit = term - this.lowest;
      this.bits[bit >>> 5] = (this.bits[bit >>> 5] ?? 0) | (1 << (bit & 31));
    }
  }

  has(term: number): boolean {
    // One unsigned comparison for the range: a term below the lowest wraps round to a large number.
    // Testing `bit >= 0` first was a branch the processor could not predict (true for every token of a
    // term above the lowest, a quarter of a text for a query's middling terms): marking a hit's body
    // took 2.5 times as long.
    const bit = (term - this.lowest) >>> 0;
    return bit < this.span && ((this.bits[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0;
  }
}

/**
 * A query's pairs by the term each starts with, arranged once per query: a pasted paragraph has dozens
 * of pairs, and trying each at every token of 200 candidates was a third of its search.
 */
export class PairsByFirstTerm {
  private readonly byFirst = new Map<number, number[]>();
  /** The first terms: most tokens start no pair. */
  private readonly firsts: TermBits;

  constructor(readonly pairs: readonly TermPair[]) {
    pairs.forEach((pair, i) => {
      const list = this.byFirst.get(pair.first);
      if (list === undefined) this.byFirst.set(pair.first, [i]);
      else list.push(i);
    });
    this.firsts = new TermBits(this.byFirst.keys());
  }

  /** Whether some pair may start at `term`: a bit test, for the tokens {@link startingWith} would turn away. */
  mayStart(term: number): boolean {
    return this.firsts.has(term);
  }

  /** The indexes in {@link pairs} of the pairs starting with `term`, or undefined. */
  startingWith(term: number): readonly number[] | undefined {
    return this.firsts.has(term) ? this.byFirst.get(term) : undefined;
  }
}

/**
 * The share of the query's pairs (0 to 1) found in the document at their query distance, in any of
 * `fields`. 1 means the query's words stand together and in order as typed; 0 means they are scattered.
 */
export function proximity(
  snapshot: IndexSnapshot,
  docIndex: number,
  fields: readonly number[],
  queryPairs: PairsByFirstTerm,
): number {
  const { pairs } = queryPairs;
  if (pairs.length === 0) return 0;
  const { streams, streamOffsets, wordTerm } = snapshot;
  const fieldCount = SEARCH_FIELDS.length;
  const only = pairs.length === 1 ? pairs[0] : undefined;
  if (only !== undefined) return hasPair(snapshot, docIndex, fields, only) ? 1 : 0;
  const found = new Array<boolean>(pairs.length).fill(false);
  let foundCount = 0;
  for (const field of fields) {
    const start = streamOffsets[docIndex * fieldCount + field] ?? 0;
    const end = streamOffsets[docIndex * fieldCount + field + 1] ?? start;
    for (let p = start; p < end && foundCount < pairs.length; p += 1) {
      // Most tokens start no pair: the bit test inline, before any call.
      const term = wordTerm[streams[p] ?? 0] ?? -1;
      if (!queryPairs.mayStart(term)) continue;
      const starting = queryPairs.startingWith(term);
      if (starting === undefined) continue;
      for (const i of starting) {
        const pair = pairs[i];
        if (pair === undefined || found[i]) continue;
        const q = p + pair.gap;
        if (q < end && wordTerm[streams[q] ?? 0] === pair.second) {
          found[i] = true;
          foundCount += 1;
        }
      }
    }
  }
  return foundCount / pairs.length;
}

/**
 * Whether the document has the pair's words at their distance in one of `fields`: a two-word query's
 * proximity, read in one tight pass (most queries with a pair have only the one).
 */
function hasPair(
  snapshot: IndexSnapshot,
  docIndex: number,
  fields: readonly number[],
  pair: TermPair,
): boolean {
  const { streams, streamOffsets, wordTerm } = snapshot;
  const fieldCount = SEARCH_FIELDS.length;
  const { first, second, gap } = pair;
  for (const field of fields) {
    const start = streamOffsets[docIndex * fieldCount + field] ?? 0;
    const last = (streamOffsets[docIndex * fieldCount + field + 1] ?? start) - gap;
    for (let p = start; p < last; p += 1) {
      if (wordTerm[streams[p] ?? 0] === first && wordTerm[streams[p + gap] ?? 0] === second) return true;
    }
  }
  return false;
}

/**
 * What to find in a token stream: any of a set of term ids, or a run of term ids (a phrase), or of
 * word ids when `wordIds` is given (a quoted phrase, matched as written).
 */
export type StreamMatcher =
  | { id: number; kind: 'terms'; termIds: ReadonlySet<number> }
  | { id: number; kind: 'phrase'; termIds: readonly number[]; wordIds?: readonly number[] | null };

/**
 * Matchers by the term each can start at, so {@link streamSpans} reads a stream once for all of them.
 * A page of hits marks twenty fields with the same matchers: arrange them once per query (a prefix
 * query's matcher may hold hundreds of terms).
 */
export class StreamMatcherIndex {
  private readonly startingAt = new Map<number, StreamMatcher[]>();
  /** The terms that start a matcher: most tokens of a text start none. */
  private readonly starts: TermBits;

  /** `termCount`: the index's number of terms; term ids outside 0…termCount-1 never match. */
  constructor(matchers: readonly StreamMatcher[], termCount: number) {
    for (const matcher of matchers) {
      const firsts =
        matcher.kind === 'terms'
          ? matcher.termIds
          : matcher.termIds.includes(-1)
            ? []
            : matcher.termIds.slice(0, 1);
      for (const term of firsts) {
        if (!Number.isInteger(term) || term < 0 || term >= termCount) continue;
        const list = this.startingAt.get(term);
        if (list === undefined) this.startingAt.set(term, [matcher]);
        else list.push(matcher);
      }
    }
    this.starts = new TermBits(this.startingAt.keys());
  }

  /** Whether some matcher may start at `term`: a bit test, for the tokens {@link at} would turn away. */
  mayStart(term: number): boolean {
    return this.starts.has(term);
  }

  /** The matchers that can start at `term`, or undefined. */
  at(term: number): StreamMatcher[] | undefined {
    return this.mayStart(term) ? this.startingAt.get(term) : undefined;
  }
}

/**
 * Where the matchers match in one field of a document, as character spans of the field's text, in
 * text order: read from the stored token streams and offsets, the same tokens the index matched.
 */
export function streamSpans(
  snapshot: IndexSnapshot,
  docIndex: number,
  field: number,
  matchers: readonly StreamMatcher[] | StreamMatcherIndex,
): Span[] {
  const { streams, streamOffsets, wordTerm, tokenStarts, tokenLengths } = snapshot;
  const fieldCount = SEARCH_FIELDS.length;
  const start = streamOffsets[docIndex * fieldCount + field] ?? 0;
  const end = streamOffsets[docIndex * fieldCount + field + 1] ?? start;
  const termAt = (p: number) => wordTerm[streams[p] ?? 0] ?? -1;
  const endOf = (p: number) => (tokenStarts[p] ?? 0) + (tokenLengths[p] ?? 0);
  const index =
    matchers instanceof StreamMatcherIndex
      ? matchers
      : new StreamMatcherIndex(matchers, snapshot.terms.length);
  const spans: Span[] = [];
  for (let p = start; p < end; p += 1) {
    // Most tokens start no matcher: the bit test inline, before any call (every hit's body is read).
    const term = wordTerm[streams[p] ?? 0] ?? -1;
    if (!index.mayStart(term)) continue;
    const candidates = index.at(term);
    if (candidates === undefined) continue;
    for (const matcher of candidates) {
      if (matcher.kind === 'terms') {
        spans.push({ start: tokenStarts[p] ?? 0, end: endOf(p), matcher: matcher.id });
        continue;
      }
      const phrase = matcher.termIds;
      if (p + phrase.length > end) continue;
      const words = matcher.wordIds ?? null;
      // The first word's term brought us here; a phrase matched as written checks that word too.
      if (words !== null && streams[p] !== words[0]) continue;
      let k = 1;
      if (words === null) while (k < phrase.length && termAt(p + k) === phrase[k]) k += 1;
      else while (k < words.length && streams[p + k] === words[k]) k += 1;
      if (k === phrase.length) {
        spans.push({ start: tokenStarts[p] ?? 0, end: endOf(p + phrase.length - 1), matcher: matcher.id });
      }
    }
  }
  return spans.sort((a, b) => a.start - b.start || b.end - a.end || a.matcher - b.matcher);
}
