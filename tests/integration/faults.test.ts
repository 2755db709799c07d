import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readArtifact, writeArtifact } from '../../index/artifact/artifact.ts';
import { buildIndex } from '../../index/build/build.ts';
import { BuildError } from '../../index/errors.ts';
import { PROJECT_ROOT } from '../../index/paths.ts';
import { errorResponseSchema, reindexResponseSchema, searchResponseSchema } from '../../server/apiSchemas.ts';
import { copyOfSeeds, eventually, healthOf, startServer, temporaryFolder } from '../helpers.ts';

const TOKEN = 'faults-test-admin-token-0123';
const BUILD_CLI = path.join(PROJECT_ROOT, 'index', 'cli', 'buildIndex.ts');
const TSX = import.meta.resolve('tsx');
const PAUSE = import.meta.resolve('../buildPause.ts');

/** Where a build stops to be killed (see `buildPause.ts`). */
type PausePoint = 'read' | 'rename';

/** A seeds copy with an index built from it, and twenty more articles the next build would add. */
async function indexedSeedsWithNewArticles(): Promise<{
  seedsDir: string;
  indexPath: string;
  bytes: Buffer;
}> {
  const seedsDir = await copyOfSeeds();
  const indexPath = path.join(await temporaryFolder(), 'index.bin');
  await buildIndex({ seedsDir, outPath: indexPath });
  for (let i = 0; i < 20; i += 1) {
    await writeFile(
      path.join(seedsDir, `generated-${i}.txt`),
      `Generated story ${i}\n\nThe capybara number ${i} crossed the river at dawn.\n`,
    );
  }
  return { seedsDir, indexPath, bytes: await readFile(indexPath) };
}

/** Environment that makes a build process pause at `point` and say so in `pausedFile`. */
function pauseEnvironment(point: PausePoint, pausedFile: string): Record<string, string> {
  return { LEDE_TEST_PAUSE_AT: point, LEDE_TEST_PAUSED_FILE: pausedFile };
}

/**
 * Puts the pause settings in this process's environment, which a server passes on to the build
 * processes it starts (with the preload added to `NODE_OPTIONS`); returns how to restore it.
 */
