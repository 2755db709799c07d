/**
 * A web page as a DOM: its markup made safe ({@link boundMarkup}) and parsed by linkedom, with the few
 * DOM members that cleaning reads typed here, since the project compiles without the browser's DOM
 * library (nothing in `index/` runs in a browser).
 *
 * Why linkedom: Readability needs a DOM, and of those without a native build linkedom is the fast
 * one. On the development suite's 111 raw pages (Node 20, 2 cores) linkedom 0.18 parses a page in
 * 6.5 ms (median; 35 ms p90) and with Readability takes 28 ms (106 ms p90); happy-dom 21 takes 40 ms
 * to parse (180 ms p90) and 99 ms with Readability (451 ms p90); jsdom 31 does not load on Node 20
 * (its undici needs a newer Node). linkedom's nodes sit in linked lists, so walking and removing them
 * is iterative. Its cost on deep nesting comes from htmlparser2 underneath, which {@link boundMarkup}
 * caps before parsing.
 */
import { createRequire } from 'node:module';
import { boundMarkup, MAX_DEPTH, MAX_TEXT_BREAKS } from './boundedMarkup.ts';

type Linkedom = typeof import('linkedom');
let linkedom: Linkedom | null = null;

/**
 * linkedom's `parseHTML`, loaded on the first web page: importing it takes 0.2 s, which every build of
 * plain-text articles, and every worker of a sharded build, would pay for nothing.
 */
function parseHTML(markup: string): ReturnType<Linkedom['parseHTML']> {
  linkedom ??= createRequire(import.meta.url)('linkedom') as Linkedom;
  return linkedom.parseHTML(markup);
}

/** A DOM node, as far as cleaning reads one. */
export interface DomNode {
  /** 1 for an element, 3 for text. */
  readonly nodeType: number;
  readonly parentNode: DomNode | null;
  readonly firstChild: DomNode | null;
  readonly nextSibling: DomNode | null;
  readonly textContent: string | null;
}

/** A DOM element, as far as cleaning reads one. */
export interface DomElement extends DomNode {
  /** The tag name in lower case (`p`, `article`). */
  readonly localName: string;
  readonly parentElement: DomElement | null;
  readonly children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  getElementsByTagName(name: string): ArrayLike<DomElement>;
  contains(other: DomNode): boolean;
  closest(selectors: string): DomElement | null;
  remove(): void;
}

/** A parsed page, as far as cleaning reads one. */
export interface DomDocument {
  readonly documentElement: DomElement;
  readonly head: DomElement;
  readonly body: DomElement;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  getElementsByTagName(name: string): ArrayLike<DomElement>;
}

/** A page ready for reading: the DOM of its bounded markup and the JSON-LD it declares. */
export interface PageDocument {
  document: DomDocument;
  /** The text of each JSON-LD script, in page order (scripts are not in the DOM). */
  jsonLd: string[];
  /**
   * What makes the page's markup pathological, or null for a page as real pages are: nesting past the
   * depth limit, or more character references than any real page has. Such a page is hostile or
   * broken, and is read with simple, linear code only.
   */
  pathology: string | null;
}

/** Node type of an element. */
const ELEMENT_NODE = 1;
/** Node type of a text node. */
export const TEXT_NODE = 3;

/** Whether a node is an element. */
export function isElement(node: DomNode): node is DomElement {
  return node.nodeType === ELEMENT_NODE;
}

/** Parses a page of any content, however hostile, in time linear in its length. */
export function parsePage(html: string): PageDocument {
  const bounded = boundMarkup(html);
  const { document } = parseHTML(bounded.html) as unknown as { document: DomDocument };
  const pathology = bounded.flattened
    ? `elements nested more than ${MAX_DEPTH} deep`
    : bounded.textBreaks > MAX_TEXT_BREAKS
      ? `text broken more than ${MAX_TEXT_BREAKS.toLocaleString('en-US')} times by references or a '<'`
      : null;
  return { document, jsonLd: bounded.jsonLd, pathology };
}
