import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../index/paths.ts';
import { healthResponseSchema } from '../server/apiSchemas.ts';
import { copyOfSeeds, temporaryFolder } from './helpers.ts';

const TOKEN = 'main-test-admin-token-0123';

interface Started {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `server/main.ts` as `npm start` does, collecting what it prints. */
function spawnMain(env: Record<string, string>): Omit<Started, 'baseUrl'> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'server', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LEDE_WATCH_INTERVAL_MS: '100', ...env },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Starts `server/main.ts` on a free port and waits for its address line. */
async function startMain(env: Record<string, string>): Promise<Started> {
  const { child, output, exited } = spawnMain(env);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const match = /serving (?:\d+ articles|with \d+ workers) at (http:\/\/127\.0\.0\.1:\d+)\//.exec(output());
    if (match?.[1] !== undefined) return { child, baseUrl: match[1], output, exited };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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
    const health = healthResponseSchema.parse(await (await fetch(`${server.baseUrl}/healthz`)).json());
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
    const health = healthResponseSchema.parse(await (await fetch(`${server.baseUrl}/healthz`)).json());
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
});
