/**
 * The metadata a web page declares about its article, read in a fixed order of trust: JSON-LD first
 * (it is written for machines, field by field), then OpenGraph and `article:*` meta tags, then the
 * other meta tags publishers use (`author`, `byl`, `parsely-*`, `sailthru.*`, Dublin Core), then
 * `<time datetime>` and `rel="author"` links. The visible by-line comes last, from the text cleaner.
 */
import { type AuthorNames, readAuthorNames } from './authorNames.ts';
import { type DeclaredDate, parseDeclaredDate } from './dates.ts';
import { type JsonLdFacts, readJsonLd } from './jsonLd.ts';
import { collapseSpaces } from './lines.ts';
import { knownOutlet, startsWithOutlet } from './outlets.ts';
import type { DomDocument, DomElement } from './pageDocument.ts';

/** What a page declares about its article; each field null (or empty) when it declares nothing. */
export interface PageMetadata {
  title: string | null;
  /** The people credited, from the most trusted declaration that names any. */
  authors: string[];
  /** Organisations credited as authors (`BBC News`): a source when the page names no site. */
  authorOrganizations: string[];
  /** The publisher or site: JSON-LD `publisher.name`, else `og:site_name` and its kin. */
  siteName: string | null;
  published: DeclaredDate | null;
  modified: DeclaredDate | null;
  /** The canonical `http:`/`https:` address. */
  url: string | null;
  /** BCP 47 language tag. */
  language: string | null;
  section: string | null;
  /** Whether JSON-LD or OpenGraph says the page is an article. */
  declaresArticle: boolean;
  /** Whether JSON-LD does: a declaration made for the article, where `og:type` is often site-wide. */
  jsonLdArticle: boolean;
  /** The declared type that said so, or the page's `og:type`, for the page verdict's reason. */
  declaredType: string | null;
  /** Every JSON-LD `@type` on the page, lower-cased. */
  jsonLdTypes: string[];
}

/** Meta tags naming the author, most trusted first. */
const AUTHOR_METAS = [
  'author',
  'article:author',
  'og:article:author',
  'byl',
  'parsely-author',
  'sailthru.author',
  'dc.creator',
  'dcterms.creator',
  'dc.creator.name',
];
/** Meta tags giving the publication date, most trusted first. */
const PUBLISHED_METAS = [
  'article:published_time',
  'article:published',
  'og:article:published_time',
  'og:published_time',
  'datepublished',
  'parsely-pub-date',
  'sailthru.date',
  'dc.date.issued',
  'dcterms.issued',
  'dc.date',
  'dcterms.created',
  'dc.date.created',
  'pubdate',
  'publishdate',
  'publish-date',
  'published_at',
  'date',
  'ptime',
  'pdate',
];
const MODIFIED_METAS = [
  'article:modified_time',
  'article:modified',
  'og:updated_time',
  'datemodified',
  'dc.date.modified',
  'dcterms.modified',
  'utime',
];
const TITLE_METAS = [
  'og:title',
  'twitter:title',
  'dc.title',
  'dcterms.title',
  'parsely-title',
  'sailthru.title',
];
const SITE_METAS = ['og:site_name', 'application-name', 'dc.publisher', 'publisher'];
const SECTION_METAS = ['article:section', 'og:article:section', 'parsely-section', 'sailthru.section'];
const LANGUAGE_METAS = ['og:locale', 'dc.language', 'dcterms.language', 'language'];

/** The page's meta tags: content by lower-cased `property`, `name` or `itemprop`; the first of each wins. */
function metaTags(document: DomDocument): Map<string, string> {
  const metas = new Map<string, string>();
  const elements = document.getElementsByTagName('meta');
  for (let i = 0; i < elements.length; i += 1) {
    const meta = elements[i] as DomElement;
    const content = meta.getAttribute('content');
    if (content === null || content.trim() === '') continue;
    // `property` may hold several space-separated names (RDFa), each of which the tag declares.
    const keys = [meta.getAttribute('property'), meta.getAttribute('name'), meta.getAttribute('itemprop')]
      .flatMap((key) => (key === null ? [] : key.toLowerCase().split(/\s+/)))
      .filter((key) => key !== '');
    for (const key of keys) if (!metas.has(key)) metas.set(key, collapseSpaces(content));
  }
  return metas;
}

function firstMeta(metas: ReadonlyMap<string, string>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = metas.get(key);
    if (value !== undefined && value !== '') return value;
  }
  return null;
}

/** The first element's text for a selector, whitespace collapsed, or null. */
function elementText(document: DomDocument, selector: string): string | null {
  const text = collapseSpaces(document.querySelector(selector)?.textContent ?? '');
  return text === '' ? null : text;
}

