/**
 * Snippets and highlighting, as data: a passage, a title or a paragraph is returned as its text with
 * the stretches to mark ({@link MarkedText}); the server turns that into `<mark>` HTML, the CLI into
 * colour. Text is analyzed with the same analyzer as the index, so every word the engine matched is
 * marked (stemmed variants included: `negotiations` for `negotiate`), and a phrase is one mark from its
 * first word to its last.
 */
import { analyze, type Token } from '../analysis/analyzer.ts';

/**
 * What to mark: any word whose term is in `terms`, or a run of words equal to a phrase's terms (or,
 * when `words` is given, to those folded words exactly: a quoted phrase matches as written).
 */
export type Matcher =
  | { id: number; kind: 'terms'; terms: ReadonlySet<string> }
  | { id: number; kind: 'phrase'; terms: readonly string[]; words?: readonly string[] | null };

/** A stretch of text to mark, and which matcher found it. */
export interface Span {
  start: number;
  end: number;
  matcher: number;
}

/** A stretch of a {@link MarkedText} to mark: UTF-16 offsets into its `text`. */
export interface Mark {
  start: number;
  end: number;
}

/** A text with its matches to mark: marks in text order, never overlapping. */
export interface MarkedText {
  text: string;
  marks: Mark[];
}

/** Snippet sizes; defaults in {@link defaultSnippetOptions}. */
export interface SnippetOptions {
  /** Preferred passage length in characters. */
  targetLength: number;
  /** Longest passage in characters. */
  maxLength: number;
  /** Characters of context kept before the first match of a passage. */
  leadIn: number;
}

export const defaultSnippetOptions: SnippetOptions = { targetLength: 200, maxLength: 240, leadIn: 40 };

/** How much covering a matcher is worth when choosing passages: a phrase says more than a word. */
const PHRASE_WEIGHT = 3;
const TERM_WEIGHT = 1;
/** Spans examined per text; the best passage of a huge article is found among its first matches. */
const MAX_SPANS = 2000;
const ELLIPSIS = '…';

/** Finds every stretch of `text` the matchers match, phrases as one span, in text order. */
export function findMatches(
  text: string,
  matchers: readonly Matcher[],
  tokens: Token[] = analyze(text),
): Span[] {
  const spans: Span[] = [];
  for (const matcher of matchers) {
    if (matcher.kind === 'terms') {
      for (const token of tokens) {
        if (matcher.terms.has(token.term))
          spans.push({ start: token.start, end: token.end, matcher: matcher.id });
      }
      continue;
    }
    const length = matcher.terms.length;
    // An empty phrase (a query of nothing but punctuation) matches nowhere, not between every two words.
    if (length === 0) continue;
    const words = matcher.words ?? null;
    const same = (token: Token | undefined, k: number) =>
      words === null ? token?.term === matcher.terms[k] : token?.word === words[k];
    for (let i = 0; i + length <= tokens.length; i += 1) {
      let k = 0;
      while (k < length && same(tokens[i + k], k)) k += 1;
      const last = tokens[i + length - 1];
      const first = tokens[i];
      if (k === length && first !== undefined && last !== undefined) {
        spans.push({ start: first.start, end: last.end, matcher: matcher.id });
      }
    }
  }
  return spans.sort((a, b) => a.start - b.start || b.end - a.end || a.matcher - b.matcher);
}

/**
 * The best passage of `text` for the matchers: the one covering the most distinct matchers (phrases
 * first), about 160–240 characters, cut at word boundaries with `…`. When it cannot hold every
 * matcher, a second passage covers what the first missed. Without any match, the text's opening.
 */
export function buildSnippet(
  text: string,
  matchers: readonly Matcher[],
  options: SnippetOptions = defaultSnippetOptions,
): MarkedText {
  return snippetFromSpans(text, findMatches(text, matchers), matcherWeights(matchers), options);
}

/** How much covering each matcher is worth when choosing passages, by matcher id. */
export function matcherWeights(matchers: readonly Matcher[]): Map<number, number> {
  return new Map(matchers.map((m) => [m.id, m.kind === 'phrase' ? PHRASE_WEIGHT : TERM_WEIGHT]));
}

/**
 * {@link buildSnippet} for matches already located (from the index's stored token offsets), so a
 * page of hits is built without analyzing the articles again. `spans` must be in text order.
 */
