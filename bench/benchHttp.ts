/**
 * The HTTP part: Lede's real server, compiled (`node dist/server/main.js` in a process of its own, as
 * `npm start` runs it), over the benchmark's index, loaded with autocannon on `/api/search` and
 * `/healthz`. Only ever 127.0.0.1.
 *
 * What users meet is searches the server has not answered before: the headline figure cycles through
 * {@link DISTINCT_QUERIES} distinct queries, more than twice the result cache holds, in a fixed order,
 * so no search is answered from the cache (the share answered from it is measured and reported).
 * Each server is warmed up first with the benchmark's query mix, which the distinct set shares no query
 * with. Beside it: the same on 2 server processes (`WEB_CONCURRENCY=2`), the query mix repeated
 * (every answer from the result cache after the warm-up: the figure for a popular query), and
 * `/healthz`, the server's floor, whose req/s the search figures are compared with.
 */
import autocannon from 'autocannon';
import { ensureCompiled } from './benchFreshBuild.ts';
import { type BenchQuery, QUERY_CLASSES } from './benchQueries.ts';
import { startServerProcess } from './serverProcess.ts';

/**
 * Distinct queries cycled by the headline figure: more than twice the default result cache (1,000
 * answers), so that even split over 2 processes, each with its own cache, a query comes back to a
 * process only after more than 1,000 others have pushed it out.
 */
export const DISTINCT_QUERIES = 3000;

/** Throughput and latency of one autocannon run. */
export interface HttpTargetResult {
  /** What was loaded (`/api/search?q=<3,000 distinct queries>` or `/healthz`). */
  target: string;
  /** Mean requests per second over the run. */
  requestsPerSecond: number;
  /** Latency in milliseconds. */
  p50: number;
  p99: number;
  mean: number;
  /** Requests answered, and how many were not 2xx or failed at the socket. */
  total: number;
  non2xx: number;
  errors: number;
}

/** The HTTP figures: searches and health on 1 and 2 processes. */
export interface HttpResult {
  connections: number;
  seconds: number;
  /** Queries in the distinct set, cycled in order. */
  distinctQueries: number;
  /** Queries in the repeated mix. */
  mixQueries: number;
  /** Distinct queries, one process: the headline figure. */
  search: HttpTargetResult;
  /** Distinct queries, `WEB_CONCURRENCY=2`. */
  searchTwoWorkers: HttpTargetResult;
  /** The query mix repeated, one process: answered from the result cache. */
  searchRepeated: HttpTargetResult;
  healthz: HttpTargetResult;
  healthzTwoWorkers: HttpTargetResult;
  /** Distinct search req/s ÷ healthz req/s, one process. */
  ratio: number;
  /** The same, 2 processes. */
  ratioTwoWorkers: number;
  /** Repeated search req/s ÷ healthz req/s, one process. */
  repeatedRatio: number;
  /** Share of the timed distinct searches the result cache answered (one process; should be 0). */
  cacheHitShare: number;
  /** Share of the timed repeated searches the result cache answered (one process). */
  repeatedCacheHitShare: number;
}

/** What the HTTP part needs. */
export interface HttpOptions {
  indexPath: string;
  seedsDir: string;
  /** The benchmark's query mix: the warm-up and the repeated figure. */
  queries: readonly BenchQuery[];
  /** At least {@link DISTINCT_QUERIES} queries none of which is in `queries`. */
  distinct: readonly BenchQuery[];
  seconds: number;
  connections?: number;
  log: (line: string) => void;
}

/** `DISTINCT_QUERIES` queries of `candidates` not in `mix`, the classes taking turns, each once. */
export function distinctQueries(candidates: readonly BenchQuery[], mix: readonly BenchQuery[]): BenchQuery[] {
  const taken = new Set(mix.map((query) => query.text));
  const byClass = QUERY_CLASSES.map((cls) =>
    candidates.filter((query) => query.cls === cls && !taken.has(query.text)),
  );
  const chosen: BenchQuery[] = [];
  for (let i = 0; chosen.length < DISTINCT_QUERIES && byClass.some((list) => i < list.length); i += 1) {
    for (const list of byClass) {
      const query = list[i];
      if (query !== undefined && !taken.has(query.text)) {
        taken.add(query.text);
        chosen.push(query);
      }
    }
  }
  return chosen;
}

/** Starts each server on a free port, loads its targets, stops it (also when a step fails). */
export async function runHttp(options: HttpOptions): Promise<HttpResult> {
  ensureCompiled();
  const connections = options.connections ?? 10;
  const searchPath = (query: BenchQuery) => `/api/search?q=${encodeURIComponent(query.text)}`;
  const mix = options.queries.map(searchPath);
  const distinct = options.distinct.map(searchPath);
  const one = await runOneServer(options, { mix, distinct }, connections, 1);
  const two = await runOneServer(options, { mix, distinct }, connections, 2);
  const share = (search: HttpTargetResult, health: HttpTargetResult) =>
    health.requestsPerSecond === 0 ? 0 : search.requestsPerSecond / health.requestsPerSecond;
  const distinctName = `${distinct.length.toLocaleString('en-US')} distinct queries`;
  return {
    connections,
    seconds: options.seconds,
    distinctQueries: distinct.length,
    mixQueries: mix.length,
    search: { ...one.distinct, target: `/api/search?q=<${distinctName}>` },
    searchTwoWorkers: { ...two.distinct, target: `/api/search?q=<${distinctName}>, WEB_CONCURRENCY=2` },
    searchRepeated: { ...one.repeated, target: `/api/search?q=<query mix of ${mix.length}, repeated>` },
    healthz: { ...one.healthz, target: '/healthz' },
    healthzTwoWorkers: { ...two.healthz, target: '/healthz, WEB_CONCURRENCY=2' },
    ratio: share(one.distinct, one.healthz),
    ratioTwoWorkers: share(two.distinct, two.healthz),
    repeatedRatio: share(one.repeated, one.healthz),
    cacheHitShare: one.distinctHitShare,
    repeatedCacheHitShare: one.repeatedHitShare,
  };
}

