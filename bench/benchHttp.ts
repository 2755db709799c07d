/**
 * The HTTP part: Lede's real server, compiled (`node dist/server/main.js` in a process of its own, as
 * `npm start` runs it), over the benchmark's index, loaded with autocannon on `/api/search` and
 * `/healthz`. Only ever 127.0.0.1.
 *
 * What users meet is searches the server has not answered before: the headline figure cycles through
 * {@link DISTINCT_QUERIES} distinct queries, more than twice the result cache holds, in a fixed order,
 * so no search is answered from the cache (the share answered from it is measured and reported).
 * Each server is warmed up first with the benchmark's query mix, which the distinct set shares no query
 * with. Beside it: the same on 2 server processes (`WEB_CONCURRENCY=2`), on one process searching on
 * its main thread (`LEDE_SEARCH_THREAD=false`: by default a process with a core to spare searches on a
 * thread of its own, see searchThread.ts), the query mix repeated (every answer from the result cache
 * after the warm-up: the figure for a popular query), and `/healthz`, the server's floor, whose req/s
 * the search figures are compared with; and the site's HTML results page (`/search`) with distinct
 * queries and article pages for distinct articles, as a reader meets them.
 *
 * The distinct searches and `/healthz` are loaded in turns, {@link HttpOptions.rounds} times each (the
 * distinct queries going on round the cycle where the last turn left them), and the ratio is the
 * median of the rounds'. This machine's speed drifts from one moment to the next: `/healthz` alone
 * did 2,401, 3,764 and 3,223 req/s in three runs minutes apart, and one run of each moved the ratio by
 * a third.
 */
import autocannon from 'autocannon';
import { readArtifact } from '../index/artifact/artifact.ts';
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
  /** Distinct queries, one process: the headline figure (the round of the median ratio). */
  search: HttpTargetResult;
  /** Distinct queries, `WEB_CONCURRENCY=2`. */
  searchTwoWorkers: HttpTargetResult;
  /** Distinct queries, one process searching on its main thread (`LEDE_SEARCH_THREAD=false`). */
  searchNoThread: HttpTargetResult;
  /** The query mix repeated, one process: answered from the result cache. */
  searchRepeated: HttpTargetResult;
  /**
   * The HTML results page with distinct queries, one process: what a reader of the site meets (the
   * page also counts facets and the timeline, and is rendered on the main thread).
   */
  searchPage: HttpTargetResult;
  /**
   * An article page (`/articles/<id>?q=<query>`: the article with the query's words marked, its
   * related articles) for distinct articles, one process: where a reader goes from a result.
   */
  articlePage: HttpTargetResult;
  /** `/healthz` in the round of {@link search}, and of {@link searchTwoWorkers}. */
  healthz: HttpTargetResult;
  healthzTwoWorkers: HttpTargetResult;
  healthzNoThread: HttpTargetResult;
  /** Rounds of distinct searches and `/healthz` in turns, per server. */
  rounds: number;
  /** Distinct search req/s ÷ healthz req/s, one process: the median of the rounds'. */
  ratio: number;
  /** Each round's, in order. */
  ratios: number[];
  /** The same, 2 processes. */
  ratioTwoWorkers: number;
  ratiosTwoWorkers: number[];
  /** The same, one process without its search thread. */
  ratioNoThread: number;
  ratiosNoThread: number[];
  /** Repeated search req/s ÷ healthz req/s, one process. */
  repeatedRatio: number;
  /** Share of the timed distinct searches the result cache answered (one process; should be 0). */
  cacheHitShare: number;
  /** Share of the timed repeated searches the result cache answered (one process). */
  repeatedCacheHitShare: number;
  /** Results page req/s ÷ healthz req/s, one process, and the share the result cache answered. */
  pageRatio: number;
  pageCacheHitShare: number;
  /** Article page req/s ÷ healthz req/s, one process. */
  articleRatio: number;
}

