/** The JSON API: search, articles and the OpenAPI description. */
import { Router } from 'express';
import type { z } from 'zod';
import type { LiveIndex } from '../../index/liveIndex.ts';
import {
  type articleResponseSchema,
  searchParametersSchema,
  type searchResponseSchema,
} from '../apiSchemas.ts';
import { notFound } from '../httpErrors.ts';
import { openApiDocument } from '../openapi.ts';
import { articleHref } from '../presenters.ts';
import { parseParameters } from '../validation.ts';

/** Routes mounted at `/api`. */
export function apiRouter(index: LiveIndex): Router {
  const router = Router();

  router.get('/search', (req, res) => {
    const { q, page, perPage } = parseParameters(searchParametersSchema, req.query);
    const result = index.engine.search(q, { limit: perPage, offset: (page - 1) * perPage });
    const body: z.input<typeof searchResponseSchema> = {
      query: result.query,
      total: result.total,
      page,
      perPage,
      tookMs: result.tookMs,
      fallback: result.fallback,
      notices: result.notices,
      hits: result.hits.map((hit) => ({
        id: hit.id,
        title: hit.title,
        source: hit.source,
        authors: hit.authors,
        date: hit.date,
        score: hit.score,
        snippet: hit.snippet,
        url: articleHref(hit.id, q),
      })),
    };
    res.json(body);
  });

  router.get('/articles/:id', (req, res) => {
    const article = index.engine.article(req.params.id);
    if (article === undefined) throw notFound(`The article "${req.params.id.slice(0, 100)}"`);
    const body: z.input<typeof articleResponseSchema> = {
      id: article.id,
      title: article.title,
      source: article.source,
      authors: article.authors,
      date: article.date,
      dateText: article.dateText,
      sourceUrl: article.url,
      body: article.body,
    };
    res.json(body);
  });

  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });

  return router;
}
