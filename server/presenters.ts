/**
 * Turns engine results into what templates and the API show: links that carry the query, date labels,
 * pagination. Pure functions, so the pages and the JSON API present results the same way.
 */
import type { SearchEngine, SearchHit } from '../index/engine.ts';
import type { StoredDocument } from '../index/snapshot.ts';
import type { HitModel, LayoutModel, PageLink } from './viewModels.ts';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2019-07-23` → `23 July 2019`; falls back to the date as written, or null. */
export function dateLabel(document: Pick<StoredDocument, 'date' | 'dateText'>): string | null {
  const match = document.date === null ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(document.date);
  if (match === null) return document.dateText;
  const [, year, month, day] = match;
  return `${Number(day)} ${MONTHS[Number(month) - 1] ?? ''} ${year}`;
}

/** The article page's address, with the query to highlight and a jump to its first match. */
export function articleHref(id: string, query: string): string {
  const base = `/articles/${encodeURIComponent(id)}`;
  return query === '' ? base : `${base}?q=${encodeURIComponent(query)}#first-match`;
}

/** The results page's address for a query and page. */
export function searchHref(query: string, page = 1): string {
  return `/search?q=${encodeURIComponent(query)}${page > 1 ? `&page=${page}` : ''}`;
}

/** A hit as the results page shows it. */
export function hitModel(hit: SearchHit, query: string): HitModel {
  return {
    id: hit.id,
    titleHtml: hit.titleHtml,
    href: articleHref(hit.id, query),
    source: hit.source,
    authors: hit.authors,
    dateLabel: dateLabel(hit),
    dateIso: hit.date,
    snippetHtml: hit.snippet,
  };
}

/** Page links around the current page: first, last, and two either side, at most 7. */
export function pageLinks(query: string, page: number, pageCount: number): PageLink[] {
  const numbers = new Set([1, pageCount]);
  for (let n = page - 2; n <= page + 2; n += 1) if (n >= 1 && n <= pageCount) numbers.add(n);
  return [...numbers]
    .sort((a, b) => a - b)
    .map((number) => ({ number, href: searchHref(query, number), current: number === page }));
}

const statsByEngine = new WeakMap<SearchEngine, LayoutModel['stats']>();

/** The header and home page summary: how many articles, from which sources (most articles first). */
export function layoutModel(engine: SearchEngine, pageTitle: string, query: string): LayoutModel {
  let stats = statsByEngine.get(engine);
  if (stats === undefined) {
    const sources = engine.sources().map(({ name, count }) => ({
      name,
      count,
      href: searchHref(`source:"${name.replace(/"/g, '')}"`),
    }));
    stats = { documentCount: engine.documentCount, sources };
    statsByEngine.set(engine, stats);
  }
  return { pageTitle, query, stats };
}

/** `“March 1 deadline” – Lede`: page titles name the query. */
export function queryTitle(query: string, suffix = 'Lede'): string {
  const shown = query.length > 60 ? `${query.slice(0, 60)}…` : query;
  return `“${shown}” – ${suffix}`;
}
