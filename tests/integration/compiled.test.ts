import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../index/paths.ts';
import { copyOfSeeds, startSpawnedServer, temporaryFolder } from '../helpers.ts';

const run = promisify(execFile);
const TOKEN = 'compiled-test-admin-token-0123';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a compiled process: nothing that would load tsx into it. */
function compiledEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _preloads, ...env } = process.env;
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Runs `node ...args` in `cwd` and returns its exit code and output. */
async function node(cwd: string, args: string[], env = compiledEnvironment()): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

/**
 * A copy of the project as a deployment has it after `npm run build`: the sources, `dist/` (copied
 * last, so newer than them), views and assets. Its `node_modules` holds links to the installed
 * packages: all of them, or with `devDependencies: false` only those the lock file does not mark as
 * dev-only, as `npm install --omit=dev` installs; then neither tsx (nor esbuild) nor TypeScript can
 * be found from the copy's code.
 */
async function projectCopy({ devDependencies }: { devDependencies: boolean }): Promise<string> {
  const root = path.join(await temporaryFolder(), 'lede');
  for (const entry of ['index', 'server', 'views', 'package.json', 'tsconfig.json']) {
    await cp(path.join(PROJECT_ROOT, entry), path.join(root, entry), {
      recursive: true,
      filter: (source) => !source.startsWith(path.join(PROJECT_ROOT, 'index', 'data')),
    });
  }
  await cp(path.join(PROJECT_ROOT, 'tsconfig.build.json'), path.join(root, 'tsconfig.build.json'));
  await cp(path.join(PROJECT_ROOT, 'dist'), path.join(root, 'dist'), { recursive: true });
  const installed = path.join(PROJECT_ROOT, 'node_modules');
  if (devDependencies) {
    await symlink(installed, path.join(root, 'node_modules'), 'dir');
    return root;
  }
  const lock = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  for (const [where, entry] of Object.entries(lock.packages)) {
    // Top-level packages only: a package's own node_modules comes with it.
    if (!/^node_modules\/(@[^/]+\/)?[^/@][^/]*$/.test(where) || entry.dev === true) continue;
    const target = path.join(PROJECT_ROOT, where);
    // Optional packages for other platforms are in the lock file but not installed.
    if (!(await stat(target).catch(() => null))) continue;
    await mkdir(path.dirname(path.join(root, where)), { recursive: true });
    await symlink(target, path.join(root, where), 'dir');
  }
  return root;
}

/** Starts `node dist/server/main.js` in `root` and waits for its address line. */
function startCompiledServer(root: string, env: Record<string, string>) {
  return startSpawnedServer(
    [path.join('dist', 'server', 'main.js')],
    root,
    compiledEnvironment({ PORT: '0', HOST: '127.0.0.1', LEDE_WATCH_INTERVAL_MS: '100', ...env }),
    20_000,
  );
}

