/**
 * Near spellings: the words of a vocabulary within a few edits (Levenshtein: insert, delete,
 * substitute) of a typed word, found through the pairs of adjacent letters they share.
 *
 * Two strings within k edits share at least max(|x|, |y|) + 1 − 2k of their letter pairs, counted
 * with the word's start and end as letters (Ukkonen's q-gram lemma for q = 2): each edit breaks at most
 * two pairs. So a lookup counts, for the words of about the typed word's length, the pairs they share
 * with it, and computes the edit distance of only those that share enough. It finds exactly the words
 * MiniSearch's `SearchableMap.fuzzyGet` finds (tests/unit/nearWords.test.ts compares them), which walks
 * a tree of every word instead: a two-edit lookup of a word BBC+Reuters lacks visited some 13,000 nodes
 * of its 78,604 words and took 1.1–2.2 ms, a fifth of a mix of distinct queries; here it takes about
 * 0.3 ms, and a one-edit lookup among the 8,239 words in 20 articles or more 15–20 µs instead of 50.
 */

/** A vocabulary word within the asked distance of the looked-up word. */
export interface NearWord {
  /** The word's id in the vocabulary the index was built over. */
  id: number;
  /** Edit distance from the looked-up word, at least 1. */
  distance: number;
}

/**
 * The word's start and end, as the letters before its first and after its last. Codes 0 and 1 keep
 * the pairs of most words small integers, which a `Map` looks up fastest; a word holding these
 * control codes only shares more pairs than it should, which the edit distance then sorts out.
 */
const START = 0;
const END = 1;

/** A letter pair as one number. */
function pairKey(first: number, second: number): number {
  return first * 0x10000 + second;
}

/** Letter pairs of `word` with its start and end, in order (a pair repeated in the word repeats). */
function pairsOf(word: string): number[] {
  const pairs: number[] = [];
  let previous = START;
  for (let i = 0; i < word.length; i += 1) {
    const code = word.charCodeAt(i);
    pairs.push(pairKey(previous, code));
    previous = code;
  }
  pairs.push(pairKey(previous, END));
  return pairs;
}

/** Words of a vocabulary indexed by the letter pairs they hold, for {@link near} lookups. */
export class NearWordIndex {
  /** Members in order of length (then id): a length range of the vocabulary is a range of members. */
  private readonly memberIds: Int32Array;
  private readonly memberWords: string[];
  /** The first member of each length; `firstOfLength[length + 1]` ends it. */
  private readonly firstOfLength: Uint32Array;
  /** Pair → its row in {@link postingStarts}. */
  private readonly pairRows = new Map<number, number>();
  /** The members holding each pair, ascending, a member once for each time the pair is in it. */
  private readonly postingStarts: Uint32Array;
  private readonly postings: Uint32Array;
  /** Per member, the pairs a lookup found it shares, and which members it touched (to clear them). */
  private readonly shared: Uint16Array;
  private readonly touched: Uint32Array;

  /**
   * @param words the vocabulary by id
   * @param ids the ids of the words to index (all of them by default)
   */
  constructor(words: readonly string[], ids?: ArrayLike<number>) {
    const chosen = ids === undefined ? Int32Array.from(words, (_, id) => id) : Int32Array.from(ids);
    const lengthOf = (id: number) => (words[id] ?? '').length;
    const longest = chosen.reduce((most, id) => Math.max(most, lengthOf(id)), 0);
    // Members by length: count each length, then place each word after the shorter ones.
    const firstOfLength = new Uint32Array(longest + 2);
    for (const id of chosen) firstOfLength[lengthOf(id) + 1] = (firstOfLength[lengthOf(id) + 1] ?? 0) + 1;
    for (let length = 1; length < firstOfLength.length; length += 1) {
      firstOfLength[length] = (firstOfLength[length] ?? 0) + (firstOfLength[length - 1] ?? 0);
    }
    this.firstOfLength = firstOfLength;
    const next = this.firstOfLength.slice();
    this.memberIds = new Int32Array(chosen.length);
    for (const id of chosen) {
      const length = lengthOf(id);
      this.memberIds[next[length] ?? 0] = id;
      next[length] = (next[length] ?? 0) + 1;
    }
    this.memberWords = Array.from(this.memberIds, (id) => words[id] ?? '');
    // Postings in two passes: number each pair and count its holders, noting each member's pairs in
    // order; then place every member under its pairs, in member order.
    let pairCount = 0;
    for (const word of this.memberWords) pairCount += word.length + 1;
    const rowOfPair = new Uint32Array(pairCount);
    const counts: number[] = [];
    let at = 0;
    for (const word of this.memberWords) {
      let previous = START;
      for (let i = 0; i <= word.length; i += 1) {
        const code = i < word.length ? word.charCodeAt(i) : END;
        const pair = pairKey(previous, code);
        previous = code;
        let row = this.pairRows.get(pair);
        if (row === undefined) {
          row = counts.length;
          this.pairRows.set(pair, row);
          counts.push(0);
        }
        counts[row] = (counts[row] ?? 0) + 1;
        rowOfPair[at++] = row;
      }
    }
    this.postingStarts = new Uint32Array(counts.length + 1);
    counts.forEach((count, row) => {
      this.postingStarts[row + 1] = (this.postingStarts[row] ?? 0) + count;
    });
    this.postings = new Uint32Array(pairCount);
    const filled = this.postingStarts.slice(0, counts.length);
    at = 0;
    this.memberWords.forEach((word, member) => {
      for (let i = 0; i <= word.length; i += 1) {
        const row = rowOfPair[at++] ?? 0;
        this.postings[filled[row] ?? 0] = member;
        filled[row] = (filled[row] ?? 0) + 1;
      }
    });
    this.shared = new Uint16Array(this.memberIds.length);
    this.touched = new Uint32Array(this.memberIds.length);
  }

