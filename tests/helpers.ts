/** Shared fixtures: temporary folders and an index built from the real seeds. */
import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import type { Express } from 'express';
import type { IndexSnapshot } from '../index/artifact/snapshot.ts';
import { buildIndex } from '../index/build/build.ts';
import { LiveIndex } from '../index/liveIndex.ts';
import { DEFAULT_SEEDS_DIR } from '../index/paths.ts';
import { SearchEngine } from '../index/search/engine.ts';
import type { MarkedText } from '../index/search/snippets.ts';
import { healthResponseSchema } from '../server/apiSchemas.ts';
import { type AppDependencies, createApp } from '../server/app.ts';
import { createHttpServer } from '../server/httpServer.ts';
import { SEARCH_RENDERER } from '../server/searchResponse.ts';

/**
 * Clean-ups run once when the test file ends, newest first. Registered on the root test: a hook
 * registered inside `before` or `it` would run when that hook or test ends, too early for fixtures
 * shared by a whole suite.
 */
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The marked stretches of a snippet, title or paragraph, as text (`[]` for none or undefined). */
export function markedWords(marked: MarkedText | undefined): string[] {
  return (marked?.marks ?? []).map((mark) => marked?.text.slice(mark.start, mark.end) ?? '');
}

/** A fresh temporary folder, removed when the test file finishes. */
export async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'lede-test-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

/** A copy of the project's seeds in a temporary folder, safe to modify. */
export async function copyOfSeeds(): Promise<string> {
  const folder = await temporaryFolder();
  const seeds = path.join(folder, 'seeds');
  await cp(DEFAULT_SEEDS_DIR, seeds, { recursive: true });
  return seeds;
}

/** Made-up dated wire stories added to the seeds by {@link datedArchive}: id → sidecar and topic. */
export const DATED_STORIES = [
  { id: 'wire-2019-01', date: '2019-01-10', source: 'Reuters', authors: ['Ann Lee'], topic: 'soybean' },
  { id: 'wire-2019-02', date: '2019-02-14', source: 'Reuters', authors: ['Bo Chen'], topic: 'steel' },
  {
    id: 'wire-2019-03a',
    date: '2019-03-01',
    source: 'Associated Press',
    authors: ['Ann Lee'],
    topic: 'tariff',
  },
  { id: 'wire-2019-03b', date: '2019-03-28', source: 'Reuters', authors: ['Cy Park'], topic: 'currency' },
  {
    id: 'wire-2019-05',
    date: '2019-05-09',
    source: 'Associated Press',
    authors: ['Dee Roy'],
    topic: 'truce',
  },
] as const;

/**
 * A copy of the seeds plus five dated wire stories on the trade talks (January to May 2019, two
 * sources, sidecars giving source, authors and date), for filters, facets and the timeline.
 */
export async function datedArchive(): Promise<string> {
  const seeds = await copyOfSeeds();
  for (const story of DATED_STORIES) {
    const body = [
      `Trade talks resume over ${story.topic} quotas`,
      `Negotiators met again on ${story.date} to discuss ${story.topic} quotas in the trade talks between Washington and Beijing.`,
      `Officials said the ${story.topic} question was one of several open issues, and that a further round of trade talks was likely within weeks.`,
    ].join('\n\n');
    await writeFile(path.join(seeds, `${story.id}.txt`), `${body}\n`);
    const sidecar = { source: story.source, authors: story.authors, date: story.date };
    await writeFile(path.join(seeds, `${story.id}.json`), JSON.stringify(sidecar));
  }
  return seeds;
}

/** A snapshot freshly built from the real seeds (in a temporary folder). */
export async function seedEngineSnapshot(): Promise<IndexSnapshot> {
  const folder = await temporaryFolder();
  return (await buildIndex({ seedsDir: DEFAULT_SEEDS_DIR, outPath: path.join(folder, 'index.bin') }))
    .snapshot;
}

/** An engine over an index freshly built from the real seeds. */
export async function seedEngine(): Promise<SearchEngine> {
  return new SearchEngine(await seedEngineSnapshot());
}

/** The ids of a search's hits, in rank order. */
export function hitIds(engine: SearchEngine, query: string, limit = 100): string[] {
  // Every matching article: each hit and the near-duplicates folded under it, in rank order.
  return engine
    .search(query, { limit })
    .hits.flatMap((hit) => [hit.id, ...hit.duplicates.map((duplicate) => duplicate.id)]);
}

