/**
 * Security middleware: response headers (helmet, with a Content-Security-Policy that allows no inline
 * script or style), per-IP rate limits and request size limits. Every rejection goes through the app's
 * error handler as an `HttpError`, so it gets the usual JSON body under `/api/` and an HTML page
 * elsewhere.
 */
import { BlockList, isIP } from 'node:net';
import type { Request, RequestHandler } from 'express';
import { type RateLimitInfo, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { HttpError } from './httpErrors.ts';
import type { Logger } from './logger.ts';

/**
 * helmet's defaults (nosniff, frame and referrer policies, cross-origin policies…) with an explicit CSP.
 * No `upgrade-insecure-requests` and no HSTS: the site is served over plain HTTP.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
  });
}

/** The longest request target (path and query string) accepted, in characters. */
export const MAX_URL_LENGTH = 8 * 1024;

/** Rejects request targets longer than `MAX_URL_LENGTH` with a 414. */
export function urlLengthLimit(maxLength = MAX_URL_LENGTH): RequestHandler {
  return (req, _res, next) => {
    if (req.originalUrl.length > maxLength) {
      next(
        new HttpError(
          414,
          'uri_too_long',
          `The address is too long (over ${maxLength.toLocaleString('en-US')} characters): shorten the query.`,
        ),
      );
      return;
    }
    next();
  };
}

/** The largest body the admin routes accept. */
export const ADMIN_BODY_LIMIT = '1kb';

/** The window rate limits count requests over. */
export const RATE_LIMIT_WINDOW_MS = 60_000;
/** Default requests per minute per client IP on `/api/` and `/search`. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 6000;
/** Default admin requests per minute per client IP (each may rebuild the index). */
export const ADMIN_RATE_LIMIT_PER_MINUTE = 10;

/** Seconds until the client's window resets (at least 1). */
function secondsUntilReset(req: Request, windowMs: number): number {
  const info = (req as Request & { rateLimit?: RateLimitInfo }).rateLimit;
  const resetMs = info?.resetTime === undefined ? windowMs : info.resetTime.getTime() - Date.now();
  return Math.max(1, Math.ceil(resetMs / 1000));
}

/**
 * Which proxies in front of the server to believe about the client's address, as Express's
 * `trust proxy` setting takes it: `false` (none: the client is whoever opened the connection), a hop
 * count, addresses and subnets (`10.0.0.0/8`, or `loopback`, `linklocal`, `uniquelocal`), or `true`
 * (every hop, so any client can name its own address).
 */
export type TrustProxy = boolean | number | string[];

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Whether a client address (`req.ip`) is this machine: 127.0.0.0/8, `::1`, or `::ffff:127.x.x.x`. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const family = isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** How a {@link rateLimiter} counts; defaults next to each field. */
export interface RateLimiterOptions {
  /** The window counts are kept over (default {@link RATE_LIMIT_WINDOW_MS}). */
  windowMs?: number;
  /** Requests from this machine's own addresses pass uncounted (default false). */
  exemptLoopback?: boolean;
}

/**
 * At most `limit` requests per client IP per minute; beyond that a 429 (`rate_limited`) saying when to
 * retry, with `Retry-After` and the standard `RateLimit-Limit/Remaining/Reset` headers. Counts are kept
 * in this process's memory. The client IP is `req.ip`, so behind a reverse proxy it is the real client
 * only when the app's `trust proxy` setting names that proxy.
 */
export function rateLimiter(
  limit: number,
  logger: Logger,
  { windowMs = RATE_LIMIT_WINDOW_MS, exemptLoopback = false }: RateLimiterOptions = {},
): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-6',
    legacyHeaders: false,
    logger,
    skip: exemptLoopback ? (req) => isLoopbackAddress(req.ip) : () => false,
    handler: (req, _res, next) => {
      const seconds = secondsUntilReset(req, windowMs);
      next(
        new HttpError(
          429,
          'rate_limited',
          `Too many requests from your address: try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`,
        ),
      );
    },
  });
}
