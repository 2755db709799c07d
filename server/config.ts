/**
 * Server configuration, read once from the environment at start-up and validated, then passed down.
 * Nothing else reads `process.env`.
 */
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { defaultLiveIndexOptions } from '../index/liveIndex.ts';
import { DEFAULT_INDEX_PATH, DEFAULT_SEEDS_DIR } from '../index/paths.ts';
import { defaultEngineOptions } from '../index/search/engineOptions.ts';
import { RECORD_FIELDS, type RecordField } from '../index/sources/archives.ts';
import type { CorsOrigins } from './cors.ts';
import { LOG_LEVELS, type LogLevel } from './logger.ts';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, type TrustProxy } from './security.ts';

/** Names Express's `trust proxy` accepts for whole address ranges. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Whether `entry` is an address, a subnet (`10.0.0.0/8`, `fd00::/8`) or a range name. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** `LEDE_TRUST_PROXY`: `false` (default), `true`, a hop count, or a comma-separated list of addresses. */
const trustProxySchema = z
  .string()
  .trim()
  .default('false')
  .transform((value, context): TrustProxy => {
    const lower = value.toLowerCase();
    if (lower === 'false' || lower === '') return false;
    if (lower === 'true') return true;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    const invalid = entries.filter((entry) => !isProxyAddress(entry));
    if (invalid.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `must be true, false, a number of proxy hops, or addresses and subnets separated by commas (not ${invalid.map((entry) => JSON.stringify(entry)).join(', ')})`,
      });
      return z.NEVER;
    }
    return entries;
  });

/**
 * `LEDE_CORS_ORIGINS`: none (default), `*`, or origins separated by commas (`https://a.example,
 * http://localhost:8080`), each a scheme, host and optional port with no path.
 */
const corsOriginsSchema = z
  .string()
  .trim()
  .default('')
  .transform((value, context): CorsOrigins => {
    if (value === '') return [];
    if (value === '*') return '*';
    const entries = value.split(',').map((entry) => entry.trim());
    const origins = entries.map((entry) => {
      try {
        const url = new URL(entry);
        const bare = url.pathname === '/' && url.search === '' && url.hash === '' && !entry.endsWith('/');
        return /^https?:$/.test(url.protocol) && bare && url.username === '' ? url.origin : null;
      } catch {
        return null;
      }
    });
    const invalid = entries.filter((_, i) => origins[i] === null);
    if (invalid.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `must be *, or origins such as https://news.example.org separated by commas (not ${invalid.map((entry) => JSON.stringify(entry)).join(', ')})`,
      });
      return z.NEVER;
    }
    return origins.filter((origin) => origin !== null);
  });

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LEDE_INDEX_PATH: z.string().min(1).default(DEFAULT_INDEX_PATH),
  LEDE_SEEDS_DIR: z.string().min(1).default(DEFAULT_SEEDS_DIR),
  LEDE_ADMIN_TOKEN: z
    .string()
    .min(16, 'LEDE_ADMIN_TOKEN must be at least 16 characters; use a long random value')
    // A bearer token is one word: with a space in it, no Authorization header could ever match.
    .regex(/^\S+$/, 'LEDE_ADMIN_TOKEN must not contain spaces or other whitespace')
    .optional(),
  LEDE_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'LEDE_PUBLIC_URL must be an http:// or https:// address' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  LEDE_FOLLOW_LINKS_OUTSIDE: z.stringbool().default(false),
  LEDE_KEEP_NON_ARTICLES: z.stringbool().default(false),
  LEDE_ARCHIVE_MAP: z
    .string()
    .default('')
    .transform((value, context): Partial<Record<RecordField, string>> => {
      const mapping: Partial<Record<RecordField, string>> = {};
      for (const entry of value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '')) {
        const [field = '', column = ''] = entry.split('=', 2).map((part) => part.trim());
        const known = RECORD_FIELDS.find((name) => name === field);
        if (known === undefined || column === '') {
          context.addIssue({
            code: 'custom',
            message: `must be field=column pairs separated by commas, fields among ${RECORD_FIELDS.join(', ')} (not ${JSON.stringify(entry)})`,
          });
          return z.NEVER;
        }
        mapping[known] = column;
      }
      return mapping;
    }),
  LEDE_BUILD_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(24 * 60 * 60 * 1000)
    .default(defaultLiveIndexOptions.rebuildTimeoutMs),
  LEDE_WATCH_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(60_000)
    .default(defaultLiveIndexOptions.watchIntervalMs),
  LEDE_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_RATE_LIMIT_PER_MINUTE),
  LEDE_TRUST_PROXY: trustProxySchema,
  LEDE_CORS_ORIGINS: corsOriginsSchema,
  LEDE_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LEDE_RESULT_CACHE: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(defaultEngineOptions.resultCacheEntries),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  LEDE_SEARCH_THREAD: z.stringbool().optional(),
});

