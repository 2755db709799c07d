/**
 * The HTTP part: Lede's real server (`server/main.ts`, spawned as `npm start` would run it, so it has a
 * core and an event loop of its own) over the benchmark's index, loaded with autocannon on
 * `/api/search` cycling through the query mix and then on `/healthz`. Only ever 127.0.0.1.
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
  search: HttpTargetResult;
  healthz: HttpTargetResult;
  /** search req/s ÷ healthz req/s. */
  ratio: number;
  /** The same search load on a server started with `WEB_CONCURRENCY=2`. */
  searchTwoWorkers: HttpTargetResult;
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
  const single = await runOneServer(options, paths, connections, 1);
  const two = await runOneServer(options, paths, connections, 2);
  return {
    connections,
    seconds: options.seconds,
    search: { ...single.search, target: '/api/search?q=<query mix>' },
    healthz: { ...single.healthz, target: '/healthz' },
    ratio:
      single.healthz.requestsPerSecond === 0
        ? 0
        : single.search.requestsPerSecond / single.healthz.requestsPerSecond,
    searchTwoWorkers: { ...two.search, target: '/api/search?q=<query mix>, WEB_CONCURRENCY=2' },
  };
}

/** Loads search (and, with one worker, healthz) on a server with `workers` processes. */
async function runOneServer(
  options: HttpOptions,
  paths: readonly string[],
  connections: number,
  workers: number,
): Promise<{ search: Omit<HttpTargetResult, 'target'>; healthz: Omit<HttpTargetResult, 'target'> }> {
  const server = await startServerProcess({
    indexPath: options.indexPath,
    seedsDir: options.seedsDir,
    environment: {
      WEB_CONCURRENCY: String(workers),
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
    // One untimed second first, so the server's JIT and caches are warm as they would be in service.
    await load(server.baseUrl, paths, 1, connections);
    options.log(
      `  HTTP (${workers} worker${workers === 1 ? '' : 's'}): /api/search for ${options.seconds} s…`,
    );
    const search = await load(server.baseUrl, paths, options.seconds, connections);
    if (workers > 1) return { search, healthz: search };
    options.log(`  HTTP: /healthz for ${options.seconds} s…`);
    const healthz = await load(server.baseUrl, ['/healthz'], options.seconds, connections);
    return { search, healthz };
  } finally {
    await server.stop();
  }
}

/** One autocannon run against `paths`, each connection taking the next path in turn. */
async function load(
  baseUrl: string,
  paths: readonly string[],
  seconds: number,
  connections: number,
): Promise<Omit<HttpTargetResult, 'target'>> {
  let next = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
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
