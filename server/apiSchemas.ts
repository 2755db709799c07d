/**
 * The JSON API's parameters and responses as schemas: requests are validated with them, the OpenAPI
 * document is generated from them, and the tests check responses against them, so the three agree.
 */
import { z } from 'zod';

/** Longest query the API accepts, in characters. */
export const MAX_QUERY_LENGTH = 1000;
/** Largest page the API returns. */
export const MAX_PER_PAGE = 100;

const integerParameter = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${name} must be at least ${min}`)
        .max(max, `${name} must be at most ${max.toLocaleString('en-US')}`),
    )
    .optional()
    .transform((value) => value ?? fallback);

export const searchParametersSchema = z.object({
  q: z
    .string({ error: 'q (the query) is required and must appear once' })
    .max(MAX_QUERY_LENGTH, `q must be at most ${MAX_QUERY_LENGTH.toLocaleString('en-US')} characters`)
    .describe('The query: words, "phrases", -exclusions, OR, prefix*, title:/source:/author: fields'),
  page: integerParameter('page', 1, 1_000_000, 1).describe('1-based page number (default 1)'),
  perPage: integerParameter('perPage', 1, MAX_PER_PAGE, 10).describe('Hits per page, 1 to 100 (default 10)'),
});

export const hitSchema = z.object({
  id: z.string().describe('The article id: its file name without extension'),
  title: z.string(),
  source: z.string().nullable().describe('The publisher, when the text names it'),
  authors: z.array(z.string()),
  date: z.string().nullable().describe('ISO 8601 date, when the text gives a full date'),
  score: z.number().describe('Relevance: BM25 with title boost, times the phrase/proximity factor'),
  snippet: z
    .string()
    .describe('The best passage as HTML; its only markup is <mark>, everything else escaped'),
  url: z.string().describe('Path of the article page on this server, highlighting the query'),
});

export const searchResponseSchema = z.object({
  query: z.string(),
  total: z.number().int().describe('Matching articles across all pages'),
  page: z.number().int(),
  perPage: z.number().int(),
  tookMs: z.number(),
  fallback: z.boolean().describe('True when no article had every word, so these have any of them'),
  notices: z.array(z.string()).describe('How the query was interpreted, for the user'),
  hits: z.array(hitSchema),
});

export const articleResponseSchema = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string().nullable(),
  authors: z.array(z.string()),
  date: z.string().nullable(),
  dateText: z.string().nullable().describe('The date as written in the article'),
  sourceUrl: z.string().nullable().describe('The original publication address, when known'),
  body: z.string().describe('The cleaned article text; paragraphs separated by a blank line'),
});

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  documents: z.number().int(),
  builtAt: z.string().describe('When the loaded index was built (ISO 8601)'),
  loadedAt: z.string().describe('When this process loaded it (ISO 8601)'),
  formatVersion: z.number().int(),
  rebuilding: z.boolean(),
});

export const reindexResponseSchema = z.object({
  documents: z.number().int(),
  terms: z.number().int(),
  bytes: z.number().int(),
  ms: z.number(),
  analyzed: z.number().int(),
  reused: z.number().int(),
  removed: z.number().int(),
  warnings: z.array(z.string()),
  builtAt: z.string(),
});

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().describe('A sentence to show the user'),
    requestId: z
      .string()
      .optional()
      .describe('On unexpected errors (500): the id of the request, also in X-Request-Id, to report'),
  }),
});
