/**
 * Whether a web page is an article at all. A crawl or a saved site brings section fronts, tag and
 * author pages, indexes and error pages along with its articles; their text is headlines and teasers
 * of other pages, which would fill search results with pages that are about nothing. The verdict comes
 * with its reason, so a build that leaves such pages out can say why.
 */
import type { PageVerdict } from '../article.ts';
import { wordCount } from './lines.ts';
import type { DomDocument, DomElement } from './pageDocument.ts';

/** What the verdict is drawn from: what the page declares and how its text is made. */
export interface PageSignals {
  /** JSON-LD has an article node, or `og:type` is `article`. */
  declaresArticle: boolean;
  /** Whether the article declaration is JSON-LD's (strong) rather than only `og:type` (often site-wide). */
  declaredInJsonLd: boolean;
  /** The declared type, for the reason (`NewsArticle`, `og:type article`). */
  declaredType: string | null;
  /** JSON-LD declares a listing: `CollectionPage`, `ItemList`, `SearchResultsPage`, `ProfilePage`. */
  declaresListing: boolean;
  /** The page's `<title>` and first `<h1>`, where an error page says what it is. */
  title: string | null;
  heading: string | null;
  /** Characters of text in the page's body, and how many of them are link text. */
  textLength: number;
  linkTextLength: number;
  /** Paragraphs of running prose: 30 words or more, less than half of them link text. */
  proseParagraphs: number;
  /** Words in the cleaned article body. */
  bodyWords: number;
}

/** Share of a page's text in links from which, with little prose, it is an index of other pages. */
const LINK_DENSE = 0.5;
/** Prose paragraphs that make a page an article whatever its links. */
const ARTICLE_PARAGRAPHS = 3;
/** Words of a paragraph of running prose. */
const PROSE_WORDS = 30;
/** An error page says so in a few words; an article about a 404 error has more to say. */
const ERROR_PAGE_MAX_WORDS = 150;
const ERROR_TITLE =
  /\b(?:404|410)\b|\bpage (?:not found|(?:does not|doesn['’]t) exist|(?:is )?no longer available)\b|^(?:not found|error|oops)\b/i;

/**
 * The verdict on a page: not an article when it says it is an error page, has no main content,
 * declares a listing, or is mostly links with little prose; an article otherwise. A JSON-LD article
 * declaration outweighs link density, as a short article on a heavy portal is still an article.
 *
 * @example classifyPage({ ...signals, linkTextLength: 0.8 * signals.textLength, proseParagraphs: 0 })
 * // { isArticle: false, reason: 'link-dense index page (80% of the text in links)' }
 */
export function classifyPage(signals: PageSignals): PageVerdict {
  const named = [signals.title, signals.heading].filter((text): text is string => text !== null);
  if (named.some((text) => ERROR_TITLE.test(text)) && signals.bodyWords < ERROR_PAGE_MAX_WORDS) {
    return { isArticle: false, reason: 'error page' };
  }
  if (signals.bodyWords === 0) return { isArticle: false, reason: 'no main content' };
  if (signals.declaresArticle && signals.declaredInJsonLd) {
    return { isArticle: true, reason: `declared ${signals.declaredType ?? 'article'}` };
  }
  if (signals.declaresListing) return { isArticle: false, reason: 'declared listing page' };
  const density = signals.textLength === 0 ? 0 : Math.min(1, signals.linkTextLength / signals.textLength);
  if (density >= LINK_DENSE && signals.proseParagraphs < ARTICLE_PARAGRAPHS) {
    return {
      isArticle: false,
      reason: `link-dense index page (${Math.round(100 * density)}% of the text in links)`,
    };
  }
  if (signals.declaresArticle)
    return { isArticle: true, reason: `declared ${signals.declaredType ?? 'article'}` };
  return { isArticle: true, reason: 'main content found' };
}

/** Characters of text inside links below an element; a link inside a link counts once. */
function linkText(element: DomElement): number {
  const links = element.getElementsByTagName('a');
  let length = 0;
  for (let i = 0; i < links.length; i += 1) {
    const link = links[i] as DomElement;
    if ((link.parentElement?.closest('a') ?? null) !== null) continue;
    length += (link.textContent ?? '').replace(/\s+/g, ' ').trim().length;
  }
  return length;
}

/** How a page's text is made: its length, its link text and its paragraphs of prose. */
export function textSignals(
  document: DomDocument,
): Pick<PageSignals, 'textLength' | 'linkTextLength' | 'proseParagraphs'> {
  const body = document.body;
  let proseParagraphs = 0;
  const paragraphs = body.getElementsByTagName('p');
  for (let i = 0; i < paragraphs.length; i += 1) {
    const paragraph = paragraphs[i] as DomElement;
    const text = (paragraph.textContent ?? '').trim().replace(/\s+/g, ' ');
    if (wordCount(text, PROSE_WORDS) >= PROSE_WORDS && linkText(paragraph) < text.length / 2)
      proseParagraphs += 1;
  }
  return {
    textLength: (body.textContent ?? '').replace(/\s+/g, ' ').trim().length,
    linkTextLength: linkText(body),
    proseParagraphs,
  };
}
