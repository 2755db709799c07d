/**
 * Near spellings: the words of a vocabulary within a few edits (Levenshtein: insert, delete,
 * substitute) of a typed word, found through the runs of three letters (grams) they share.
 *
 * Two strings within k edits share at least max(|x|, |y|) + 2 − 3k of their grams, counted with the
 * word's start and end as letters (Ukkonen's q-gram lemma, q = 3): each edit breaks at most three. So a
 * lookup counts, for the words of about the typed word's length, the grams they share with it, and
 * computes the edit distance of only those that share enough. It finds exactly the words MiniSearch's
 * `SearchableMap.fuzzyGet` finds (tests/unit/nearWords.test.ts compares them), which walks a tree of
 * every word instead. On BBC+Reuters' 78,604 words a two-edit lookup took the tree walk 1.1–1.3 ms
 * (some 13,000 nodes visited) and takes this index 0.08–0.09 ms; a one-edit lookup 0.11–0.13 ms
 * against 0.04. Pairs of letters (q = 2) were tried first: as exact, but their lists are long, and
 * on the 207,510 words of 100,000 generated articles a one-edit lookup took 0.6 ms against the tree's
 * 0.2 (grams: 0.27–0.29).
 */

/** A vocabulary word within the asked distance of the looked-up word. */
export interface NearWord {
  /** The word's id in the vocabulary the index was built over. */
  id: number;
  /** Edit distance from the looked-up word, at least 1. */
  distance: number;
}

/**
 * The word's start and end, as the letters before its first and after its last. A word holding these
 * control codes only seems to share more grams than it does, which the edit distance then sorts out.
 */
const START = 0;
const END = 1;

/** Letters in a gram. */
const Q = 3;

/**
 * A run of three letters as one small integer. Two different runs may share a number (rarely, for
 * letters far apart in the code table): a member then seems to share more grams than it does, which
 * costs an edit distance computed in vain, never a word missed.
 */
function gramKey(first: number, second: number, third: number): number {
  return ((first * 1031 + second) * 1031 + third) & 0x3fffffff;
}

/** The code of the letter at `i` of `word`, with the word's start before it and its end after. */
function codeAt(word: string, i: number): number {
  return i < 0 ? START : i >= word.length ? END : word.charCodeAt(i);
}

/** Grams of `word` with its start and end, in order (a gram repeated in the word repeats). */
function gramsOf(word: string): number[] {
  const grams: number[] = [];
  for (let i = -(Q - 1); i < word.length; i += 1) {
    grams.push(gramKey(codeAt(word, i), codeAt(word, i + 1), codeAt(word, i + 2)));
  }
  return grams;
}

