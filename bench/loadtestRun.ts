/**
 * The load test: Lede's real server, in its default configuration, answering a mix of searches from
 * many connections while the index is rebuilt under it through the admin route. What a reader would
 * notice is what is counted: failed or refused requests, slow answers, answers that changed while the
 * index was swapped (the articles do not change, so no answer should), and rebuilds that did not land.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildIndex } from '../index/build/build.ts';
import { healthResponseSchema, reindexResponseSchema } from '../server/apiSchemas.ts';
import { ADMIN_RATE_LIMIT_PER_MINUTE } from '../server/security.ts';
import { LOAD_QUERY_KINDS, type LoadQuery, type LoadQueryKind, loadTestQueries } from './loadtestQueries.ts';
import { type ServerProcess, startServerProcess } from './serverProcess.ts';

/** What to load and for how long; defaults in {@link defaultLoadTestOptions}. */
export interface LoadTestOptions {
  /** The articles to index and serve. */
  seedsDir: string;
  /** How long the searches run, in seconds. */
  seconds: number;
  /** Concurrent connections, each sending its next search as soon as the last is answered. */
  connections: number;
  /**
   * Rebuilds requested through `POST /api/admin/reindex?full=1`, spread evenly over the run, one at a
   * time: full, as the articles do not change during the run and an ordinary reindex would find
   * nothing to do. At most the admin route's limit a minute, which applies to this machine too.
   */
  reindexes: number;
  /** Queries of each kind in the mix. */
  queriesPerKind: number;
  /** Progress lines (stderr for the command line). */
  log: (line: string) => void;
}

export const defaultLoadTestOptions: Omit<LoadTestOptions, 'seedsDir'> = {
  seconds: 20,
  connections: 10,
  reindexes: 3,
  queriesPerKind: 20,
  log: () => {},
};

/** One rebuild requested during the run. */
export interface ReindexOutcome {
  /** Seconds after the searches started that it was requested, and that its answer came. */
  sentAt: number;
  answeredAt: number;
  /** HTTP status, or null when no answer came (connection error, timeout). */
  status: number | null;
  /** Articles in the rebuilt index, from the answer. */
  documents: number | null;
  /** Whether the server answered 200 and now serves the new index. */
  succeeded: boolean;
  /** Why it did not succeed, or null. */
  problem: string | null;
  /** The build's warnings: files skipped or repaired, each naming its file. */
  warnings: string[];
}

/** Everything the load test measured. */
export interface LoadTestReport {
  seedsDir: string;
  documents: number;
  /** Queries in the mix, by kind. */
  queries: Record<LoadQueryKind, number>;
  connections: number;
  /** Seconds the searches ran, as autocannon timed it. */
  seconds: number;
  /** Responses received, and the mean of autocannon's per-second counts. */
  requests: number;
  requestsPerSecond: number;
  /** Latency of 2xx answers, in milliseconds. */
  latency: { p50: number; p99: number; max: number; mean: number };
  /** Answers by status class; `non2xx` is everything but 2xx. */
  ok2xx: number;
  non2xx: number;
  /** Answers by exact status code. */
  statusCodes: Record<string, number>;
  /** Requests that failed at the socket or got no answer in time (timeouts are counted in both). */
  errors: number;
  timeouts: number;
  /** 2xx answers with at least one hit. */
  answersWithHits: number;
  /** 2xx answers received while a reindex was waiting for its answer: searches served during rebuilds. */
  answersDuringReindex: number;
  /** 2xx answers whose hit count differed from the same query's answer before the run. */
  changedAnswers: number;
  /** A few of those, to start looking. */
  changedExamples: string[];
  reindexes: ReindexOutcome[];
}

/** The slowest an admin rebuild may be before it counts as hanging. */
const REINDEX_TIMEOUT_MS = 10 * 60 * 1000;
/** autocannon's per-request timeout, in seconds: a search this slow is a failure, not a latency. */
const REQUEST_TIMEOUT_SECONDS = 10;

/**
 * Builds an index of `seedsDir` in a temporary folder, serves it with `server/main.ts` on 127.0.0.1
 * (default configuration, plus an admin token), loads `/api/search` while rebuilding, and reports.
 * Throws when it cannot get as far as loading: no articles, a server that does not start, or a query
 * of the mix that the server refuses before the load begins.
 */
