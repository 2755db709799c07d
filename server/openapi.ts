/** The OpenAPI 3.1 description served at `/api/openapi.json`, generated from the API's schemas. */
import { z } from 'zod';
import {
  articleResponseSchema,
  errorResponseSchema,
  healthResponseSchema,
  reindexResponseSchema,
  searchParametersSchema,
  searchResponseSchema,
} from './apiSchemas.ts';

const json = (schema: z.ZodType) => ({
  'application/json': { schema: z.toJSONSchema(schema, { io: 'output' }) },
});
const errorResponse = (description: string) => ({ description, content: json(errorResponseSchema) });

const parameterSchemas = z.toJSONSchema(searchParametersSchema, { io: 'input' }) as {
  properties: Record<string, { description?: string }>;
};

/** The document; built once at start-up. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Lede search API',
    version: '1.0.0',
    description: 'Full-text search over news articles: ranked hits with highlighted snippets.',
  },
  paths: {
    '/api/search': {
      get: {
        summary: 'Search articles',
        parameters: [
          {
            name: 'q',
            in: 'query',
            description: parameterSchemas.properties.q?.description,
            schema: { type: 'string', maxLength: 1000 },
          },
          {
            name: 'page',
            in: 'query',
            description: parameterSchemas.properties.page?.description,
            schema: { type: 'integer', minimum: 1, default: 1 },
          },
          {
            name: 'perPage',
            in: 'query',
            description: parameterSchemas.properties.perPage?.description,
            schema: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
          },
        ],
        responses: {
          '200': { description: 'A page of ranked hits', content: json(searchResponseSchema) },
          '400': errorResponse('A missing or invalid parameter, or a query that cannot run'),
          '414': errorResponse('The address (query string) is longer than 8 KiB'),
          '429': errorResponse('Too many requests from this address: retry after Retry-After seconds'),
        },
      },
    },
    '/api/articles/{id}': {
      get: {
        summary: 'One article, cleaned, with its metadata',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'The article', content: json(articleResponseSchema) },
          '404': errorResponse('No article has this id'),
          '429': errorResponse('Too many requests from this address: retry after Retry-After seconds'),
        },
      },
    },
    '/api/admin/reindex': {
      post: {
        summary: 'Rebuild the index from the seeds folder and swap it in without downtime',
        security: [{ bearer: [] }],
        responses: {
          '200': { description: 'The new index is being served', content: json(reindexResponseSchema) },
          '401': errorResponse('No bearer token'),
          '403': errorResponse('Wrong token'),
          '404': errorResponse('Admin routes are disabled (no LEDE_ADMIN_TOKEN configured)'),
          '409': errorResponse('The rebuild failed; the previous index keeps serving'),
          '413': errorResponse('A request body larger than 1 KiB'),
          '429': errorResponse('More than 10 admin requests from this address in a minute'),
        },
      },
    },
    '/healthz': {
      get: {
        summary: 'The loaded index',
        responses: { '200': { description: 'Serving', content: json(healthResponseSchema) } },
      },
    },
  },
  components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
};
