/**
 * The one analyzer. Indexing, query parsing, phrase matching and highlighting all turn text into terms
 * through {@link analyze}, so a word highlighted in a snippet is exactly a word the index matched, and a
 * phrase typed in a query lines up with the positions stored at build time.
 *
 * Pipeline for each word of the text: find it (Unicode letters and digits, with apostrophes, acronym
 * dots and digit grouping inside), fold it (compatibility forms, case, accents, smart apostrophes,
 * possessive `'s`, ordinals) and stem it (English Porter stemmer). Hyphens and other punctuation split
 * words, so `Mar-a-Lago` is three consecutive positions and the query `Mar-a-Lago` is the phrase
 * `mar a lago`.
 */
import { stemmer } from 'stemmer';

/** One word of a text, as the index sees it and as the text shows it. */
export interface Token {
  /** The index term: folded and stemmed (`negotiations` → `negoti`). */
  term: string;
  /** The folded word before stemming (`negotiations`); what prefix search and suggestions work on. */
  word: string;
  /** UTF-16 offset of the word's first character in the analyzed text. */
  start: number;
  /** UTF-16 offset just past the word's last character. */
  end: number;
  /** Ordinal of the word in the text (0, 1, 2, …); adjacent words have consecutive positions. */
  position: number;
  /** A stop word: kept for phrases and positions, left out of ranking. */
  stop: boolean;
}

/**
 * Lucene's English stop words. Kept short on purpose: in news, words such as `us`, `who` and `new`
 * carry meaning, and a stop word still counts inside a quoted phrase.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'but',
  'by',
  'for',
  'if',
  'in',
  'into',
  'is',
  'it',
  'no',
  'not',
  'of',
  'on',
  'or',
  'such',
  'that',
  'the',
  'their',
  'then',
  'there',
  'these',
  'they',
  'this',
  'to',
  'was',
  'will',
  'with',
]);

/**
 * Where words are. Alternatives, tried in order at each position:
 * 1. one CJK ideograph or kana: those scripts do not separate words with spaces, so each character is
 *    a term (unigram indexing) rather than a whole sentence becoming one unsearchable token;
 * 2. a number with thousands separators (`10,000`, `1,234.5`);
 * 3. an acronym of single letters with dots (`U.S.`, `e.g.`), not followed by another letter;
 * 4. a run of letters and digits with apostrophes inside (`Trump’s`) and decimals (`3.5`).
 * The repeats that could backtrack (separator groups, acronym letters) are bounded, so the work at each
 * position is constant and no input can make matching super-linear.
 */
const WORD_PATTERN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|\d{1,3}(?:,\d{3}){1,6}(?:\.\d+)?(?!,?\d)|(?:\p{L}\p{M}*\.){1,8}\p{L}\p{M}*(?![\p{L}\p{N}])\.?|[\p{L}\p{N}\p{M}]+(?:['’ʼ‘][\p{L}\p{N}\p{M}]+|\.\d+)*/gu;

const APOSTROPHES = /['’ʼ‘]/g;
const COMBINING_MARKS = /\p{M}/gu;
const ORDINAL = /^(\d+)(?:st|nd|rd|th)$/;
const ASCII_ONLY = /^[\x20-\x7e]*$/;
const HAS_DIGIT = /\d/;

/** Letters that Unicode decomposition does not reduce to ASCII but readers type without accents. */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};
const FOLDABLE_LETTERS = /[ßæœøđðłþı]/g;

/** How one surface form analyzes; cached because news text repeats the same words constantly. */
interface WordAnalysis {
  term: string;
  word: string;
  stop: boolean;
}

const MAX_CACHED_WORDS = 200_000;
const wordCache = new Map<string, WordAnalysis | null>();

/**
 * Folds one surface word to its comparable form: compatibility characters, case, accents, smart
 * apostrophes, possessive `'s`, acronym dots, digit grouping and ordinal suffixes. Returns '' when
 * nothing searchable is left (a lone apostrophe, say).
 */
export function foldWord(surface: string): string {
  let folded = surface;
  if (!ASCII_ONLY.test(folded)) {
    folded = folded.normalize('NFKD').replace(COMBINING_MARKS, '');
  }
  folded = folded.toLowerCase();
  if (!ASCII_ONLY.test(folded)) {
    folded = folded.replace(FOLDABLE_LETTERS, (letter) => LETTER_FOLDS[letter] ?? letter);
  }
  folded = folded.replace(APOSTROPHES, "'");
  if (folded.endsWith("'s")) folded = folded.slice(0, -2);
  folded = folded.replace(/'/g, '');
  if (HAS_DIGIT.test(folded)) {
    folded = folded.replace(/,/g, '');
    const ordinal = ORDINAL.exec(folded);
    if (ordinal?.[1] !== undefined) folded = ordinal[1];
  } else {
    folded = folded.replace(/\./g, '');
  }
  return folded;
}

/** The index term for a folded word: stemmed when it is an English-looking word, as-is otherwise. */
export function stemWord(word: string): string {
  if (word.length <= 2 || HAS_DIGIT.test(word)) return word;
  return stemmer(word);
}

function analyzeSurface(surface: string): WordAnalysis | null {
  const cached = wordCache.get(surface);
  if (cached !== undefined) return cached;
  const word = foldWord(surface);
  const analysis = word === '' ? null : { word, term: stemWord(word), stop: STOP_WORDS.has(word) };
  if (wordCache.size >= MAX_CACHED_WORDS) wordCache.clear();
  wordCache.set(surface, analysis);
  return analysis;
}

/**
 * Splits a text into tokens with their terms, offsets and positions. Pure: the same text always gives
 * the same tokens. Offsets refer to `text` as given, so callers can mark the original characters.
 *
 * @example analyze('Trump’s 50-50 deal').map((t) => t.term) // ['trump', '50', '50', 'deal']
 */
export function analyze(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD_PATTERN)) {
    const analysis = analyzeSurface(match[0]);
    if (analysis === null) continue;
    const start = match.index;
    tokens.push({
      term: analysis.term,
      word: analysis.word,
      start,
      end: start + match[0].length,
      position: tokens.length,
      stop: analysis.stop,
    });
  }
  return tokens;
}

/** A text's folded words in order and where each stands in it: {@link analyze} in three columns. */
export interface WordColumns {
  words: string[];
  /** UTF-16 offset of each word in the text. */
  starts: number[];
  /** UTF-16 length of each word as written. */
  lengths: number[];
}

/**
 * The words of a text as {@link analyze} finds them, straight into columns: what the build stores for
 * every field of every article, without a {@link Token} object per word on the way.
 */
export function analyzeWords(text: string): WordColumns {
  const columns: WordColumns = { words: [], starts: [], lengths: [] };
  for (const match of text.matchAll(WORD_PATTERN)) {
    const analysis = analyzeSurface(match[0]);
    if (analysis === null) continue;
    columns.words.push(analysis.word);
    columns.starts.push(match.index);
    columns.lengths.push(match[0].length);
  }
  return columns;
}

/** The index terms of a text, in order, stop words included; for callers that need no offsets. */
export function analyzeTerms(text: string): string[] {
  return analyze(text).map((token) => token.term);
}