  /** How many words are indexed. */
  get size(): number {
    return this.memberIds.length;
  }

  /**
   * The indexed words within `maxDistance` edits of `word`, the word itself left out, in no particular
   * order.
   *
   * @example index.near('goverment', 2) // [{ id: <government>, distance: 1 }, …]
   */
  near(word: string, maxDistance: number): NearWord[] {
    const length = word.length;
    const longest = this.firstOfLength.length - 2;
    const shortest = Math.max(0, length - maxDistance);
    const tallest = Math.min(longest, length + maxDistance);
    if (shortest > tallest) return [];
    const from = this.firstOfLength[shortest] ?? 0;
    const to = this.firstOfLength[tallest + 1] ?? 0;
    const found: NearWord[] = [];
    const consider = (member: number) => {
      const candidate = this.memberWords[member] ?? '';
      const distance = editDistanceWithin(word, candidate, maxDistance);
      if (distance > 0 && distance <= maxDistance) found.push({ id: this.memberIds[member] ?? 0, distance });
    };
    // A word this short may share no pair with a near spelling: every word of a near length is checked.
    if (length + 1 - 2 * maxDistance <= 0) {
      for (let member = from; member < to; member += 1) consider(member);
      return found;
    }
    const { shared, touched, postings, postingStarts } = this;
    let touchedCount = 0;
    // Each distinct pair of the word, with how often the word has it: a member counts a shared pair
    // at most as often as both have it.
    const wanted = new Map<number, number>();
    for (const pair of pairsOf(word)) wanted.set(pair, (wanted.get(pair) ?? 0) + 1);
    for (const [pair, times] of wanted) {
      const row = this.pairRows.get(pair);
      if (row === undefined) continue;
      const end = postingStarts[row + 1] ?? 0;
      let at = firstAtLeast(postings, postingStarts[row] ?? 0, end, from);
      let previous = -1;
      let run = 0;
      for (; at < end; at += 1) {
        const member = postings[at] ?? 0;
        if (member >= to) break;
        run = member === previous ? run + 1 : 1;
        previous = member;
        if (run > times) continue;
        if (shared[member] === 0) touched[touchedCount++] = member;
        shared[member] = (shared[member] ?? 0) + 1;
      }
    }
    for (let i = 0; i < touchedCount; i += 1) {
      const member = touched[i] ?? 0;
      const enough = Math.max(length, (this.memberWords[member] ?? '').length) + 1 - 2 * maxDistance;
      if ((shared[member] ?? 0) >= enough) consider(member);
      shared[member] = 0;
    }
    return found;
  }
}

/** The first index in `values[from…to)` (ascending) holding at least `target`. */
function firstAtLeast(values: Uint32Array, from: number, to: number, target: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] ?? 0) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The Levenshtein distance of `a` and `b` when it is at most `limit`, else `limit + 1`: only the
 * cells within `limit` of the diagonal are computed, and it stops when a row exceeds the limit.
 */
export function editDistanceWithin(a: string, b: string, limit: number): number {
  const tooFar = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return tooFar;
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j += 1) previous[j] = j <= limit ? j : tooFar;
  for (let i = 1; i <= a.length; i += 1) {
    const first = Math.max(1, i - limit);
    const last = Math.min(b.length, i + limit);
    current.fill(tooFar);
    current[0] = i <= limit ? i : tooFar;
    let best = current[0] ?? tooFar;
    const code = a.charCodeAt(i - 1);
    for (let j = first; j <= last; j += 1) {
      const substitute = (previous[j - 1] ?? tooFar) + (b.charCodeAt(j - 1) === code ? 0 : 1);
      const remove = (previous[j] ?? tooFar) + 1;
      const insert = (current[j - 1] ?? tooFar) + 1;
      const cell = Math.min(substitute, remove, insert, tooFar);
      current[j] = cell;
      if (cell < best) best = cell;
    }
    if (best > limit) return tooFar;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[b.length] ?? tooFar, tooFar);
}
