import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildIndex } from '../../index/build/build.ts';
import { acquireBuildLock } from '../../index/build/buildLock.ts';
import { PROJECT_ROOT } from '../../index/paths.ts';
import { healthResponseSchema } from '../../server/apiSchemas.ts';
import {
  copyOfSeeds,
  eventually,
  healthOf,
  type SpawnedServer,
  spawnServer,
  startSpawnedServer,
  temporaryFolder,
} from '../helpers.ts';

const TOKEN = 'main-test-admin-token-0123';

const MAIN = ['--import', 'tsx', path.join(PROJECT_ROOT, 'server', 'main.ts')];

/** The environment every server here runs with: a free port on 127.0.0.1, quick rebuild pick-up. */
function mainEnvironment(env: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, PORT: '0', HOST: '127.0.0.1', LEDE_WATCH_INTERVAL_MS: '100', ...env };
}

/** Runs `server/main.ts` as `npm start` runs its compiled copy, but through tsx, collecting what it prints. */
function spawnMain(env: Record<string, string>): SpawnedServer {
  return spawnServer(MAIN, PROJECT_ROOT, mainEnvironment(env));
}

/**
 * Starts `server/main.ts` on a free port and waits for its address line. The bound is for a server
 * that never starts: two workers starting through tsx on a machine shared with other builds have
 * taken over 20 s.
 */
function startMain(env: Record<string, string>): Promise<SpawnedServer & { baseUrl: string }> {
  return startSpawnedServer(MAIN, PROJECT_ROOT, mainEnvironment(env), 90_000);
}

