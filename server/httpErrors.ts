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
  409: 'Could not rebuild the index',
  413: 'Request too large',
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

/** Builds the error middleware; `layout` supplies the page chrome for HTML error pages. */
export function errorHandler(layout: (req: Request, pageTitle: string) => LayoutModel): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status, code, message } = describeError(error);
    if (status === 500) console.error(error);
    if (res.headersSent) return;
    res.status(status);
    if (req.path.startsWith('/api/') || req.path === '/healthz') {
      res.json({ error: { code, message } });
      return;
    }
    const heading = HEADINGS[status] ?? 'Something went wrong';
    const model: ErrorPageModel = { ...layout(req, `${heading} – Lede`), status, heading, message };
    res.render('error', model);
  };
}
