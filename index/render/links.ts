/**
 * The site's addresses: an article page, a search (its results page, its feed, its API answer). The
 * pages, the JSON API and the CLI's `--json` all link with these, so a search has one address.
 */
import { FACET_FIELDS, type FacetKey, facetOf } from '../fields.ts';
import type { SortOrder } from '../search/results.ts';

/**
 * The article page's address, with the query to highlight and where to scroll: the given section, else
 * the first match when there is a query.
 */
export function articleHref(id: string, query: string, section?: string, part?: number): string {
  const base = `/articles/${encodeURIComponent(id)}`;
  const parameters = [
    ...(query === '' ? [] : [`q=${encodeURIComponent(query)}`]),
    ...(part === undefined ? [] : [`part=${part}`]),
  ];
  const fragment = section ?? (query === '' ? '' : 'first-match');
  return `${base}${parameters.length === 0 ? '' : `?${parameters.join('&')}`}${fragment === '' ? '' : `#${fragment}`}`;
}

/** A search as a shareable address: the query, its filters (each facet's values, dates) and its order. */
export type SearchLink = Partial<Record<FacetKey, readonly string[]>> & {
  q: string;
  from?: string | null;
  to?: string | null;
  sort?: SortOrder;
};

/**
 * The address of a search (results page by default, or its feed), with parameters in a fixed order
 * and defaults left out, so the same search always has the same URL.
 */
export function searchHref(link: SearchLink | string, page = 1, path = '/search'): string {
  const search: SearchLink = typeof link === 'string' ? { q: link } : link;
  const parts = [`q=${encodeURIComponent(search.q)}`];
  for (const field of FACET_FIELDS) {
    const { key, parameter } = facetOf(field);
    for (const value of search[key] ?? []) parts.push(`${parameter}=${encodeURIComponent(value)}`);
  }
  if (search.from) parts.push(`from=${search.from}`);
  if (search.to) parts.push(`to=${search.to}`);
  if (search.sort !== undefined && search.sort !== 'relevance') parts.push(`sort=${search.sort}`);
  if (page > 1) parts.push(`page=${page}`);
  return `${path}?${parts.join('&')}`;
}

/** The Atom feed of a search. */
export function feedHref(link: SearchLink): string {
  return searchHref(link, 1, '/search.atom');
}
