/**
 * A search result as JSON: what `/api/search` answers and what `lede search --json` prints, one
 * encoder for both. Links are the site's addresses (links.ts), snippets HTML with `<mark>`
 * (markedHtml.ts).
 */
import { articleFieldsOf, perFacet } from '../fields.ts';
import type { DuplicateRef, SearchResult } from '../search/results.ts';
import { articleHref, feedHref, type SearchLink, searchHref } from './links.ts';
import { markedHtml } from './markedHtml.ts';

/** What the body depends on besides the result (the same result can serve differently worded requests). */
export interface SearchRequest {
  q: string;
  page: number;
  perPage: number;
  explain: boolean;
}

/** An article reference as the API returns it: the page link instead of the display fields. */
export function referenceBody(reference: DuplicateRef, query = '') {
  return {
    id: reference.id,
    title: reference.title,
    source: reference.source,
    date: reference.date,
    url: articleHref(reference.id, query),
  };
}

/**
 * A search result as the JSON API answers it (server/apiSchemas.ts describes it): hits with their
 * snippets as HTML and their links, the facets (empty when the search counted none), the feed.
 */
export function searchJson(result: SearchResult, { q, page, perPage }: SearchRequest) {
  const link: SearchLink = { q, ...result.filters, sort: result.sort };
  const facets = result.facets ?? {
    ...perFacet(() => []),
    timeline: { granularity: 'month', buckets: [], undated: 0 },
  };
  return {
    query: result.query,
    total: result.total,
    articles: result.articles,
    allWords: result.allWords,
    page,
    perPage,
    tookMs: result.tookMs,
    fallback: result.fallback,
    notices: result.notices,
    suggestion:
      result.suggestion === null
        ? null
        : {
            query: result.suggestion.query,
            url: searchHref({ ...link, q: result.suggestion.query }, 1, '/api/search'),
          },
    filters: { ...result.filters, ...perFacet((key) => [...result.filters[key]]) },
    sort: result.sort,
    facets,
    feed: feedHref(link),
    hits: result.hits.map((hit) => ({
      id: hit.id,
      ...articleFieldsOf(hit),
      date: hit.date,
      score: hit.score,
      snippet: markedHtml(hit.snippet),
      url: articleHref(hit.id, q),
      duplicates: hit.duplicates.map((duplicate) => referenceBody(duplicate, q)),
      duplicateCount: hit.duplicateCount,
      ...(hit.explanation === undefined ? {} : { explanation: hit.explanation }),
    })),
  };
}
