/**
 * "Did you mean": a corrected query built from the index's own vocabulary. A typed word the archive
 * lacks (or has only a handful of times, when a near spelling is far more common) is replaced by its
 * most frequent near spelling; everything else in the query — operators, quotes, field names, case —
 * stays as typed, so following the suggestion runs the same search with the words fixed.
 */
import { analyze } from '../analysis/analyzer.ts';
import type { Mark, MarkedText } from './snippets.ts';

/** The vocabulary lookups a suggestion needs (the engine's {@link Lexicon} provides them). */
export interface SpellingVocabulary {
  docFreqOfWord(word: string): number;
  /** Words within `maxDistance` edits in `minDocFreq` articles or more, closest and most frequent first. */
  near(
    word: string,
    maxDistance: number,
    limit: number,
    minDocFreq: number,
  ): { word: string; docFreq: number; distance: number }[];
}

/** A corrected query, as text and with the corrected words marked (the page shows them in `<em>`). */
export interface SpellingSuggestion {
  query: string;
  marked: MarkedText;
}

export interface SpellingOptions {
  /** Words shorter than this are left alone: one edit turns `tat` into a dozen real words. */
  minLength: number;
  /** A word in at least this many articles is taken as spelt as meant. */
  knownDocFreq: number;
  /** A rarer word is corrected only toward a spelling this many times more frequent. */
  frequencyRatio: number;
}

export const defaultSpellingOptions: SpellingOptions = { minLength: 4, knownDocFreq: 3, frequencyRatio: 20 };

/**
 * A corrected version of `query`, or null when every word looks intended or nothing better is known.
 *
 * @example suggestSpelling('Lighthzer tarifs', lexicon) // { query: 'Lighthizer tariffs', … }
 */
export function suggestSpelling(
  query: string,
  vocabulary: SpellingVocabulary,
  options: SpellingOptions = defaultSpellingOptions,
): SpellingSuggestion | null {
  let text = '';
  const corrected: Mark[] = [];
  let cursor = 0;
  let changed = false;
  for (const token of analyze(query)) {
    const replacement = correction(query, token, vocabulary, options);
    if (replacement === null) continue;
    const typed = query.slice(token.start, token.end);
    const fixed = matchCase(typed, replacement);
    const before = query.slice(cursor, token.start);
    text += before;
    corrected.push({ start: text.length, end: text.length + fixed.length });
    text += fixed;
    cursor = token.end;
    changed = true;
  }
  if (!changed) return null;
  const rest = query.slice(cursor);
  return { query: text + rest, marked: { text: text + rest, marks: corrected } };
}

/** The word to put in place of the token, or null to keep it. */
function correction(
  query: string,
  token: ReturnType<typeof analyze>[number],
  vocabulary: SpellingVocabulary,
  options: SpellingOptions,
): string | null {
  const { word } = token;
  const next = query[token.end];
  // Field names (`title:`), prefixes (`lig*`), numbers and stop words are not misspellings.
  if (token.stop || word.length < options.minLength || next === ':' || next === '*' || /\d/.test(word)) {
    return null;
  }
  const docFreq = vocabulary.docFreqOfWord(word);
  if (docFreq >= options.knownDocFreq) return null;
  const maxDistance = word.length >= 8 ? 2 : 1;
  const minDocFreq = Math.max(1, options.frequencyRatio * docFreq);
  // The most frequent word one edit away, far enough ahead of the typed word…
  const closest = vocabulary.near(word, 1, 1, minDocFreq)[0];
  if (maxDistance === 1) return closest?.word ?? null;
  // …unless a word two edits away is as far ahead of it: an archive has its own slips, and
  // `presdient` is one edit from `presient` (one wire story) but two from `president` (thousands).
  // Near spellings come closest first, so the first this frequent is the most frequent two edits away.
  const fartherMinDocFreq = closest === undefined ? minDocFreq : options.frequencyRatio * closest.docFreq;
  const farther = vocabulary.near(word, 2, 1, fartherMinDocFreq)[0];
  return (farther ?? closest)?.word ?? null;
}

/** The suggestion in the typed word's case: `Lighthzer` → `Lighthizer`, `NAFTTA` → `NAFTA`. */
function matchCase(typed: string, word: string): string {
  if (typed.length > 1 && typed === typed.toUpperCase() && typed !== typed.toLowerCase()) {
    return word.toUpperCase();
  }
  const first = typed.charAt(0);
  if (first !== first.toLowerCase()) return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}
