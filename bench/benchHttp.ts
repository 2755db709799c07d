/**
 * The HTTP part: Lede's real server (`server/main.ts` in a process of its own, as `npm start` runs it
 * but through tsx, so it has a core and an event loop of its own) over the benchmark's index, loaded with autocannon on
 * `/api/search` cycling through the query mix and then on `/healthz`. Only ever 127.0.0.1.
 *
 * The server's result cache answers a repeated search from memory. The untimed warm-up sends each
 * query of the mix once, so the timed run sees a server in service, which has met its popular queries
 * before; search is also run with the cache off, the cost of computing every answer (a query never
 * seen before), and the report gives both.
 */
import autocannon from 'autocannon';
import type { BenchQuery } from './benchQueries.ts';
import { startServerProcess } from './serverProcess.ts';

/** Throughput and latency of one autocannon run. */
export interface HttpTargetResult {
  /** Path pattern loaded (`/api/search?q=…` or `/healthz`). */
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

/** Both targets on one server, and search's share of health's throughput. */
export interface HttpResult {
  connections: number;
  seconds: number;
  /** Queries in the mix, cycled in order. */
  distinctQueries: number;
  search: HttpTargetResult;
  healthz: HttpTargetResult;
  /** search req/s ÷ healthz req/s. */
  ratio: number;
  /** The same search load on a server started with `WEB_CONCURRENCY=2`. */
  searchTwoWorkers: HttpTargetResult;
  /** The same search load with the result cache off (`LEDE_RESULT_CACHE=0`): every answer computed. */
  searchUncached: HttpTargetResult;
  /** search req/s with the cache off ÷ healthz req/s. */
  uncachedRatio: number;
  /** Share of the timed search requests the result cache answered (default configuration). */
  cacheHitShare: number;
}

/** What the HTTP part needs. */
export interface HttpOptions {
  indexPath: string;
  seedsDir: string;
  queries: readonly BenchQuery[];
  seconds: number;
  connections?: number;
  log: (line: string) => void;
}

/** Starts the server on a free port, loads both targets, stops the server (also when a step fails). */
export async function runHttp(options: HttpOptions): Promise<HttpResult> {
  const connections = options.connections ?? 10;
  const paths = options.queries.map((query) => `/api/search?q=${encodeURIComponent(query.text)}`);
  const single = await runOneServer(options, paths, connections, { workers: 1, cache: true });
  const uncached = await runOneServer(options, paths, connections, { workers: 1, cache: false });
  const two = await runOneServer(options, paths, connections, { workers: 2, cache: true });
  const { healthz } = single;
  // runOneServer measures /healthz on the one-worker, default-configuration server: this one.
  if (healthz === null) throw new Error('the default server reported no /healthz figures');
  const share = (search: Omit<HttpTargetResult, 'target'>) =>
    healthz.requestsPerSecond === 0 ? 0 : search.requestsPerSecond / healthz.requestsPerSecond;
  return {
    connections,
    seconds: options.seconds,
    distinctQueries: paths.length,
    search: { ...single.search, target: '/api/search?q=<query mix>' },
    healthz: { ...healthz, target: '/healthz' },
    ratio: share(single.search),
    searchTwoWorkers: { ...two.search, target: '/api/search?q=<query mix>, WEB_CONCURRENCY=2' },
    searchUncached: { ...uncached.search, target: '/api/search?q=<query mix>, LEDE_RESULT_CACHE=0' },
    uncachedRatio: share(uncached.search),
    cacheHitShare: single.cacheHitShare,
  };
}

/** How one server is started for a run. */
interface ServerSetup {
  workers: number;
  /** Whether the result cache is on (the default) or off. */
  cache: boolean;
}

/** The result cache's counters as `/healthz` reports them (one process's). */
async function cacheCounters(baseUrl: string): Promise<{ hits: number; misses: number }> {
  const response = await fetch(`${baseUrl}/healthz`);
  const body = (await response.json()) as { resultCache?: { hits: number; misses: number } };
  return body.resultCache ?? { hits: 0, misses: 0 };
}

/**
 * Loads search on a server with `setup.workers` processes; with one worker and the cache on, also
 * healthz and the share of searches the cache answered.
 */
async function runOneServer(
  options: HttpOptions,
  paths: readonly string[],
  connections: number,
  setup: ServerSetup,
): Promise<{
  search: Omit<HttpTargetResult, 'target'>;
  healthz: Omit<HttpTargetResult, 'target'> | null;
  cacheHitShare: number;
}> {
  const { workers, cache } = setup;
  const server = await startServerProcess({
    indexPath: options.indexPath,
    seedsDir: options.seedsDir,
    environment: {
      WEB_CONCURRENCY: String(workers),
      LEDE_RESULT_CACHE: cache ? undefined : '0',
      // Thousands of requests a second from one address is the point here, not abuse to be limited.
      LEDE_RATE_LIMIT: '0',
      // The admin route is not under test; without a token it is not even mounted.
      LEDE_ADMIN_TOKEN: undefined,
    },
  });
  try {
    const probe = await fetch(`${server.baseUrl}${paths[0] ?? '/api/search?q=trade'}`);
    if (!probe.ok) throw new Error(`the server answered ${probe.status} to a benchmark query`);
    await probe.arrayBuffer();
    // Untimed first: one second, and every query of the mix once, so the server's JIT and caches are
    // warm as they would be in service.
    await load(server.baseUrl, paths, { seconds: 1 }, connections);
    await load(server.baseUrl, paths, { amount: paths.length }, connections);
    options.log(
      `  HTTP (${workers} worker${workers === 1 ? '' : 's'}, result cache ${cache ? 'on' : 'off'}): /api/search for ${options.seconds} s…`,
    );
    if (workers > 1 || !cache) {
      const search = await load(server.baseUrl, paths, { seconds: options.seconds }, connections);
      return { search, healthz: null, cacheHitShare: 0 };
    }
    const before = await cacheCounters(server.baseUrl);
    const search = await load(server.baseUrl, paths, { seconds: options.seconds }, connections);
    const after = await cacheCounters(server.baseUrl);
    const hits = after.hits - before.hits;
    const lookups = hits + after.misses - before.misses;
    options.log(`  HTTP: /healthz for ${options.seconds} s…`);
    const healthz = await load(server.baseUrl, ['/healthz'], { seconds: options.seconds }, connections);
    return { search, healthz, cacheHitShare: lookups === 0 ? 0 : hits / lookups };
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
): Promise<Omit<HttpTargetResult, 'target'>> {
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
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
