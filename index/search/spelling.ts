/**
 * "Did you mean": a corrected query built from the index's own vocabulary. A typed word the archive
 * lacks (or has only a handful of times, when a near spelling is far more common) is replaced by the
 * near spelling found most often beside the words typed beside it, else with the query's other words,
 * else the most frequent; everything else in the query — operators, quotes, field names, case — stays
 * as typed, so following the suggestion runs the same search with the words fixed. The search itself
 * reads a word the archive lacks as the spelling picked here (compile.ts).
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
  /**
   * A count, for any word, of the articles where it stands right after `neighbour` (`side` 'after')
   * or right before it ('before'); without it, only {@link togetherWith} weighs near spellings.
   */
  besideWord?(neighbour: string, side: 'before' | 'after'): (word: string) => number;
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
  return suggestionOf(query, spellingCorrections(query, vocabulary, options));
}

/** What "Did you mean" changes in a query: each typed word's replacement (null: kept as typed). */
export interface SpellingCorrections {
  tokens: readonly Token[];
  replacements: readonly (string | null)[];
  /** Each corrected word (folded, as typed) and the word meant. */
  byWord: ReadonlyMap<string, string>;
}

export const NO_CORRECTIONS: SpellingCorrections = { tokens: [], replacements: [], byWord: new Map() };

/**
 * The words of `query` that look misspelt, each with the word meant: what {@link suggestSpelling}
 * suggests, and what the search's near spellings of those words lean to (compile.ts).
 */
export function spellingCorrections(
  query: string,
  vocabulary: SpellingVocabulary,
  options: SpellingOptions = defaultSpellingOptions,
): SpellingCorrections {
  const tokens = analyze(query);
  // Each correctable word's article count (-1 for the others: stop words, short words, field names,
  // prefixes, numbers). Most queries need no correction, and end here.
  const docFreqs = tokens.map((token) =>
    correctable(query, token, options) ? vocabulary.docFreqOfWord(token.word) : -1,
  );
  if (!docFreqs.some((docFreq) => docFreq >= 0 && docFreq < options.knownDocFreq)) return NO_CORRECTIONS;
  // The query's words as the archive spells them (null for a stop word or one it has too seldom):
  // what a near spelling should go with. A word the archive lacks is corrected first, with the known
  // words around it…
  const spelt = tokens.map((token, i) => {
    if (token.stop) return null;
    const docFreq = docFreqs[i] ?? -1;
    const count = docFreq >= 0 ? docFreq : vocabulary.docFreqOfWord(token.word);
    return count >= options.knownDocFreq ? token.word : null;
  });
  const replacements: (string | null)[] = tokens.map(() => null);
  const correct = (at: number) => {
    const token = tokens[at] as Token;
    const docFreq = docFreqs[at] ?? 0;
    const context: SpellingContext = {
      words: () => nearestKnown(tokens, spelt, at),
      beside: () => typedBeside(query, tokens, spelt, at),
    };
    const replacement = correction(token, docFreq, vocabulary, options, context);
    replacements[at] =
      replacement !== null && keepsTyped(token.word, docFreq, replacement, vocabulary, options, context.words)
        ? null
        : replacement;
  };
  tokens.forEach((_token, at) => {
    if (docFreqs[at] === 0) correct(at);
  });
  // …then the words it has only a few times, with the known words and those corrections around them:
  // `satchell stvee` is `satchell steve` when the archive has Steve Satchell, not `mitchell steve`.
  replacements.forEach((replacement, at) => {
    if (replacement !== null) spelt[at] = replacement;
  });
  tokens.forEach((_token, at) => {
    const docFreq = docFreqs[at] ?? -1;
    if (docFreq > 0 && docFreq < options.knownDocFreq) correct(at);
  });

  const byWord = new Map<string, string>();
  replacements.forEach((replacement, at) => {
    const token = tokens[at];
    if (replacement !== null && token !== undefined) byWord.set(token.word, replacement);
  });
  return { tokens, replacements, byWord };
}

/** The query with its corrections made, or null when there are none. */
export function suggestionOf(
  query: string,
  { tokens, replacements }: SpellingCorrections,
): SpellingSuggestion | null {
  let text = '';
  const corrected: Mark[] = [];
  let cursor = 0;
  tokens.forEach((token, at) => {
    const replacement = replacements[at];
    if (replacement === null || replacement === undefined) return;
    const typed = query.slice(token.start, token.end);
    const fixed = matchCase(typed, replacement);
    text += query.slice(cursor, token.start);
    corrected.push({ start: text.length, end: text.length + fixed.length });
    text += fixed;
    cursor = token.end;
  });
  if (corrected.length === 0) return null;
  const rest = query.slice(cursor);
  return { query: text + rest, marked: { text: text + rest, marks: corrected } };
}

type Token = ReturnType<typeof analyze>[number];

/** Whether a typed word may be a misspelling: not a field name, prefix, number, stop or short word. */
function correctable(query: string, token: Token, options: SpellingOptions): boolean {
  const next = query[token.end];
  return !(
    token.stop ||
    token.word.length < options.minLength ||
    next === ':' ||
    next === '*' ||
    /\d/.test(token.word)
  );
}

