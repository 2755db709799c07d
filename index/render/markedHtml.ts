/**
 * Marked text as HTML: the one place a search result's text becomes markup, shared by the web pages,
 * the JSON API's `snippet` and the CLI's `--json` (so both print the same string). The search core
 * returns {@link MarkedText}; everything here is escaped but the tags this module adds.
 */
import type { MarkedText } from '../search/snippets.ts';

/** Options for {@link markedHtml}. */
export interface MarkedHtmlOptions {
  /** The element around each mark: `mark` for matches, `em` for a spelling suggestion's corrections. */
  tag?: 'mark' | 'em';
  /** An `id` for the first mark, so a link can scroll to it. Default: none. */
  firstId?: string;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  // Most text has nothing to escape: a test is several times cheaper than a replace that finds nothing.
  if (!HTML_SPECIAL.test(text)) return text;
  return text.replace(HTML_SPECIALS, (character) => HTML_ENTITIES[character] ?? character);
}

const HTML_SPECIAL = /[&<>"']/;
const HTML_SPECIALS = /[&<>"']/g;

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `marked` as escaped HTML with each mark in `<mark>` (or `options.tag`). */
export function markedHtml(marked: MarkedText, options: MarkedHtmlOptions = {}): string {
  const tag = options.tag ?? 'mark';
  let html = '';
  let cursor = 0;
  marked.marks.forEach((mark, i) => {
    const id = i === 0 && options.firstId !== undefined ? ` id="${escapeHtml(options.firstId)}"` : '';
    html += `${escapeHtml(marked.text.slice(cursor, mark.start))}<${tag}${id}>`;
    html += `${escapeHtml(marked.text.slice(mark.start, mark.end))}</${tag}>`;
    cursor = mark.end;
  });
  return html + escapeHtml(marked.text.slice(cursor));
}

/** Paragraphs as HTML, the first mark among them given `firstId` (the article page's `#first-match`). */
export function paragraphsHtml(paragraphs: readonly MarkedText[], firstId?: string): string[] {
  let idGiven = firstId === undefined;
  return paragraphs.map((paragraph) => {
    if (idGiven || paragraph.marks.length === 0) return markedHtml(paragraph);
    idGiven = true;
    return markedHtml(paragraph, { firstId });
  });
}