export const SEED_IDS = {
  cnnTrade: '000_f4e733550bd64f5d',
  cnnDavos: '001_c9e868900b246019',
  breitbart: '002_bb622a1beba4e295',
  washingtonPost: '003_a63a1182bbf9768a',
  wsj: '004_a8811397f6ad08aa',
} as const;

/** A running Lede server on 127.0.0.1 over its own copy of the seeds, stopped when the test file ends. */
export interface TestServer {
  baseUrl: string;
  index: LiveIndex;
  seedsDir: string;
  indexPath: string;
  close: () => Promise<void>;
}

/** Starts the app on a free port over a fresh index built from a copy of the seeds. */
export async function startServer(
  options: Partial<Omit<AppDependencies, 'index'>> & { seedsDir?: string; indexPath?: string } = {},
): Promise<TestServer> {
  const seedsDir = options.seedsDir ?? (await copyOfSeeds());
  const indexPath = options.indexPath ?? path.join(await temporaryFolder(), 'index.bin');
  if (options.indexPath === undefined) await buildIndex({ seedsDir, outPath: indexPath });
  // As the server runs on a machine with a core to spare: searches on a thread of their own.
  const index = await LiveIndex.open({
    indexPath,
    seedsDir,
    watchIntervalMs: 100,
    searchThread: true,
    searchRenderer: SEARCH_RENDERER,
  });
  index.watch();
  const { seedsDir: _seeds, indexPath: _index, ...appOptions } = options;
  const app = createApp({ ...appOptions, index, adminToken: options.adminToken ?? null });
  const server = createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    index.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  cleanups.push(close);
  return { baseUrl: `http://127.0.0.1:${port}`, index, seedsDir, indexPath, close };
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/** A layer of Express 5's router: a route, or middleware (a mounted router has a stack of its own). */
interface RouterLayer {
  rawPath?: string | string[];
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: RouterLayer[] };
}

/**
 * Every route an Express app registers, as `GET /articles/{id}` (OpenAPI's path style), read from the
 * app's router and the routers mounted in it: what a client can reach, whatever the code says.
 */
export function registeredRoutes(app: Express): string[] {
  const walk = (stack: readonly RouterLayer[], prefix: string): string[] =>
    stack.flatMap((layer) => {
      const route = layer.route;
      if (route !== undefined) {
        // A route may answer several paths (`app.get(['/a', '/b'], …)`).
        const paths = (Array.isArray(route.path) ? route.path : [route.path]).map((routePath) =>
          `${prefix}${routePath}`.replace(/:(\w+)/g, '{$1}'),
        );
        return paths.flatMap((routePath) =>
          Object.keys(route.methods)
            .filter((method) => method !== '_all')
            .map((method) => `${method.toUpperCase()} ${routePath === '' ? '/' : routePath}`),
        );
      }
      const mounted = layer.handle.stack;
      if (mounted === undefined) return [];
      const paths = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath ?? '/'];
      return paths.flatMap((mount) => walk(mounted, prefix + (mount === '/' ? '' : mount)));
    });
  return [...new Set(walk((app as unknown as { router: { stack: RouterLayer[] } }).router.stack, ''))];
}

/** A server entry point run by a test in a process of its own. */
export interface SpawnedServer {
  child: ChildProcess;
  /** Everything it has printed so far, stdout and stderr. */
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `node ...args` in `cwd` with `env`, collecting what it prints. */
export function spawnServer(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): SpawnedServer {
  const child = spawn(process.execPath, args, { cwd, env });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/**
 * {@link spawnServer}, then waits for its address line, up to `deadlineMs` (a bound for a server that
 * never starts, not a speed test); kills it and throws with what it printed if it exits first.
 */
export async function startSpawnedServer(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  deadlineMs: number,
): Promise<SpawnedServer & { baseUrl: string }> {
  const server = spawnServer(args, cwd, env);
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const match = /serving (?:\d+ articles|with \d+ workers) at (http:\/\/127\.0\.0\.1:\d+)\//.exec(
      server.output(),
    );
    if (match?.[1] !== undefined) return { ...server, baseUrl: match[1] };
    if (server.child.exitCode !== null || Date.now() > deadline) {
      server.child.kill('SIGKILL');
      throw new Error(`the server did not start:\n${server.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What `/healthz` of the server at `baseUrl` reports, checked against its schema. */
export async function healthOf(server: { baseUrl: string }) {
  return healthResponseSchema.parse(await (await fetch(`${server.baseUrl}/healthz`)).json());
}
