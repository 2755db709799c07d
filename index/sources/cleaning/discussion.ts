/**
 * Reader discussion on a page: comment sections, whatever they are called. They are taken out before
 * the main content is looked for, since a long one is more text than the article and Readability then
 * takes it for the article or adds it to it (Readability only sets aside blocks whose class or id says
 * `comment`, and keeps them when the same class also says `content` or `body`).
 */
import type { DomDocument, DomElement } from './pageDocument.ts';

/** Class and id tokens of a discussion section, as whole tokens (`comments-open` on a body is no section). */
const DISCUSSION_TOKEN =
  /^(?:comments?|comments?[-_](?:area|section|list|thread|wrapper|container|block|module)|comment[-_]?list|commentlist|disqus|disqus_thread|discussion|conversation|talkback|responses|replies|reader[-_]?(?:comments|posts|responses)|fb[-_]comments)$/;

/** A heading that opens a discussion: `148 comments`, `Comments`, `Readers respond`, `Join the conversation`. */
const DISCUSSION_HEADING =
  /^(?:\d[\d,.]*\s+)?(?:comments?|responses?|replies|reader comments|readers respond|join the (?:conversation|discussion)|discussion)\b/i;

/** Elements a discussion section never is: the page itself and the article's own containers. */
const NEVER_REMOVED = new Set(['html', 'head', 'body', 'main', 'article']);

/** Whether an element's class or id names a discussion section. */
function namesDiscussion(element: DomElement): boolean {
  const className = element.getAttribute('class');
  const id = element.getAttribute('id');
  if (className === null && id === null) return false;
  const names = `${className ?? ''} ${id ?? ''}`.toLowerCase();
  return names.split(/\s+/).some((token) => DISCUSSION_TOKEN.test(token));
}

/** Whether removing an element would take article text with it: it holds the headline or the body. */
function holdsArticle(element: DomElement, headline: DomElement | null): boolean {
  if (NEVER_REMOVED.has(element.localName)) return true;
  if (headline !== null && element.contains(headline)) return true;
  return element.querySelector('[itemprop~="articleBody"]') !== null;
}

/**
 * Removes a page's discussion sections: elements whose class or id names one, and the element
 * around a heading that announces one. Never the page's `<main>` or `<article>`, nor anything holding
 * its `<h1>` or its `articleBody`. Returns how many were removed.
 */
export function removeDiscussion(document: DomDocument): number {
  const headline = document.querySelector('h1');
  const found: DomElement[] = [];
  // Every element, its attributes read here: matching `[class], [id]` in the selector engine costs more.
  const elements = document.body.querySelectorAll('*');
  for (let i = 0; i < elements.length; i += 1) {
    const element = elements[i] as DomElement;
    if (namesDiscussion(element)) found.push(element);
  }
  const headings = document.querySelectorAll('h2, h3, h4');
  for (let i = 0; i < headings.length; i += 1) {
    const heading = headings[i] as DomElement;
    const text = (heading.textContent ?? '').replace(/\s+/g, ' ').trim();
    const section = heading.parentElement;
    // Only a section that opens with the heading: an article may have a subheading "Responses".
    const opens = section !== null && section.children[0] === heading;
    if (opens && text.length <= 40 && DISCUSSION_HEADING.test(text)) found.push(section);
  }
  let removed = 0;
  for (const element of found) {
    // An element inside one removed earlier is gone with it; one holding the article stays.
    if (element.closest('html') === null || holdsArticle(element, headline)) continue;
    element.remove();
    removed += 1;
  }
  return removed;
}
