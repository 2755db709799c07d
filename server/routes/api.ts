/** The JSON API: search, suggestions, articles and the OpenAPI description. */
import { Router } from 'express';
import type { z } from 'zod';
import { articleFieldsOf } from '../../index/fields.ts';
import type { LiveIndex } from '../../index/liveIndex.ts';
import { referenceBody, type SearchRequest } from '../../index/render/searchJson.ts';
import { articleParts } from '../../index/search/articleParts.ts';
import type { SearchOptions } from '../../index/search/results.ts';
import {
  articleParametersSchema,
  type articleResponseSchema,
  searchFilters,
  searchParametersSchema,
  suggestParametersSchema,
  type suggestResponseSchema,
} from '../apiSchemas.ts';
import { notFound } from '../httpErrors.ts';
import { openApiDocument } from '../openapi.ts';
import { webAddress } from '../presenters.ts';
import { parseParameters } from '../validation.ts';

/** Routes mounted at `/api`. */
export function apiRouter(index: LiveIndex): Router {
  const router = Router();

  router.get('/search', async (req, res) => {
    const parameters = parseParameters(searchParametersSchema, req.query);
    const { q, page, perPage, explain } = parameters;
    const options: SearchOptions = {
      limit: perPage,
      offset: (page - 1) * perPage,
      filters: searchFilters(parameters),
      sort: parameters.sort,
      // Counting facets visits every match; a later page has the same counts as the first.
      facets: parameters.facets ?? page === 1,
      explain,
    };
    // Bytes, rendered where the search ran (see searchResponse.ts): a repeated search reuses its body.
    const request: SearchRequest = { q, page, perPage, explain };
    const body = await index.renderSearch(q, options, request);
    res.set('Content-Type', 'application/json; charset=utf-8');
    res.send(body);
  });

  router.get('/suggest', (req, res) => {
    const { q, limit, format } = parseParameters(suggestParametersSchema, req.query);
    const suggestions = index.engine.complete(q, limit);
    if (format === 'opensearch') {
      // What a browser's address bar reads: the query, then the whole queries to offer.
      res.type('application/x-suggestions+json');
      res.send(JSON.stringify([q, suggestions.map((suggestion) => suggestion.text)]));
      return;
    }
    const body: z.input<typeof suggestResponseSchema> = { query: q, suggestions };
    res.json(body);
  });

  router.get('/articles/:id', (req, res) => {
    const engine = index.engine;
    const article = engine.article(req.params.id);
    if (article === undefined) throw notFound(`The article "${req.params.id.slice(0, 100)}"`);
    const parts = articleParts(article.body);
    const { part: requested } = parseParameters(articleParametersSchema, req.query);
    const part = Math.min(requested, parts.length);
    const range = parts[part - 1] ?? { start: 0, end: article.body.length };
    const body: z.input<typeof articleResponseSchema> = {
      id: article.id,
      ...articleFieldsOf(article),
      date: article.date,
      dateText: article.dateText,
      sourceUrl: webAddress(article.url),
      body: article.body.slice(range.start, range.end),
      part,
      parts: parts.length,
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
