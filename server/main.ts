/**
 * `npm start`: builds the index if it is missing, older than the seeds or unusable, loads it, watches
 * it for rebuilds and serves the site. With `WEB_CONCURRENCY=N` (N > 1) the main process prepares the
 * index once and forks N workers that share the port and each serve the same artifact, picking up
 * rebuilds as any process watching it does. The main process then only supervises: it checks the
 * artifact without loading it and never loads the app, so its memory is Node's own, not an index's.
 * Stops gracefully on SIGTERM/SIGINT: no new connections, in-flight requests finish.
 */
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { checkArtifact } from '../index/artifact/artifact.ts';
import { isIndexStale } from '../index/build/build.ts';
import { BuildProcessError, runBuildProcess } from '../index/build/buildProcess.ts';
import { IndexError } from '../index/errors.ts';
import type { LiveIndexEvent } from '../index/liveIndex.ts';
import { loadConfig, type ServerConfig } from './config.ts';

const SHUTDOWN_GRACE_MS = 10_000;
/** A worker that dies sooner than this after starting counts towards giving up. */
const EARLY_EXIT_MS = 5_000;
const MAX_EARLY_EXITS = 3;
/** The exit code of a worker that could not listen: restarting it would fail the same way. */
const CANNOT_LISTEN_EXIT_CODE = 78;

/** Why the server could not listen, in one line: a port in use or not allowed says so and what to do. */
function listenFailure(error: Error, config: ServerConfig): string {
  const code = 'code' in error ? error.code : undefined;
  const where = `port ${config.port} on ${config.host}`;
  if (code === 'EADDRINUSE')
    return `${where} is already in use: stop the other server or set PORT to another port.`;
  if (code === 'EACCES')
    return `not allowed to listen on ${where}: ports below 1024 need privileges; set PORT.`;
  if (code === 'EADDRNOTAVAIL') return `${config.host} is not an address of this machine: set HOST.`;
  return `could not listen on ${where}: ${error.message}`;
}

function logEvent(event: LiveIndexEvent): void {
  const who = cluster.isWorker ? `[worker ${cluster.worker?.id}] ` : '';
  if (event.type === 'loaded') {
    console.log(
      `${who}Index loaded (${event.reason}): ${event.manifest.documentCount} articles built ${event.manifest.builtAt}`,
    );
  } else if (event.type === 'search_thread_failed') {
    console.error(`${who}Search thread failed: ${event.message}`);
  } else {
    console.error(
      `${who}${event.type === 'reload_failed' ? 'Reload' : 'Rebuild'} failed, still serving the previous index: ${event.message}`,
    );
  }
}

/**
 * Builds the artifact when it is missing, stale or unusable, in a child process with a time limit (see
 * buildProcess.ts), so no article can crash or stall the server before it listens. When the build
 * fails and the previous artifact is usable, that index is served and the failure said; only with no
 * usable index at all does the server give up.
 */
async function prepareIndex(config: ServerConfig): Promise<void> {
  const build = (full: boolean) =>
    runBuildProcess({
      seedsDir: config.seedsDir,
      indexPath: config.indexPath,
      full,
      followLinksOutside: config.followLinksOutside,
      recordFields: config.recordFields,
      keepNonArticles: config.keepNonArticles,
      timeoutMs: config.rebuildTimeoutMs,
    });
  // Checked, not loaded: in cluster mode this process serves nothing, and its memory should not hold
  // an index it would only throw away.
  const usable = await checkArtifact(config.indexPath).then(
    (manifest) => ({ builtAt: manifest.builtAt, problem: null }),
    (error: unknown) => ({ builtAt: null, problem: error }),
  );
  const damaged = usable.problem instanceof IndexError && usable.problem.code !== 'index_missing';
  if (damaged) console.error(`${(usable.problem as Error).message} Rebuilding it now.`);
  if (usable.builtAt !== null && !(await isIndexStale(config.seedsDir, config.indexPath))) return;
  try {
    const report = await build(damaged);
    for (const warning of report.warnings) console.warn(`warning: ${warning}`);
    console.log(`Indexed ${report.documentCount} articles in ${(report.ms / 1000).toFixed(2)} s`);
  } catch (error) {
    const why = error instanceof BuildProcessError ? `${error.message}: ${error.detail}` : String(error);
    if (usable.builtAt === null)
      throw new Error(`Could not build the index (${why}), and there is no other to serve.`);
    console.error(`Could not rebuild the index (${why}); serving the one built ${usable.builtAt}.`);
  }
}