/** What the HTTP part needs. */
export interface HttpOptions {
  indexPath: string;
  seedsDir: string;
  /** The benchmark's query mix: the warm-up and the repeated figure. */
  queries: readonly BenchQuery[];
  /** At least {@link DISTINCT_QUERIES} queries none of which is in `queries`. */
  distinct: readonly BenchQuery[];
  /** Length of each timed load. */
  seconds: number;
  /** Distinct searches and `/healthz` in turns, this many times each per server (default 3). */
  rounds?: number;
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
  const pages = options.distinct.map((query) => `/search?q=${encodeURIComponent(query.text)}`);
  const articles = await articlePaths(options.indexPath, options.distinct);
  const rounds = options.rounds ?? 3;
  const paths = { mix, distinct, pages, articles };
  const one = await runOneServer(options, paths, connections, { workers: 1 }, rounds);
  const noThread = await runOneServer(options, paths, connections, { workers: 1, thread: false }, rounds);
  const two = await runOneServer(options, paths, connections, { workers: 2 }, rounds);
  const distinctName = `${distinct.length.toLocaleString('en-US')} distinct queries`;
  return {
    connections,
    seconds: options.seconds,
    distinctQueries: distinct.length,
    mixQueries: mix.length,
    search: { ...one.distinct, target: `/api/search?q=<${distinctName}>` },
    searchTwoWorkers: { ...two.distinct, target: `/api/search?q=<${distinctName}>, WEB_CONCURRENCY=2` },
    searchNoThread: {
      ...noThread.distinct,
      target: `/api/search?q=<${distinctName}>, LEDE_SEARCH_THREAD=false`,
    },
    searchRepeated: { ...one.repeated, target: `/api/search?q=<query mix of ${mix.length}, repeated>` },
    searchPage: { ...one.page, target: `/search?q=<${distinctName}> (the results page)` },
    articlePage: {
      ...one.article,
      target: `/articles/<${articles.length.toLocaleString('en-US')} distinct articles>?q=<query> (an article page)`,
    },
    healthz: { ...one.healthz, target: '/healthz' },
    healthzTwoWorkers: { ...two.healthz, target: '/healthz, WEB_CONCURRENCY=2' },
    healthzNoThread: { ...noThread.healthz, target: '/healthz, LEDE_SEARCH_THREAD=false' },
    rounds,
    ratio: share(one.distinct, one.healthz),
    ratios: one.ratios,
    ratioTwoWorkers: share(two.distinct, two.healthz),
    ratiosTwoWorkers: two.ratios,
    ratioNoThread: share(noThread.distinct, noThread.healthz),
    ratiosNoThread: noThread.ratios,
    repeatedRatio: share(one.repeated, one.healthz),
    cacheHitShare: one.distinctHitShare,
    repeatedCacheHitShare: one.repeatedHitShare,
    pageRatio: share(one.page, one.healthz),
    pageCacheHitShare: one.pageHitShare,
    articleRatio: share(one.article, one.healthz),
  };
}

/**
 * Article pages: distinct articles spread over the index (a stride through its ids that visits each
 * once), each with one of the distinct queries, as a reader arrives from a result.
 */