export function snippetFromSpans(
  text: string,
  allSpans: readonly Span[],
  weights: ReadonlyMap<number, number>,
  options: SnippetOptions = defaultSnippetOptions,
): MarkedText {
  const spans = allSpans.slice(0, MAX_SPANS);
  if (spans.length === 0) return passage(text, [trimToWords(text, 0, options.maxLength)], []);

  const first = bestWindow(spans, weights, new Set(), options);
  const passages = [first];
  const covered = new Set(
    spans.filter((s) => s.start >= first.start && s.end <= first.end).map((s) => s.matcher),
  );
  if (covered.size < new Set(spans.map((s) => s.matcher)).size) {
    const rest = spans.filter(
      (s) => !covered.has(s.matcher) && (s.end <= first.start || s.start >= first.end),
    );
    if (rest.length > 0) passages.push(bestWindow(rest, weights, covered, options));
  }
  passages.sort((a, b) => a.start - b.start);
  // Two passages share the length of one, so a snippet stays a glance, not a paragraph.
  const shape: SnippetOptions =
    passages.length === 1
      ? options
      : {
          targetLength: Math.round(options.targetLength / 2),
          maxLength: Math.round(options.maxLength / 2),
          leadIn: Math.round(options.leadIn / 2),
        };
  return passage(
    text,
    passages.map((window) => shapeWindow(text, window, shape)),
    spans,
  );
}

/** The whole text with every match marked, split into paragraphs (at blank lines). */
export function highlightParagraphs(
  text: string,
  matchers: readonly Matcher[],
): { paragraphs: MarkedText[]; matches: number } {
  return highlightParagraphsFromSpans(text, findMatches(text, matchers));
}

/**
 * The paragraphs of `text` inside `window` (all of it by default), every located match marked, and
 * how many matches the window holds. Linear in the paragraphs and matches, so a long article with many
 * matches costs no more than its length.
 */
export function highlightParagraphsFromSpans(
  text: string,
  located: readonly Span[],
  window: Window = { start: 0, end: text.length },
): { paragraphs: MarkedText[]; matches: number } {
  const spans = mergeSpans(located).filter((span) => span.end > window.start && span.start < window.end);
  const paragraphs: MarkedText[] = [];
  let next = 0;
  for (const range of paragraphRanges(text.slice(window.start, window.end), window.start)) {
    const marks: Mark[] = [];
    // Spans are in text order: skip those before this paragraph, mark those in it.
    while (next < spans.length && (spans[next]?.end ?? 0) <= range.start) next += 1;
    for (let k = next; k < spans.length; k += 1) {
      const span = spans[k] as Span;
      if (span.start >= range.end) break;
      marks.push({
        start: Math.max(span.start, range.start) - range.start,
        end: Math.min(span.end, range.end) - range.start,
      });
    }
    paragraphs.push({ text: text.slice(range.start, range.end), marks });
  }
  return { paragraphs, matches: spans.length };
}

/** Marks located matches in a short text such as a title (no passage selection). */
export function highlightTextFromSpans(text: string, spans: readonly Span[]): MarkedText {
  return passage(text, [{ start: 0, end: text.length, cutStart: false, cutEnd: false }], spans);
}

interface Window {
  start: number;
  end: number;
}

interface ShapedWindow extends Window {
  cutStart: boolean;
  cutEnd: boolean;
}

/** Slides a window of `targetLength` over the spans; scores distinct matchers not yet `covered`. */
function bestWindow(
  spans: readonly Span[],
  weights: ReadonlyMap<number, number>,
  covered: ReadonlySet<number>,
  options: SnippetOptions,
): Window {
  let best: Window & { score: number } = { start: 0, end: 0, score: -1 };
  const reach = options.targetLength - options.leadIn;
  for (let i = 0; i < spans.length; i += 1) {
    const anchor = spans[i];
    if (anchor === undefined) continue;
    const seen = new Set<number>();
    let score = 0;
    let end = anchor.end;
    for (let j = i; j < spans.length; j += 1) {
      const span = spans[j];
      if (span === undefined || span.end - anchor.start > reach) break;
      end = Math.max(end, span.end);
      score += 0.01;
      if (!seen.has(span.matcher) && !covered.has(span.matcher)) {
        seen.add(span.matcher);
        score += weights.get(span.matcher) ?? TERM_WEIGHT;
      }
    }
    if (score > best.score) best = { start: anchor.start, end, score };
  }
  return { start: best.start, end: best.end };
}

/** Grows a window of matches to a readable passage: sentence start if close, word boundaries, `…`. */
function shapeWindow(text: string, window: Window, options: SnippetOptions): ShapedWindow {
  const budget = Math.max(options.targetLength, window.end - window.start);
  let start = Math.max(0, window.start - options.leadIn);
  const sentenceStart = lastSentenceStart(text, start, window.start);
  if (sentenceStart !== null) start = sentenceStart;
  else if (start > 0) start = nextWordStart(text, start);
  const spare = budget - (window.end - start);
  return trimToWords(
    text,
    start,
    Math.min(options.maxLength, window.end - start + Math.max(spare, 0)),
    window.end,
  );
}

