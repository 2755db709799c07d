/**
 * Web pages: the article's text and the metadata the page declares. The page is parsed safely
 * ({@link parsePage}), its declared metadata read ({@link readPageMetadata}) and its shape measured for
 * the article verdict before Readability takes the article out of the DOM ({@link extractMainContent});
 * the article's text then goes through the same plain-text cleaner as every other format, which drops
 * the chrome Readability keeps (captions, credits, sign-up prompts) and reads the by-line and dateline.
 */
import type { CleanedArticle } from '../article.ts';
import { type BudgetCheck, UNLIMITED_BUDGET } from './budget.ts';
import { parseByline } from './byline.ts';
import { declaresListing } from './jsonLd.ts';
import { wordCount } from './lines.ts';
import { extractMainContent } from './mainContent.ts';
import { knownOutlet } from './outlets.ts';
import { parsePage } from './pageDocument.ts';
import { classifyPage, textSignals } from './pageKind.ts';
import { readPageMetadata } from './pageMetadata.ts';
import { cleanText } from './text.ts';

/** A by-line as Readability found it (`Dan Goodin - Apr 16, 2015`), read as a by-line with its "By". */
function readVisibleByline(byline: string | null) {
  if (byline === null || byline.trim() === '') return null;
  const text = byline.replace(/\s+/g, ' ').trim();
  return parseByline(/^by\b/i.test(text) ? text : `By ${text}`);
}

/**
 * Cleans a web page: its main text without chrome, and its metadata, declared before visible. `budget`
 * is checked between the stages (parsing, Readability) and through the text cleaner.
 */
export function cleanHtml(html: string, budget: BudgetCheck = UNLIMITED_BUDGET): CleanedArticle {
  const page = parsePage(html);
  budget.check();
  const meta = readPageMetadata(page.document, page.jsonLd);
  const heading = page.document.querySelector('h1')?.textContent?.replace(/\s+/g, ' ').trim() || null;
  const signals = textSignals(page.document);
  const content = extractMainContent(page, () => parsePage(html).document);
  budget.check();
  const article = cleanText(content.text, {
    detectWrapping: false,
    knownTitle: meta.title,
    pageHeading: heading,
    budget,
  });
  const visible = readVisibleByline(content.byline);
  const siteName = meta.siteName === null ? null : (knownOutlet(meta.siteName) ?? meta.siteName);
  const authors =
    [meta.authors, article.authors, visible?.authors ?? []].find((names) => names.length > 0) ?? [];
  const textDate = article.date === null ? (visible?.date ?? null) : null;
  return {
    ...article,
    source: siteName ?? article.source ?? meta.authorOrganizations[0] ?? visible?.outlet ?? null,
    authors,
    date: meta.published?.date ?? article.date ?? textDate?.iso ?? null,
    dateText: meta.published?.date ?? article.dateText ?? textDate?.text ?? null,
    dateTime: meta.published?.dateTime ?? null,
    dateModified: meta.modified === null ? null : (meta.modified.dateTime ?? meta.modified.date),
    url: meta.url,
    language: meta.language,
    section: meta.section,
    page: classifyPage({
      declaresArticle: meta.declaresArticle,
      declaredInJsonLd: meta.jsonLdArticle,
      declaredType: meta.declaredType,
      declaresListing: declaresListing(meta.jsonLdTypes),
      title: meta.title,
      heading,
      ...signals,
      bodyWords: article.body === '' ? 0 : wordCount(article.body),
    }),
  };
}
