/**
 * The JSON body of `/api/search`, encoded once per result the engine's cache holds.
 *
 * Why: a repeated search is answered from the engine's result cache in microseconds, and then turning
 * that result into the response (building the body, `JSON.stringify` of 5–10 KB and encoding it to
 * UTF-8) was most of the request's own work. A cached result is frozen and is returned by every repeat
 * as a copy sharing its `hits` array, so the encoded body is remembered under that array: it lives as
 * long as the engine's cache keeps the result, and goes with it when the entry is dropped or the index
 * is rebuilt. Only `tookMs` differs between answers, so the body is kept as the JSON before and after
 * it.
 */
import type { z } from 'zod';
import { type SearchRequest, searchJson } from '../index/render/searchJson.ts';
import type { SearchResult } from '../index/search/results.ts';
import type { searchResponseSchema } from './apiSchemas.ts';

type SearchResponseBody = z.input<typeof searchResponseSchema>;

/** A body encoded around its `tookMs` value, and the request and result it was made for. */
interface EncodedBody extends SearchRequest {
  filters: SearchResult['filters'];
  /** The JSON before the `tookMs` number, and after it. */
  beforeTookMs: string;
  afterTookMs: string;
}

/** The key of `tookMs`, which comes before any user text but the query (see searchJson.ts). */
const TOOK_MS_KEY = ',"tookMs":';

/**
 * `body` as JSON, and that JSON cut around its `tookMs` number (null cuts when it has none). One
 * `JSON.stringify` of the whole body: encoding the parts before and after `tookMs` apart and joining
 * their bytes made a fresh search's body cost 65 µs against 60 (the benchmark's searches). The first
 * `,"tookMs":` in the text is the key: inside a JSON string every `"` is escaped, so the query cannot
 * hold it.
 */
function encode(
  body: SearchResponseBody,
): { json: string; before: string; after: string } | { json: string } {
  const json = JSON.stringify(body);
  const key = json.indexOf(TOOK_MS_KEY);
  const numberStart = key + TOOK_MS_KEY.length;
  const numberEnd = json.indexOf(',', numberStart);
  if (key < 0 || numberEnd < 0) return { json };
  return { json, before: json.slice(0, numberStart), after: json.slice(numberEnd) };
}

const encodedByHits = new WeakMap<SearchResult['hits'], EncodedBody>();

/** The UTF-8 JSON response body for `result`, encoded once while the engine's cache holds the result. */
export function searchResponseBytes(result: SearchResult, request: SearchRequest): Buffer {
  const encoded = encodedByHits.get(result.hits);
  if (
    encoded !== undefined &&
    // Every search the engine computes makes its own hits and filters: a copy of a cached result
    // shares both with it, and no other result does.
    encoded.filters === result.filters &&
    encoded.q === request.q &&
    encoded.page === request.page &&
    encoded.perPage === request.perPage &&
    encoded.explain === request.explain
  ) {
    return Buffer.from(`${encoded.beforeTookMs}${JSON.stringify(result.tookMs)}${encoded.afterTookMs}`);
  }
  const body: SearchResponseBody = searchJson(result, request);
  const encoding = encode(body);
  // Only a result the engine's cache keeps (frozen, see resultCache.ts) is ever answered again.
  if ('before' in encoding && Object.isFrozen(result.hits)) {
    encodedByHits.set(result.hits, {
      ...request,
      filters: result.filters,
      beforeTookMs: encoding.before,
      afterTookMs: encoding.after,
    });
  }
  return Buffer.from(encoding.json);
}

/**
 * This module, as the served index's `searchRenderer` (see liveIndex.ts): the search thread renders
 * the API's bodies with {@link renderSearch}, so the main thread only sends them.
 */
export const SEARCH_RENDERER = new URL(import.meta.url);

/** The API's body for a search; `request` is the {@link SearchRequest} the route passed. */
export function renderSearch(result: SearchResult, request: unknown): Uint8Array {
  return searchResponseBytes(result, request as SearchRequest);
}
