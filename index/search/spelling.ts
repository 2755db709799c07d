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
  /**
   * A count, for any word, of the articles holding it with every one of `context`; without it, near
   * spellings are weighed by their own frequency only.
   */
  togetherWith?(context: readonly string[]): (word: string) => number;
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
  const tokens = analyze(query);
  // The query's words spelt as the archive spells them: what a near spelling should go with. Looked
  // up only once a word needs correcting, which most queries' words do not.
  let known: boolean[] | null = null;
  tokens.forEach((token, at) => {
    const context = () => {
      known ??= tokens.map(
        (other) => !other.stop && vocabulary.docFreqOfWord(other.word) >= options.knownDocFreq,
      );
      return nearestKnown(tokens, known, at);
    };
    const replacement = correction(query, token, vocabulary, options, context);
    if (replacement === null) return;
    const typed = query.slice(token.start, token.end);
    const fixed = matchCase(typed, replacement);
    const before = query.slice(cursor, token.start);
    text += before;
    corrected.push({ start: text.length, end: text.length + fixed.length });
    text += fixed;
    cursor = token.end;
    changed = true;
  });
  if (!changed) return null;
  const rest = query.slice(cursor);
  return { query: text + rest, marked: { text: text + rest, marks: corrected } };
}

/**
 * The query's known words a near spelling is weighed with, at most: the nearest to it, as a word's
 * neighbours say most about it, and all of them together are seldom all in one article.
 */
const MAX_CONTEXT_WORDS = 2;

/** The known words (other than the one at `at`) nearest to the word at `at`, nearest first. */
function nearestKnown(tokens: readonly { word: string }[], known: readonly boolean[], at: number): string[] {
  const context: string[] = [];
  for (let step = 1; step < tokens.length && context.length < MAX_CONTEXT_WORDS; step += 1) {
    for (const i of [at - step, at + step]) {
      const word = tokens[i]?.word;
      if (known[i] && word !== undefined && word !== tokens[at]?.word && context.length < MAX_CONTEXT_WORDS) {
        context.push(word);
      }
    }
  }
  return context;
}

/** Near spellings weighed against each other for one word, at most. */
const CANDIDATES = 8;

/** The word to put in place of the token, or null to keep it. */
function correction(
  query: string,
  token: ReturnType<typeof analyze>[number],
  vocabulary: SpellingVocabulary,
  options: SpellingOptions,
  context: () => readonly string[],
): string | null {
  const { word } = token;
  const next = query[token.end];
  // Field names (`title:`), prefixes (`lig*`), numbers and stop words are not misspellings.
  if (token.stop || word.length < options.minLength || next === ':' || next === '*' || /\d/.test(word)) {
    return null;
  }
  const docFreq = vocabulary.docFreqOfWord(word);
  if (docFreq >= options.knownDocFreq) return null;
  const minDocFreq = Math.max(1, options.frequencyRatio * docFreq);
  // The words one edit away far enough ahead of the typed word, most frequent first…
  const closest = vocabulary.near(word, 1, CANDIDATES, minDocFreq);
  if (word.length < 8) return likeliest(closest, vocabulary, context);
  // …unless words two edits away are as far ahead of those: an archive has its own slips, and
  // `presdient` is one edit from `presient` (one wire story) but two from `president` (thousands).
  const fartherMinDocFreq = Math.max(minDocFreq, options.frequencyRatio * (closest[0]?.docFreq ?? 0));
  const farther = vocabulary
    .near(word, 2, CANDIDATES, fartherMinDocFreq)
    .filter((entry) => entry.distance === 2);
  return likeliest(farther.length > 0 ? farther : closest, vocabulary, context);
}

/**
 * Of near spellings (most frequent first), the one found most often with the query's other words, as
 * a noisy channel would choose with every slip as likely: P(word) · P(context | word) is the share of
 * articles holding both. The most frequent when none is found with them, or there are no others.
 */
function likeliest(
  candidates: readonly { word: string }[],
  vocabulary: SpellingVocabulary,
  contextOf: () => readonly string[],
): string | null {
  let best = candidates[0]?.word ?? null;
  if (candidates.length < 2 || vocabulary.togetherWith === undefined) return best;
  const context = contextOf();
  if (context.length === 0) return best;
  const withContext = vocabulary.togetherWith(context);
  let mostTogether = 0;
  for (const { word } of candidates) {
    const together = withContext(word);
    if (together > mostTogether) {
      best = word;
      mostTogether = together;
    }
  }
  return best;
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