describe('the compiled build (npm run build, npm start)', () => {
  let production: string;
  before(async () => {
    // `npm test` has just built dist/; a test run on its own compiles it here if a source is newer.
    const built = await node(PROJECT_ROOT, [path.join('server', 'compile.js'), '--if-stale']);
    assert.equal(built.code, 0, built.stderr);
    production = await projectCopy({ devDependencies: false });
  });

  it('is a copy without dev dependencies: tsx cannot be found from its code', () => {
    const fromDist = createRequire(path.join(production, 'dist', 'server', 'main.js'));
    assert.throws(() => fromDist.resolve('tsx'), /Cannot find module/);
    assert.ok(fromDist.resolve('express'));
  });

  it('builds the index before listening and serves pages, assets and the API from dist/', async () => {
    const seeds = await copyOfSeeds();
    const indexPath = path.join(await temporaryFolder(), 'index.bin');
    const server = await startCompiledServer(production, {
      LEDE_SEEDS_DIR: seeds,
      LEDE_INDEX_PATH: indexPath,
      LEDE_ADMIN_TOKEN: TOKEN,
      WEB_CONCURRENCY: '1',
      // Searches on their thread, whatever the machine's cores: the worker's compiled code is found too.
      LEDE_SEARCH_THREAD: 'true',
    });
    try {
      assert.match(server.output(), /Indexed 5 articles/, 'the build child ran');
      const health = (await (await fetch(`${server.baseUrl}/healthz`)).json()) as {
        documents: number;
        searchThread: boolean;
      };
      assert.equal(health.documents, 5);
      assert.equal(health.searchThread, true);
      const page = await fetch(`${server.baseUrl}/search?q=tariffs`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<mark>tariffs<\/mark>/i, 'the views were found');
      assert.equal((await fetch(`${server.baseUrl}/assets/styles.css`)).status, 200, 'the assets were found');

      await writeFile(path.join(seeds, 'okapi.txt'), 'Okapi sighted\n\nAn okapi was seen in the park.\n');
      const rebuilt = await fetch(`${server.baseUrl}/api/admin/reindex`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      assert.equal(rebuilt.status, 200, await rebuilt.clone().text());
      assert.equal(((await rebuilt.json()) as { documents: number }).documents, 6);
      // The thread searches the rebuilt index.
      const found = (await (await fetch(`${server.baseUrl}/api/search?q=okapi`)).json()) as { total: number };
      assert.equal(found.total, 1);
      assert.doesNotMatch(server.output(), /Search thread failed/);
    } finally {
      server.child.kill('SIGTERM');
    }
    assert.equal(await server.exited, 0);
  });

  it('builds 5,000 files on worker threads from dist/', {
    skip: availableParallelism() < 2 && 'one core: a build uses no workers',
  }, async () => {
    const seeds = path.join(await temporaryFolder(), 'generated');
    await mkdir(seeds);
    for (let i = 0; i < 5000; i += 1) {
      await writeFile(
        path.join(seeds, `story-${i}.txt`),
        `Council report ${i}\n\nThe council met on day ${i} to discuss budget line ${i * 7}.\n`,
      );
    }
    const indexPath = path.join(await temporaryFolder(), 'index.bin');
    const built = await node(production, [
      path.join('dist', 'index', 'cli', 'buildIndex.js'),
      '--seeds',
      seeds,
      '--out',
      indexPath,
      '--json',
    ]);
    assert.equal(built.code, 0, built.stderr);
    const report = JSON.parse(built.stdout.trim().split('\n').at(-1) ?? '') as {
      documentCount: number;
      workers: number;
    };
    assert.equal(report.documentCount, 5000);
    assert.ok(report.workers > 0, `the build ran on ${report.workers} workers`);
  });

  it('compiles before running only when a source is newer than its compiled file, saying which', async () => {
    const root = await projectCopy({ devDependencies: true });
    const build = () => node(root, [path.join('server', 'compile.js'), '--if-stale']);
    const fresh = await build();
    assert.deepEqual([fresh.code, fresh.stderr], [0, ''], 'dist/ is newer than every source');

    const compiledFile = path.join(root, 'dist', 'server', 'app.js');
    const earlier = new Date(Date.now() - 3_600_000);
    await utimes(compiledFile, earlier, earlier);
    const stale = await build();
    assert.equal(stale.code, 0, stale.stderr);
    assert.match(stale.stderr, /Compiling index\/ and server\/ to dist\/ \(server\/app\.ts changed\)/);
    assert.equal(stale.stdout, '', 'stdout stays for the command that follows');
    assert.ok((await stat(compiledFile)).mtime > earlier, 'app.js was compiled again');
    const again = await build();
    assert.deepEqual([again.code, again.stderr], [0, ''], 'dist/ is fresh again');
  });

  it('refuses to run code older than its sources when TypeScript is not installed', async () => {
    const root = await projectCopy({ devDependencies: false });
    const earlier = new Date(Date.now() - 3_600_000);
    await utimes(path.join(root, 'dist', 'index', 'paths.js'), earlier, earlier);
    const outcome = await node(root, [path.join('server', 'compile.js'), '--if-stale']);
    assert.equal(outcome.code, 1);
    assert.match(outcome.stderr, /index\/paths\.ts changed/);
    assert.match(outcome.stderr, /TypeScript, a dev dependency, is not installed/);
  });
});
