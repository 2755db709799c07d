/**
 * The one place where errors become HTTP responses. Routes throw; this middleware decides the status
 * and the body: JSON `{ error: { code, message } }` under `/api/`, an HTML page elsewhere. Messages of
 * unexpected errors never reach the client.
 */
import type { ErrorRequestHandler, Request } from 'express';
import { QueryError, RebuildError } from '../index/errors.ts';
import type { ErrorPageModel, LayoutModel } from './viewModels.ts';

/** An error with an HTTP status and a message fit for the client. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A 404 for a missing article or route. */
export function notFound(what = 'This page'): HttpError {
  return new HttpError(404, 'not_found', `${what} does not exist.`);
}

const HEADINGS: Readonly<Record<number, string>> = {
  400: 'That request could not be understood',
  401: 'Sign-in required',
  403: 'Not allowed',
  404: 'Page not found',
  405: 'Method not allowed',
  409: 'Could not rebuild the index',
  413: 'Request too large',
  414: 'Address too long',
  429: 'Too many requests',
  500: 'Something went wrong',
};

/** Status, code and client-safe message for any thrown value. */
export function describeError(error: unknown): { status: number; code: string; message: string } {
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof QueryError) return { status: 400, code: error.code, message: error.message };
  if (error instanceof RebuildError) {
    return { status: 409, code: error.code, message: `The index was not rebuilt: ${error.message}` };
  }
  const status =
    typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 500;
  if (status === 413) return { status, code: 'too_large', message: 'The request is too large.' };
  if (status >= 400 && status < 500)
    return { status, code: 'bad_request', message: 'The request is malformed.' };
  return { status: 500, code: 'internal', message: 'Something went wrong on our side. Please try again.' };
}

/**
 * Builds the error middleware; `layout` supplies the page chrome for HTML error pages. Unexpected errors
 * (500) are logged with their stack through the request's logger (set by `requestLogging`, which adds the
 * request id), or the console without one; the client gets a generic message and the request id to quote.
 */
export function errorHandler(layout: (req: Request, pageTitle: string) => LayoutModel): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status, code, message } = describeError(error);
    // `req.log` and `req.id` exist only behind pino-http's middleware, whatever its type declarations say.
    const requestId = (req.id as unknown) === undefined ? undefined : String(req.id);
    if (status === 500) {
      // pino-http logs the finished response with this error (stack included) and the request id.
      if ((req.log as unknown) === undefined) console.error(error);
      else res.err = error instanceof Error ? error : new Error(String(error));
    }
    if (res.headersSent) return;
    res.status(status);
    // The validator was made for the answer the route would have given, not for this error.
    res.removeHeader('ETag');
    res.set('Cache-Control', 'no-store');
    if (req.path.startsWith('/api/') || req.path === '/healthz') {
      res.json({
        error: { code, message, ...(status === 500 && requestId !== undefined ? { requestId } : {}) },
      });
      return;
    }
    const heading = HEADINGS[status] ?? 'Something went wrong';
    const shown =
      status === 500 && requestId !== undefined
        ? `${message} If it keeps happening, quote request id ${requestId}.`
        : message;
    const model: ErrorPageModel = { ...layout(req, `${heading} – Lede`), status, heading, message: shown };
    res.render('error', model);
  };
}