/** A passage from `start` of at most `length` characters, ending at a word boundary after `mustReach`. */
function trimToWords(text: string, start: number, length: number, mustReach = start): ShapedWindow {
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const boundary = text.lastIndexOf(' ', end);
    if (boundary > mustReach) end = boundary;
    else end = Math.max(end, mustReach);
  }
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end -= 1;
  return { start, end, cutStart: start > 0, cutEnd: end < text.length };
}

/** The start of the sentence containing `from`, if it begins between `limit` and `from`. */
function lastSentenceStart(text: string, limit: number, from: number): number | null {
  if (limit === 0) return 0;
  for (let i = from - 1; i >= limit; i -= 1) {
    const code = text.charCodeAt(i);
    if (code === NEWLINE || (isWhitespace(code) && endsSentence(text.charCodeAt(i - 1)))) {
      return nextWordStart(text, i);
    }
  }
  return null;
}

function nextWordStart(text: string, from: number): number {
  let i = from;
  while (
    i < text.length &&
    i > 0 &&
    !isWhitespace(text.charCodeAt(i)) &&
    !isWhitespace(text.charCodeAt(i - 1))
  ) {
    i += 1;
  }
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i += 1;
  return i;
}

const NEWLINE = 0x0a;

/**
 * Whether a UTF-16 code unit is what `\s` matches in a regular expression (ECMAScript's white space
 * and line terminators): a test per character, where a regular expression per character was a tenth
 * of building a snippet.
 */
export function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** `.`, `!`, `?`, `”` or `"`: what ends a sentence before a space. */
function endsSentence(code: number): boolean {
  return code === 0x2e || code === 0x21 || code === 0x3f || code === 0x201d || code === 0x22;
}

/**
 * One or two passages of `text` as one marked text: an ellipsis where a passage is cut (one between
 * two passages), the merged marks clipped to the passages, runs of whitespace folded to one space.
 */
function passage(text: string, windows: readonly ShapedWindow[], spans: readonly Span[]): MarkedText {
  let out = '';
  const marks: Mark[] = [];
  let blank = false;
  // A run of whitespace becomes one space, across pieces too; one replace per piece, not a test per
  // character (a page of snippets spent a tenth of a rare word's search here).
  const append = (piece: string) => {
    let folded = FOLDABLE_SPACE.test(piece) ? piece.replace(/\s+/g, ' ') : piece;
    if (blank && folded.startsWith(' ')) folded = folded.slice(1);
    if (folded === '') return;
    out += folded;
    blank = folded.endsWith(' ');
  };
  const merged = mergeSpans(spans);
  windows.forEach((window, i) => {
    // Two passages are joined by one ellipsis between spaces, not `… …`.
    if (i > 0) append(window.cutStart || windows[i - 1]?.cutEnd ? ` ${ELLIPSIS} ` : ' ');
    else if (window.cutStart) append(ELLIPSIS);
    let cursor = window.start;
    for (const span of merged) {
      if (span.end <= window.start || span.start >= window.end) continue;
      const start = Math.max(span.start, window.start);
      const end = Math.min(span.end, window.end);
      append(text.slice(cursor, start));
      const from = out.length;
      append(text.slice(start, end));
      marks.push({ start: from, end: out.length });
      cursor = end;
    }
    append(text.slice(cursor, window.end));
    if (window.cutEnd && i === windows.length - 1) append(ELLIPSIS);
  });
  return { text: out, marks };
}

/** Whitespace that folding changes: a run of two or more, or any but a plain space. */
const FOLDABLE_SPACE = /\s\s|[^\S ]/;

/** How many matches located spans mark, overlapping ones counted once (as they are marked). */
export function countMatches(spans: readonly Span[]): number {
  return mergeSpans(spans).length;
}

/** Joins overlapping or touching spans, so a word inside a marked phrase is not marked twice. */
function mergeSpans(spans: readonly Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last !== undefined && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** The paragraphs of `text` (separated by blank lines), as ranges shifted by `offset`. */
function paragraphRanges(text: string, offset = 0): Window[] {
  const ranges: Window[] = [];
  const separator = /\n\s*\n/g;
  let start = 0;
  for (const match of text.matchAll(separator)) {
    if (match.index > start) ranges.push({ start: start + offset, end: match.index + offset });
    start = match.index + match[0].length;
  }
  if (start < text.length) ranges.push({ start: start + offset, end: text.length + offset });
  return ranges;
}
