/**
 * `npm start`: builds the index if it is missing, older than the seeds or unusable, loads it, watches
 * it for rebuilds and serves the site. With `WEB_CONCURRENCY=N` (N > 1) the main process prepares the
 * index once and forks N workers that share the port and each serve the same artifact, picking up
 * rebuilds as any process watching it does. Stops gracefully on SIGTERM/SIGINT: no new connections,
 * in-flight requests finish.
 */
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { readArtifact } from '../index/artifact.ts';
import { buildIndex, isIndexStale } from '../index/build.ts';
import { BuildError, IndexError } from '../index/errors.ts';
import { LiveIndex, type LiveIndexEvent } from '../index/liveIndex.ts';
import { createApp } from './app.ts';
import { loadConfig, type ServerConfig } from './config.ts';
import { createLogger } from './logger.ts';

const SHUTDOWN_GRACE_MS = 10_000;
/** A worker that dies sooner than this after starting counts towards giving up. */
const EARLY_EXIT_MS = 5_000;
const MAX_EARLY_EXITS = 3;

function logEvent(event: LiveIndexEvent): void {
  const who = cluster.isWorker ? `[worker ${cluster.worker?.id}] ` : '';
  if (event.type === 'loaded') {
    console.log(
      `${who}Index loaded (${event.reason}): ${event.manifest.documentCount} articles built ${event.manifest.builtAt}`,
    );
  } else {
    console.error(
      `${who}${event.type === 'reload_failed' ? 'Reload' : 'Rebuild'} failed, still serving the previous index: ${event.message}`,
    );
  }
}

/** Builds the artifact when it is missing, stale or unusable; keeps a usable one when a build fails. */
async function prepareIndex(config: ServerConfig): Promise<void> {
  if (await isIndexStale(config.seedsDir, config.indexPath)) {
    try {
      const report = await buildIndex({ seedsDir: config.seedsDir, outPath: config.indexPath });
      for (const warning of report.warnings) console.warn(`warning: ${warning}`);
      console.log(`Indexed ${report.documentCount} articles in ${(report.ms / 1000).toFixed(2)} s`);
    } catch (error) {
      if (!(error instanceof BuildError)) throw error;
      console.error(`Could not build the index: ${error.message}`);
    }
  }
  try {
    await readArtifact(config.indexPath);
    return;
  } catch (error) {
    if (!(error instanceof IndexError) || error.code === 'index_missing') throw error;
    console.error(`${error.message} Rebuilding it now.`);
  }
  await buildIndex({ seedsDir: config.seedsDir, outPath: config.indexPath, full: true });
}

/** Loads the index and serves it in this process until SIGTERM/SIGINT. */
async function serve(config: ServerConfig): Promise<void> {
  const index = await LiveIndex.open({
    indexPath: config.indexPath,
    seedsDir: config.seedsDir,
    watchIntervalMs: config.watchIntervalMs,
    engineOptions: { resultCacheEntries: config.resultCacheEntries },
    onEvent: logEvent,
  });
  index.watch();
  const app = createApp({
    index,
    adminToken: config.adminToken,
    rateLimitPerMinute: config.rateLimitPerMinute,
    trustProxy: config.trustProxy,
    logger: createLogger(config.logLevel),
  });
  const server = app.listen(config.port, config.host, () => {
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
