/**
 * The engines `npm run eval` can score side by side on one collection: Lede itself, and two reference
 * engines that show what its ranking adds or loses — raw MiniSearch (the library Lede is built on) and
 * a textbook Okapi BM25 (`referenceBm25.ts`). Each is built from the same corpus and answers through
 * the same {@link Retriever}, so all are scored by the same code.
 */
import MiniSearch from 'minisearch';
import { SearchEngine } from '../index/search/engine.ts';
import type { EngineOptions } from '../index/search/engineOptions.ts';
import type { CorpusArticle } from './corpus.ts';
import { buildEvalIndex, ledeRetriever, RETRIEVE_DEPTH, type Retriever } from './evalRun.ts';
import { type Bm25Parameters, ReferenceBm25 } from './referenceBm25.ts';

/** The engines `--engine` accepts. */
export const EVAL_ENGINE_IDS = ['lede', 'minisearch', 'bm25'] as const;

export type EvalEngineId = (typeof EVAL_ENGINE_IDS)[number];

/** What the engines are asked: Lede's option overrides and the reference BM25's parameters. */
export interface EvalEngineSettings {
  lede: Partial<EngineOptions>;
  bm25: Bm25Parameters;
}

/** An engine built over one corpus, ready for queries. */
export interface BuiltEngine {
  retrieve: Retriever;
  /** Building the index in memory (for Lede: its build step proper, as it reports itself). */
  buildMs: number;
  documentCount: number;
  /** Time spent before the build proper (for Lede: writing the corpus as article files). */
  prepareMs: number;
  /** Documents skipped or repaired, ids that collided. */
  warnings: string[];
}

/** One engine under evaluation. */
export interface EvalEngine {
  id: EvalEngineId;
  /** A file-name-safe name that tells its settings apart: `lede`, `minisearch`, `bm25-k1.2-b0.75` (k1 1.2). */
  name: string;
  /** What it is, for the report: `bm25 k1=1.2 b=0.75`. */
  label: string;
  build(corpus: readonly CorpusArticle[]): Promise<BuiltEngine>;
}

/** The engine named `id`, set up as `settings` says. */
export function evalEngine(id: EvalEngineId, settings: EvalEngineSettings): EvalEngine {
  switch (id) {
    case 'lede':
      return { id, name: 'lede', label: 'lede', build: (corpus) => buildLede(corpus, settings.lede) };
    case 'minisearch':
      return { id, name: 'minisearch', label: 'minisearch', build: buildMiniSearch };
    case 'bm25': {
      const { k1, b } = settings.bm25;
      return {
        id,
        name: `bm25-k${k1}-b${b}`,
        label: `bm25 k1=${k1} b=${b}`,
        build: (corpus) => buildReferenceBm25(corpus, settings.bm25),
      };
    }
  }
}

/** Lede through the ordinary build step and `SearchEngine.search` (see `evalRun.ts`). */
async function buildLede(
  corpus: readonly CorpusArticle[],
  overrides: Partial<EngineOptions>,
): Promise<BuiltEngine> {
  const index = await buildEvalIndex(corpus);
  const engine = new SearchEngine(index.snapshot, overrides);
  return {
    retrieve: ledeRetriever(engine, index.corpusIds),
    buildMs: index.buildMs,
    documentCount: index.documentCount,
    prepareMs: index.materializeMs,
    warnings: index.warnings,
  };
}

/** A corpus document as raw MiniSearch indexes it. */
interface MiniSearchDocument {
  id: string;
  title: string;
  text: string;
}

/**
 * Raw MiniSearch 7, asked as its README shows: `new MiniSearch({ fields: ['title', 'text'],
 * processTerm: lowercase })` and `search(query)` with no search options. So: its default tokenizer
 * (split on Unicode spaces and punctuation), lowercase, no stop words, no stemming; any query word may
 * match (OR), no prefix or fuzzy matching, both fields boosted 1; BM25+ per field with its defaults
 * (k 1.2, b 0.7, d 0.5, the length being a field's distinct words), each document's sum multiplied by
 * the number of distinct query words it matches. A query word typed twice is scored twice.
 */
async function buildMiniSearch(corpus: readonly CorpusArticle[]): Promise<BuiltEngine> {
  const started = performance.now();
  const index = new MiniSearch<MiniSearchDocument>({
    fields: ['title', 'text'],
    processTerm: (term) => term.toLowerCase(),
  });
  const ids = new Set<string>();
  const warnings: string[] = [];
  for (const article of corpus) {
    if (ids.has(article.id)) {
      warnings.push(`corpus id "${article.id}" is repeated; the first is kept.`);
      continue;
    }
    ids.add(article.id);
    index.add({ id: article.id, title: article.title, text: article.body });
  }
  const buildMs = Math.round(performance.now() - started);
  return {
    retrieve: (text) => {
      const results = index.search(text);
      return {
        ranking: results.slice(0, RETRIEVE_DEPTH).map((result) => String(result.id)),
        total: results.length,
        fallback: false,
        notices: [],
      };
    },
    buildMs,
    documentCount: index.documentCount,
    prepareMs: 0,
    warnings,
  };
}

/** The reference Okapi BM25 of `referenceBm25.ts`, over title + text as one bag of words. */
async function buildReferenceBm25(
  corpus: readonly CorpusArticle[],
  parameters: Bm25Parameters,
): Promise<BuiltEngine> {
  const started = performance.now();
  const index = new ReferenceBm25(
    corpus.map((article) => ({ id: article.id, title: article.title, text: article.body })),
    parameters,
  );
  const buildMs = Math.round(performance.now() - started);
  return {
    retrieve: (text) => {
      const hits = index.search(text);
      return {
        ranking: hits.slice(0, RETRIEVE_DEPTH).map((hit) => hit.id),
        total: hits.length,
        fallback: false,
        notices: [],
      };
    },
    buildMs,
    documentCount: index.documentCount,
    prepareMs: 0,
    warnings: [],
  };
}
