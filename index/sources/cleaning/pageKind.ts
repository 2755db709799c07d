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
  /** Links of four words or more: headlines of other pages (navigation links are a word or two). */
  headlineLinks: number;
  /** Words in the cleaned article body. */
  bodyWords: number;
}

/** Share of a page's text in links from which, with little prose, it is an index of other pages. */
const LINK_DENSE = 0.5;
/** Prose paragraphs that make a page an article whatever its links. */
const ARTICLE_PARAGRAPHS = 3;
/** Words of a paragraph of running prose. */
const PROSE_WORDS = 30;
/** Words of a link that reads as another page's headline. */
const HEADLINE_WORDS = 4;
/**
 * A page without one paragraph of prose but with this many headline links, and this share of its
 * text in links, is a list of other pages (a section front's teasers) even below {@link LINK_DENSE}.
 */
const HEADLINE_LIST = 8;
const HEADLINE_LIST_DENSITY = 0.3;
/** An error page says so in a few words; an article about a 404 error has more to say. */
const ERROR_PAGE_MAX_WORDS = 150;
const ERROR_TITLE =
  /\b(?:404|410)\b|\bpage (?:not found|(?:does not|doesn['’]t) exist|(?:is )?no longer available)\b|^(?:not found|error|oops)\b/i;

/**
 * The verdict on a page: not an article when it says it is an error page, has no main content,
 * declares a listing, is mostly links with little prose, or is a list of headlines without a paragraph
 * of prose; an article otherwise. A JSON-LD article
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
  const declared = { isArticle: true, reason: `declared ${signals.declaredType ?? 'article'}` };
  if (signals.declaresArticle && signals.declaredInJsonLd) return declared;
  if (signals.declaresListing) return { isArticle: false, reason: 'declared listing page' };
  const density = signals.textLength === 0 ? 0 : Math.min(1, signals.linkTextLength / signals.textLength);
  if (density >= LINK_DENSE && signals.proseParagraphs < ARTICLE_PARAGRAPHS) {
    return {
      isArticle: false,
      reason: `link-dense index page (${Math.round(100 * density)}% of the text in links)`,
    };
  }
  const headlines = signals.headlineLinks;
  if (signals.proseParagraphs === 0 && headlines >= HEADLINE_LIST && density >= HEADLINE_LIST_DENSITY) {
    return { isArticle: false, reason: `list of headlines (${headlines} headline links, no prose)` };
  }
  return signals.declaresArticle ? declared : { isArticle: true, reason: 'main content found' };
}

/** Whether an element sits inside a link (pages nest them, and the text would count twice). */
function insideLink(element: DomElement): boolean {
  for (let parent = element.parentElement; parent !== null; parent = parent.parentElement) {
    if (parent.localName === 'a') return true;
  }
  return false;
}

/** Characters of text inside links below an element (a link inside a link counts once), and headline links. */
function linkText(element: DomElement): { length: number; headlines: number } {
  const links = element.getElementsByTagName('a');
  let length = 0;
  let headlines = 0;
  for (let i = 0; i < links.length; i += 1) {
    const link = links[i] as DomElement;
    if (insideLink(link)) continue;
    const text = (link.textContent ?? '').replace(/\s+/g, ' ').trim();
    length += text.length;
    if (wordCount(text, HEADLINE_WORDS) >= HEADLINE_WORDS) headlines += 1;
  }
  return { length, headlines };
}

/** How a page's text is made: its length, its link text and its paragraphs of prose. */
export function textSignals(
  document: DomDocument,
): Pick<PageSignals, 'textLength' | 'linkTextLength' | 'proseParagraphs' | 'headlineLinks'> {
  const body = document.body;
  let proseParagraphs = 0;
  const paragraphs = body.getElementsByTagName('p');
  for (let i = 0; i < paragraphs.length; i += 1) {
    const paragraph = paragraphs[i] as DomElement;
    const text = (paragraph.textContent ?? '').trim().replace(/\s+/g, ' ');
    if (wordCount(text, PROSE_WORDS) >= PROSE_WORDS && linkText(paragraph).length < text.length / 2)
      proseParagraphs += 1;
  }
  const links = linkText(body);
  return {
    textLength: (body.textContent ?? '').replace(/\s+/g, ' ').trim().length,
    linkTextLength: links.length,
    proseParagraphs,
    headlineLinks: links.headlines,
  };
}