describe('npm start', () => {
  it('builds a missing index, serves it, and stops on SIGTERM after finishing in-flight requests', async () => {
    const seeds = await copyOfSeeds();
    const indexPath = path.join(await temporaryFolder(), 'index.bin');
    const server = await startMain({
      LEDE_SEEDS_DIR: seeds,
      LEDE_INDEX_PATH: indexPath,
      LEDE_ADMIN_TOKEN: TOKEN,
    });
    assert.match(server.output(), /Indexed 5 articles/);
    const health = await healthOf(server);
    assert.equal(health.documents, 5);

    const inFlight = fetch(`${server.baseUrl}/api/admin/reindex`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.child.kill('SIGTERM');
    const response = await inFlight;
    assert.equal(response.status, 200, 'the request in flight was answered');
    assert.equal(await server.exited, 0);
    assert.match(server.output(), /SIGTERM received/);
  });

  it('rebuilds an index that is damaged, saying why', async () => {
    const seeds = await copyOfSeeds();
    const indexPath = path.join(await temporaryFolder(), 'index.bin');
    await writeFile(indexPath, 'damaged');
    // Newer than the seeds, so only the damage can trigger the rebuild.
    const server = await startMain({ LEDE_SEEDS_DIR: seeds, LEDE_INDEX_PATH: indexPath });
    assert.match(server.output(), /is damaged: .*Rebuilding it now/);
    const health = await healthOf(server);
    assert.equal(health.documents, 5);
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
  });

  it('runs WEB_CONCURRENCY workers that all serve the index and all pick up a rebuild', async () => {
    const seeds = await copyOfSeeds();
    const indexPath = path.join(await temporaryFolder(), 'index.bin');
    const server = await startMain({
      LEDE_SEEDS_DIR: seeds,
      LEDE_INDEX_PATH: indexPath,
      LEDE_ADMIN_TOKEN: TOKEN,
      WEB_CONCURRENCY: '2',
    });
    assert.match(server.output(), /serving with 2 workers/);
    await writeFile(path.join(seeds, 'okapi.txt'), 'Okapi sighted\n\nAn okapi was seen in the park.\n');
    const rebuilt = await fetch(`${server.baseUrl}/api/admin/reindex`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(rebuilt.status, 200);
    // Connections are spread over the workers; every answer must come from the rebuilt index.
    const deadline = Date.now() + 5000;
    let agreeing = 0;
    while (agreeing < 20 && Date.now() < deadline) {
      const health = healthResponseSchema.parse(
        await (await fetch(`${server.baseUrl}/healthz`, { headers: { connection: 'close' } })).json(),
      );
      agreeing = health.documents === 6 ? agreeing + 1 : 0;
    }
    assert.equal(agreeing, 20, 'twenty answers in a row from the rebuilt index');
    assert.equal((server.output().match(/\[worker \d+\] Index loaded \(start\)/g) ?? []).length, 2);
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
  });

  it('refuses to start with an invalid configuration, naming the variable', async () => {
    const { output, exited } = spawnMain({ PORT: 'eighty', LEDE_ADMIN_TOKEN: 'short' });
    const code = await exited;
    assert.equal(code, 1);
    assert.match(output(), /PORT/);
    assert.match(output(), /LEDE_ADMIN_TOKEN must be at least 16 characters/);
  });

  it('refuses an admin token with whitespace, which no Authorization header could match', async () => {
    const { output, exited } = spawnMain({ LEDE_ADMIN_TOKEN: 'a long token with spaces in it' });
    assert.equal(await exited, 1);
    assert.match(output(), /LEDE_ADMIN_TOKEN must not contain spaces/);
  });

  it('says in one line that the port is in use, and exits 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      for (const workers of ['1', '2']) {
        const seeds = await copyOfSeeds();
        const indexPath = path.join(await temporaryFolder(), 'index.bin');
        const { output, exited } = spawnMain({
          PORT: String(port),
          LEDE_SEEDS_DIR: seeds,
          LEDE_INDEX_PATH: indexPath,
          WEB_CONCURRENCY: workers,
        });
        assert.equal(await exited, 1, `${workers} worker(s)`);
        assert.match(output(), new RegExp(`error: port ${port} on 127\\.0\\.0\\.1 is already in use`));
        assert.doesNotMatch(output(), /TypeError|at .*\.ts:\d+/);
      }
    } finally {
      blocker.close();
    }
  });

  it('serves the last valid index when the build before listening fails, and says why', async () => {
    const seeds = await copyOfSeeds();
    const indexPath = path.join(await temporaryFolder(), 'index.bin');
    await buildIndex({ seedsDir: seeds, outPath: indexPath });
    // The folder is emptied after the build, so the index is stale and a new build finds nothing.
    for (const name of await readdir(seeds)) await rm(path.join(seeds, name));
    await writeFile(path.join(seeds, 'empty.txt'), '');
    const server = await startMain({ LEDE_SEEDS_DIR: seeds, LEDE_INDEX_PATH: indexPath });
    assert.match(server.output(), /Could not rebuild the index \(the articles folder holds no article/);
    const health = await healthOf(server);
    assert.equal(health.documents, 5);
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
  });

  it('stops a build before listening that overruns its time limit, and serves the last valid index', async () => {
    const seeds = await copyOfSeeds();
    const indexPath = path.join(await temporaryFolder(), 'index.bin');
    await buildIndex({ seedsDir: seeds, outPath: indexPath });
    await writeFile(path.join(seeds, 'okapi.txt'), 'Okapi sighted\n\nAn okapi was seen.\n');
    // A build that never ends: it waits for a lock this test holds.
    const lock = await acquireBuildLock(indexPath, 1000);
    try {
      const server = await startMain({
        LEDE_SEEDS_DIR: seeds,
        LEDE_INDEX_PATH: indexPath,
        LEDE_BUILD_TIMEOUT_MS: '1500',
      });
      assert.match(
        server.output(),
        /Could not rebuild the index \(the build took longer than 2 s and was stopped/,
      );
      const health = await healthOf(server);
      assert.equal(health.documents, 5);
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0);
    } finally {
      await lock.release();
    }
  });

  it('stops the server when `npm start` gets SIGTERM, as process managers send it', async () => {
    const seeds = await copyOfSeeds();
    const indexPath = path.join(await temporaryFolder(), 'index.bin');
    const npm = spawn('npm', ['start'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        LEDE_SEEDS_DIR: seeds,
        LEDE_INDEX_PATH: indexPath,
      },
    });
    let output = '';
    npm.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<void>((resolve) => npm.on('exit', () => resolve()));
    await eventually(async () => /serving 5 articles at http:\/\/127\.0\.0\.1:\d+/.test(output), 30_000);
    const baseUrl = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1] ?? '';
    assert.equal((await fetch(`${baseUrl}/healthz`)).status, 200);
    npm.kill('SIGTERM');
    await exited;
    await eventually(
      async () =>
        (await fetch(`${baseUrl}/healthz`).then(
          () => 'up',
          () => 'down',
        )) === 'down',
      10_000,
    );
  });
});
