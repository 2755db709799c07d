/**
 * Markdown to plain text, keeping the line structure the text cleaner works on: markup goes, words stay.
 * Headings and list items become blocks of their own so that they stay separate paragraphs.
 */

const ATX_HEADING = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
const SETEXT_UNDERLINE = /^\s{0,3}(?:=+|-+)\s*$/;
const HORIZONTAL_RULE = /^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$/;
const LINK_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*\S+/;
const CODE_FENCE = /^\s{0,3}(?:```|~~~)/;
const BLOCKQUOTE = /^\s{0,3}(?:>\s?)+/;
const LIST_ITEM = /^\s*(?:[-*+•])\s+/;

/** Inline markup rewrites, in order: images go entirely, links keep their text, emphasis its content. */
const INLINE_RULES: readonly [RegExp, string][] = [
  [/!\[[^\]]*\]\((?:[^()]|\([^)]*\))*\)/g, ''],
  [/!\[[^\]]*\]\[[^\]]*\]/g, ''],
  [/\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)/g, '$1'],
  [/\[([^\]]+)\]\[[^\]]*\]/g, '$1'],
  [/<((?:https?|mailto):[^>\s]+)>/g, '$1'],
  [/<\/?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?\/?>/g, ''],
  [/`([^`]+)`/g, '$1'],
  [/(\*\*|__)(?=\S)(.*?\S)\1/g, '$2'],
  [/(?<![\p{L}\p{N}*\\])\*(?=\S)([^*]*?\S)\*(?![\p{L}\p{N}*])/gu, '$1'],
  [/(?<![\p{L}\p{N}_\\])_(?=\S)([^_]*?\S)_(?![\p{L}\p{N}_])/gu, '$1'],
  [/~~(?=\S)(.*?\S)~~/g, '$1'],
  [/\\([\\`*_{}[\]()#+\-.!>~|])/g, '$1'],
];

/** Removes inline Markdown from one line: `By [Ana Swanson](#)` → `By Ana Swanson`. */
function stripInlineMarkdown(line: string): string {
  return INLINE_RULES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), line);
}

/**
 * Converts one line outside code into output lines; '' is a blank line, which starts a new block.
 * A `---` under text underlines a heading and a `---` alone is a rule: either way only the words stay.
 */
function convertLine(line: string, next: string | undefined): string[] {
  if (SETEXT_UNDERLINE.test(line) || HORIZONTAL_RULE.test(line) || LINK_DEFINITION.test(line)) return [''];
  const heading = ATX_HEADING.exec(line);
  if (heading !== null) return ['', stripInlineMarkdown(heading[1] ?? ''), ''];
  const unquoted = line.replace(BLOCKQUOTE, '');
  if (LIST_ITEM.test(unquoted)) return ['', stripInlineMarkdown(unquoted.replace(LIST_ITEM, ''))];
  if (next !== undefined && SETEXT_UNDERLINE.test(next) && unquoted.trim() !== '') {
    return ['', stripInlineMarkdown(unquoted), ''];
  }
  return [stripInlineMarkdown(unquoted)];
}

/**
 * Converts a Markdown article to plain text: heading markers, emphasis, link and image syntax, rules,
 * quote and bullet markers removed; blank lines still separate paragraphs.
 */
export function markdownToText(markdown: string): string {
  const lines = markdown.split(/\r\n?|\n/);
  const out: string[] = [];
  let inCode = false;
  lines.forEach((line, i) => {
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
