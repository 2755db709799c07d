/**
 * Markdown to plain text, keeping the line structure the text cleaner works on: markup goes, words stay.
 * Headings and list items become blocks of their own so that they stay separate paragraphs.
 */
import { type BudgetCheck, UNLIMITED_BUDGET } from './budget.ts';

const ATX_HEADING = /^\s{0,3}#{1,6}\s+/;
const SETEXT_UNDERLINE = /^\s{0,3}(?:=+|-+)\s*$/;
const HORIZONTAL_RULE = /^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$/;
const LINK_DEFINITION = /^\s{0,3}\[[^[\]]+\]:\s*\S/;
const CODE_FENCE = /^\s{0,3}(?:```|~~~)/;
const BLOCKQUOTE = /^\s{0,3}(?:>\s?)+/;
const LIST_ITEM = /^\s*(?:[-*+•])\s+/;

/**
 * Inline markup rewrites, in order: images go entirely, links keep their text, emphasis its content.
 *
 * Each pattern runs in time linear in the line, whatever the line holds: what a delimited span may
 * contain excludes the delimiter that opens the next span (no `[` inside a link's text or address, no
 * `**` inside bold), so a scan from one opening stops at the next and no character is scanned by more
 * than a few attempts. A line of 150,000 `[` took 41 s with `[^\]]+`; it now takes milliseconds. The
 * price is nesting: `[a [b] c](url)` keeps its brackets, which news text does not miss.
 */
const LINK_TEXT = String.raw`[^\[\]\n]`;
const LINK_ADDRESS = String.raw`\((?:[^()\[\]\n]|\([^()\[\]\n]*\))*\)`;
const INLINE_RULES: readonly [RegExp, string][] = [
  [new RegExp(String.raw`!\[${LINK_TEXT}*\]${LINK_ADDRESS}`, 'g'), ''],
  [new RegExp(String.raw`!\[${LINK_TEXT}*\]\[${LINK_TEXT}*\]`, 'g'), ''],
  [new RegExp(String.raw`\[(${LINK_TEXT}+)\]${LINK_ADDRESS}`, 'g'), '$1'],
  [new RegExp(String.raw`\[(${LINK_TEXT}+)\]\[${LINK_TEXT}*\]`, 'g'), '$1'],
  [/<((?:https?|mailto):[^<>\s]+)>/g, '$1'],
  [/<\/?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?\/?>/g, ''],
  [/`([^`]+)`/g, '$1'],
  [/\*\*(?=\S)((?:[^*]|\*(?!\*))*?\S)\*\*/g, '$1'],
  [/__(?=\S)((?:[^_]|_(?!_))*?\S)__/g, '$1'],
  [/(?<![\p{L}\p{N}*\\])\*(?=\S)([^*]*?\S)\*(?![\p{L}\p{N}*])/gu, '$1'],
  [/(?<![\p{L}\p{N}_\\])_(?=\S)([^_]*?\S)_(?![\p{L}\p{N}_])/gu, '$1'],
  [/~~(?=\S)((?:[^~]|~(?!~))*?\S)~~/g, '$1'],
  [/\\([\\`*_{}[\]()#+\-.!>~|])/g, '$1'],
];

/** A character that some inline rule starts with. */
const INLINE_MARKUP = /[[\]<`*_~\\!]/;

/** Removes inline Markdown from one line: `By [Ana Swanson](#)` → `By Ana Swanson`. */
function stripInlineMarkdown(line: string): string {
  // Most lines of an article have no markup at all: one scan instead of thirteen replacements.
  if (!INLINE_MARKUP.test(line)) return line;
  return INLINE_RULES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), line);
}

/**
 * The text of an ATX heading line (`## Title ##` → `Title`), or null when the line is not one. Done by
 * hand rather than with one pattern: a lazy `(.*?)` before an optional closing `#` run is quadratic
 * in a long run of spaces.
 */
function atxHeadingText(line: string): string | null {
  const opening = ATX_HEADING.exec(line);
  if (opening === null) return null;
  const text = line.slice(opening[0].length).trimEnd();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end -= 1;
  // A closing run of `#` counts only after a space: `## C#` keeps its `#`.
  if (end < text.length && (end === 0 || /\s/.test(text[end - 1] ?? ''))) return text.slice(0, end).trimEnd();
  return text;
}

/**
 * Converts one line outside code into output lines; '' is a blank line, which starts a new block.
 * A `---` under text underlines a heading and a `---` alone is a rule: either way only the words stay.
 */
function convertLine(line: string, next: string | undefined): string[] {
  if (SETEXT_UNDERLINE.test(line) || HORIZONTAL_RULE.test(line) || LINK_DEFINITION.test(line)) return [''];
  const heading = atxHeadingText(line);
  if (heading !== null) return ['', stripInlineMarkdown(heading), ''];
  const unquoted = line.replace(BLOCKQUOTE, '');
  if (LIST_ITEM.test(unquoted)) return ['', stripInlineMarkdown(unquoted.replace(LIST_ITEM, ''))];
  if (next !== undefined && SETEXT_UNDERLINE.test(next) && unquoted.trim() !== '') {
    return ['', stripInlineMarkdown(unquoted), ''];
  }
  return [stripInlineMarkdown(unquoted)];
}

/**
 * Converts a Markdown article to plain text: heading markers, emphasis, link and image syntax, rules,
 * quote and bullet markers removed; blank lines still separate paragraphs. `budget` is checked per line.
 */
export function markdownToText(markdown: string, budget: BudgetCheck = UNLIMITED_BUDGET): string {
  const lines = markdown.split(/\r\n?|\n/);
  const out: string[] = [];
  let inCode = false;
  lines.forEach((line, i) => {
    budget.check();
    if (CODE_FENCE.test(line)) {
      inCode = !inCode;
      out.push('');
      return;
    }
    if (inCode) {
      out.push(line);
      return;
    }
    out.push(...convertLine(line, lines[i + 1]));
  });
  return out.join('\n');
}
