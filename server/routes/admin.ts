/**
 * Admin routes, mounted at `/api/admin` only when an admin token is configured: without one they do
 * not exist (404). The token is compared in constant time so its value cannot be guessed byte by byte
 * from response times.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { type RequestHandler, Router } from 'express';
import type { z } from 'zod';
import type { LiveIndex } from '../../index/liveIndex.ts';
import { reindexParametersSchema, type reindexResponseSchema } from '../apiSchemas.ts';
import { HttpError } from '../httpErrors.ts';
import { parseParameters } from '../validation.ts';

/** Whether two secrets are equal, in time that does not depend on where they differ. */
export function secretsEqual(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function requireBearer(token: string): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1] === undefined) {
      next(new HttpError(401, 'unauthorized', 'Send the admin token as "Authorization: Bearer <token>".'));
      return;
    }
    if (!secretsEqual(match[1], token)) {
      next(new HttpError(403, 'forbidden', 'The admin token is not valid.'));
      return;
    }
    next();
  };
}

/**
 * `POST /api/admin/reindex[?full=1]`: rebuilds from the seeds folder (every file again with `full`)
 * and swaps the new index in.
 */
export function adminRouter(index: LiveIndex, token: string): Router {
  const router = Router();
  // The token is checked by the route, not for the whole router, so a wrong method gets its 405 first.
  router.post('/reindex', requireBearer(token), async (req, res) => {
    const { full } = parseParameters(reindexParametersSchema, req.query);
    const report = await index.rebuild({ full });
    const body: z.input<typeof reindexResponseSchema> = {
      documents: report.documentCount,
      terms: report.termCount,
      bytes: report.bytes,
      ms: report.ms,
      analyzed: report.analyzed,
      reused: report.reused,
      removed: report.removed,
      warnings: report.warnings,
      builtAt: index.engine.manifest.builtAt,
    };
    res.json(body);
  });
  return router;
}
