/**
 * Splitting a text into lines and putting surviving lines back together as paragraphs. Every other
 * cleaning step classifies lines, so this is where whitespace gets its one normal form.
 */

/** One non-blank line of the source, whitespace collapsed. */
export interface Line {
  /** The line's text: trimmed, runs of whitespace (non-breaking spaces included) folded to one space. */
  text: string;
  /** Lines with the same block number were not separated by a blank line. */
  block: number;
}

/**
 * JavaScript's `\s` already covers the Unicode spaces pages use for layout (no-break, thin, figure,
 * ideographic…). Zero-width characters and soft hyphens are dropped instead, since they sit inside words.
 */
const WHITESPACE = /\s+/g;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

/** Folds every run of whitespace, no-break spaces included, to one space and trims the ends. */
export function collapseSpaces(text: string): string {
  return text.replace(ZERO_WIDTH, '').replace(WHITESPACE, ' ').trim();
}

/** Splits a text into its non-blank lines, numbering the blank-line-separated blocks they belong to. */
export function toLines(text: string): Line[] {
  const lines: Line[] = [];
  let block = 0;
  let previousBlank = true;
  for (const raw of text.split(/\r\n?|\n/)) {
    const line = collapseSpaces(raw);
    if (line === '') {
      previousBlank = true;
      continue;
    }
    if (previousBlank && lines.length > 0) block += 1;
    previousBlank = false;
    lines.push({ text: line, block });
  }
  return lines;
}

/** Counts the words of a line (runs of non-space characters). */
export function wordCount(text: string): number {
  return text === '' ? 0 : text.split(' ').length;
}

/** Longest line, in characters, that a hard-wrapping editor or mailer is assumed to produce. */
const WRAP_WIDTH = 100;

/**
 * Whether the lines of one block are a single paragraph wrapped at a fixed width rather than separate
 * items: all lines but the last are of similar, modest length and at least one of them stops
 * mid-sentence.
 */
function isWrappedBlock(texts: readonly string[]): boolean {
  const inner = texts.slice(0, -1);
  if (inner.length === 0) return false;
  const widest = Math.max(...inner.map((text) => text.length));
  if (widest > WRAP_WIDTH) return false;
  const similar = inner.every((text) => text.length >= widest * 0.5);
  const midSentence = inner.some((text) => !/[.!?:"”’)]$/.test(text));
  return similar && midSentence;
}

/**
 * Turns the surviving lines into paragraphs. A block whose lines were wrapped at a fixed width becomes
 * one paragraph (only when `detectWrapping`; HTML and Markdown output already have one paragraph per
 * line); any other line is a paragraph of its own.
 */
export function toParagraphs(lines: readonly Line[], detectWrapping: boolean): string[] {
  const paragraphs: string[] = [];
  let index = 0;
  while (index < lines.length) {
    const block = lines[index]?.block;
    const texts: string[] = [];
    while (index < lines.length && lines[index]?.block === block) {
      texts.push(lines[index]?.text ?? '');
      index += 1;
    }
    if (detectWrapping && isWrappedBlock(texts)) paragraphs.push(texts.join(' '));
    else paragraphs.push(...texts);
  }
  return paragraphs.filter((paragraph) => paragraph !== '');
}
