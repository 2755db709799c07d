/**
 * Splitting a text into lines and putting surviving lines back together as paragraphs. Every other
 * cleaning step classifies lines, so this is where whitespace gets its one normal form.
 */
import { INVISIBLE_CHARACTERS } from '../../analysis/analyzer.ts';
import { type BudgetCheck, UNLIMITED_BUDGET } from './budget.ts';

/** One non-blank line of the source, whitespace collapsed. */
export interface Line {
  /** The line's text: trimmed, runs of whitespace (non-breaking spaces included) folded to one space. */
  text: string;
  /** Lines with the same block number were not separated by a blank line. */
  block: number;
  /** Whether the line began with whitespace: in hard-wrapped wire copy, the first line of a paragraph. */
  indented: boolean;
}

/**
 * JavaScript's `\s` already covers the Unicode spaces pages use for layout (no-break, thin, figure,
 * ideographic…). Zero-width characters and soft hyphens are dropped instead, since they sit inside words.
 */
const WHITESPACE = /\s+/g;

/**
 * Whatever folding would change inside a trimmed text: a zero-width character, whitespace other than a
 * plain space, or two spaces in a row. Most lines have none once trimmed, and are already in normal form.
 */
const NEEDS_FOLDING = /[\u200b-\u200d\u2060\ufeff\u00ad]|[^\S ]| {2}/;

/** Folds every run of whitespace, no-break spaces included, to one space and trims the ends. */
export function collapseSpaces(text: string): string {
  const trimmed = text.trim();
  if (!NEEDS_FOLDING.test(trimmed)) return trimmed;
  return text.replace(INVISIBLE_CHARACTERS, '').replace(WHITESPACE, ' ').trim();
}

/** Splits a text into its non-blank lines, numbering the blank-line-separated blocks they belong to. */
export function toLines(text: string, budget: BudgetCheck = UNLIMITED_BUDGET): Line[] {
  const lines: Line[] = [];
  let block = 0;
  let previousBlank = true;
  // Without a carriage return, only "\n" ends a line, and a plain string split is cheaper.
  for (const raw of text.includes('\r') ? text.split(/\r\n?|\n/) : text.split('\n')) {
    budget.check();
    const line = collapseSpaces(raw);
    if (line === '') {
      previousBlank = true;
      continue;
    }
    if (previousBlank && lines.length > 0) block += 1;
    previousBlank = false;
    const first = raw.charCodeAt(0);
    lines.push({ text: line, block, indented: first === 32 || first === 9 });
  }
  return lines;
}

/**
 * Counts the words of a line (runs of non-space characters; lines have single spaces only), but stops
 * past `limit`: the result is exact up to `limit` and `limit + 1` for any longer line, so comparisons
 * with `limit` come out as with the full count without scanning a whole paragraph.
 */
export function wordCount(text: string, limit = Number.POSITIVE_INFINITY): number {
  if (text === '') return 0;
  let words = 1;
  for (let space = text.indexOf(' '); space !== -1 && words <= limit; space = text.indexOf(' ', space + 1)) {
    words += 1;
  }
  return words;
}

/** Longest line, in characters, that a hard-wrapping editor or mailer is assumed to produce. */
const WRAP_WIDTH = 100;
/** Shortest such line: text is wrapped at 60–80 characters, while lists and tables have short lines. */
const MIN_WRAP_WIDTH = 40;

/**
 * Whether the lines of one block are a single paragraph wrapped at a fixed width rather than separate
 * items: all lines but the last are of similar, modest length and at least one of them stops
 * mid-sentence.
 */
function isWrappedBlock(texts: readonly string[]): boolean {
  const inner = texts.slice(0, -1);
  if (inner.length === 0) return false;
  const widest = inner.reduce((most, text) => Math.max(most, text.length), 0);
  if (widest > WRAP_WIDTH || widest < MIN_WRAP_WIDTH) return false;
  const similar = inner.every((text) => text.length >= widest * 0.5);
  const midSentence = inner.some((text) => !/[.!?:"”’)]$/.test(text));
  return similar && midSentence;
}

/** Share of a block's wrapped lines that must be at least half as wide as its widest line. */
const WRAPPED_SHARE = 0.8;

/**
 * Whether a block is paragraphs wrapped at a fixed width whose first lines are indented, as wire copy
 * was (Reuters): lines of modest width, some after the first indented and some not, and most lines a
 * paragraph continues after at least half as wide as the widest (the block's first line left out, as
 * it may have lost its dateline; a few wraps are ragged). Blank lines do not separate its paragraphs,
 * so {@link isWrappedBlock} would see one block of lines of uneven length. An indented quotation
 * between sentences is no such block: the line after it is not indented, yet the quotation is short.
 */
function hasIndentedParagraphs(lines: readonly Line[]): boolean {
  const rest = lines.slice(1);
  if (!rest.some((line) => line.indented) || rest.every((line) => line.indented)) return false;
  const widest = lines.reduce((most, line) => Math.max(most, line.text.length), 0);
  if (widest < MIN_WRAP_WIDTH || widest > WRAP_WIDTH) return false;
  const wrapped = rest.filter((_line, i) => rest[i + 1]?.indented === false);
  const wide = wrapped.filter((line) => line.text.length >= widest * 0.5);
  return wide.length >= WRAPPED_SHARE * wrapped.length;
}

/** The paragraphs of a block whose paragraphs open with an indented line: each one's lines joined. */
function indentedParagraphs(lines: readonly Line[]): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  lines.forEach((line, i) => {
    if (i > 0 && line.indented && current.length > 0) {
      paragraphs.push(current.join(' '));
      current = [];
    }
    current.push(line.text);
  });
  if (current.length > 0) paragraphs.push(current.join(' '));
  return paragraphs;
}

/**
 * Turns the surviving lines into paragraphs. A block whose lines were wrapped at a fixed width becomes
 * one paragraph, or one per indented first line (only when `detectWrapping`; HTML and Markdown output
 * already have one paragraph per line); any other line is a paragraph of its own.
 */
export function toParagraphs(
  lines: readonly Line[],
  detectWrapping: boolean,
  budget: BudgetCheck = UNLIMITED_BUDGET,
): string[] {
  const paragraphs: string[] = [];
  let index = 0;
  while (index < lines.length) {
    budget.check();
    const block = lines[index]?.block;
    const blockLines: Line[] = [];
    while (index < lines.length && lines[index]?.block === block) {
      blockLines.push(lines[index] as Line);
      index += 1;
    }
    const texts = blockLines.map((line) => line.text);
    // Appended one by one: spreading a block of a million lines into push() overflows the stack.
    let made: string[] = texts;
    if (detectWrapping && hasIndentedParagraphs(blockLines)) made = indentedParagraphs(blockLines);
    else if (detectWrapping && isWrappedBlock(texts)) made = [texts.join(' ')];
    for (const paragraph of made) paragraphs.push(paragraph);
  }
  return paragraphs.filter((paragraph) => paragraph !== '');
}
