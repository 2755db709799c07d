/**
 * The vocabulary of folded (unstemmed) words in an index, with the term each word stems to and how
 * many documents contain it. Prefix search and typo tolerance work on words, not stems: `presiden*`
 * must find `president` although its stem is `presid`, and `Lighthzer` is one edit from `lighthizer`
 * but three from its stem.
 */
import type { IndexSnapshot } from '../artifact/snapshot.ts';
import { type NearWord, NearWordIndex } from './nearWords.ts';

/** A vocabulary word found by a lookup. */
export interface LexiconEntry {
  word: string;
  term: string;
  docFreq: number;
  /** Edit distance from the looked-up word (0 for exact and prefix matches). */
  distance: number;
}

const MAX_CACHED_LOOKUPS = 10_000;

/**
 * Words in at least this many articles also go into a second, smaller index of near spellings. Near
 * spellings of a word the index has are wanted only when far more frequent (20 times, see
 * `fuzzyFrequencyRatio` and spelling.ts), so such a lookup never needs the other nine tenths of the
 * vocabulary: on BBC+Reuters the small index holds 8,239 of 78,604 words.
 */
const FREQUENT_WORD_DOC_FREQ = 20;

/** Read-only lookups over a snapshot's words. */
export class Lexicon {
  /** Index term → its id in the snapshot; the one such map of a loaded index (TermScorer asks it). */
  private readonly termIds: Map<string, number>;
  /** Documents containing each term, by term id (an upper bound: its most frequent word's count). */
  private readonly termDocFreqs: Uint32Array;
  /** Every word, for near spellings of words the index lacks (built on first use). */
  private allNearWords: NearWordIndex | null = null;
  /** Words in {@link FREQUENT_WORD_DOC_FREQ} articles or more (built on first use). */
  private frequentNearWords: NearWordIndex | null = null;
  /**
   * Near-spelling lookups already made, every entry found, before filtering and limits: the
   * vocabulary never changes, queries repeat words, and a query asks twice (expansion, "Did you mean").
   */
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

  /** The id of the index term a folded word stems to, or undefined when the index lacks the word. */
  termIdOfWord(word: string): number | undefined {
    const id = this.wordId(word);
    return id < 0 ? undefined : this.snapshot.wordTerm[id];
  }

  /** The index term a folded word stems to, or undefined when the index lacks the word. */
  termOfWord(word: string): string | undefined {
    const id = this.termIdOfWord(word);
    return id === undefined ? undefined : this.snapshot.terms[id];
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

  /**
   * Words within `maxDistance` edits of `word` (itself excluded) found in at least `minDocFreq`
   * articles, closest and most frequent first, at most `limit`. Two neighbouring letters swapped
   * (`durign`, `presdient`) count as one edit, as in Damerau's distance: the commonest slip of a
   * typist, which Levenshtein's distance counts as two, so `durign` was nearer `durian` than `during`.
   */
  near(word: string, maxDistance: number, limit: number, minDocFreq: number): LexiconEntry[] {
    const frequentOnly = minDocFreq >= FREQUENT_WORD_DOC_FREQ;
    const keyAt = (distance: number) => `${frequentOnly ? 'f' : 'a'}${distance}:${word}`;
    const key = keyAt(maxDistance);
    let found = this.nearCache.get(key);
    // The words within two edits, when looked up already, hold those within one, in the same order.
    const wider = found === undefined && maxDistance < 2 ? this.nearCache.get(keyAt(2)) : undefined;
    if (wider !== undefined) found = wider.filter((entry) => entry.distance <= maxDistance);
    if (found === undefined) {
      const index = frequentOnly ? this.frequentWords() : this.allWords();
      // Closest first, then most frequent; ties in the vocabulary's (sorted) order, as the sort is stable.
      found = withSwaps(word, index.near(word, maxDistance), (swapped) => {
        const id = this.wordId(swapped);
        return id >= 0 && (!frequentOnly || this.docFreqOfWordId(id) >= FREQUENT_WORD_DOC_FREQ) ? id : -1;
      })
        .sort((a, b) => a.id - b.id)
        .map(({ id, distance }) => this.entry(id, distance))
        .sort((a, b) => a.distance - b.distance || b.docFreq - a.docFreq);
      if (this.nearCache.size >= MAX_CACHED_LOOKUPS) this.nearCache.clear();
      this.nearCache.set(key, found);
    }
    const wanted: LexiconEntry[] = [];
    for (const entry of found) {
      if (wanted.length >= limit) break;
      if (entry.docFreq >= minDocFreq) wanted.push(entry);
    }
    return wanted;
  }

  private allWords(): NearWordIndex {
    this.allNearWords ??= new NearWordIndex(this.snapshot.words);
    return this.allNearWords;
  }

  private frequentWords(): NearWordIndex {
    if (this.frequentNearWords === null) {
      const { words, wordDocFreq } = this.snapshot;
      const frequent: number[] = [];
      for (let id = 0; id < words.length; id += 1) {
        if ((wordDocFreq[id] ?? 0) >= FREQUENT_WORD_DOC_FREQ) frequent.push(id);
      }
      this.frequentNearWords = new NearWordIndex(words, frequent);
    }
    return this.frequentNearWords;
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

/**
 * `near` with the words that `word` becomes when two neighbouring letters are swapped (`idOf` gives
 * their ids, -1 for a word not wanted) at distance 1: added, or moved up from the two edits
 * Levenshtein's distance counts for them.
 */
function withSwaps(word: string, near: readonly NearWord[], idOf: (swapped: string) => number): NearWord[] {
  const found = near.slice();
  for (let i = 0; i + 1 < word.length; i += 1) {
    if (word[i] === word[i + 1]) continue;
    const id = idOf(word.slice(0, i) + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2));
    if (id < 0) continue;
    const at = found.findIndex((entry) => entry.id === id);
    if (at < 0) found.push({ id, distance: 1 });
    else found[at] = { id, distance: 1 };
  }
  return found;
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
