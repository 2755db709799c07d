/**
 * CORS for the read-only routes (search, suggestions, articles, the OpenAPI document, feeds and the
 * OpenSearch description): which other sites' pages may read them from a browser. None by default;
 * `LEDE_CORS_ORIGINS` names origins or allows any (`*`). Never the admin route: it changes state and
 * takes a token, so no page elsewhere should be able to call it.
 */
import type { RequestHandler } from 'express';

/** Any origin (`*`), or these origins (`https://news.example.org`); an empty list allows none. */
export type CorsOrigins = '*' | readonly string[];

/** The routes CORS applies to: every read-only route a program or another site may use. */
export const CORS_PATHS = [
  '/api/search',
  '/api/suggest',
  '/api/articles',
  '/api/openapi.json',
  '/search.atom',
  '/opensearch.xml',
];

/** Response headers a page elsewhere may read besides the simple ones. */
const EXPOSED_HEADERS =
  'ETag, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Request-Id';

/**
 * Adds `Access-Control-Allow-Origin` for an allowed `Origin`, and answers its preflight requests
 * (GET and HEAD, with `If-None-Match` to revalidate). No credentials: the routes need none.
 */
export function corsHeaders(origins: CorsOrigins): RequestHandler {
  const anyOrigin = origins === '*';
  const allowed = new Set(anyOrigin ? [] : origins);
  return (req, res, next) => {
    // The answer differs by Origin unless every origin gets the same one.
    if (!anyOrigin) res.vary('Origin');
    const origin = req.get('origin');
    if (origin === undefined || !(anyOrigin || allowed.has(origin))) {
      next();
      return;
    }
    res.set('Access-Control-Allow-Origin', anyOrigin ? '*' : origin);
    res.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    if (req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined) {
      res.set('Access-Control-Allow-Methods', 'GET, HEAD');
      res.set('Access-Control-Allow-Headers', 'If-None-Match');
      res.set('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
