/**
 * The JSON API's parameters and responses as schemas: requests are validated with them, the OpenAPI
 * document is generated from them, and the tests check responses against them, so the three agree.
 */
import { z } from 'zod';
import {
  ARTICLE_FIELDS,
  type ArticleFields,
  FACET_FIELDS,
  type FacetField,
  FIELDS,
  facetField,
  perFacet,
  SEARCH_FIELDS,
} from '../index/fields.ts';
import { defaultEngineOptions } from '../index/search/engineOptions.ts';
import type { SearchFilters } from '../index/search/facets.ts';
import { SORT_ORDERS } from '../index/search/results.ts';

/**
 * Longest query kept for pages and feeds, in characters: twice what the engine searches, so that a
 * longer query still reaches the engine whole enough to be cut at a word, with a notice; the URL
 * length limit bounds what the API receives.
 */
export const MAX_QUERY_LENGTH = 2 * defaultEngineOptions.query.maxLength;
/** Largest page the API returns: the engine's. */
export const MAX_PER_PAGE = defaultEngineOptions.maxLimit;

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

/** Most values one filter parameter may repeat (`source=A&source=B…`). */
export const MAX_FILTER_VALUES = 20;

/** A parameter that may repeat: always a list, empty when absent. */
const listParameter = (name: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: `${name} must be text` })
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .pipe(
      z
        .array(z.string().max(200, `each ${name} must be at most 200 characters`))
        .max(MAX_FILTER_VALUES, `${name} may be given at most ${MAX_FILTER_VALUES} times`),
    );

/** A date bound; its calendar validity is checked by the core, which says what it accepts. */
const dateParameter = (name: string) =>
  z
    .string({ error: `${name} must appear once` })
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, `${name} must be a date: YYYY, YYYY-MM or YYYY-MM-DD`)
    .optional()
    .transform((value) => value ?? null);

/** A facet's filter parameter (`source`, `author`: fields.ts), as the schema's key. */
type FacetParameter = (typeof FIELDS)[FacetField]['facet']['parameter'];

/** Each facet's filter parameter: `?source=CNN&source=Reuters`. */
const facetParameters = Object.fromEntries(
  FACET_FIELDS.map((field) => {
    const { parameter, filterLabel } = FIELDS[field].facet;
    return [
      parameter,
      listParameter(parameter).describe(
        `Only articles whose ${filterLabel.toLowerCase()} is this (repeat for any of several)`,
      ),
    ];
  }),
) as unknown as Record<FacetParameter, ReturnType<typeof listParameter>>;

/** Filters and order, shared by the API, the results page and the feed. */
export const filterParametersSchema = z.object({
  ...facetParameters,
  from: dateParameter('from').describe(
    'Only articles dated on or after this day (YYYY, YYYY-MM or YYYY-MM-DD)',
  ),
  to: dateParameter('to').describe('Only articles dated on or before this day (YYYY, YYYY-MM or YYYY-MM-DD)'),
  sort: z
    .enum(SORT_ORDERS, { error: `sort must be one of ${SORT_ORDERS.join(', ')}` })
    .optional()
    .transform((value) => value ?? 'relevance')
    .describe('relevance (default), newest or oldest first'),
});

/** The core's filters from parsed filter parameters (`source` → `sources`, …). */
export function searchFilters(parameters: z.output<typeof filterParametersSchema>): Partial<SearchFilters> {
  return {
    ...perFacet((key) => parameters[FIELDS[facetField(key)].facet.parameter as FacetParameter]),
    from: parameters.from,
    to: parameters.to,
  };
}

/** Each text field of an article but its body, as the API returns it (fields.ts). */
const articleFieldsShape = Object.fromEntries(
  ARTICLE_FIELDS.map((name) => [
    name,
    name === 'title' ? z.string() : FIELDS[name].many ? z.array(z.string()) : z.string().nullable(),
  ]),
) as unknown as {
  [K in keyof ArticleFields]: ArticleFields[K] extends string[]
    ? z.ZodArray<z.ZodString>
    : ArticleFields[K] extends string
      ? z.ZodString
      : z.ZodNullable<z.ZodString>;
};

/** The field prefixes a query may use (`title:/source:/author:/section:`), from the registry. */
const FIELD_PREFIXES = SEARCH_FIELDS.flatMap((field) => FIELDS[field].search.aliases.slice(0, 1))
  .map((alias) => `${alias}:`)
  .join('/');