/** An absolute `http:`/`https:` address, or null: anything else must never become a link. */
function httpUrl(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (!/^https?:\/\//i.test(trimmed) || trimmed.length > 2048) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A BCP 47 tag from `en`, `en-us`, `en_GB`; null for anything else. */
function languageTag(value: string | null | undefined): string | null {
  const parts = (value ?? '').trim().replace(/_/g, '-').split('-');
  const [language = '', ...rest] = parts;
  if (!/^[a-z]{2,3}$/i.test(language) || rest.some((part) => !/^[a-z\d]{1,8}$/i.test(part))) return null;
  const subtags = rest.map((part) =>
    part.length === 2
      ? part.toUpperCase()
      : part.length === 4
        ? `${part[0]?.toUpperCase()}${part.slice(1).toLowerCase()}`
        : part.toLowerCase(),
  );
  return [language.toLowerCase(), ...subtags].join('-');
}

/**
 * A page title without a trailing " | Site" or " - Author" part: `Headline | CNN Politics` → `Headline`.
 * The part goes only when it names the site, a known outlet or one of the authors.
 */
function withoutTitleSuffix(title: string, siteName: string | null, authors: readonly string[]): string {
  const match = /^(.*\S)\s+[|–—-]\s+([^|–—]+)$/.exec(title);
  if (match === null) return title;
  const [, headline = '', suffix = ''] = match;
  const tail = suffix.trim().toLowerCase();
  const named =
    (siteName !== null && tail === siteName.toLowerCase()) ||
    knownOutlet(suffix) !== null ||
    startsWithOutlet(suffix) ||
    authors.some((author) => author.toLowerCase() === tail);
  return named ? headline : title;
}

/** The first list of names that has a person in it; organisations gathered from all. */
function chooseAuthors(candidates: readonly string[], siteName: string | null): AuthorNames {
  const organizations: string[] = [];
  for (const candidate of candidates) {
    const names = readAuthorNames(candidate, siteName);
    organizations.push(...names.organizations.filter((name) => !organizations.includes(name)));
    if (names.people.length > 0) return { people: names.people, organizations };
  }
  return { people: [], organizations };
}

/** Author names declared by JSON-LD, as one candidate per credited author list. */
function jsonLdAuthorCandidates(facts: JsonLdFacts): string[] {
  const authors = facts.article?.authors ?? [];
  const people = authors.filter((author) => !author.isOrganization).map((author) => author.name);
  const organizations = authors.filter((author) => author.isOrganization).map((author) => author.name);
  // Organisations are offered alone, so they are never read as people whatever they are called.
  return [people.join(', '), ...organizations.map((name) => `${name}`)].filter((value) => value !== '');
}

/** `rel="author"` links and `itemprop="author"` elements: names printed on the page. */
function markedAuthors(document: DomDocument): string[] {
  const names: string[] = [];
  const elements = document.querySelectorAll('a[rel~="author"], [itemprop~="author"]');
  for (let i = 0; i < elements.length && names.length < 10; i += 1) {
    const element = elements[i] as DomElement;
    const inner = element.querySelector('[itemprop~="name"]') ?? element;
    const name = collapseSpaces(inner.getAttribute('content') ?? inner.textContent ?? '');
    if (name !== '' && name.length <= 100 && !names.includes(name)) names.push(name);
  }
  return names.length === 0 ? [] : [names.join(', ')];
}

/** The first `<time>` whose `datetime` gives a date: the publication time marked as such first. */
function timeElementDate(document: DomDocument): DeclaredDate | null {
  const marked = document.querySelector('time[itemprop~="datePublished"], time[pubdate]');
  const candidates = marked === null ? [] : [marked];
  const times = document.getElementsByTagName('time');
  for (let i = 0; i < times.length && i < 20; i += 1) candidates.push(times[i] as DomElement);
  for (const time of candidates) {
    const date = parseDeclaredDate(time.getAttribute('datetime') ?? '');
    if (date !== null) return date;
  }
  return null;
}

function firstDate(values: readonly (string | null)[]): DeclaredDate | null {
  for (const value of values) {
    const date = value === null ? null : parseDeclaredDate(value);
    if (date !== null) return date;
  }
  return null;
}

/** Reads what a page declares about its article, from its DOM and its JSON-LD blocks. */
export function readPageMetadata(document: DomDocument, jsonLdBlocks: readonly string[]): PageMetadata {
  const facts = readJsonLd(jsonLdBlocks);
  const article = facts.article;
  const metas = metaTags(document);
  const siteName = article?.publisher ?? firstMeta(metas, SITE_METAS);
  const authors = chooseAuthors(
    [
      ...jsonLdAuthorCandidates(facts),
      ...AUTHOR_METAS.flatMap((key) => metas.get(key) ?? []),
      ...markedAuthors(document),
    ],
    siteName,
  );
  const pageTitle = elementText(document, 'head > title') ?? elementText(document, 'title');
  const declaredTitle =
    article?.headline ?? firstMeta(metas, TITLE_METAS) ?? pageTitle ?? elementText(document, 'h1');
  const ogType = metas.get('og:type')?.toLowerCase() ?? null;
  const published =
    firstDate([article?.datePublished ?? null, ...PUBLISHED_METAS.map((key) => metas.get(key) ?? null)]) ??
    timeElementDate(document);
  const canonical = document.querySelector('link[rel~="canonical"]')?.getAttribute('href');
  return {
    title: declaredTitle === null ? null : withoutTitleSuffix(declaredTitle, siteName, authors.people),
    authors: authors.people,
    authorOrganizations: authors.organizations,
    siteName,
    published,
    modified: firstDate([
      article?.dateModified ?? null,
      ...MODIFIED_METAS.map((key) => metas.get(key) ?? null),
    ]),
    url: httpUrl(canonical) ?? httpUrl(metas.get('og:url')) ?? httpUrl(article?.url),
    language:
      languageTag(document.documentElement.getAttribute('lang')) ??
      languageTag(article?.language) ??
      languageTag(firstMeta(metas, LANGUAGE_METAS)),
    section: article?.section ?? firstMeta(metas, SECTION_METAS),
    declaresArticle: article !== null || ogType === 'article',
    jsonLdArticle: article !== null,
    declaredType: article?.type ?? (ogType === null ? null : `og:type ${ogType}`),
    jsonLdTypes: facts.types,
  };
}
