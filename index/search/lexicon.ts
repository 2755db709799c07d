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
  /** Index term → its id in the snapshot; the one such map of a loaded index (TermScorer asks it). */
  private readonly termIds: Map<string, number>;
  /** Documents containing each term, by term id (an upper bound: its most frequent word's count). */
  private readonly termDocFreqs: Uint32Array;
  private fuzzyMap: SearchableMap<number> | null = null;
  /** Near-spelling lookups already made: the vocabulary never changes, and queries repeat words. */
  private readonly nearCache = new Map<string, LexiconEntry[]>();

  constructor(private readonly snapshot: IndexSnapshot) {
    // Filled in a loop, not from an array of pairs: at 100,000 articles the pairs were a tenth of a
    // cold load, in allocation and the collections it set off.
    this.termIds = new Map();
    snapshot.terms.forEach((term, id) => {
      this.termIds.set(term, id);
    });
    this.termDocFreqs = termDocFreqs(snapshot);
  }

  /** The id of an index term, or undefined when no article has it. */
  termId(term: string): number | undefined {
    return this.termIds.get(term);
  }

  /** Number of documents containing the term in any field (0 when absent). */
  docFreqOfTerm(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : (this.termDocFreqs[id] ?? 0);
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

/** Each term's document frequency by term id, derived from word frequencies (upper bound per term). */
function termDocFreqs(snapshot: IndexSnapshot): Uint32Array {
  const freqs = new Uint32Array(snapshot.terms.length);
  const { wordTerm, wordDocFreq } = snapshot;
  for (let id = 0; id < wordTerm.length; id += 1) {
    const term = wordTerm[id] ?? 0;
    freqs[term] = Math.max(freqs[term] ?? 0, wordDocFreq[id] ?? 0);
  }
  return freqs;
}
