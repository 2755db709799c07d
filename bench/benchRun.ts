/**
 * Runs one engine through the benchmark: build, save, cold load, warm-up, timed queries, with memory
 * read after a full collection around each step. Engines run one after another and release their
 * index before the next starts, so each one's memory delta is its own.
 */
import type { EngineAdapter } from './benchEngines.ts';
import {
  collectGarbage,
  type LatencyStats,
  latencyStats,
  median,
  readMemory,
  retainedBytes,
  timed,
} from './benchMeasure.ts';
import { type BenchQuery, QUERY_CLASSES, type QueryClass } from './benchQueries.ts';
import type { NewsArticle } from './corpora.ts';

/** Everything measured for one engine on one corpus. */
export interface EngineResult {
  name: string;
  asked: string;
  notes: string[];
  /** Median of {@link buildRuns}. */
  buildMs: number;
  buildRuns: number[];
  /** Serialized size in bytes; null when the engine has no serialization. */
  bytes: number | null;
  /** Time to write the serialized index (Lede's is inside its build). */
  saveMs: number | null;
  /** Median cold load over the repeats; null when the engine cannot load a saved index. */
  loadMs: number | null;
  loadRuns: number[];
  /**
   * JS heap plus external memory (Buffers, typed arrays) retained by the index queries ran against:
   * after the cold load when the engine loads, else after the build.
   */
  memoryBytes: number;
  /** The JS heap part of {@link memoryBytes}. */
  heapBytes: number;
  /** The external part of {@link memoryBytes}. */
  externalBytes: number;
  /** The whole process's RSS with that index in memory (includes everything before it). */
  rssWithIndexBytes: number;
  /** The same right after building (Lede keeps nothing then: its build writes the artifact). */
  buildMemoryBytes: number;
  /** RSS growth over the engine's whole run; rough, since freed pages stay with the process. */
  rssBytes: number;
  /** Timed passes made over the query mix (fewer than asked when the time budget ran out). */
  rounds: number;
  latency: Record<QueryClass, LatencyStats>;
  /** Share of each class's queries that matched at least one document. */
  hitRate: Record<QueryClass, number>;
  /** Queries that threw (counted as no hit), per class. */
  errors: Record<QueryClass, number>;
}

/** How hard to measure. */
export interface RunOptions {
  /** Timed passes over the query mix (after one warm-up pass); each query's median is used. */
  rounds: number;
  /**
   * Passes after the first stop once the timed passes have taken this long, so a slow engine on a big
   * corpus cannot stretch the run; the passes actually made are reported.
   */
  queryBudgetMs: number;
  /** Builds at most; the median is reported. */
  builds: number;
  /**
   * Build times taken before, alternating with another engine's ({@link pairedBuilds}): reported
   * instead, and the one build made here to have an index is not timed.
   */
  pairedBuildRuns?: readonly number[];
  /** Builds after the first stop once building has taken this long in total (slow engines on big corpora). */
  buildBudgetMs: number;
  /** Cold loads at most; the median is reported. */
  loads: number;
  /** Loads after the first stop once loading has taken this long in total (slow loaders on big corpora). */
  loadBudgetMs: number;
  /** Called with a line of progress. */
  log: (line: string) => void;
}

