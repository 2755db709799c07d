/**
 * HTML pages: the article's text through html-to-text, with the page's navigation, header, footer,
 * asides, scripts and figures left out, and the metadata the page declares in its `<head>`.
 */
import { createRequire } from 'node:module';
import type { HtmlToTextOptions } from 'html-to-text';
import { type FoundDate, findDate } from './dates.ts';
import { collapseSpaces } from './lines.ts';
import { knownOutlet, startsWithOutlet } from './outlets.ts';

type HtmlToText = typeof import('html-to-text');
let htmlToTextModule: HtmlToText | null = null;

/**
 * html-to-text's `convert`, loaded on the first HTML page: importing it takes a tenth of a second,
 * which every build of plain-text articles, and every worker of a sharded build, would pay for nothing.
 */
function convert(html: string, options?: HtmlToTextOptions): string {
  htmlToTextModule ??= createRequire(import.meta.url)('html-to-text') as HtmlToText;
  return htmlToTextModule.convert(html, options);
}

/** What a page's markup says about its article, each field null when the page does not say. */
export interface HtmlMetadata {
  /** `og:title`, else the first `<h1>`, else `<title>` without a trailing " | Site" part. */
  title: string | null;
  /** `<meta name="author">`, as written (it may hold several names). */
  author: string | null;
  /** `og:site_name`. */
  siteName: string | null;
  /** `article:published_time`, reduced to its calendar date. */
  published: FoundDate | null;
}

/** Elements that are never article text. */
const SKIPPED = [
  'nav',
  'header',
  'footer',
  'aside',
  'script',
  'style',
  'noscript',
  'template',
  'figure',
  'figcaption',
  'img',
  'picture',
  'video',
  'audio',
  'iframe',
  'svg',
  'form',
  'button',
  'hr',
];

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

/** The element holding the article, when the page marks one; otherwise the whole body is read. */
function articleRoot(html: string): string[] {
  if (/<article[\s>]/i.test(html)) return ['article'];
  if (/<main[\s>]/i.test(html)) return ['main'];
  return ['body'];
}

function conversionOptions(html: string): HtmlToTextOptions {
  return {
    wordwrap: false,
    baseElements: { selectors: articleRoot(html), returnDomByDefault: true },
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'ul', options: { itemPrefix: ' ' } },
      { selector: 'blockquote', format: 'block' },
      ...HEADINGS.map((selector) => ({ selector, options: { uppercase: false } })),
      ...SKIPPED.map((selector) => ({ selector, format: 'skip' })),
    ],
  };
}

/** The article text of a page: one paragraph or list item per line, blocks separated by blank lines. */
export function htmlToText(html: string): string {
  return convert(html, conversionOptions(html));
}

/** Decodes entities and drops tags in a snippet of markup, on one line. */
function snippetText(snippet: string): string {
  return collapseSpaces(convert(snippet, { wordwrap: false }));
}

const ATTRIBUTE = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;

/** The attributes of one tag, keys lower-cased, values still entity-encoded. */
function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [, name = '', double, single, bare] of tag.matchAll(ATTRIBUTE)) {
    attributes.set(name.toLowerCase(), double ?? single ?? bare ?? '');
  }
  return attributes;
}

/** `<meta>` contents keyed by their `name` or `property`, lower-cased; the first of each wins. */
function metaTags(html: string): Map<string, string> {
  const metas = new Map<string, string>();
  for (const [tag] of html.matchAll(/<meta\b[^>]*>/gi)) {
    const attributes = attributesOf(tag);
    const key = (attributes.get('property') ?? attributes.get('name') ?? '').toLowerCase();
    const content = attributes.get('content');
    if (key !== '' && content !== undefined && !metas.has(key)) metas.set(key, snippetText(content));
  }
  return metas;
}

/** The text of the first element with this tag name, or null. */
function firstElementText(html: string, tag: string): string | null {
  const inner = new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}\\s*>`, 'i').exec(html)?.[1];
  const text = inner === undefined ? '' : snippetText(inner);
  return text === '' ? null : text;
}

/** `Headline | CNN Politics` → `Headline`: drops a trailing site name from a `<title>`. */
function withoutSiteSuffix(title: string, siteName: string | null): string {
  const match = /^(.*\S)\s+[|–—-]\s+([^|–—]+)$/.exec(title);
  const [, headline = '', site = ''] = match ?? [];
  const isSite = site === siteName || knownOutlet(site) !== null || startsWithOutlet(site);
  return match !== null && isSite ? headline : title;
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

/** Reads title, author, site name and publication date from a page's meta tags and headings. */
export function readHtmlMetadata(html: string): HtmlMetadata {
  const metas = metaTags(html);
  const siteName = nonEmpty(metas.get('og:site_name'));
  const pageTitle = firstElementText(html, 'title');
  const title =
    nonEmpty(metas.get('og:title')) ??
    firstElementText(html, 'h1') ??
    (pageTitle === null ? null : withoutSiteSuffix(pageTitle, siteName));
  const published = metas.get('article:published_time') ?? metas.get('date') ?? '';
  return {
    title,
    author: nonEmpty(metas.get('author')),
    siteName,
    published: findDate(published),
  };
}
