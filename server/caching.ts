/**
 * Cache validators for pages, searches, suggestions, articles and feeds: an `ETag` and
 * `Cache-Control: no-cache`, so a client keeps what it fetched and revalidates it, and a matching
 * `If-None-Match` gets a 304 without the search being run again.
 *
 * An answer depends on its URL, the loaded index and the code that renders it (and, for feeds, the
 * site's address), so the ETag is a digest of those, computed before the route runs: a rebuild or a
 * deploy changes every ETag, and a restart of the same code over the same index does not. It is weak
 * (`W/`): the same search answers the same hits, but a body may differ in, say, `tookMs`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, RequestHandler } from 'express';
import { PROJECT_ROOT } from '../index/paths.ts';

/** The routes whose GET answers carry an ETag. */
export const VALIDATED_PATHS = [
  '/',
  '/search',
  '/articles/:id',
  '/search.atom',
  '/opensearch.xml',
  '/api/search',
  '/api/suggest',
  '/api/articles/:id',
  '/api/openapi.json',
];

/** The folders of the code that makes an answer: the core, the server and its templates. */
const CODE_FOLDERS = ['index', 'server', 'views'];
const CODE_FILE = /\.(ts|js|ejs|css|svg)$/;

let codeDigest: string | undefined;

/** A digest of the code's files (about 1 MB, a few milliseconds), computed once per process. */
function digestOfCode(): string {
  if (codeDigest !== undefined) return codeDigest;
  const hash = createHash('sha256');
  for (const folder of CODE_FOLDERS) {
    const files = readdirSync(path.join(PROJECT_ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => CODE_FILE.test(file))
      .sort();
    for (const file of files) {
      hash.update(`${folder}/${file}\n`);
      hash.update(readFileSync(path.join(PROJECT_ROOT, folder, file)));
    }
  }
  codeDigest = hash.digest('base64url');
  return codeDigest;
}

/** Whether an `If-None-Match` header names this (weak) ETag, or is `*`. */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
}

/**
 * Sets `ETag` and `Cache-Control: no-cache` on GET and HEAD answers, and answers 304 to a request
 * whose `If-None-Match` names the ETag. `state(req)` says what, besides the URL, the answer depends on:
 * the loaded index's build time and the site's address.
 */
export function cacheValidation(state: (req: Request) => string): RequestHandler {
  return (req, res, next) => {
    const etag = `W/"${createHash('sha256')
      .update(`${digestOfCode()}\n${state(req)}\n${req.originalUrl}`)
      .digest('base64url')
      .slice(0, 27)}"`;
    res.set('ETag', etag);
    res.set('Cache-Control', 'no-cache');
    if (ifNoneMatchMatches(req.get('if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    next();
  };
}