const queryParameter = z
  .string({ error: 'q (the query) must appear once' })
  .optional()
  .transform((value) => value ?? '')
  .describe(
    `The query: words (results have any, those with all first), "exact phrases", +required, -exclusions, OR, AND, prefix*, ${FIELD_PREFIXES} fields. Over ${defaultEngineOptions.query.maxLength.toLocaleString('en-US')} characters it is cut at a word, with a notice. Empty or absent with a filter, every article the filters keep, newest first`,
  );

/** A yes/no flag: `1`, `true`, `0`, `false`, or absent (no). */
const flagParameter = (name: string) =>
  z
    .enum(['1', 'true', '0', 'false'], { error: `${name} must be 1 or 0` })
    .optional()
    .transform((value) => value === '1' || value === 'true');

export const searchParametersSchema = filterParametersSchema.extend({
  q: queryParameter,
  page: integerParameter('page', 1, 1_000_000, 1).describe('1-based page number (default 1)'),
  perPage: integerParameter('perPage', 1, MAX_PER_PAGE, 10).describe(
    `Hits per page, 1 to ${MAX_PER_PAGE} (default 10)`,
  ),
  explain: flagParameter('explain').describe('1 to give each hit the parts of its score (explanation)'),
  facets: z
    .enum(['1', 'true', '0', 'false'], { error: 'facets must be 1 or 0' })
    .optional()
    .transform((value) => (value === undefined ? undefined : value === '1' || value === 'true'))
    .describe(
      '1 to count facets and the timeline, 0 not to (default: 1 on the first page, 0 on later ones, whose facets are the first page’s); without them `facets` has empty lists',
    ),
});

/** Most completions `/api/suggest` returns. */
export const MAX_SUGGESTIONS = 10;

export const suggestParametersSchema = z.object({
  q: z
    .string({ error: 'q (what has been typed) is required and must appear once' })
    .max(200, 'q must be at most 200 characters')
    .describe('What has been typed so far'),
  limit: integerParameter('limit', 1, MAX_SUGGESTIONS, 8).describe('Most completions, 1 to 10 (default 8)'),
  format: z
    .enum(['json', 'opensearch'], { error: 'format must be json or opensearch' })
    .default('json')
    .describe(
      'json (default), or opensearch: the OpenSearch suggestions format browsers read, ["query", ["completion", …]]',
    ),
});

export const articleParametersSchema = z.object({
  part: integerParameter('part', 1, 1_000_000, 1).describe(
    'Which part of a very long article to return (articles over 100,000 characters come in parts; default 1)',
  ),
});

const articleReferenceSchema = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string().nullable(),
  date: z.string().nullable(),
  url: z.string().describe('Path of the article page on this server'),
});

const facetCountSchema = z.object({
  value: z.string(),
  count: z.number().int().describe('Matching articles with this value, under the other filters'),
  selected: z.boolean(),
});

export const timelineSchema = z.object({
  granularity: z
    .enum(['month', 'year', 'decade', 'century', 'millennium'])
    .describe('Months for spans up to 36 months, else the shortest period that draws at most 40 bars'),
  buckets: z.array(
    z.object({
      period: z.string().describe('YYYY-MM, YYYY, or YYYY–YYYY (first and last year) for decades and longer'),
      from: z.string().describe('First day of the period, usable as the from filter'),
      to: z.string().describe('Last day of the period, usable as the to filter'),
      count: z.number().int(),
      selected: z.boolean().describe('Inside the active date filter'),
    }),
  ),
  undated: z.number().int().describe('Matching articles whose text gives no full date'),
});

const explanationSchema = z.object({
  tier: z
    .enum(['all words', 'some words'])
    .describe('Results with every word of the query come first; then those with some, each by score'),
  matched: z.array(z.string()).describe("The query's words and phrases this article has"),
  missing: z.array(z.string()).describe('Those it lacks'),
  parts: z
    .array(
      z.discriminatedUnion('kind', [
        z.object({
          kind: z.literal('term'),
          term: z.string().describe('The index term (stemmed)'),
          field: z.enum(SEARCH_FIELDS),
          clause: z.string().describe('The word or phrase of the query it scores for'),
          value: z.number().describe('BM25 in that field, with the field boost and the word’s weight'),
        }),
        z.object({
          kind: z.literal('phrase'),
          clause: z.string().describe('A phrase of common words only, which no word of ranks'),
          value: z.number(),
        }),
        z.object({
          kind: z.literal('coordination'),
          share: z.number().describe('IDF-weighted share of the query matched'),
          value: z.number().describe('What weighing the term scores by that share adds (≤ 0)'),
        }),
        z.object({
          kind: z.literal('proximity'),
          pairs: z.number().describe('Share of the query’s word pairs found side by side'),
          wholePhrase: z.boolean().describe('All the typed words stand together, in order'),
          value: z.number().describe('What standing together adds'),
        }),
      ]),
    )
    .describe('The parts of the score; they add up to it'),
  score: z.number(),
});

