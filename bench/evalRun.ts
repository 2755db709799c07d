/**
 * Running a BEIR evaluation through the product's own path: the corpus becomes article files, the
 * ordinary build step indexes them, and each query's text goes unchanged to `SearchEngine.search`, as
 * the API passes what a user types. The reference engines (`evalEngines.ts`) answer through the same
 * {@link Retriever} shape, so every engine is scored by the same code. Kept apart from the command line
 * so experiments can build one index and evaluate it under many engine settings.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IndexSnapshot } from '../index/artifact/snapshot.ts';
import { buildIndex } from '../index/build/build.ts';
import { QueryError } from '../index/errors.ts';
import type { SearchEngine } from '../index/search/engine.ts';
import type { JudgedQuery } from './beirDataset.ts';
import { type CorpusArticle, safeId, writeCorpusFolder } from './corpus.ts';
import { mean, ndcgAtK, recallAtK, reciprocalRankAtK, relevantIds } from './evalMetrics.ts';

/** Hits retrieved per query: enough for Recall@100, and the engine's largest page. */
export const RETRIEVE_DEPTH = 100;

/** An index of a corpus, with what is needed to read its hits back as corpus ids. */
export interface EvalIndex {
  snapshot: IndexSnapshot;
  /** Article id in the index (the file name, see {@link safeId}) → the corpus's own `_id`. */
  corpusIds: Map<string, string>;
  /** Writing the article files, in milliseconds. */
  materializeMs: number;
  /** The build step proper, as it reports itself. */
  buildMs: number;
  documentCount: number;
  /** The build's warnings (files skipped or repaired) and ids that collided when made file-safe. */
  warnings: string[];
}

/**
 * Writes `corpus` as article files (titles in sidecars, since BEIR titles read like sentences) into a
 * fresh temporary folder, builds the index there and removes the folder, keeping the index in memory.
 */
export async function buildEvalIndex(corpus: readonly CorpusArticle[]): Promise<EvalIndex> {
  const warnings: string[] = [];
  const corpusIds = new Map<string, string>();
  const articles: CorpusArticle[] = [];
  for (const article of corpus) {
    const fileId = safeId(article.id);
    const earlier = corpusIds.get(fileId);
    if (earlier !== undefined) {
      // Two ids that differ only in unsafe characters would overwrite one file; keep the first.
      warnings.push(
        `corpus id "${article.id}" is left out: it shares the file name ${fileId} with "${earlier}".`,
      );
      continue;
    }
    corpusIds.set(fileId, article.id);
    articles.push(article);
  }

  const folder = await mkdtemp(path.join(tmpdir(), 'lede-eval-'));
  try {
    const started = performance.now();
    const seedsDir = path.join(folder, 'articles');
    await writeCorpusFolder(articles, seedsDir, 'sidecar');
    const materializeMs = Math.round(performance.now() - started);
    const report = await buildIndex({ seedsDir, outPath: path.join(folder, 'index.bin'), full: true });
    return {
      snapshot: report.snapshot,
      corpusIds,
      materializeMs,
      buildMs: report.ms,
      documentCount: report.documentCount,
      warnings: [...warnings, ...report.warnings],
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** How one query fared: its scores and enough of the run to see why. */
export interface QueryOutcome {
  id: string;
  text: string;
  ndcg10: number;
  mrr10: number;
  recall100: number;
  /** Matching articles, all pages. */
  total: number;
  /** True when no article had every word and the engine answered with articles having any of them. */
  fallback: boolean;
  /** The {@link QueryError} code when the query could not run (it then scores 0), else null. */
  error: string | null;
  /** How the engine says it read the query. */
  notices: string[];
  /** Corpus ids of the first ten hits. */
  top10: string[];
  /** Corpus ids judged relevant, most relevant first. */
  relevant: string[];
  /** Time answering the query; for Lede, in `search` with snippets of the returned page, as the API spends it. */
  ms: number;
}

/** One ranking an engine under evaluation returned for a query, as corpus ids. */
export interface Retrieval {
  /** Corpus ids, best first, at most {@link RETRIEVE_DEPTH}. */
  ranking: string[];
  /** Matching documents, all pages. */
  total: number;
  /** True when the engine answered with documents having any word instead of all of them (Lede only). */
  fallback: boolean;
  /** How the engine says it read the query (Lede only). */
  notices: string[];
}

/**
 * An engine under evaluation, built over one corpus: answers a query's text with its best
 * {@link RETRIEVE_DEPTH} documents. May throw {@link QueryError} for a query it refuses.
 */
export type Retriever = (text: string) => Retrieval;

/** Lede's `SearchEngine.search`, as the API calls it, with its hits mapped back to corpus ids. */
export function ledeRetriever(engine: SearchEngine, corpusIds: ReadonlyMap<string, string>): Retriever {
  return (text) => {
    const result = engine.search(text, { limit: RETRIEVE_DEPTH });
    return {
      ranking: result.hits.map((hit) => corpusIds.get(hit.id) ?? hit.id),
      total: result.total,
      fallback: result.fallback,
      notices: result.notices,
    };
  };
}

/**
 * Runs one judged query through `retrieve` and scores it. A {@link QueryError} counts as an empty
 * ranking; any other error is a bug and propagates.
 */
export function runQuery(retrieve: Retriever, query: JudgedQuery): QueryOutcome {
  let retrieval: Retrieval = { ranking: [], total: 0, fallback: false, notices: [] };
  let error: string | null = null;
  const started = performance.now();
  try {
    retrieval = retrieve(query.text);
  } catch (caught) {
    if (!(caught instanceof QueryError)) throw caught;
    error = caught.code;
    retrieval = { ...retrieval, notices: [caught.message] };
  }
  const ms = performance.now() - started;
  const { ranking } = retrieval;
  return {
    id: query.id,
    text: query.text,
    ndcg10: ndcgAtK(ranking, query.judgments, 10),
    mrr10: reciprocalRankAtK(ranking, query.judgments, 10),
    recall100: recallAtK(ranking, query.judgments, RETRIEVE_DEPTH),
    total: retrieval.total,
    fallback: retrieval.fallback,
    error,
    notices: retrieval.notices,
    top10: ranking.slice(0, 10),
    relevant: relevantIds(query.judgments),
    ms: Math.round(ms * 100) / 100,
  };
}

/** The averages over all evaluated queries, and how many needed the fallback or could not run. */
export interface EvalSummary {
  ndcg10: number;
  mrr10: number;
  recall100: number;
  queries: number;
  /** Queries that threw a {@link QueryError}; they score 0. */
  queryErrors: number;
  /** Queries answered by the any-word fallback. */
  fallbacks: number;
  /** Queries that ran and matched nothing. */
  noResults: number;
  meanQueryMs: number;
}

/** Averages per-query outcomes; a query without results has scored 0 and counts in every mean. */
export function summarize(outcomes: readonly QueryOutcome[]): EvalSummary {
  return {
    ndcg10: mean(outcomes.map((o) => o.ndcg10)),
    mrr10: mean(outcomes.map((o) => o.mrr10)),
    recall100: mean(outcomes.map((o) => o.recall100)),
    queries: outcomes.length,
    queryErrors: outcomes.filter((o) => o.error !== null).length,
    fallbacks: outcomes.filter((o) => o.fallback).length,
    noResults: outcomes.filter((o) => o.error === null && o.total === 0).length,
    meanQueryMs: mean(outcomes.map((o) => o.ms)),
  };
}
