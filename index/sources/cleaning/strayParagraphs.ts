/**
 * Paragraphs of the article that Readability leaves out. Readability scores containers and keeps the
 * best one with its well-scored siblings; an article split into blocks with other page elements
 * between them (an advert, a promotion, a sign-up box) loses its later blocks when they are not
 * siblings of the best one. The paragraphs of running prose that sit in the same article container
 * (`<article>`, `<main>`, `articleBody`) as the ones it kept are put back, in page order.
 */
import { collapseSpaces, wordCount } from './lines.ts';
import type { DomDocument, DomElement, DomNode } from './pageDocument.ts';

/** A paragraph of running prose, as the page had it before Readability moved anything. */
export interface ProseParagraph {
  element: DomElement;
  text: string;
  /** The nearest `<article>`, `<main>`, `role="main"` or `articleBody` around it, or null. */
  container: DomElement | null;
}

/** Words of a paragraph of running prose; shorter ones are captions, labels and teasers. */
const PROSE_WORDS = 15;
/** Share of link text above which a paragraph is a list of links, not prose. */
const MAX_LINK_SHARE = 0.3;
/** Stray paragraphs put back only from two on: a single one is as often a bio or a teaser. */
const MIN_STRAY = 2;
/** Elements that hold an article: the nearest one around a paragraph is its container. */
const CONTAINERS = new Set(['article', 'main']);
/** Around a paragraph, these make it page furniture, not article text. */
const FURNITURE = new Set(['nav', 'aside', 'footer', 'header', 'form', 'li', 'figure', 'figcaption']);
/**
 * Blocks of other articles' teasers and promotions, by their class or id: their excerpts are prose,
 * but not this article's (WordPress's `jp-relatedposts` sits inside the post's own container).
 */
const RECIRCULATION =
  /related|recommend|promo|teaser|excerpt|widget|newsletter|signup|sponsor|trending|popular/;
/** What Readability drops as invisible, and so must not come back. */
const HIDDEN_STYLE = /(?:display:\s*none|visibility:\s*hidden)/i;

function linkTextLength(element: DomElement): number {
  const links = element.getElementsByTagName('a');
  let length = 0;
  for (let i = 0; i < links.length; i += 1) length += collapseSpaces(links[i]?.textContent ?? '').length;
  return length;
}

/** What a paragraph's ancestors say about it: its container, or that it is furniture, a teaser or hidden. */
function placeOf(paragraph: DomElement): { container: DomElement | null; excluded: boolean } {
  let container: DomElement | null = null;
  let teaserBlock = false;
  for (let element: DomElement | null = paragraph; element !== null; element = element.parentElement) {
    const style = element.getAttribute('style');
    if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true')
      return { container, excluded: true };
    if (style !== null && HIDDEN_STYLE.test(style)) return { container, excluded: true };
    if (element !== paragraph && FURNITURE.has(element.localName)) return { container, excluded: true };
    const isContainer =
      CONTAINERS.has(element.localName) ||
      element.getAttribute('role') === 'main' ||
      /(?:^|\s)articleBody(?:\s|$)/.test(element.getAttribute('itemprop') ?? '');
    if (isContainer && container === null) {
      // A teaser block inside the article's container; a container inside a teaser block is the teaser's.
      if (teaserBlock) return { container: element, excluded: true };
      container = element;
    }
    const names = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`.toLowerCase();
    if (container === null && RECIRCULATION.test(names)) teaserBlock = true;
  }
  return { container, excluded: teaserBlock };
}

/** The page's paragraphs of running prose in page order, each with its article container. */
export function proseParagraphs(document: DomDocument): ProseParagraph[] {
  const paragraphs: ProseParagraph[] = [];
  const elements = document.body.getElementsByTagName('p');
  for (let i = 0; i < elements.length; i += 1) {
    const element = elements[i] as DomElement;
    const text = collapseSpaces(element.textContent ?? '');
    if (wordCount(text, PROSE_WORDS) < PROSE_WORDS || linkTextLength(element) > MAX_LINK_SHARE * text.length)
      continue;
    const { container, excluded } = placeOf(element);
    if (!excluded) paragraphs.push({ element, text, container });
  }
  return paragraphs;
}

/** The container most of the kept paragraphs sit in, or null. */
function articleContainer(kept: readonly ProseParagraph[]): DomElement | null {
  const counts = new Map<DomElement, number>();
  for (const { container } of kept)
    if (container !== null) counts.set(container, (counts.get(container) ?? 0) + 1);
  let best: DomElement | null = null;
  for (const [container, count] of counts)
    if (best === null || count > (counts.get(best) ?? 0)) best = container;
  return best;
}

/** Index of the line a paragraph's text begins, or -1. */
function lineOf(lines: readonly string[], paragraph: ProseParagraph): number {
  const start = paragraph.text.slice(0, 80);
  return lines.findIndex((line) => line.startsWith(start));
}

/**
 * Readability's text with the stray prose paragraphs of its article container put back, each after
 * the paragraph that precedes it on the page. `paragraphs` are {@link proseParagraphs} of the page
 * before Readability ran; `content` is Readability's article element.
 */
export function withStrayParagraphs(
  text: string,
  content: DomNode,
  paragraphs: readonly ProseParagraph[],
): string {
  const root = content as DomElement;
  const kept = new Set(paragraphs.filter(({ element }) => root.contains(element)));
  const container = articleContainer([...kept]);
  if (container === null) return text;
  const stray = paragraphs.filter((paragraph) => !kept.has(paragraph) && paragraph.container === container);
  if (stray.length < MIN_STRAY) return text;
  const lines = text.split('\n');
  let anchor = -1;
  for (const paragraph of paragraphs) {
    if (kept.has(paragraph)) {
      anchor = Math.max(anchor, lineOf(lines, paragraph));
      continue;
    }
    if (!stray.includes(paragraph)) continue;
    const at = anchor === -1 ? 0 : anchor + 1;
    lines.splice(at, 0, ...(at === 0 ? [paragraph.text, ''] : ['', paragraph.text]));
    anchor = at === 0 ? 0 : at + 1;
  }
  return lines.join('\n');
}