/** The result cache's counters as `/healthz` reports them (one process's). */
async function cacheCounters(baseUrl: string): Promise<{ hits: number; misses: number }> {
  const response = await fetch(`${baseUrl}/healthz`);
  const body = (await response.json()) as { resultCache?: { hits: number; misses: number } };
  return body.resultCache ?? { hits: 0, misses: 0 };
}

/** Runs `load` and returns its figures with the share of searches the cache answered meanwhile. */
async function withHitShare(
  baseUrl: string,
  load: () => Promise<HttpTargetResult>,
): Promise<{ result: HttpTargetResult; hitShare: number }> {
  const before = await cacheCounters(baseUrl);
  const result = await load();
  const after = await cacheCounters(baseUrl);
  const hits = after.hits - before.hits;
  const lookups = hits + after.misses - before.misses;
  return { result, hitShare: lookups === 0 ? 0 : hits / lookups };
}

/**
 * On a server of `workers` processes, default configuration: distinct searches, then (one process
 * only) the repeated mix, then `/healthz`.
 */
async function runOneServer(
  options: HttpOptions,
  paths: { mix: readonly string[]; distinct: readonly string[] },
  connections: number,
  workers: number,
): Promise<{
  distinct: HttpTargetResult;
  repeated: HttpTargetResult;
  healthz: HttpTargetResult;
  distinctHitShare: number;
  repeatedHitShare: number;
}> {
  const server = await startServerProcess({
    indexPath: options.indexPath,
    seedsDir: options.seedsDir,
    compiled: true,
    environment: {
      WEB_CONCURRENCY: String(workers),
      // The default result cache: what a user's server has.
      LEDE_RESULT_CACHE: undefined,
      // Thousands of requests a second from one address is the point here, not abuse to be limited.
      LEDE_RATE_LIMIT: '0',
      // A log line per request would measure the log, not the search.
      LEDE_LOG_LEVEL: 'silent',
      // The admin route is not under test; without a token it is not even mounted.
      LEDE_ADMIN_TOKEN: undefined,
    },
  });
  const label = `${workers} process${workers === 1 ? '' : 'es'}`;
  try {
    const probe = await fetch(`${server.baseUrl}${paths.mix[0] ?? '/api/search?q=trade'}`);
    if (!probe.ok) throw new Error(`the server answered ${probe.status} to a benchmark query`);
    await probe.arrayBuffer();
    // Untimed first: one second, then every query of the mix once, so the server's JIT is warm as it
    // would be in service, and the mix is in its cache for the repeated figure.
    await load(server.baseUrl, paths.mix, { seconds: 1 }, connections);
    await load(server.baseUrl, paths.mix, { amount: paths.mix.length }, connections);
    options.log(
      `  HTTP (${label}): /api/search, ${paths.distinct.length} distinct queries, ${options.seconds} s…`,
    );
    const distinct = await withHitShare(server.baseUrl, () =>
      load(server.baseUrl, paths.distinct, { seconds: options.seconds }, connections),
    );
    let repeated = { result: distinct.result, hitShare: Number.NaN };
    if (workers === 1) {
      options.log(`  HTTP (${label}): /api/search, the query mix repeated, ${options.seconds} s…`);
      repeated = await withHitShare(server.baseUrl, () =>
        load(server.baseUrl, paths.mix, { seconds: options.seconds }, connections),
      );
    }
    options.log(`  HTTP (${label}): /healthz for ${options.seconds} s…`);
    const healthz = await load(server.baseUrl, ['/healthz'], { seconds: options.seconds }, connections);
    return {
      distinct: distinct.result,
      repeated: repeated.result,
      healthz,
      distinctHitShare: distinct.hitShare,
      repeatedHitShare: repeated.hitShare,
    };
  } finally {
    await server.stop();
  }
}

/**
 * One autocannon run against `paths`, each connection taking the next path in turn, for a time or a
 * number of requests.
 */
async function load(
  baseUrl: string,
  paths: readonly string[],
  until: { seconds: number } | { amount: number },
  connections: number,
): Promise<HttpTargetResult> {
  let next = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    ...('seconds' in until ? { duration: until.seconds } : { amount: until.amount }),
    requests: [
      {
        method: 'GET',
        // Shared counter across connections: the whole mix is cycled, not one query per connection.
        setupRequest: (request) => {
          const requestPath = paths[next % paths.length] ?? '/healthz';
          next += 1;
          return { ...request, path: requestPath };
        },
      },
    ],
  });
  return {
    target: '',
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