async function articlePaths(indexPath: string, queries: readonly BenchQuery[]): Promise<string[]> {
  const { ids } = (await readArtifact(indexPath)).documents.columns;
  let stride = Math.max(1, Math.round(ids.length * 0.618));
  while (greatestCommonDivisor(stride, ids.length) !== 1) stride += 1;
  return queries.slice(0, ids.length).map((query, i) => {
    const id = ids[(i * stride) % ids.length] ?? '';
    return `/articles/${encodeURIComponent(id)}?q=${encodeURIComponent(query.text)}`;
  });
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/** Search req/s ÷ `/healthz` req/s. */
function share(search: HttpTargetResult, health: HttpTargetResult): number {
  return health.requestsPerSecond === 0 ? 0 : search.requestsPerSecond / health.requestsPerSecond;
}

/** The result cache's counters as `/healthz` reports them (one process's). */
async function cacheCounters(baseUrl: string): Promise<{ hits: number; misses: number }> {
  const response = await fetch(`${baseUrl}/healthz`);
  const body = (await response.json()) as { resultCache?: { hits: number; misses: number } };
  return body.resultCache ?? { hits: 0, misses: 0 };
}

/** Runs `load` and returns its figures with the share of searches the cache answered meanwhile. */
async function withHitShare<Result>(
  baseUrl: string,
  load: () => Promise<Result>,
): Promise<{ result: Result; hitShare: number }> {
  const before = await cacheCounters(baseUrl);
  const result = await load();
  const after = await cacheCounters(baseUrl);
  const hits = after.hits - before.hits;
  const lookups = hits + after.misses - before.misses;
  return { result, hitShare: lookups === 0 ? 0 : hits / lookups };
}

/**
 * On a server of `workers` processes, default configuration but the search thread when `thread` is
 * false: distinct searches and `/healthz` in turns, then (one process with its default thread only) the
 * repeated mix, the results page and article pages.
 */
async function runOneServer(
  options: HttpOptions,
  paths: {
    mix: readonly string[];
    distinct: readonly string[];
    pages: readonly string[];
    articles: readonly string[];
  },
  connections: number,
  { workers, thread }: { workers: number; thread?: false },
  rounds: number,
): Promise<{
  /** Distinct searches and `/healthz` of the round whose ratio is the median. */
  distinct: HttpTargetResult;
  healthz: HttpTargetResult;
  ratios: number[];
  repeated: HttpTargetResult;
  distinctHitShare: number;
  repeatedHitShare: number;
  page: HttpTargetResult;
  pageHitShare: number;
  article: HttpTargetResult;
}> {
  const server = await startServerProcess({
    indexPath: options.indexPath,
    seedsDir: options.seedsDir,
    compiled: true,
    environment: {
      WEB_CONCURRENCY: String(workers),
      // The default unless asked otherwise: a thread of its own for searches when a core is spare.
      LEDE_SEARCH_THREAD: thread === false ? 'false' : undefined,
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
  const label = `${workers} process${workers === 1 ? '' : 'es'}${thread === false ? ', no search thread' : ''}`;
  try {
    const probe = await fetch(`${server.baseUrl}${paths.mix[0] ?? '/api/search?q=trade'}`);
    if (!probe.ok) throw new Error(`the server answered ${probe.status} to a benchmark query`);
    await probe.arrayBuffer();
    // Untimed first: one second, then every query of the mix once, so the server's JIT is warm as it
    // would be in service, and the mix is in its cache for the repeated figure.
    await load(server.baseUrl, paths.mix, { seconds: 1 }, connections);
    await load(server.baseUrl, paths.mix, { amount: paths.mix.length }, connections);
    // Where the cycle of distinct queries is: a turn goes on from the last path the previous one asked
    // (not from the requests it counted, which leave out those still in flight when it stopped).
    const cycle = { next: 0 };
    const { result: turns, hitShare: distinctHitShare } = await withHitShare(server.baseUrl, async () => {
      const played: { distinct: HttpTargetResult; healthz: HttpTargetResult }[] = [];
      for (let round = 1; round <= rounds; round += 1) {
        options.log(
          `  HTTP (${label}), round ${round} of ${rounds}: /api/search, ${paths.distinct.length} distinct queries, then /healthz, ${options.seconds} s each…`,
        );
        const distinct = await load(
          server.baseUrl,
          paths.distinct,
          { seconds: options.seconds },
          connections,
          cycle,
        );
        played.push({
          distinct,
          healthz: await load(server.baseUrl, ['/healthz'], { seconds: options.seconds }, connections),
        });
      }
      return played;
    });
    const ratios = turns.map((turn) => share(turn.distinct, turn.healthz));
    const order = ratios.map((_, i) => i).sort((a, b) => (ratios[a] ?? 0) - (ratios[b] ?? 0));
    const median = turns[order[Math.floor((order.length - 1) / 2)] ?? 0];
    if (median === undefined) throw new Error('no HTTP rounds were run');
    let repeated = { result: median.distinct, hitShare: Number.NaN };
    let page = { result: median.distinct, hitShare: Number.NaN };
    let article = median.distinct;
    if (workers === 1 && thread !== false) {
      options.log(`  HTTP (${label}): /api/search, the query mix repeated, ${options.seconds} s…`);
      repeated = await withHitShare(server.baseUrl, () =>
        load(server.baseUrl, paths.mix, { seconds: options.seconds }, connections),
      );
      // The pages go on round the cycle where the API's searches stopped: their queries were last
      // asked a whole cycle ago, long gone from the cache.
      options.log(`  HTTP (${label}): /search, the results page, distinct queries, ${options.seconds} s…`);
      page = await withHitShare(server.baseUrl, () =>
        load(server.baseUrl, paths.pages, { seconds: options.seconds }, connections, cycle),
      );
      // One second untimed first (the route's code warms up), from the far end of the list: the timed
      // run comes to those articles last, if at all, so none is asked twice.
      options.log(
        `  HTTP (${label}): /articles/<id>, article pages, distinct articles, ${options.seconds} s…`,
      );
      const articles = { next: 0 };
      await load(server.baseUrl, [...paths.articles].reverse(), { seconds: 1 }, connections);
      article = await load(
        server.baseUrl,
        paths.articles,
        { seconds: options.seconds },
        connections,
        articles,
      );
    }
    return {
      distinct: median.distinct,
      healthz: median.healthz,
      ratios,
      repeated: repeated.result,
      distinctHitShare,
      repeatedHitShare: repeated.hitShare,
      page: page.result,
      pageHitShare: page.hitShare,
      article,
    };
  } finally {
    await server.stop();
  }
}

/**
 * One autocannon run against `paths`, each connection taking the next path in turn (from `cycle.next`
 * on, going round, and leaving `cycle.next` after the last one asked), for a time or a number of
 * requests.
 */
async function load(
  baseUrl: string,
  paths: readonly string[],
  until: { seconds: number } | { amount: number },
  connections: number,
  cycle = { next: 0 },
): Promise<HttpTargetResult> {
  const result = await autocannon({
    url: baseUrl,
    connections,
    ...('seconds' in until ? { duration: until.seconds } : { amount: until.amount }),
    requests: [
      {
        method: 'GET',
        // Shared counter across connections: the whole mix is cycled, not one query per connection.
        setupRequest: (request) => {
          const requestPath = paths[cycle.next % paths.length] ?? '/healthz';
          cycle.next += 1;
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