/** Runs one engine over `articles` and `queries`; leaves it released. */
export async function runEngine(
  engine: EngineAdapter,
  articles: readonly NewsArticle[],
  queries: readonly BenchQuery[],
  options: RunOptions,
): Promise<EngineResult> {
  const start = await readMemory();
  const buildRuns: number[] = [];
  if (options.pairedBuildRuns !== undefined) {
    await engine.build(articles);
    buildRuns.push(...options.pairedBuildRuns);
  } else {
    let building = 0;
    for (let i = 0; i < options.builds && (i === 0 || building < options.buildBudgetMs); i += 1) {
      if (i > 0) {
        engine.release();
        await collectGarbage();
      }
      const { ms } = await timed(() => engine.build(articles));
      buildRuns.push(ms);
      building += ms;
    }
  }
  const afterBuild = await readMemory();
  const buildMs = median(buildRuns);
  options.log(
    `  ${engine.name}: built in ${Math.round(buildMs)} ms (median of ${buildRuns.length}: ${buildRuns.map(Math.round).join(', ')})`,
  );

  let bytes: number | null = null;
  let saveMs: number | null = null;
  if (engine.save !== undefined) {
    const save = engine.save;
    const saved = await timed(() => save());
    bytes = saved.value;
    saveMs = saved.ms;
  }

  let [before, withIndex] = [start, afterBuild];
  const loadRuns: number[] = [];
  if (engine.load !== undefined && engine.save !== undefined) {
    const load = engine.load;
    let loading = 0;
    for (let i = 0; i < options.loads && (i === 0 || loading < options.loadBudgetMs); i += 1) {
      engine.release();
      before = await readMemory();
      const { ms } = await timed(() => load());
      loadRuns.push(ms);
      loading += ms;
    }
    withIndex = await readMemory();
    options.log(
      `  ${engine.name}: cold load ${Math.round(median(loadRuns))} ms (median of ${loadRuns.length})`,
    );
  }

  const errors = Object.fromEntries(QUERY_CLASSES.map((cls) => [cls, 0])) as Record<QueryClass, number>;
  const matched = Object.fromEntries(QUERY_CLASSES.map((cls) => [cls, 0])) as Record<QueryClass, number>;
  const runQuery = async (query: BenchQuery): Promise<{ ms: number; hits: number; failed: boolean }> => {
    const started = performance.now();
    try {
      const result = engine.search(query);
      const hits = typeof result === 'number' ? result : await result;
      return { ms: performance.now() - started, hits, failed: false };
    } catch {
      return { ms: performance.now() - started, hits: 0, failed: true };
    }
  };

  // Warm-up: one pass so the JIT has compiled the search paths before anything is timed.
  for (const query of queries) {
    const outcome = await runQuery(query);
    if (outcome.failed) errors[query.cls] += 1;
    if (outcome.hits > 0) matched[query.cls] += 1;
  }
  const timings = queries.map((): number[] => []);
  const timedStart = performance.now();
  let rounds = 0;
  while (
    rounds < options.rounds &&
    (rounds === 0 || performance.now() - timedStart < options.queryBudgetMs)
  ) {
    for (const [i, query] of queries.entries()) timings[i]?.push((await runQuery(query)).ms);
    rounds += 1;
  }
  const end = await readMemory();
  engine.release();

  const latency = {} as Record<QueryClass, LatencyStats>;
  const hitRate = {} as Record<QueryClass, number>;
  for (const cls of QUERY_CLASSES) {
    const indexes = queries.flatMap((query, i) => (query.cls === cls ? [i] : []));
    latency[cls] = latencyStats(indexes.map((i) => median(timings[i] ?? [])));
    hitRate[cls] = indexes.length === 0 ? 0 : matched[cls] / indexes.length;
  }
  options.log(`  ${engine.name}: ${rounds} timed passes over ${queries.length} queries`);
  return {
    name: engine.name,
    asked: engine.asked,
    notes: engine.notes,
    buildMs,
    buildRuns,
    bytes,
    saveMs,
    loadMs: loadRuns.length === 0 ? null : median(loadRuns),
    loadRuns,
    memoryBytes: retainedBytes(before, withIndex),
    heapBytes: withIndex.heapUsed - before.heapUsed,
    externalBytes: withIndex.external - before.external,
    rssWithIndexBytes: withIndex.rss,
    buildMemoryBytes: retainedBytes(start, afterBuild),
    rssBytes: Math.max(afterBuild.rss, end.rss) - start.rss,
    rounds,
    latency,
    hitRate,
    errors,
  };
}

/** Build times of two engines taken in turns, and the ratio of each pair. */
export interface PairedBuilds {
  /** Each engine's first build in this process, not one of the pairs: its code not yet optimized. */
  firstBuilds: { first: number; second: number };
  first: number[];
  second: number[];
  /** `first[i] / second[i]`: each pair ran back to back, under the same conditions. */
  ratios: number[];
}

/**
 * Builds each engine once, then the two in turns (first, second; second, first; …) `pairs` times,
 * releasing each index after its build. On a machine whose speed drifts with other tenants' load,
 * two engines timed minutes apart can differ by a third for nothing; timed back to back, both meet
 * the same drift, and the median of the pairs' ratios compares them fairly. The first builds are
 * reported apart, as the queries' warm-up pass is not timed: they measure the JIT compiling the
 * engine, and Lede starting its build workers, which a later build in the process reuses.
 */
export async function pairedBuilds(
  first: EngineAdapter,
  second: EngineAdapter,
  articles: readonly NewsArticle[],
  pairs: number,
  log: (line: string) => void,
): Promise<PairedBuilds> {
  const firstBuilds = new Map<EngineAdapter, number>();
  for (const engine of [first, second]) {
    await collectGarbage();
    const { ms } = await timed(() => engine.build(articles));
    engine.release();
    firstBuilds.set(engine, ms);
  }
  log(
    `  first builds (not in the pairs): ${first.name} ${Math.round(firstBuilds.get(first) ?? 0)} ms, ${second.name} ${Math.round(firstBuilds.get(second) ?? 0)} ms`,
  );
  const result: PairedBuilds = {
    firstBuilds: { first: firstBuilds.get(first) ?? 0, second: firstBuilds.get(second) ?? 0 },
    first: [],
    second: [],
    ratios: [],
  };
  for (let pair = 0; pair < pairs; pair += 1) {
    const order = pair % 2 === 0 ? [first, second] : [second, first];
    const times = new Map<EngineAdapter, number>();
    for (const engine of order) {
      await collectGarbage();
      const { ms } = await timed(() => engine.build(articles));
      engine.release();
      times.set(engine, ms);
    }
    const [a, b] = [times.get(first) ?? 0, times.get(second) ?? 0];
    result.first.push(a);
    result.second.push(b);
    result.ratios.push(a / b);
    log(
      `  builds in turn ${pair + 1}/${pairs}: ${first.name} ${Math.round(a)} ms, ${second.name} ${Math.round(b)} ms`,
    );
  }
  return result;
}
