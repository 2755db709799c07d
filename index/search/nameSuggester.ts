/**
 * Completes typed text to the collection's known names (see analysis/names.ts) in microseconds: two
 * sorted key lists (names from their first word, and from each later word) with segment trees that
 * yield the best-ranked keys of a prefix's range without visiting the rest.
 */
import { foldedKey, NAME_BREAKERS, type NameEntry } from '../analysis/names.ts';

/**
 * Folded keys in code-unit order, each pointing at a name rank (0 = best), with a segment tree that
 * finds the best-ranked key of any range in O(log n). A one-letter prefix covers thousands of keys;
 * the tree yields its best few without visiting the rest.
 */
class RankedKeys {
  /** Node i holds the position of the best-ranked key below it; leaves are at `size + position`. */
  private readonly best: Uint32Array;

  /** `keys` must be sorted; `ranks[i]` is the name rank of `keys[i]`. */
  constructor(
    private readonly keys: readonly string[],
    private readonly ranks: Uint32Array,
  ) {
    const size = keys.length;
    this.best = new Uint32Array(2 * size);
    for (let i = 0; i < size; i += 1) this.best[size + i] = i;
    for (let node = size - 1; node >= 1; node -= 1) {
      this.best[node] = this.better(this.best[2 * node] ?? 0, this.best[2 * node + 1] ?? 0);
    }
  }

  /**
   * Appends to `into` the ranks of the best names with a key starting with `prefix`, skipping and
   * recording names in `taken`, until `into` holds `limit`. Best-first over the range: take the best
   * position of a range, then look in the ranges on either side of it.
   */
  collect(prefix: string, limit: number, taken: Set<number>, into: number[]): void {
    const ranges: { low: number; high: number; best: number }[] = [];
    const low = this.lowerBound(prefix);
    const high = this.lowerBound(`${prefix}\uffff`);
    if (low < high) ranges.push({ low, high, best: this.bestIn(low, high) });
    while (into.length < limit && ranges.length > 0) {
      let pick = 0;
      for (let i = 1; i < ranges.length; i += 1) {
        if (this.rankAt(ranges[i]?.best ?? 0) < this.rankAt(ranges[pick]?.best ?? 0)) pick = i;
      }
      const range = ranges[pick];
      if (range === undefined) break;
      ranges[pick] = ranges.at(-1) ?? range;
      ranges.pop();
      const rank = this.rankAt(range.best);
      if (!taken.has(rank)) {
        taken.add(rank);
        into.push(rank);
      }
      if (range.low < range.best) {
        ranges.push({ low: range.low, high: range.best, best: this.bestIn(range.low, range.best) });
      }
      if (range.best + 1 < range.high) {
        ranges.push({ low: range.best + 1, high: range.high, best: this.bestIn(range.best + 1, range.high) });
      }
    }
  }

  private rankAt(position: number): number {
    return this.ranks[position] ?? Number.MAX_SAFE_INTEGER;
  }

  private better(a: number, b: number): number {
    return this.rankAt(b) < this.rankAt(a) ? b : a;
  }

  /** Position of the best-ranked key in [low, high), which must not be empty. */
  private bestIn(low: number, high: number): number {
    const size = this.keys.length;
    let found = low;
    for (let l = low + size, r = high + size; l < r; l >>= 1, r >>= 1) {
      if (l & 1) found = this.better(found, this.best[l++] ?? found);
      if (r & 1) found = this.better(found, this.best[--r] ?? found);
    }
    return found;
  }

  private lowerBound(key: string): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.keys[middle] ?? '') < key) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** A separator typed after the last word: that word is complete, so `robert ` no longer offers `Roberta`. */
const TRAILING_SEPARATOR = /[\s\-‐‑]$/u;

/**
 * Strings in code-unit order by the engine's built-in comparison. The suggester is built when an index
 * loads, before anything is compiled; a comparator function run a few hundred thousand times in the
 * interpreter takes tens of milliseconds where this takes a few.
 */
function sortedStrings(strings: Iterable<string>): string[] {
  return [...strings].sort();
}