/** Words of a vocabulary indexed by the grams they hold, for {@link near} lookups. */
export class NearWordIndex {
  /** Members in order of length (then id): a length range of the vocabulary is a range of members. */
  private readonly memberIds: Int32Array;
  private readonly memberWords: string[];
  /** The first member of each length; `firstOfLength[length + 1]` ends it. */
  private readonly firstOfLength: Uint32Array;
  /** Gram → its row in {@link postingStarts}. */
  private readonly gramRows = new Map<number, number>();
  /** The members holding each gram, ascending, a member once for each time the gram is in it. */
  private readonly postingStarts: Uint32Array;
  private readonly postings: Uint32Array;
  /** Per member, the grams a lookup found it shares, and which members it touched (to clear them). */
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
    // Postings in two passes: number each gram and count its holders, noting each member's grams in
    // order; then place every member under its grams, in member order.
    let gramCount = 0;
    for (const word of this.memberWords) gramCount += word.length + Q - 1;
    const rowOfGram = new Uint32Array(gramCount);
    const counts: number[] = [];
    let at = 0;
    for (const word of this.memberWords) {
      for (let i = -(Q - 1); i < word.length; i += 1) {
        const gram = gramKey(codeAt(word, i), codeAt(word, i + 1), codeAt(word, i + 2));
        let row = this.gramRows.get(gram);
        if (row === undefined) {
          row = counts.length;
          this.gramRows.set(gram, row);
          counts.push(0);
        }
        counts[row] = (counts[row] ?? 0) + 1;
        rowOfGram[at++] = row;
      }
    }
    this.postingStarts = new Uint32Array(counts.length + 1);
    counts.forEach((count, row) => {
      this.postingStarts[row + 1] = (this.postingStarts[row] ?? 0) + count;
    });
    this.postings = new Uint32Array(gramCount);
    const filled = this.postingStarts.slice(0, counts.length);
    at = 0;
    this.memberWords.forEach((word, member) => {
      for (let i = -(Q - 1); i < word.length; i += 1) {
        const row = rowOfGram[at++] ?? 0;
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
    const letters = new LetterCounts(word);
    const consider = (member: number) => {
      const candidate = this.memberWords[member] ?? '';
      if (letters.differBy(candidate) > maxDistance) return;
      const distance = editDistanceWithin(word, candidate, maxDistance);
      if (distance > 0 && distance <= maxDistance) found.push({ id: this.memberIds[member] ?? 0, distance });
    };
    // A word this short may share no gram with a near spelling: every word of a near length is checked.
    if (length + Q - 1 - Q * maxDistance <= 0) {
      for (let member = from; member < to; member += 1) consider(member);
      return found;
    }
    const { shared, touched, postings, postingStarts } = this;
    // Each distinct gram of the word, with how often the word has it (a member counts a shared gram at
    // most as often as both have it), and where its holders of a near length lie in the postings.
    const times = new Map<number, number>();
    for (const gram of gramsOf(word)) times.set(gram, (times.get(gram) ?? 0) + 1);
    const lists: { times: number; start: number; end: number }[] = [];
    for (const [gram, count] of times) {
      const row = this.gramRows.get(gram);
      if (row === undefined) continue;
      const rowEnd = postingStarts[row + 1] ?? 0;
      const start = firstAtLeast(postings, postingStarts[row] ?? 0, rowEnd, from);
      lists.push({ times: count, start, end: firstAtLeast(postings, start, rowEnd, to) });
    }
    // The grams held by most words are skipped, up to half of what a near spelling may lack: a member
    // must then share that many fewer of the grams read, and the survivors are few enough to check one
    // by one, where reading the longest lists was most of a lookup in a large vocabulary.
    lists.sort((a, b) => a.end - a.start - (b.end - b.start));
    const fewestShared = length + Q - 1 - Q * maxDistance;
    let skipped = 0;
    while (lists.length > 0 && skipped + (lists.at(-1)?.times ?? 0) <= (fewestShared - 1) >> 1) {
      skipped += lists.pop()?.times ?? 0;
    }
    let touchedCount = 0;
    for (const list of lists) {
      let previous = -1;
      let run = 0;
      for (let at = list.start; at < list.end; at += 1) {
        const member = postings[at] ?? 0;
        run = member === previous ? run + 1 : 1;
        previous = member;
        if (run > list.times) continue;
        if (shared[member] === 0) touched[touchedCount++] = member;
        shared[member] = (shared[member] ?? 0) + 1;
      }
    }
    for (let i = 0; i < touchedCount; i += 1) {
      const member = touched[i] ?? 0;
      const enough = Math.max(length, (this.memberWords[member] ?? '').length) + Q - 1 - Q * maxDistance;
      if ((shared[member] ?? 0) + skipped >= enough) consider(member);
      shared[member] = 0;
    }
    return found;
  }
}

/**
 * A word's letters counted, to tell cheaply that another word is too far from it: each edit changes
 * the count of at most one letter up and one down, so two words whose counts differ by more than k
 * (the larger of the letters one has beyond the other's and the reverse) are more than k edits apart.
 * A two-edit lookup computed the edit distance of some 300 words that share enough runs of letters
 * with it, to keep 12; most of the others are turned away here, by a pass over their letters instead
 * of a table of distances. Letters are counted by their code modulo 128: two letters sharing a count
 * only make words seem closer, never farther.
 */
class LetterCounts {
  private readonly counts = new Int32Array(128);
  /** The slots a comparison took letters from, to give them back. */
  private readonly taken: number[] = [];

  constructor(private readonly word: string) {
    for (let i = 0; i < word.length; i += 1) {
      const slot = word.charCodeAt(i) & 127;
      this.counts[slot] = (this.counts[slot] ?? 0) + 1;
    }
  }

  /** A lower bound of the edit distance between the word and `other`. */
  differBy(other: string): number {
    const { counts, taken } = this;
    let common = 0;
    for (let i = 0; i < other.length; i += 1) {
      const slot = other.charCodeAt(i) & 127;
      if ((counts[slot] ?? 0) > 0) {
        counts[slot] = (counts[slot] ?? 0) - 1;
        taken.push(slot);
        common += 1;
      }
    }
    for (const slot of taken) counts[slot] = (counts[slot] ?? 0) + 1;
    taken.length = 0;
    return Math.max(this.word.length - common, other.length - common);
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
 * cells within `limit` of the diagonal are computed, and it stops when a row exceeds the limit. The
 * two rows are kept from one call to the next (a lookup computes hundreds of distances, and making
 * two arrays for each was a third of their time), grown when a word is longer.
 */
export function editDistanceWithin(a: string, b: string, limit: number): number {
  const tooFar = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return tooFar;
  if (rows.previous.length <= b.length) {
    rows.previous = new Int32Array(b.length + 1);
    rows.current = new Int32Array(b.length + 1);
  }
  let { previous, current } = rows;
  for (let j = 0; j <= b.length; j += 1) previous[j] = j <= limit ? j : tooFar;
  for (let i = 1; i <= a.length; i += 1) {
    const first = Math.max(1, i - limit);
    const last = Math.min(b.length, i + limit);
    current.fill(tooFar, 0, b.length + 1);
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

/** The rows {@link editDistanceWithin} computes in, shared by its calls (searches are synchronous). */
const rows = { previous: new Int32Array(64), current: new Int32Array(64) };
