/**
 * The one small interface every benchmarked engine sits behind, so the runner measures Lede and its
 * competitors with the same code: build, optionally save and cold-load, search.
 */
import type { BenchQuery } from './benchQueries.ts';
import type { NewsArticle } from './corpora.ts';

/** One search engine under test, holding at most one index at a time. */
export interface EngineAdapter {
  /** Row label (`Lede`, `MiniSearch`, …). */
  readonly name: string;
  /** How the benchmark's queries reach this engine and with what options, for the report. */
  readonly asked: string;
  /** Why the size or load figure is missing or differs in kind, if it does. */
  readonly notes: string[];
  /** Builds the index of `articles` in memory (timed). */
  build(articles: readonly NewsArticle[]): Promise<void>;
  /**
   * Writes the built index to disk and returns its size in bytes (untimed in the build column: only
   * Lede's build writes as part of building). Missing when the library has no practical serialization.
   */
  save?(): Promise<number>;
  /** Drops the in-memory index and loads the saved one from disk (timed: the cold load). */
  load?(): Promise<void>;
  /** Runs one query and returns how many documents it matched (the page's worth where limited). */
  search(query: BenchQuery): number | Promise<number>;
  /** Drops the in-memory index, so the next engine's memory readings start clean. */
  release(): void;
}

/** Row label of raw MiniSearch asked for Lede's matching, which the report compares Lede with too. */
export const MINISEARCH_ALIKE = 'MiniSearch, prefix & fuzzy';