function pauseBuildsStartedHere(settings: Record<string, string>): () => void {
  const saved = { ...process.env };
  Object.assign(process.env, settings, {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${TSX} --import ${PAUSE}`.trim(),
  });
  return () => {
    for (const name of [...Object.keys(settings), 'NODE_OPTIONS']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  };
}

/** The pid a paused build wrote, once it has paused. */
async function pausedPid(pausedFile: string, stillRunning: () => boolean): Promise<number> {
  let pid = Number.NaN;
  await eventually(async () => {
    if (!stillRunning()) throw new Error('the build ended before it paused');
    pid = Number(await readFile(pausedFile, 'utf8').catch(() => 'NaN'));
    return Number.isInteger(pid);
  }, 60_000);
  return pid;
}

/** Runs `npm run index` as a server's rebuild does, and waits until it has paused at `point`. */
async function pausedBuild(point: PausePoint, seedsDir: string, indexPath: string): Promise<ChildProcess> {
  const pausedFile = path.join(await temporaryFolder(), 'paused');
  const child = spawn(
    process.execPath,
    ['--import', TSX, '--import', PAUSE, BUILD_CLI, '--seeds', seedsDir, '--out', indexPath, '--json'],
    { cwd: PROJECT_ROOT, env: { ...process.env, ...pauseEnvironment(point, pausedFile) }, stdio: 'ignore' },
  );
  await pausedPid(pausedFile, () => child.exitCode === null).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return child;
}

function killed(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    child.once('exit', (_code, signal) => resolve(signal));
    child.kill('SIGKILL');
  });
}

async function temporaryFiles(indexPath: string): Promise<string[]> {
  return (await readdir(path.dirname(indexPath))).filter((name) => name.endsWith('.tmp'));
}

async function search(baseUrl: string, query: string) {
  const response = await fetch(`${baseUrl}/api/search?q=${encodeURIComponent(query)}`);
  assert.equal(response.status, 200, `search ${query}`);
  return searchResponseSchema.parse(await response.json());
}

describe('a build killed midway', () => {
  it('leaves the previous index in place when killed just before its new index replaces it', async () => {
    const { seedsDir, indexPath, bytes } = await indexedSeedsWithNewArticles();
    const build = await pausedBuild('rename', seedsDir, indexPath);
    assert.equal(await killed(build), 'SIGKILL');
    const [leftover] = await temporaryFiles(indexPath);
    assert.ok(leftover !== undefined, 'the new index was written to a temporary file');
    const unfinished = await readArtifact(path.join(path.dirname(indexPath), leftover));
    assert.equal(
      unfinished.manifest.documentCount,
      25,
      'killed at the last moment: the new index was complete',
    );

    assert.deepEqual(await readFile(indexPath), bytes, 'the artifact is byte for byte the previous one');
    assert.equal((await readArtifact(indexPath)).manifest.documentCount, 5);
    const server = await startServer({ seedsDir, indexPath });
    assert.equal((await healthOf(server)).documents, 5);
    assert.ok((await search(server.baseUrl, '"March 1 deadline"')).total > 0);
    assert.deepEqual(await temporaryFiles(indexPath), [leftover], 'a killed build cannot clean up');

    const report = await buildIndex({ seedsDir, outPath: indexPath });
    assert.equal(report.documentCount, 25);
    assert.deepEqual(await temporaryFiles(indexPath), [], 'the next build removed the leftover');
    await eventually(async () => (await search(server.baseUrl, 'capybara')).total === 20);
  });

  it('leaves the previous index and no temporary file when killed while reading the articles', async () => {
    const { seedsDir, indexPath, bytes } = await indexedSeedsWithNewArticles();
    const build = await pausedBuild('read', seedsDir, indexPath);
    assert.equal(await killed(build), 'SIGKILL');
    assert.deepEqual(await readFile(indexPath), bytes);
    assert.deepEqual(await temporaryFiles(indexPath), []);
    assert.equal((await buildIndex({ seedsDir, outPath: indexPath })).documentCount, 25);
  });

  it('cleans up only the temporary files of its own artifact whose process is gone', async () => {
    const folder = await temporaryFolder();
    const indexPath = path.join(folder, 'index.bin');
    const { snapshot } = await buildIndex({ seedsDir: await copyOfSeeds(), outPath: indexPath });
    const gone = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '']);
      child.once('exit', () => resolve(child.pid ?? 0));
    });
    const names = {
      abandoned: `index.bin.${gone}.1700000000000.tmp`,
      // This process is alive: it could be writing that file right now.
      inProgress: `index.bin.${process.pid}.1700000000000.tmp`,
      otherArtifact: `other.bin.${gone}.1700000000000.tmp`,
      notOurs: 'index.bin.notes.tmp',
    };
    for (const name of Object.values(names)) await writeFile(path.join(folder, name), 'partial');
    await writeArtifact(indexPath, snapshot);
    assert.deepEqual(
      (await temporaryFiles(indexPath)).sort(),
      [names.inProgress, names.notOurs, names.otherArtifact].sort(),
    );
  });
});

describe('a running server whose rebuild process is killed', () => {
  it('keeps serving, answers the reindex with 409, and rebuilds on the next request', async () => {
    const server = await startServer({ adminToken: TOKEN });
    const before = await healthOf(server);
    const deadline = (await search(server.baseUrl, '"March 1 deadline"')).total;
    assert.ok(deadline > 0);
    await writeFile(path.join(server.seedsDir, 'okapi.txt'), 'Okapi sighted\n\nAn okapi was seen.\n');
    const pausedFile = path.join(await temporaryFolder(), 'paused');
    const restoreEnvironment = pauseBuildsStartedHere(pauseEnvironment('rename', pausedFile));
    const reindex = fetch(`${server.baseUrl}/api/admin/reindex`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    let answered = false;
    void reindex.finally(() => {
      answered = true;
    });
    // Restored once the server's build has started with it, so no other process gets it.
    const pid = await pausedPid(pausedFile, () => !answered).finally(restoreEnvironment);
    try {
      assert.equal((await healthOf(server)).rebuilding, true);
      assert.equal(
        (await search(server.baseUrl, '"March 1 deadline"')).total,
        deadline,
        'serving while stuck',
      );
    } finally {
      process.kill(pid, 'SIGKILL');
    }

    const response = await reindex;
    assert.equal(response.status, 409);
    const body = errorResponseSchema.parse(await response.json());
    assert.equal(body.error.code, 'rebuild_failed');
    assert.match(body.error.message, /^The index was not rebuilt: the build process was killed \(SIGKILL\)/);
    assert.doesNotMatch(body.error.message, /\/work\/|\/tmp\/|node_modules|--import/);
    const after = await healthOf(server);
    assert.deepEqual([after.documents, after.builtAt, after.rebuilding], [5, before.builtAt, false]);
    assert.equal((await search(server.baseUrl, 'okapi')).total, 0);
    assert.equal((await temporaryFiles(server.indexPath)).length, 1, 'the killed build left its file');

    const retry = await fetch(`${server.baseUrl}/api/admin/reindex`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(retry.status, 200);
    assert.equal(reindexResponseSchema.parse(await retry.json()).documents, 6);
    assert.equal((await search(server.baseUrl, 'okapi')).total, 1);
    assert.deepEqual(await temporaryFiles(server.indexPath), []);
  });
});

describe('reindex requests that arrive while a build runs', () => {
  it('get a build that starts after them, which includes a file added meanwhile', async () => {
    const server = await startServer({ adminToken: TOKEN });
    const pausedFile = path.join(await temporaryFolder(), 'paused');
    // A changed folder, so the first build has an index to write (and pauses before it replaces the old).
    await writeFile(path.join(server.seedsDir, 'tapir.txt'), 'Tapir sighted\n\nA tapir was seen.\n');
    const restoreEnvironment = pauseBuildsStartedHere(pauseEnvironment('rename', pausedFile));
    const post = () =>
      fetch(`${server.baseUrl}/api/admin/reindex`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
    const first = post();
    let answered = false;
    void first.finally(() => {
      answered = true;
    });
    const pid = await pausedPid(pausedFile, () => !answered).finally(restoreEnvironment);
    // The running build read the folder before this file existed; the second request must see it.
    await writeFile(path.join(server.seedsDir, 'okapi.txt'), 'Okapi sighted\n\nAn okapi was seen.\n');
    const second = post();
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.kill(pid, 'SIGKILL');
    assert.equal((await first).status, 409, 'the first request gets its own, killed, build');
    const response = await second;
    assert.equal(response.status, 200);
    assert.equal(reindexResponseSchema.parse(await response.json()).documents, 7);
    assert.equal((await search(server.baseUrl, 'okapi')).total, 1);
  });
});

describe('builds of one artifact in several processes', () => {
  it('run one at a time: a build waits for the lock, and takes over one whose process died', async () => {
    const { seedsDir, indexPath } = await indexedSeedsWithNewArticles();
    const build = await pausedBuild('rename', seedsDir, indexPath);
    try {
      await assert.rejects(buildIndex({ seedsDir, outPath: indexPath, lockTimeoutMs: 300 }), (error) => {
        return error instanceof BuildError && error.code === 'build_locked';
      });
    } finally {
      assert.equal(await killed(build), 'SIGKILL');
    }
    const report = await buildIndex({ seedsDir, outPath: indexPath, lockTimeoutMs: 5000 });
    assert.equal(report.documentCount, 25, 'the lock of the killed build was taken over');
  });
});
