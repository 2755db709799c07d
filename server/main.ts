/**
 * `npm start`: builds the index if it is missing or older than the seeds, loads it, watches it for
 * rebuilds and serves the site. Stops gracefully on SIGTERM/SIGINT: no new connections, in-flight
 * requests finish.
 */
import type { AddressInfo } from 'node:net';
import { buildIndex, isIndexStale } from '../index/build.ts';
import { BuildError, IndexError } from '../index/errors.ts';
import { LiveIndex, type LiveIndexEvent } from '../index/liveIndex.ts';
import { createApp } from './app.ts';
import { loadConfig, type ServerConfig } from './config.ts';

const SHUTDOWN_GRACE_MS = 10_000;

function logEvent(event: LiveIndexEvent): void {
  if (event.type === 'loaded') {
    console.log(
      `Index loaded (${event.reason}): ${event.manifest.documentCount} articles built ${event.manifest.builtAt}`,
    );
  } else {
    console.error(
      `${event.type === 'reload_failed' ? 'Reload' : 'Rebuild'} failed, still serving the previous index: ${event.message}`,
    );
  }
}

/** Builds the artifact when it is missing, stale or unusable; keeps a usable one when a build fails. */
async function ensureIndex(config: ServerConfig): Promise<LiveIndex> {
  const open = () =>
    LiveIndex.open({
      indexPath: config.indexPath,
      seedsDir: config.seedsDir,
      watchIntervalMs: config.watchIntervalMs,
      onEvent: logEvent,
    });
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
    return await open();
  } catch (error) {
    if (!(error instanceof IndexError) || error.code === 'index_missing') throw error;
    console.error(`${error.message} Rebuilding it now.`);
  }
  await buildIndex({ seedsDir: config.seedsDir, outPath: config.indexPath, full: true });
  return open();
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const index = await ensureIndex(config);
  index.watch();
  const app = createApp({ index, adminToken: config.adminToken });
  const server = app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    console.log(
      `Lede is serving ${index.engine.manifest.documentCount} articles at http://${config.host}:${port}/`,
    );
  });
  const shutdown = (signal: string) => {
    console.log(`${signal} received: finishing in-flight requests, then stopping.`);
    index.close();
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