/** Everything the server needs to start. */
export interface ServerConfig {
  port: number;
  host: string;
  indexPath: string;
  seedsDir: string;
  /** Bearer token for `POST /api/admin/reindex`; null disables the admin routes. */
  adminToken: string | null;
  watchIntervalMs: number;
  /** Requests per minute per client IP on `/api/` and `/search` (`LEDE_RATE_LIMIT`); 0 disables. */
  rateLimitPerMinute: number;
  /**
   * Which reverse proxies to believe about the client's address (`LEDE_TRUST_PROXY`, default false),
   * so that rate limits count each real client rather than the proxy.
   */
  trustProxy: TrustProxy;
  /** pino level for the structured logs (`LEDE_LOG_LEVEL`, default `info`; `silent` turns them off). */
  logLevel: LogLevel;
  /** Search results kept per loaded index for repeated searches (`LEDE_RESULT_CACHE`); 0 turns it off. */
  resultCacheEntries: number;
  /** Server processes to run (`WEB_CONCURRENCY`): 1 serves in the main process, more fork workers. */
  workers: number;
  /**
   * Each serving process searches on a worker thread of its own (`LEDE_SEARCH_THREAD`; see
   * index/search/searchThread.ts). Default: when the machine has more cores than serving processes.
   */
  searchThread: boolean;
  /**
   * The site's address as readers reach it (`LEDE_PUBLIC_URL`, e.g. `https://news.example.org`), for
   * the absolute links of feeds and the OpenSearch description; null uses the address the server was
   * reached at, never the request's `Host` header, which any client can set.
   */
  publicUrl: string | null;
  /** Which other sites' pages may read the read-only routes (`LEDE_CORS_ORIGINS`; default none). */
  corsOrigins: CorsOrigins;
  /** Builds follow links out of the seeds folder (`LEDE_FOLLOW_LINKS_OUTSIDE`, default false). */
  followLinksOutside: boolean;
  /** Builds index web pages that are not articles (`LEDE_KEEP_NON_ARTICLES`, default false). */
  keepNonArticles: boolean;
  /** Columns builds read archive records' fields from first (`LEDE_ARCHIVE_MAP=body=story,date=pub`). */
  recordFields: Partial<Record<RecordField, string>>;
  /** Longest a build may run before it is stopped (`LEDE_BUILD_TIMEOUT_MS`, default 10 minutes). */
  rebuildTimeoutMs: number;
}

/**
 * Reads and validates the configuration; throws an Error listing every invalid variable. `cores` is
 * what the machine offers this process (for the search thread's default).
 */
export function loadConfig(environment: NodeJS.ProcessEnv, cores = availableParallelism()): ServerConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    indexPath: path.resolve(env.LEDE_INDEX_PATH),
    seedsDir: path.resolve(env.LEDE_SEEDS_DIR),
    adminToken: env.LEDE_ADMIN_TOKEN ?? null,
    watchIntervalMs: env.LEDE_WATCH_INTERVAL_MS,
    rateLimitPerMinute: env.LEDE_RATE_LIMIT,
    trustProxy: env.LEDE_TRUST_PROXY,
    logLevel: env.LEDE_LOG_LEVEL,
    resultCacheEntries: env.LEDE_RESULT_CACHE,
    workers: env.WEB_CONCURRENCY,
    // A thread beside each process only helps while the processes leave a core free.
    searchThread: env.LEDE_SEARCH_THREAD ?? cores > env.WEB_CONCURRENCY,
    publicUrl: env.LEDE_PUBLIC_URL ?? null,
    corsOrigins: env.LEDE_CORS_ORIGINS,
    followLinksOutside: env.LEDE_FOLLOW_LINKS_OUTSIDE,
    recordFields: env.LEDE_ARCHIVE_MAP,
    keepNonArticles: env.LEDE_KEEP_NON_ARTICLES,
    rebuildTimeoutMs: env.LEDE_BUILD_TIMEOUT_MS,
  };
}