/** Loads the index and serves it in this process until SIGTERM/SIGINT. */
async function serve(config: ServerConfig): Promise<void> {
  // Loaded here, not at the top: a cluster's primary process never serves, and needs none of it.
  const [{ LiveIndex }, { createApp }, { createHttpServer }, { createLogger }, { SEARCH_RENDERER }] =
    await Promise.all([
      import('../index/liveIndex.ts'),
      import('./app.ts'),
      import('./httpServer.ts'),
      import('./logger.ts'),
      import('./searchResponse.ts'),
    ]);
  const index = await LiveIndex.open({
    indexPath: config.indexPath,
    seedsDir: config.seedsDir,
    watchIntervalMs: config.watchIntervalMs,
    rebuildTimeoutMs: config.rebuildTimeoutMs,
    followLinksOutside: config.followLinksOutside,
    recordFields: config.recordFields,
    keepNonArticles: config.keepNonArticles,
    engineOptions: { resultCacheEntries: config.resultCacheEntries },
    searchThread: config.searchThread,
    searchRenderer: SEARCH_RENDERER,
    onEvent: logEvent,
  });
  index.watch();
  const app = createApp({
    index,
    adminToken: config.adminToken,
    rateLimitPerMinute: config.rateLimitPerMinute,
    trustProxy: config.trustProxy,
    publicUrl: config.publicUrl,
    corsOrigins: config.corsOrigins,
    logger: createLogger(config.logLevel),
  });
  const server = createHttpServer(app);
  server.once('error', (error) => {
    console.error(`error: ${listenFailure(error, config)}`);
    index.close();
    // A worker that cannot listen tells its supervisor not to start it again.
    process.exit(cluster.isWorker ? CANNOT_LISTEN_EXIT_CODE : 1);
  });
  server.listen(config.port, config.host, () => {
    if (cluster.isWorker) return;
    const { port } = server.address() as AddressInfo;
    console.log(
      `Lede is serving ${index.engine.manifest.documentCount} articles at http://${config.host}:${port}/`,
    );
  });
  const shutdown = (signal: string) => {
    if (cluster.isPrimary) console.log(`${signal} received: finishing in-flight requests, then stopping.`);
    index.close();
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** Forks the workers, restarts one that crashes, and stops them all on SIGTERM/SIGINT. */
function supervise(config: ServerConfig): void {
  let stopping = false;
  let earlyExits = 0;
  let announced = false;
  const startedAt = new Map<number, number>();
  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
  };
  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    console.log(`Lede is serving with ${config.workers} workers at http://${config.host}:${address.port}/`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (code === CANNOT_LISTEN_EXIT_CODE) {
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      process.exit(1);
    }
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    earlyExits = lived < EARLY_EXIT_MS ? earlyExits + 1 : 0;
    console.error(`Worker ${worker.id} exited (${signal ?? `code ${code}`}).`);
    if (earlyExits >= MAX_EARLY_EXITS) {
      console.error('Workers keep failing at start-up; stopping.');
      process.exit(1);
    }
    fork();
  });
  const shutdown = (signal: string) => {
    stopping = true;
    console.log(`${signal} received: finishing in-flight requests, then stopping.`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  for (let i = 0; i < config.workers; i += 1) fork();
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (cluster.isWorker) return serve(config);
  await prepareIndex(config);
  if (config.workers === 1) return serve(config);
  supervise(config);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
