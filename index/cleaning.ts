/**
 * Article cleaning: from a source file's text to the article's own text and the metadata the text
 * gives. Pure and deterministic — no I/O, no clock, no state — so the same file always cleans the same.
 *
 * Markdown and HTML are first reduced to plain text (HTML also yields its meta tags), then one plain
 * text cleaner removes page chrome line by line and reads title, by-line, dateline and footer. The
 * submodules under `cleaning/` each own one kind of line.
 */
import type { CleanedArticle, SourceFormat } from './article.ts';
import { type BudgetCheck, UNLIMITED_BUDGET } from './cleaning/budget.ts';
import { parseByline } from './cleaning/byline.ts';
import { htmlToText, readHtmlMetadata } from './cleaning/html.ts';
import { markdownToText } from './cleaning/markdown.ts';
import { cleanText } from './cleaning/text.ts';

export { UNTITLED } from './cleaning/title.ts';

/** Cleans an HTML page: the cleaned text of its article element, with its meta tags taking precedence. */
function cleanHtml(html: string, budget: BudgetCheck): CleanedArticle {
  const meta = readHtmlMetadata(html);
  const text = htmlToText(html);
  budget.check();
  const article = cleanText(text, { detectWrapping: false, knownTitle: meta.title, budget });
  const metaByline = meta.author === null ? null : parseByline(`By ${meta.author.replace(/^by\s+/i, '')}`);
  const metaAuthors = metaByline?.authors ?? [];
  return {
    ...article,
    source: meta.siteName ?? article.source ?? metaByline?.outlet ?? null,
    authors: metaAuthors.length > 0 ? metaAuthors : article.authors,
    date: meta.published === null ? article.date : meta.published.iso,
    dateText: meta.published === null ? article.dateText : meta.published.text,
  };
}

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
 * `Untitled` ({@link UNTITLED}) and an empty body. `url` is always null: only a sidecar knows it.
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