export async function runLoadTest(
  options: Pick<LoadTestOptions, 'seedsDir'> & Partial<LoadTestOptions>,
): Promise<LoadTestReport> {
  const settings: LoadTestOptions = { ...defaultLoadTestOptions, ...options };
  if (settings.reindexes > ADMIN_RATE_LIMIT_PER_MINUTE) {
    throw new Error(
      `At most ${ADMIN_RATE_LIMIT_PER_MINUTE} reindexes: the admin route allows ${ADMIN_RATE_LIMIT_PER_MINUTE} a minute per address.`,
    );
  }
  const folder = await mkdtemp(path.join(os.tmpdir(), 'lede-loadtest-'));
  try {
    const indexPath = path.join(folder, 'index.bin');
    settings.log(`Indexing ${settings.seedsDir}…`);
    const build = await buildIndex({ seedsDir: settings.seedsDir, outPath: indexPath });
    const mix = loadTestQueries(build.snapshot.documents.all(), settings.queriesPerKind);
    const token = randomBytes(24).toString('hex');
    const server = await startServerProcess({
      indexPath,
      seedsDir: settings.seedsDir,
      // The server's own defaults, rate limit included: the point is that they hold under this load.
      environment: {
        LEDE_ADMIN_TOKEN: token,
        LEDE_RATE_LIMIT: undefined,
        LEDE_TRUST_PROXY: undefined,
        LEDE_WATCH_INTERVAL_MS: undefined,
        LEDE_LOG_LEVEL: undefined,
        WEB_CONCURRENCY: undefined,
      },
    });
    try {
      const expected = await expectedTotals(server.baseUrl, mix);
      settings.log(
        `Loading ${server.baseUrl}/api/search with ${settings.connections} connections for ${settings.seconds} s, ` +
          `${settings.reindexes} reindex${settings.reindexes === 1 ? '' : 'es'} meanwhile…`,
      );
      const startedAt = performance.now();
      const reindexing = { now: false };
      const [load, reindexes] = await Promise.all([
        loadSearch(server.baseUrl, mix, expected, settings, reindexing),
        rebuildDuring(server, token, settings, startedAt, reindexing),
      ]);
      const queries = Object.fromEntries(
        LOAD_QUERY_KINDS.map((kind) => [kind, mix.filter((query) => query.kind === kind).length]),
      ) as Record<LoadQueryKind, number>;
      return { seedsDir: settings.seedsDir, documents: build.documentCount, queries, ...load, reindexes };
    } finally {
      await server.stop();
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The path autocannon requests for a query. */
function searchPath(query: LoadQuery): string {
  return `/api/search?q=${encodeURIComponent(query.text)}`;
}

/**
 * Each query's hit count before the load, one request at a time: the answers under load are compared
 * with these. Throws, naming the query, when the server refuses one.
 */
async function expectedTotals(baseUrl: string, mix: readonly LoadQuery[]): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const query of mix) {
    const requestPath = searchPath(query);
    if (totals.has(requestPath)) continue;
    const response = await fetch(baseUrl + requestPath);
    const body = await response.text();
    const total = totalOf(body);
    if (!response.ok || total === null) {
      throw new Error(`The server answered ${response.status} to ${JSON.stringify(query.text)}: ${body}`);
    }
    totals.set(requestPath, total);
  }
  return totals;
}

/** The `total` of a search answer, read without parsing the whole body (this runs for every answer). */
function totalOf(body: string): number | null {
  // Strings in JSON escape their quotes, so `"total":` can only be the key.
  const match = /"total":(\d+)/.exec(body);
  return match?.[1] === undefined ? null : Number(match[1]);
}

type LoadFigures = Omit<LoadTestReport, 'seedsDir' | 'documents' | 'queries' | 'reindexes'>;

/** Whether a reindex is waiting for its answer: set by the reindexes, read by the searches. */
interface ReindexState {
  now: boolean;
}

/** One autocannon run over the mix, checking each answer's hit count against `expected`. */
async function loadSearch(
  baseUrl: string,
  mix: readonly LoadQuery[],
  expected: ReadonlyMap<string, number>,
  settings: LoadTestOptions,
  reindexing: Readonly<ReindexState>,
): Promise<LoadFigures> {
  const paths = mix.map(searchPath);
  let next = 0;
  let answersWithHits = 0;
  let answersDuringReindex = 0;
  let changedAnswers = 0;
  const changedExamples: string[] = [];
  const result = await autocannon({
    url: baseUrl,
    connections: settings.connections,
    duration: settings.seconds,
    timeout: REQUEST_TIMEOUT_SECONDS,
    requests: [
      {
        method: 'GET',
        // A shared counter: the whole mix is cycled, not one query per connection. The path goes in the
        // connection's context, where `onResponse` finds it (one request in flight per connection).
        setupRequest: (request, context) => {
          const requestPath = paths[next % paths.length] ?? '/api/search?q=trade';
          next += 1;
          (context as { path?: string }).path = requestPath;
          return { ...request, path: requestPath };
        },
        onResponse: (status, body, context) => {
          if (status < 200 || status >= 300) return;
          if (reindexing.now) answersDuringReindex += 1;
          const requestPath = (context as { path?: string }).path ?? '';
          const total = totalOf(body);
          if (total !== null && total > 0) answersWithHits += 1;
          if (total !== expected.get(requestPath)) {
            changedAnswers += 1;
            if (changedExamples.length < 5) {
              changedExamples.push(
                `${decodeURIComponent(requestPath)}: ${total} hits, ${expected.get(requestPath)} before`,
              );
            }
          }
        },
      },
    ],
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, { count = 0 }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = count;
  return {
    connections: settings.connections,
    seconds: result.duration,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latency: {
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    answersWithHits,
    answersDuringReindex,
    changedAnswers,
    changedExamples,
  };
}

/**
 * Requests the rebuilds at even intervals over the run, each after the last has been answered, and
 * checks that each one's index is the one served afterwards.
 */
async function rebuildDuring(
  server: ServerProcess,
  token: string,
  settings: LoadTestOptions,
  startedAt: number,
  reindexing: ReindexState,
): Promise<ReindexOutcome[]> {
  const outcomes: ReindexOutcome[] = [];
  const elapsed = () => (performance.now() - startedAt) / 1000;
  let served = await servedBuiltAt(server.baseUrl);
  for (let i = 1; i <= settings.reindexes; i += 1) {
    const due = (settings.seconds * i) / (settings.reindexes + 1);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (due - elapsed()) * 1000)));
    const sentAt = elapsed();
    reindexing.now = true;
    const outcome = await reindexOnce(server, token, served).finally(() => {
      reindexing.now = false;
    });
    outcomes.push({ sentAt, answeredAt: elapsed(), ...outcome });
    served = (await servedBuiltAt(server.baseUrl)) ?? served;
    settings.log(
      `  reindex ${i}: ${outcome.status ?? 'no answer'} after ${(elapsed() - sentAt).toFixed(2)} s` +
        (outcome.problem === null ? '' : ` (${outcome.problem})`),
    );
  }
  return outcomes;
}

/** One `POST /api/admin/reindex`, judged against the index served before it. */
async function reindexOnce(
  server: ServerProcess,
  token: string,
  builtAtBefore: string | null,
): Promise<Omit<ReindexOutcome, 'sentAt' | 'answeredAt'>> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${server.baseUrl}/api/admin/reindex?full=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(REINDEX_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { status: null, documents: null, succeeded: false, problem: `no answer: ${why}`, warnings: [] };
  }
  if (response.status !== 200) {
    return {
      status: response.status,
      documents: null,
      succeeded: false,
      problem: text.slice(0, 500),
      warnings: [],
    };
  }
  const report = reindexResponseSchema.safeParse(parseJson(text));
  if (!report.success) {
    return {
      status: 200,
      documents: null,
      succeeded: false,
      problem: 'the answer is not a reindex report',
      warnings: [],
    };
  }
  const served = await servedBuiltAt(server.baseUrl);
  // The articles did not change, but every full build stamps its own time: a served index with the old
  // stamp means the rebuilt one was not swapped in.
  const swapped = served === report.data.builtAt && served !== builtAtBefore;
  return {
    status: 200,
    documents: report.data.documents,
    succeeded: swapped,
    problem: swapped ? null : `the server still serves the index built at ${served}`,
    warnings: report.data.warnings,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** When the index the server now serves was built, from `/healthz`. */
async function servedBuiltAt(baseUrl: string): Promise<string | null> {
  try {
    const response = await fetch(`${baseUrl}/healthz`);
    return healthResponseSchema.parse(await response.json()).builtAt;
  } catch {
    return null;
  }
}
