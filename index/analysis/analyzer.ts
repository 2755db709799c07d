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
 * Function words: left out of ranking and of what "every word of the query" means, but kept in
 * positions, so they still count inside a quoted phrase (`"note of hopefulness"`). NLTK's classic
 * English list (127 words; Lucene's 33 are among them) without `own`, which is a verb in news. With
 * the shorter list, a query's `has`, `its`, `having` or `what` was a word an article needed to rank
 * first. Not checked on stems as well: `Downing`, `owned` and `willing` share stems with `down`, `own`
 * and `will`. Words such as `us` and `new`, which carry meaning in news, are not on it.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her ' +
    'hers herself it its itself they them their theirs themselves what which who whom this that these ' +
    'those am is are was were be been being have has had having do does did doing a an the and but if ' +
    'or because as until while of at by for with about against between into through during before ' +
    'after above below to from up down in out on off over under again further then once here there ' +
    'when where why how all any both each few more most other some such no nor not only same so than ' +
    'too very s t can will just don should now'
  ).split(' '),
);

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
export const WORD_PATTERN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|\d{1,3}(?:,\d{3}){1,6}(?:\.\d+)?(?!,?\d)|(?:\p{L}\p{M}*\.){1,8}\p{L}\p{M}*(?![\p{L}\p{N}])\.?|[\p{L}\p{N}\p{M}]+(?:['’ʼ‘][\p{L}\p{N}\p{M}]+|\.\d+)*/gu;

/**
 * Longest word indexed, in UTF-16 code units. The longest words of real text (chemical names, German
 * compounds, URLs' runs of letters) stay under it; a longer "word" is a base64 blob or a file of one
 * character repeated, which as a term would bloat the vocabulary, suggestions and every answer that
 * lists terms. Such runs are left out of the index, in articles and queries alike.
 */
export const MAX_WORD_LENGTH = 64;

/**
 * Zero-width and soft-hyphen characters: invisible, and typed or pasted inside words (`tar\u00adiffs`).
 * They are dropped, from articles and queries alike, so the word they sit in stays one word.
 */
export const INVISIBLE_CHARACTERS = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

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

/**
 * The index term for a folded word: stemmed when it is an English-looking word, as-is otherwise.
 * Porter's stemmer cuts some words to two letters (`use`, `used`, `uses` → `us`; `one` → `on`), where
 * they collide with real two-letter words: `U.S. companies` matched "used companies". A stem shorter
 * than three letters is lengthened: with an `e` when the word goes on so (`use`, `used` → `use`),
 * else to the word without a plural `s`, else to the word itself.
 */
export function stemWord(word: string): string {
  if (word.length <= 2 || HAS_DIGIT.test(word)) return word;
  const stem = stemmer(word);
  if (stem.length >= MIN_STEM_LENGTH) return stem;
  if (word.startsWith(`${stem}e`)) return `${stem}e`;
  return /[^s]s$/.test(word) ? word.slice(0, -1) : word;
}

/** Shortest stem of a word of three letters or more (see {@link stemWord}). */
const MIN_STEM_LENGTH = 3;

function analyzeSurface(surface: string): WordAnalysis | null {
  const word = foldWord(surface);
  return word === '' ? null : { word, term: stemWord(word), stop: STOP_WORDS.has(word) };
}

/**
 * The analyses of the surface words seen so far, found by the characters in the text rather than by
 * a string: looking a word up in a Map needs it cut out of the text first and hashed, which was the
 * largest cost of analysis. An open-addressing table of FNV-1a hashes of the UTF-16 code units, each
 * entry checked character by character; emptied when half full, so it stays small and fast.
 */
class SurfaceCache {
  private static readonly SLOT_BITS = 18;
  private readonly slots = new Int32Array(1 << SurfaceCache.SLOT_BITS);
  private readonly mask = (1 << SurfaceCache.SLOT_BITS) - 1;
  private hashes: number[] = [];
  private surfaces: string[] = [];
  private analyses: (WordAnalysis | null)[] = [];

  /** The analysis of `text.slice(start, end)`, whose FNV-1a hash is `hash`; null for no word. */
  lookup(text: string, start: number, end: number, hash: number): WordAnalysis | null {
    // Words longer than MAX_WORD_LENGTH never get here, so the cache holds no long strings.
    const length = end - start;
    let slot = hash & this.mask;
    for (let entry = this.slots[slot] ?? 0; entry !== 0; entry = this.slots[slot] ?? 0) {
      const k = entry - 1;
      const surface = this.surfaces[k] ?? '';
      if (this.hashes[k] === hash && surface.length === length && sameCharacters(text, start, surface)) {
        return this.analyses[k] ?? null;
      }
      slot = (slot + 1) & this.mask;
    }
    if (this.surfaces.length >= this.slots.length >> 1) {
      this.slots.fill(0);
      this.hashes = [];
      this.surfaces = [];
      this.analyses = [];
      slot = hash & this.mask;
    }
    const surface = text.slice(start, end);
    const analysis = analyzeSurface(surface);
    this.hashes.push(hash);
    this.surfaces.push(surface);
    this.analyses.push(analysis);
    this.slots[slot] = this.surfaces.length;
    return analysis;
  }
}

function sameCharacters(text: string, start: number, surface: string): boolean {
  for (let i = 0; i < surface.length; i += 1) {
    if (surface.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  }
  return true;
}

const surfaceCache = new SurfaceCache();

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

function isAsciiLetterOrDigit(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The four apostrophes {@link WORD_PATTERN} lets inside a word: ' ’ ʼ ‘. */
function isApostrophe(code: number): boolean {
  return code === 39 || code === 0x2019 || code === 0x2bc || code === 0x2018;
}

/**
 * Calls `visit` with each word of `text` that has an analysis, in order: exactly the words
 * {@link WORD_PATTERN} finds, matched from the start of the text on, but for those longer than
 * {@link MAX_WORD_LENGTH}, which go to `skip` instead. Most news words are plain ASCII
 * letters and digits ended by a space or punctuation that cannot continue them; those are read here
 * character by character. Anything the pattern might read differently (a dot or comma that could
 * continue a number or an acronym, an apostrophe before another letter, a non-ASCII character) is
 * left to the pattern itself. A property test checks the two agree on random text.
 */
function scanWords(
  text: string,
  visit: (analysis: WordAnalysis, start: number, length: number) => void,
  skip: (length: number) => void = () => {},
): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const first = text.charCodeAt(i);
    if (first < 128) {
      // No word starts with an ASCII character other than a letter or digit.
      if (!isAsciiLetterOrDigit(first)) {
        i += 1;
        continue;
      }
      const word = plainWordEnd(text, i);
      if (word !== null && word.end - i > MAX_WORD_LENGTH) {
        skip(word.end - i);
        i = word.end;
        continue;
      }
      if (word !== null) {
        const analysis = surfaceCache.lookup(text, i, word.end, word.hash);
        if (analysis !== null) visit(analysis, i, word.end - i);
        i = word.end;
        continue;
      }
    }
    // No word can start between the end of the last one and `i`, so the pattern's next match from
    // `i` is the one it would find scanning from the end of the last word.
    WORD_PATTERN.lastIndex = i;
    const match = WORD_PATTERN.exec(text);
    if (match === null) return;
    const start = match.index;
    const end = start + match[0].length;
    if (end - start > MAX_WORD_LENGTH) {
      skip(end - start);
      i = end;
      continue;
    }
    let hash = FNV_OFFSET;
    for (let k = start; k < end; k += 1) hash = Math.imul(hash ^ text.charCodeAt(k), FNV_PRIME);
    const analysis = surfaceCache.lookup(text, start, end, hash);
    if (analysis !== null) visit(analysis, start, end - start);
    i = end;
  }
}

/**
 * Where the word starting at `start` (an ASCII letter or digit) ends, with its hash, when it is
 * plain: ASCII letters and digits, perhaps joined by apostrophes, followed by something that cannot
 * continue it under {@link WORD_PATTERN}. Null when the pattern must decide.
 */
function plainWordEnd(text: string, start: number): { end: number; hash: number } | null {
  const n = text.length;
  let hash = FNV_OFFSET;
  let end = start;
  let allDigits = true;
  for (;;) {
    let code = text.charCodeAt(end);
    while (end < n && isAsciiLetterOrDigit(code)) {
      if (!isAsciiDigit(code)) allDigits = false;
      hash = Math.imul(hash ^ code, FNV_PRIME);
      end += 1;
      code = text.charCodeAt(end);
    }
    // `Trump's`, `don’t`: an apostrophe between ASCII letters or digits joins them.
    if (end + 1 < n && isApostrophe(code) && isAsciiLetterOrDigit(text.charCodeAt(end + 1))) {
      hash = Math.imul(hash ^ code, FNV_PRIME);
      end += 1;
      allDigits = false;
      continue;
    }
    break;
  }
  if (end >= n) return { end, hash };
  const next = text.charCodeAt(end);
  const after = end + 1 < n ? text.charCodeAt(end + 1) : -1;
  // A dot: an acronym (`U.S.`) after a single letter, a decimal (`3.5`) before a digit.
  if (next === 46) {
    const singleLetter = end === start + 1 && !isAsciiDigit(text.charCodeAt(start));
    return singleLetter || isAsciiDigit(after) ? null : { end, hash };
  }
  // A comma: thousands (`10,000`) after up to three digits, before a digit.
  if (next === 44) return allDigits && end - start <= 3 && isAsciiDigit(after) ? null : { end, hash };
  // An apostrophe ends the word (`players’ union`) unless a letter follows, perhaps a non-ASCII one;
  // not ʼ, which is itself a letter to the pattern.
  if (next === 39 || next === 0x2019 || next === 0x2018) {
    return after === -1 || (after < 128 && !isAsciiLetterOrDigit(after)) ? { end, hash } : null;
  }
  // Any other non-ASCII character (a letter, an accent) may continue the word.
  return next < 128 ? { end, hash } : null;
}

/**
 * Splits a text into tokens with their terms, offsets and positions. Pure: the same text always gives
 * the same tokens. Offsets refer to `text` as given, so callers can mark the original characters.
 *
 * @example analyze('Trump’s 50-50 deal').map((t) => t.term) // ['trump', '50', '50', 'deal']
 */
export function analyze(text: string): Token[] {
  const tokens: Token[] = [];
  scanWords(text, (analysis, start, length) => {
    tokens.push({
      term: analysis.term,
      word: analysis.word,
      start,
      end: start + length,
      position: tokens.length,
      stop: analysis.stop,
    });
  });
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
 * every field of every article, without a {@link Token} object per word on the way. `onOverlong` hears
 * of each word left out for being longer than {@link MAX_WORD_LENGTH}, with its length.
 */
export function analyzeWords(text: string, onOverlong?: (length: number) => void): WordColumns {
  const columns: WordColumns = { words: [], starts: [], lengths: [] };
  scanWords(
    text,
    (analysis, start, length) => {
      columns.words.push(analysis.word);
      columns.starts.push(start);
      columns.lengths.push(length);
    },
    onOverlong,
  );
  return columns;
}

/** The index terms of a text, in order, stop words included; for callers that need no offsets. */
export function analyzeTerms(text: string): string[] {
  return analyze(text).map((token) => token.term);
}
