/** The JSON API: search, suggestions, articles and the OpenAPI description. */
import { Router } from 'express';
import type { z } from 'zod';
import type { DuplicateRef } from '../../index/engine.ts';
import type { LiveIndex } from '../../index/liveIndex.ts';
import {
  type articleResponseSchema,
  searchFilters,
  searchParametersSchema,
  type searchResponseSchema,
  suggestParametersSchema,
  type suggestResponseSchema,
} from '../apiSchemas.ts';
import { notFound } from '../httpErrors.ts';
import { openApiDocument } from '../openapi.ts';
import { articleHref, feedHref, type SearchLink, searchHref } from '../presenters.ts';
import { parseParameters } from '../validation.ts';

/** An article reference as the API returns it: the page link instead of the display fields. */
function referenceBody(reference: DuplicateRef, query = '') {
  return {
    id: reference.id,
    title: reference.title,
    source: reference.source,
    date: reference.date,
    url: articleHref(reference.id, query),
  };
}

/** Routes mounted at `/api`. */
export function apiRouter(index: LiveIndex): Router {
  const router = Router();

  router.get('/search', (req, res) => {
    const parameters = parseParameters(searchParametersSchema, req.query);
    const { q, page, perPage } = parameters;
    const result = index.engine.search(q, {
      limit: perPage,
      offset: (page - 1) * perPage,
      filters: searchFilters(parameters),
      sort: parameters.sort,
      facets: true,
    });
    const link: SearchLink = { q, ...result.filters, sort: result.sort };
    const facets = result.facets ?? {
      sources: [],
      authors: [],
      timeline: { granularity: 'month', buckets: [], undated: 0 },
    };
    const body: z.input<typeof searchResponseSchema> = {
      query: result.query,
      total: result.total,
      articles: result.articles,
      page,
      perPage,
      tookMs: result.tookMs,
      fallback: result.fallback,
      notices: result.notices,
      suggestion:
        result.suggestion === null
          ? null
          : {
              query: result.suggestion.query,
              url: searchHref({ ...link, q: result.suggestion.query }, 1, '/api/search'),
            },
      filters: {
        ...result.filters,
        sources: [...result.filters.sources],
        authors: [...result.filters.authors],
      },
      sort: result.sort,
      facets,
      feed: feedHref(link),
      hits: result.hits.map((hit) => ({
        id: hit.id,
        title: hit.title,
        source: hit.source,
        authors: hit.authors,
        date: hit.date,
        score: hit.score,
        snippet: hit.snippet,
        url: articleHref(hit.id, q),
        duplicates: hit.duplicates.map((duplicate) => referenceBody(duplicate, q)),
        duplicateCount: hit.duplicateCount,
      })),
    };
    res.json(body);
  });

  router.get('/suggest', (req, res) => {
    const { q, limit } = parseParameters(suggestParametersSchema, req.query);
    const body: z.input<typeof suggestResponseSchema> = {
      query: q,
      suggestions: index.engine.complete(q, limit),
    };
    res.json(body);
  });

  router.get('/articles/:id', (req, res) => {
    const engine = index.engine;
    const article = engine.article(req.params.id);
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
      duplicates: engine.duplicatesOf(article.id).map((reference) => referenceBody(reference)),
      related: engine.related(article.id).map((reference) => referenceBody(reference)),
    };
    res.json(body);
  });

  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });

  return router;
}