/**
 * Completes typed text to known names. The text matches a name when, folded, it is a prefix of the
 * name (`robert li` → `Robert Lighthizer`) or of the name from one of its later words on
 * (`lighth` → `Robert Lighthizer`, `he` → `Liu He`). Matches at the start come first, then later-word
 * matches; within each, most documents first, then alphabetical (by folded key).
 *
 * Built once per index load from the stored entries (their keys spare it the analyzer); each call is
 * two binary searches and a walk of `limit` steps down a segment tree, whatever the size of the
 * prefix's range.
 *
 * @example new NameSuggester(entries).suggest('lighth', 5) // [{ text: 'Robert Lighthizer', docFreq: 3 }]
 */
export class NameSuggester {
  /** Names in rank order: most documents first, then by key. */
  private readonly names: NameEntry[];
  private readonly starts: RankedKeys;
  private readonly laterWords: RankedKeys;

  /**
   * Entries without words are left out; of entries folding alike, the one in most documents is kept.
   * Keys given with the entries are trusted.
   */
  constructor(entries: readonly NameEntry[]) {
    const byKey = new Map<string, NameEntry>();
    for (const entry of entries) {
      const key = entry.key ?? foldedKey(entry.text);
      const known = byKey.get(key);
      if (key !== '' && (known === undefined || entry.docFreq > known.docFreq)) {
        byKey.set(key, { text: entry.text, docFreq: entry.docFreq });
      }
    }
    // Rank order without a comparator function: alphabetical keys, grouped by document frequency,
    // highest first, each group keeping its alphabetical order.
    const alphabetical = sortedStrings(byKey.keys());
    const byDocFreq = new Map<number, string[]>();
    for (const key of alphabetical) {
      const docFreq = byKey.get(key)?.docFreq ?? 0;
      const group = byDocFreq.get(docFreq);
      if (group === undefined) byDocFreq.set(docFreq, [key]);
      else group.push(key);
    }
    const docFreqs = [...byDocFreq.keys()].sort((a, b) => b - a);
    const ranked = docFreqs.flatMap((docFreq) => byDocFreq.get(docFreq) ?? []);
    const rankOf = new Map<string, number>();
    this.names = ranked.map((key, rank) => {
      rankOf.set(key, rank);
      return byKey.get(key) ?? { text: key, docFreq: 0 };
    });
    this.starts = new RankedKeys(
      alphabetical,
      Uint32Array.from(alphabetical, (key) => rankOf.get(key) ?? 0),
    );

    // Each later word's suffix with the ranks of the names it ends, best first.
    const suffixRanks = new Map<string, number[]>();
    ranked.forEach((key, rank) => {
      for (let space = key.indexOf(' '); space >= 0; space = key.indexOf(' ', space + 1)) {
        const suffix = key.slice(space + 1);
        const end = suffix.indexOf(' ');
        // Not from a stop word: typing `of` should not offer every `X of Y`.
        if (NAME_BREAKERS.has(end < 0 ? suffix : suffix.slice(0, end))) continue;
        const ranks = suffixRanks.get(suffix);
        if (ranks === undefined) suffixRanks.set(suffix, [rank]);
        else ranks.push(rank);
      }
    });
    const laterKeys: string[] = [];
    const laterRanks: number[] = [];
    for (const suffix of sortedStrings(suffixRanks.keys())) {
      for (const rank of suffixRanks.get(suffix) ?? []) {
        laterKeys.push(suffix);
        laterRanks.push(rank);
      }
    }
    this.laterWords = new RankedKeys(laterKeys, Uint32Array.from(laterRanks));
  }

  /** Number of distinct names held. */
  get size(): number {
    return this.names.length;
  }

  /** At most `limit` names completing `input`, best first; [] for input without words. */
  suggest(input: string, limit: number): NameEntry[] {
    const folded = foldedKey(input);
    const wanted = Math.floor(limit);
    if (folded === '' || !(wanted > 0)) return [];
    const prefix = TRAILING_SEPARATOR.test(input) ? `${folded} ` : folded;
    const ranks: number[] = [];
    const taken = new Set<number>();
    this.starts.collect(prefix, wanted, taken, ranks);
    this.laterWords.collect(prefix, wanted, taken, ranks);
    return ranks.map((rank) => this.names[rank]).filter((entry) => entry !== undefined);
  }
}
