/**
 * The main content of a web page: the article's text without the navigation, related links, share
 * prompts, comments and footers around it. Readability.js (Firefox's Reader View) finds it; when
 * Readability finds nothing worth having, the page's `<article>`, `<main>` or body is read instead,
 * without the elements that are never article text, so a page never cleans to nothing.
 */
import { Readability } from '@mozilla/readability';
import { removeDiscussion } from './discussion.ts';
import { subtreeText } from './domText.ts';
import type { DomDocument, DomElement, DomNode, PageDocument } from './pageDocument.ts';
import { proseParagraphs, withStrayParagraphs } from './strayParagraphs.ts';

/** A page's main text, in the line shape of {@link subtreeText}. */
export interface MainContent {
  text: string;
  /**
   * The by-line Readability found and took out of the text (an element marked `byline`/`author`, or
   * `rel="author"`), or a meta tag's author; null when there is none or the fallback ran.
   */
  byline: string | null;
}

/**
 * Shortest text Readability's answer must have to be taken: a brief of two sentences. Below it,
 * Readability has settled on a fragment (a teaser, a caption) and the fallback is asked as well.
 */
const MIN_READABILITY_CHARS = 140;

/** Elements the fallback leaves out: never article text. */
const FALLBACK_SKIPPED = new Set([
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'figure',
  'figcaption',
  'img',
  'picture',
  'iframe',
  'hr',
]);

/** Readability's article element and by-line, or nulls when it finds none. */
function readabilityContent(document: DomDocument): { content: DomNode | null; byline: string | null } {
  const reader = new Readability<DomNode>(document, {
    // Lede reads the element's text, so the HTML clean-up of classes and the serialisation are skipped.
    keepClasses: true,
    serializer: (node) => node as DomNode,
    // The page's JSON-LD was taken out before parsing and is read by Lede's own metadata reader.
    disableJSONLD: true,
  });
  try {
    const result = reader.parse();
    return { content: result?.content ?? null, byline: result?.byline ?? null };
  } catch (error) {
    // Readability recurses and spreads node lists into calls (a page of a million entities is a
    // million text nodes); past the stack's limit the page goes to the fallback, which does neither.
    if (error instanceof RangeError) return { content: null, byline: null };
    throw error;
  }
}

/** The element holding a page's article when Readability found none: `<article>`, `<main>`, the body. */
function fallbackRoot(document: DomDocument): DomElement {
  return document.querySelector('article') ?? document.querySelector('main') ?? document.body;
}

/**
 * The fallback's text: the article element's text without navigation, asides, figures and forms, and
 * whether the page marked that element (`<article>`, `<main>`) rather than leaving the whole body.
 */
function fallbackText(document: DomDocument): { text: string; marked: boolean } {
  removeDiscussion(document);
  const root = fallbackRoot(document);
  const text = subtreeText(root, (element) => FALLBACK_SKIPPED.has(element.localName));
  return { text, marked: root !== document.body };
}

/**
 * The main text of a page. `document` is changed (Readability takes the article out of it);
 * `reparse` gives a fresh copy for the fallback, which runs only when Readability's answer is missing
 * or shorter than a brief. A pathological page (see
 * {@link PageDocument.pathology}) goes straight to the fallback: Readability's work grows with the
 * square of the nesting depth and of the number of text nodes on some of its paths.
 */
export function extractMainContent(page: PageDocument, reparse: () => DomDocument): MainContent {
  if (page.pathology !== null) return { text: fallbackText(page.document).text, byline: null };
  removeDiscussion(page.document);
  const prose = proseParagraphs(page.document);
  const { content, byline } = readabilityContent(page.document);
  const text = content === null ? '' : withStrayParagraphs(subtreeText(content), content, prose);
  if (text.length >= MIN_READABILITY_CHARS) return { text, byline };
  // Below a brief, an element the page marks as its article is a surer guide than Readability's
  // scores, which have too little text to go on; without one, the longer text wins.
  const fallback = fallbackText(reparse());
  const useFallback = fallback.text !== '' && (fallback.marked || fallback.text.length > text.length);
  return useFallback ? { text: fallback.text, byline: null } : { text, byline };
}