export const hitSchema = z.object({
  id: z.string().describe('The article id: its file name without extension'),
  ...articleFieldsShape,
  date: z.string().nullable().describe('ISO 8601 date, when the text gives a full date'),
  score: z.number().describe('Relevance: BM25 with title boost, times the phrase/proximity factor'),
  snippet: z
    .string()
    .describe('The best passage as HTML; its only markup is <mark>, everything else escaped'),
  url: z.string().describe('Path of the article page on this server, highlighting the query'),
  duplicates: z
    .array(articleReferenceSchema)
    .describe(
      'Near-duplicates of this article that also match (the same story), folded under it: the best 5',
    ),
  duplicateCount: z
    .number()
    .int()
    .describe('How many near-duplicates match, listed or not; the article lists them all'),
  explanation: explanationSchema.optional().describe('With explain=1: why the hit ranks where it does'),
});

export const searchResponseSchema = z.object({
  query: z.string(),
  total: z.number().int().describe('Results across all pages (near-duplicates folded into one)'),
  articles: z.number().int().describe('Matching articles, near-duplicates counted'),
  allWords: z
    .number()
    .int()
    .describe('Results with every word of the query; they come first, the rest have some of the words'),
  page: z.number().int(),
  perPage: z.number().int(),
  tookMs: z.number(),
  fallback: z.boolean().describe('True when no article had every word, so these have any of them'),
  notices: z.array(z.string()).describe('How the query was interpreted, for the user'),
  suggestion: z
    .object({ query: z.string(), url: z.string() })
    .nullable()
    .describe('“Did you mean”: the query with misspelt words corrected from the index vocabulary'),
  filters: z.object({
    ...perFacet(() => z.array(z.string())),
    from: z.string().nullable(),
    to: z.string().nullable(),
  }),
  sort: z.enum(SORT_ORDERS),
  facets: z.object({
    ...perFacet(() => z.array(facetCountSchema)),
    timeline: timelineSchema,
  }),
  feed: z.string().describe('Path of the Atom feed of this search'),
  hits: z.array(hitSchema),
});

export const suggestResponseSchema = z.object({
  query: z.string(),
  suggestions: z.array(
    z.object({
      text: z.string().describe('The whole query with the completion, ready to search'),
      completion: z.string().describe('The completed word or phrase'),
      kind: z.enum(['word', 'phrase']),
      count: z.number().int().describe('Articles containing it'),
    }),
  ),
});

export const articleResponseSchema = z.object({
  id: z.string(),
  ...articleFieldsShape,
  date: z.string().nullable(),
  dateText: z.string().nullable().describe('The date as written in the article'),
  sourceUrl: z.string().nullable().describe('The original publication address, when known'),
  body: z
    .string()
    .describe(
      'The cleaned article text, or the requested part of a very long one; paragraphs separated by a blank line',
    ),
  part: z.number().int().describe('Which part of the article `body` is (1 for all but very long articles)'),
  parts: z.number().int().describe('How many parts the article has'),
  duplicates: z.array(articleReferenceSchema).describe('Near-duplicates: the same story in other files'),
  related: z.array(articleReferenceSchema).describe('Other stories most like this one'),
});

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  documents: z.number().int(),
  builtAt: z.string().describe('When the loaded index was built (ISO 8601)'),
  loadedAt: z.string().describe('When this process loaded it (ISO 8601)'),
  formatVersion: z.number().int(),
  rebuilding: z.boolean(),
  searchThread: z
    .boolean()
    .describe(
      'Whether searches run on a worker thread of their own (LEDE_SEARCH_THREAD, and it has not failed)',
    ),
  resultCache: z
    .object({
      capacity: z.number().int().describe('Most results kept (LEDE_RESULT_CACHE); 0 when off'),
      size: z.number().int(),
      hits: z.number().int(),
      misses: z.number().int(),
    })
    .describe('Repeated searches answered from memory since the index was loaded'),
});

export const reindexParametersSchema = z.object({
  full: flagParameter('full').describe(
    '1 to analyze every file again, as `npm run index -- --full` does (default: only files changed since the last build; with none changed, the index served stays as it is)',
  ),
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
