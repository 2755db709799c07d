/**
 * Article cleaning: from a source file's text to the article's own text and the metadata the text
 * gives. Pure and deterministic — no I/O, no clock, no state — so the same file always cleans the same.
 *
 * Markdown is first reduced to plain text; a web page to its main content (found by Readability) and
 * the metadata it declares. Then one plain text cleaner removes page chrome line by line and reads
 * title, by-line, dateline and footer. The submodules under `cleaning/` each own one concern.
 */
import type { CleanedArticle, SourceFormat } from './article.ts';
import { type BudgetCheck, UNLIMITED_BUDGET } from './cleaning/budget.ts';
import { cleanHtml } from './cleaning/html.ts';
import { markdownToText } from './cleaning/markdown.ts';
import { cleanText } from './cleaning/text.ts';

export { UNTITLED } from './cleaning/title.ts';

/**
 * Whether a text labelled plain is in fact Markdown (files saved as `.txt`, like seed 003): it opens with
 * a `#` heading or contains a `[text](url)` link. Neither occurs in plain news text.
 */
function isMarkdown(text: string): boolean {
  // Neither bracket may occur inside the link's parts, so the test is linear in any text.
  return /^\s*#{1,6}\s+\S/.test(text) || (text.includes('](') && /\[[^[\]\n]+\]\([^()[\]\s]*\)/.test(text));
}

/**
 * Cleans one article: the body without page chrome (playlists, captions, credits, prompts, wire
 * footers, author bios), paragraphs separated by a blank line, each on one line with its whitespace
 * collapsed; and the title, source, authors and date the text gives. Text that is recognisably
 * Markdown is read as Markdown even when labelled `text`. An article without text gets the title
 * `Untitled` ({@link UNTITLED}) and an empty body. `url` is null for text and Markdown (a sidecar may
 * give it); a web page gives its canonical address, and the optional fields of {@link CleanedArticle}
 * (publication time, language, section, whether it is an article at all).
 * `budget` is checked between lines and stages and throws once spent (see cleaning/budget.ts).
 */
export function cleanArticle(
  rawText: string,
  format: SourceFormat,
  budget: BudgetCheck = UNLIMITED_BUDGET,
): CleanedArticle {
  switch (format) {
    case 'html':
      return cleanHtml(rawText, budget);
    case 'markdown':
      return cleanText(markdownToText(rawText, budget), { detectWrapping: true, budget });
    case 'text': {
      const text = isMarkdown(rawText) ? markdownToText(rawText, budget) : rawText;
      return cleanText(text, { detectWrapping: true, budget });
    }
  }
}
