/**
 * Structured logs: one pino logger, made from the configuration at start-up and passed down, and the
 * per-request middleware that gives every request an id, echoes it in `X-Request-Id` and logs one
 * record when the response is done (with the error and its stack for failures; clients never see them).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { type DestinationStream, type Logger, pino } from 'pino';
import { pinoHttp } from 'pino-http';

export type { Logger } from 'pino';

/** The levels `LEDE_LOG_LEVEL` accepts; `silent` turns logging off. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A JSON logger writing to `destination` (stdout by default). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, base: { pid: process.pid } };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** A logger that writes nothing: the default for apps built without one (tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** The response header carrying the request id, and the shape an incoming one must have to be reused. */
export const REQUEST_ID_HEADER = 'X-Request-Id';
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's `X-Request-Id` when it is a short, safe token; otherwise a fresh UUID. */
export function requestIdFor(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

const MAX_LOGGED_URL = 1024;

/**
 * The request-logging middleware: sets `req.id` and `req.log` (a child logger carrying `reqId`), echoes
 * the id in `X-Request-Id`, and logs each finished response. Headers are not logged (they carry the
 * admin token), and URLs are cut to 1,024 characters.
 */
export function requestLogging(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = requestIdFor(req.headers['x-request-id']);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url.length > MAX_LOGGED_URL ? `${req.url.slice(0, MAX_LOGGED_URL)}…` : req.url,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (req, res, error) => {
      if (error !== undefined || res.statusCode >= 500) return 'error';
      const url = req.url ?? '';
      if (url === '/healthz' || url.startsWith('/assets/')) return 'debug';
      return 'info';
    },
  }) as RequestHandler;
}