/**
 * Whether a word the archive has (a few times) stays as typed rather than become `replacement`: when
 * the query has other words, and the typed word is found with them at least a
 * {@link SpellingOptions.frequencyRatio}th as often as the replacement is. The same ratio as for words
 * alone, applied to the articles that hold the query's other words too.
 */
function keepsTyped(
  word: string,
  docFreq: number,
  replacement: string,
  vocabulary: SpellingVocabulary,
  options: SpellingOptions,
  contextOf: () => readonly string[],
): boolean {
  if (docFreq === 0 || vocabulary.togetherWith === undefined) return false;
  const context = contextOf();
  if (context.length === 0) return false;
  const together = vocabulary.togetherWith(context);
  const typed = together(word);
  return typed > 0 && typed * options.frequencyRatio >= together(replacement);
}

/** What a near spelling is weighed with: the query's other words, and those typed right beside it. */
interface SpellingContext {
  words: () => readonly string[];
  beside: () => { before: string | null; after: string | null };
}

/**
 * The known (or corrected) words typed right before and after the word at `at`, with nothing but
 * spaces between: not across an operator or quote, and not stop words, which stand beside anything.
 */
function typedBeside(
  query: string,
  tokens: readonly Token[],
  spelt: readonly (string | null)[],
  at: number,
): { before: string | null; after: string | null } {
  const token = tokens[at] as Token;
  const previous = tokens[at - 1];
  const next = tokens[at + 1];
  const spaced = (from: number, to: number) => query.slice(from, to).trim() === '';
  return {
    before: previous !== undefined && spaced(previous.end, token.start) ? (spelt[at - 1] ?? null) : null,
    after: next !== undefined && spaced(token.end, next.start) ? (spelt[at + 1] ?? null) : null,
  };
}

/**
 * The query's known words a near spelling is weighed with, at most: the nearest to it, as a word's
 * neighbours say most about it, and all of them together are seldom all in one article.
 */
const MAX_CONTEXT_WORDS = 2;

/**
 * The known words (other than the one at `at`) nearest to the word at `at`, nearest first: `spelt`
 * holds each word as the archive spells it, null for a word not known.
 */
function nearestKnown(
  tokens: readonly { word: string }[],
  spelt: readonly (string | null)[],
  at: number,
): string[] {
  const context: string[] = [];
  for (let step = 1; step < tokens.length && context.length < MAX_CONTEXT_WORDS; step += 1) {
    for (const i of [at - step, at + step]) {
      const word = spelt[i];
      if (
        word !== null &&
        word !== undefined &&
        word !== tokens[at]?.word &&
        context.length < MAX_CONTEXT_WORDS
      ) {
        context.push(word);
      }
    }
  }
  return context;
}

/** Near spellings weighed against each other for one word, at most. */
const CANDIDATES = 8;

/** The word to put in place of a correctable token found in `docFreq` articles, or null to keep it. */
function correction(
  token: Token,
  docFreq: number,
  vocabulary: SpellingVocabulary,
  options: SpellingOptions,
  context: SpellingContext,
): string | null {
  const { word } = token;
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
 * Of near spellings (most frequent first), the one found most often right beside the words typed
 * beside it, else the one found most often with the query's other words, as a noisy channel would
 * choose with every slip as likely: P(word) · P(context | word) is the share of articles holding both,
 * and a neighbour says more than a word anywhere in the article. The most frequent when none is found
 * with them, or there are no others.
 */
function likeliest(
  candidates: readonly { word: string }[],
  vocabulary: SpellingVocabulary,
  context: SpellingContext,
): string | null {
  const first = candidates[0]?.word ?? null;
  if (candidates.length < 2) return first;
  if (vocabulary.besideWord !== undefined) {
    const beside = context.beside();
    const counts = candidates.map(() => 0);
    for (const side of ['before', 'after'] as const) {
      const neighbour = beside[side];
      if (neighbour === null) continue;
      // The neighbour typed before the word is the one the word stands after.
      const count = vocabulary.besideWord(neighbour, side === 'before' ? 'after' : 'before');
      candidates.forEach(({ word }, i) => {
        counts[i] = (counts[i] ?? 0) + count(word);
      });
    }
    const best = mostCounted(candidates, counts);
    if (best !== null) return best;
  }
  if (vocabulary.togetherWith === undefined) return first;
  const words = context.words();
  if (words.length === 0) return first;
  const withContext = vocabulary.togetherWith(words);
  return (
    mostCounted(
      candidates,
      candidates.map(({ word }) => withContext(word)),
    ) ?? first
  );
}

/** The candidate with the largest count above 0, the first of equals; null when every count is 0. */
function mostCounted(candidates: readonly { word: string }[], counts: readonly number[]): string | null {
  let best: string | null = null;
  let most = 0;
  candidates.forEach(({ word }, i) => {
    if ((counts[i] ?? 0) > most) {
      best = word;
      most = counts[i] ?? 0;
    }
  });
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
