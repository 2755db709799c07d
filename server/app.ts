/**
 * The Express application, built from its dependencies and returned without listening, so tests can
 * drive it on a port of their choosing and the entry point stays tiny.
 */
import path from 'node:path';
import express, { type Express } from 'express';
import type { z } from 'zod';
import { ARTIFACT_VERSION } from '../index/artifact/artifact.ts';
import type { LiveIndex } from '../index/liveIndex.ts';
import { PROJECT_ROOT } from '../index/paths.ts';
import { onlyMethods, refuseOtherMethods } from './allowedMethods.ts';
import type { healthResponseSchema } from './apiSchemas.ts';
import { cacheValidation, VALIDATED_PATHS } from './caching.ts';
import { CORS_PATHS, type CorsOrigins, corsHeaders } from './cors.ts';
import { errorHandler, notFound } from './httpErrors.ts';
import { type Logger, requestLogging, silentLogger } from './logger.ts';
import { layoutModel } from './presenters.ts';
import { publicOrigin } from './publicOrigin.ts';
import { adminRouter } from './routes/admin.ts';
import { apiRouter } from './routes/api.ts';
import { feedsRouter } from './routes/feeds.ts';
import { openSearchRouter } from './routes/opensearch.ts';
import { pagesRouter } from './routes/pages.ts';
import {
  ADMIN_BODY_LIMIT,
  ADMIN_RATE_LIMIT_PER_MINUTE,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  rateLimiter,
  securityHeaders,
  type TrustProxy,
  urlLengthLimit,
} from './security.ts';
import { useViews } from './views.ts';

/** What the app needs: the live index and, to enable admin routes, a token. */
export interface AppDependencies {
  /** Opened with `searchRenderer: SEARCH_RENDERER` (searchResponse.ts), and `searchThread` if wanted. */
  index: LiveIndex;
  adminToken: string | null;
  /** Results per HTML page (default 10). */
  pageSize?: number;
  /**
   * Requests per minute per client IP on `/api/` and `/search` (default 6000; 0 disables). Counted per
   * process: with N workers a client can make up to N times as many. Clients on this machine (loopback
   * addresses) are not counted, so load tests and health checks run on the box itself never hit it.
   */
  rateLimitPerMinute?: number;
  /** Admin requests per minute per client IP, this machine included (default 10; each may rebuild). */
  adminRateLimitPerMinute?: number;
  /**
   * Express's `trust proxy` (default false). Behind a reverse proxy, name it here so the client
   * address, which the rate limits count by, is the real client and not the proxy (which, on the same
   * machine, would be loopback and so exempt from the search limit).
   */
  trustProxy?: TrustProxy;
  /** Where request and error logs go (default: a silent logger, so nothing is written). */
  logger?: Logger;
  /**
   * The site's public address for absolute links in feeds and the OpenSearch description (default
   * null: the address each request reached; see publicOrigin.ts).
   */
  publicUrl?: string | null;
  /**
   * Which other sites' pages may read the read-only routes from a browser (default none; see cors.ts):
   * `*` or a list of origins. Never the admin route.
   */
  corsOrigins?: CorsOrigins;
}

/**
 * Creates the app: pages, JSON API, admin routes (when a token is set), health, static assets, behind
 * request ids and logging, security headers, a URL length limit and per-IP rate limits.
 */
export function createApp({
  index,
  adminToken,
  pageSize = 10,
  rateLimitPerMinute = DEFAULT_RATE_LIMIT_PER_MINUTE,
  adminRateLimitPerMinute = ADMIN_RATE_LIMIT_PER_MINUTE,
  trustProxy = false,
  logger = silentLogger(),
  publicUrl = null,
  corsOrigins = [],
}: AppDependencies): Express {
  if (!index.rendersSearches) {
    throw new Error(
      'createApp needs the index opened with searchRenderer: SEARCH_RENDERER (server/searchResponse.ts), which renders /api/search',
    );
  }
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  app.use(requestLogging(logger));
  app.use(securityHeaders());
  app.use(urlLengthLimit());
  // Hashing each body for an ETag cost a tenth of a search request's time: answers get one made from
  // their URL and the loaded index instead, before they are computed (caching.ts). Static assets keep theirs.
  app.set('etag', false);
  useViews(app);
  app.set('query parser', 'simple');

  app.use(
    '/assets',
    onlyMethods('GET'),
    express.static(path.join(PROJECT_ROOT, 'server', 'public'), { maxAge: '1h', index: false }),
  );
  app.get('/favicon.ico', (_req, res) => {
    res.redirect(301, '/assets/favicon.svg');
  });

  app.get('/healthz', (_req, res) => {
    const engine = index.engine;
    const body: z.input<typeof healthResponseSchema> = {
      status: 'ok',
      documents: engine.manifest.documentCount,
      builtAt: engine.manifest.builtAt,
      loadedAt: index.loadedAt.toISOString(),
      formatVersion: ARTIFACT_VERSION,
      rebuilding: index.isRebuilding,
      searchThread: index.searchesOnThread,
      resultCache: index.resultCacheStats(),
    };
    res.json(body);
  });

  if (corsOrigins === '*' || corsOrigins.length > 0) app.use(CORS_PATHS, corsHeaders(corsOrigins));
  if (rateLimitPerMinute > 0) {
    app.use(
      // Article pages too: a long article is costly to mark up, and a flood of views could stall the rest.
      ['/api', '/search', '/search.atom', '/articles'],
      rateLimiter(rateLimitPerMinute, logger, { exemptLoopback: true }),
    );
  }
  if (adminToken !== null) {
    app.use(
      '/api/admin',
      // Not exempt for loopback: each request may start a rebuild, wherever it comes from.
      rateLimiter(adminRateLimitPerMinute, logger),
      express.raw({ type: () => true, limit: ADMIN_BODY_LIMIT }),
      refuseOtherMethods(adminRouter(index, adminToken)),
    );
  }
  app.get(
    VALIDATED_PATHS,
    cacheValidation((req) => `${index.engine.manifest.builtAt}\n${publicOrigin(req, publicUrl)}`),
  );
  app.use('/api', refuseOtherMethods(apiRouter(index)));
  app.use('/', refuseOtherMethods(openSearchRouter(publicUrl)));
  app.use('/', refuseOtherMethods(feedsRouter(index, publicUrl)));
  app.use('/', refuseOtherMethods(pagesRouter(index, pageSize)));
  // The app's own routes (health, favicon); VALIDATED_PATHS' GET is only a validator, not a route
  // of its own, but the routers above answer every other method on those paths first.
  refuseOtherMethods(app.router);

  app.use((req, _res, next) => {
    next(notFound(req.path.startsWith('/api/') ? 'This API route' : 'This page'));
  });
  app.use(errorHandler((_req, pageTitle) => layoutModel(index.engine, pageTitle, '')));
  return app;
}
