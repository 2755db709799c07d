/**
 * The JSON body of `/api/search`, encoded once per result the engine's cache holds.
 *
 * Why: a repeated search is answered from the engine's result cache in microseconds, and then turning
 * that result into the response (building the body, `JSON.stringify` of 5–10 KB and encoding it to
 * UTF-8) was most of the request's own work. A cached result is frozen and is returned by every repeat
 * as a copy sharing its `hits` array, so the encoded body is remembered under that array: it lives as
 * long as the engine's cache keeps the result, and goes with it when the entry is dropped or the index
 * is rebuilt. Only `tookMs` differs between answers, so the body is kept as the bytes before and after
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
  beforeTookMs: Buffer;
  afterTookMs: Buffer;
}

/** Encodes `body` as the UTF-8 JSON before and after the `tookMs` number, keeping the key order. */
function encodeAroundTookMs(
  body: SearchResponseBody,
  request: SearchRequest,
  filters: SearchResult['filters'],
): EncodedBody {
  const { query, total, articles, allWords, page, perPage, tookMs: _perAnswer, ...rest } = body;
  // `{"query":…,"perPage":10` + `,"tookMs":` | 12.3 | `,"fallback":…}`
  const head = JSON.stringify({ query, total, articles, allWords, page, perPage });
  const tail = JSON.stringify(rest);
  return {
    ...request,
    filters,
    beforeTookMs: Buffer.from(`${head.slice(0, -1)},"tookMs":`),
    afterTookMs: Buffer.from(`,${tail.slice(1)}`),
  };
}

const encodedByHits = new WeakMap<SearchResult['hits'], EncodedBody>();

/** The UTF-8 JSON response body for `result`, encoded once while the engine's cache holds the result. */
export function searchResponseBytes(result: SearchResult, request: SearchRequest): Buffer {
  let encoded = encodedByHits.get(result.hits);
  if (
    encoded === undefined ||
    // Every search the engine computes makes its own hits and filters: a copy of a cached result
    // shares both with it, and no other result does.
    encoded.filters !== result.filters ||
    encoded.q !== request.q ||
    encoded.page !== request.page ||
    encoded.perPage !== request.perPage ||
    encoded.explain !== request.explain
  ) {
    const body: SearchResponseBody = searchJson(result, request);
    encoded = encodeAroundTookMs(body, request, result.filters);
    encodedByHits.set(result.hits, encoded);
  }
  return Buffer.concat([
    encoded.beforeTookMs,
    Buffer.from(JSON.stringify(result.tookMs)),
    encoded.afterTookMs,
  ]);
}
