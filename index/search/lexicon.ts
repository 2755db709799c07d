/**
 * The vocabulary of folded (unstemmed) words in an index, with the term each word stems to and how
 * many documents contain it. Prefix search and typo tolerance work on words, not stems: `presiden*`
 * must find `president` although its stem is `presid`, and `Lighthzer` is one edit from `lighthizer`
 * but three from its stem.
 */
import SearchableMap from 'minisearch/SearchableMap';
import type { IndexSnapshot } from '../artifact/snapshot.ts';

/** A vocabulary word found by a lookup. */
export interface LexiconEntry {
  word: string;
  term: string;
  docFreq: number;
  /** Edit distance from the looked-up word (0 for exact and prefix matches). */
  distance: number;
}

const MAX_CACHED_LOOKUPS = 10_000;

/** Read-only lookups over a snapshot's words. */
export class Lexicon {
  private readonly termDocFreq: Map<string, number>;
  private fuzzyMap: SearchableMap<number> | null = null;
  /** Near-spelling lookups already made: the vocabulary never changes, and queries repeat words. */
  private readonly nearCache = new Map<string, LexiconEntry[]>();

  constructor(private readonly snapshot: IndexSnapshot) {
    this.termDocFreq = new Map();
    for (const [term, data] of termEntries(snapshot)) this.termDocFreq.set(term, data);
  }

  /** Number of documents containing the term in any field (0 when absent). */
  docFreqOfTerm(term: string): number {
    return this.termDocFreq.get(term) ?? 0;
  }

  /** Number of documents containing the folded word itself (0 when the index lacks it). */
  docFreqOfWord(word: string): number {
    const id = this.firstAtLeast(word);
    return this.snapshot.words[id] === word ? (this.snapshot.wordDocFreq[id] ?? 0) : 0;
  }

  /** Number of documents containing the word with this id (0 for -1 or an id the index lacks). */
  docFreqOfWordId(id: number): number {
    return id < 0 ? 0 : (this.snapshot.wordDocFreq[id] ?? 0);
  }

  /** The id of a folded word, or -1 when the index lacks it. */
  wordId(word: string): number {
    const id = this.firstAtLeast(word);
    return this.snapshot.words[id] === word ? id : -1;
  }

  /** Words starting with `prefix`, most frequent first, at most `limit`. */
  withPrefix(prefix: string, limit: number): LexiconEntry[] {
    const { words } = this.snapshot;
    const entries: LexiconEntry[] = [];
    for (
      let id = this.firstAtLeast(prefix);
      id < words.length && (words[id] ?? '').startsWith(prefix);
      id += 1
    ) {
      entries.push(this.entry(id, 0));
    }
    return entries.sort((a, b) => b.docFreq - a.docFreq || a.word.localeCompare(b.word)).slice(0, limit);
  }

  /** The id of the first word not sorting before `word` (the words are sorted). */
  private firstAtLeast(word: string): number {
    const { words } = this.snapshot;
    let low = 0;
    let high = words.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((words[mid] ?? '') < word) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Words within `maxDistance` edits of `word` (itself excluded), closest and most frequent first. */
  near(word: string, maxDistance: number, limit: number): LexiconEntry[] {
    const key = `${maxDistance}:${limit}:${word}`;
    const cached = this.nearCache.get(key);
    if (cached !== undefined) return cached;
    const found = this.lookUpNear(word, maxDistance, limit);
    if (this.nearCache.size >= MAX_CACHED_LOOKUPS) this.nearCache.clear();
    this.nearCache.set(key, found);
    return found;
  }

  private lookUpNear(word: string, maxDistance: number, limit: number): LexiconEntry[] {
    this.fuzzyMap ??= SearchableMap.from(this.snapshot.words.map((w, id) => [w, id] as [string, number]));
    const entries: LexiconEntry[] = [];
    for (const [, [id, distance]] of this.fuzzyMap.fuzzyGet(word, maxDistance)) {
      if (distance > 0) entries.push(this.entry(id, distance));
    }
    return entries.sort((a, b) => a.distance - b.distance || b.docFreq - a.docFreq).slice(0, limit);
  }

  private entry(id: number, distance: number): LexiconEntry {
    const { words, terms, wordTerm, wordDocFreq } = this.snapshot;
    return {
      word: words[id] ?? '',
      term: terms[wordTerm[id] ?? 0] ?? '',
      docFreq: wordDocFreq[id] ?? 0,
      distance,
    };
  }
}

/** Each term with its document frequency, derived from word frequencies (upper bound per term). */
function termEntries(snapshot: IndexSnapshot): Map<string, number> {
  const freq = new Map<string, number>();
  snapshot.words.forEach((_, id) => {
    const term = snapshot.terms[snapshot.wordTerm[id] ?? 0] ?? '';
    freq.set(term, Math.max(freq.get(term) ?? 0, snapshot.wordDocFreq[id] ?? 0));
  });
  return freq;
}
