/**
 * Server configuration, read once from the environment at start-up and validated, then passed down.
 * Nothing else reads `process.env`.
 */
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_INDEX_PATH, DEFAULT_SEEDS_DIR } from '../index/paths.ts';
import { LOG_LEVELS, type LogLevel } from './logger.ts';

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LEDE_INDEX_PATH: z.string().min(1).default(DEFAULT_INDEX_PATH),
  LEDE_SEEDS_DIR: z.string().min(1).default(DEFAULT_SEEDS_DIR),
  LEDE_ADMIN_TOKEN: z
    .string()
    .min(16, 'LEDE_ADMIN_TOKEN must be at least 16 characters; use a long random value')
    .optional(),
  LEDE_WATCH_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  LEDE_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(6000),
  LEDE_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
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
  /** pino level for the structured logs (`LEDE_LOG_LEVEL`, default `info`; `silent` turns them off). */
  logLevel: LogLevel;
  /** Server processes to run (`WEB_CONCURRENCY`): 1 serves in the main process, more fork workers. */
  workers: number;
}

/** Reads and validates the configuration; throws an Error listing every invalid variable. */
export function loadConfig(environment: NodeJS.ProcessEnv): ServerConfig {
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
    logLevel: env.LEDE_LOG_LEVEL,
    workers: env.WEB_CONCURRENCY,
  };
}
