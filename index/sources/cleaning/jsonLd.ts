/**
 * JSON-LD, the structured data news pages declare for search engines: the article node among a
 * page's blocks (alone, in an array or in an `@graph`, possibly nested in a `WebPage`'s `mainEntity`)
 * and the fields Lede reads from it. Everything arrives as `unknown` and is narrowed field by field,
 * since pages put strings where objects belong and the reverse.
 */

/** Schema.org types of a news or blog article. */
const ARTICLE_TYPES = new Set([
  'article',
  'newsarticle',
  'reportagenewsarticle',
  'analysisnewsarticle',
  'opinionnewsarticle',
  'reviewnewsarticle',
  'backgroundnewsarticle',
  'askpublicnewsarticle',
  'satiricalarticle',
  'blogposting',
  'liveblogposting',
  'socialmediaposting',
  'techarticle',
  'scholarlyarticle',
  'report',
]);

/** Schema.org types of an organisation, which as an author is a source, not a person. */
const ORGANIZATION_TYPES = new Set([
  'organization',
  'newsmediaorganization',
  'corporation',
  'onlinebusiness',
]);

/** Schema.org types of a page that lists other pages, not an article. */
const LISTING_TYPES = new Set(['collectionpage', 'itemlist', 'searchresultspage', 'profilepage']);

/** Nodes visited per page: a generous bound on real structured data, a wall against hostile JSON. */
const MAX_NODES = 5000;

/** A credited author: a name, and whether the page says it is an organisation. */
export interface JsonLdAuthor {
  name: string;
  isOrganization: boolean;
}

/** What a page's JSON-LD says about its article; each field null (or empty) when it says nothing. */
export interface JsonLdArticle {
  /** The article node's `@type`, as written (`NewsArticle`). */
  type: string;
  headline: string | null;
  authors: JsonLdAuthor[];
  datePublished: string | null;
  dateModified: string | null;
  publisher: string | null;
  section: string | null;
  language: string | null;
  url: string | null;
}

/** What a page's JSON-LD declares: its article, if any, and every type it names. */
export interface JsonLdFacts {
  article: JsonLdArticle | null;
  /** Every `@type` of every node, lower-cased, for telling listing pages from articles. */
  types: string[];
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A block's text as JSON: without the CDATA wrapper some pages put around it. */
function parseBlock(block: string): unknown {
  const text = block
    .trim()
    .replace(/^(?:\/\/\s*)?<!\[CDATA\[/, '')
    .replace(/(?:\/\/\s*)?\]\]>$/, '');
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A node's types, lower-cased. */
function typesOf(node: JsonObject): string[] {
  const type = node['@type'];
  const list = Array.isArray(type) ? type : [type];
  return list.filter((item): item is string => typeof item === 'string').map((item) => item.toLowerCase());
}

/** Every object in the parsed blocks, breadth first, up to {@link MAX_NODES}; no recursion. */
function allNodes(roots: readonly unknown[]): JsonObject[] {
  const nodes: JsonObject[] = [];
  const queue: unknown[] = [...roots];
  for (let i = 0; i < queue.length && nodes.length < MAX_NODES; i += 1) {
    const value = queue[i];
    if (Array.isArray(value)) {
      queue.push(...value.slice(0, MAX_NODES));
    } else if (isObject(value)) {
      nodes.push(value);
      for (const child of Object.values(value))
        if (typeof child === 'object' && child !== null) queue.push(child);
    }
  }
  return nodes;
}

/** Decodes the few HTML entities pages leave in JSON strings (`&amp;`, `&#39;`, `&#x2019;`). */
function decodeEntities(text: string): string {
  return text.replace(
    /&(?:#(\d{1,7})|#x([\da-f]{1,6})|(amp|quot|apos|lt|gt|nbsp));/gi,
    (entity, dec, hex, name) => {
      if (dec !== undefined || hex !== undefined) {
        const code = dec !== undefined ? Number(dec) : Number.parseInt(hex, 16);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      const named: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: ' ' };
      return named[String(name).toLowerCase()] ?? entity;
    },
  );
}

/** A string field, trimmed and decoded; the first string of a list; null otherwise. */
function text(value: unknown): string | null {
  const first = Array.isArray(value) ? value.find((item) => typeof item === 'string') : value;
  if (typeof first !== 'string') return null;
  const trimmed = decodeEntities(first).replace(/\s+/g, ' ').trim();
  return trimmed === '' ? null : trimmed;
}

/** A name-bearing field: a string, or an object's `name` (publisher, language). */
function nameOf(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return isObject(first) ? text(first.name) : text(first);
}

/** The authors of an article node: a string, an object or a list of either. */
function authorsOf(value: unknown): JsonLdAuthor[] {
  const list = Array.isArray(value) ? value : [value];
  const authors: JsonLdAuthor[] = [];
  for (const item of list.slice(0, 50)) {
    const name = isObject(item) ? text(item.name) : text(item);
    if (name === null) continue;
    const isOrganization = isObject(item) && typesOf(item).some((type) => ORGANIZATION_TYPES.has(type));
    authors.push({ name, isOrganization });
  }
  return authors;
}

/** An article node's URL: `url`, else `mainEntityOfPage` (a string or an object's `@id`). */
function urlOf(node: JsonObject): string | null {
  const main = node.mainEntityOfPage;
  return text(node.url) ?? (isObject(main) ? text(main['@id']) : text(main));
}

function readArticle(node: JsonObject, type: string): JsonLdArticle {
  return {
    type,
    headline: text(node.headline) ?? text(node.name),
    authors: authorsOf(node.author ?? node.creator),
    // Not `dateCreated`: pages put the time the record was made there (Telegraph: a day after publication).
    datePublished: text(node.datePublished),
    dateModified: text(node.dateModified),
    publisher: nameOf(node.publisher),
    section: text(node.articleSection),
    language: nameOf(node.inLanguage),
    url: urlOf(node),
  };
}

/** Whether a page's types include a listing (a section front, a search or an author's page). */
export function declaresListing(types: readonly string[]): boolean {
  return types.some((type) => LISTING_TYPES.has(type));
}

/**
 * Reads a page's JSON-LD blocks: the first node of an article type (one with a headline preferred),
 * and all the types named. Blocks that are not valid JSON are skipped.
 */
export function readJsonLd(blocks: readonly string[]): JsonLdFacts {
  const nodes = allNodes(blocks.map(parseBlock));
  const types = nodes.flatMap(typesOf);
  const articles = nodes
    .map((node) => ({ node, type: typesOf(node).find((candidate) => ARTICLE_TYPES.has(candidate)) }))
    .filter((entry): entry is { node: JsonObject; type: string } => entry.type !== undefined);
  const best = articles.find(({ node }) => text(node.headline) !== null) ?? articles[0];
  if (best === undefined) return { article: null, types };
  const written = typesOf(best.node).indexOf(best.type);
  const declared = [best.node['@type']].flat()[written];
  return { article: readArticle(best.node, typeof declared === 'string' ? declared : best.type), types };
}
