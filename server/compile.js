/**
 * `npm run build`: compiles `index/` and `server/` to JavaScript in `dist/` with tsc
 * (tsconfig.build.json), the code `npm start`, `npm run index` and `npm run search` run.
 *
 * `node server/compile.js --if-stale`, which those commands run first, compiles only when the compiled
 * code is missing or older than its source: when a `.ts` file of `index/` or `server/` has no `.js` in
 * `dist/` at least as new as itself and as the tsconfig files (a few milliseconds of `stat` calls).
 * Plain JavaScript, as it runs before anything is compiled. TypeScript, a dev dependency, is needed
 * only to compile: an install without dev dependencies runs the `dist/` built before, and stops with a
 * message rather than run code older than its sources. A deployment of `dist/` without the sources
 * has nothing to compare, and runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = 'dist';
const SOURCE_DIRS = ['index', 'server'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];

/**
 * The modification time of a file in milliseconds, or null if there is none.
 * @param {string} file
 * @returns {number | null}
 */
function modified(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * Why `dist/` must be compiled again, in a few words, or null when every source has a compiled file at
 * least as new as itself and the tsconfig files. Sources deleted since the last build are not noticed:
 * their compiled files stay in `dist/`, where nothing imports them.
 * @returns {string | null}
 */
function staleness() {
  if (!existsSync(path.join(PROJECT_ROOT, OUT_DIR))) return `${OUT_DIR}/ is missing`;
  const newestConfig = Math.max(0, ...CONFIGS.map((name) => modified(path.join(PROJECT_ROOT, name)) ?? 0));
  for (const folder of SOURCE_DIRS) {
    if (!existsSync(path.join(PROJECT_ROOT, folder))) continue;
    for (const entry of readdirSync(path.join(PROJECT_ROOT, folder), { recursive: true })) {
      const source = path.join(folder, String(entry));
      if (!source.endsWith('.ts') || source.endsWith('.d.ts')) continue;
      const compiled = modified(path.join(PROJECT_ROOT, OUT_DIR, source.replace(/\.ts$/, '.js')));
      if (compiled === null) return `${source} is not compiled`;
      if (compiled < (modified(path.join(PROJECT_ROOT, source)) ?? 0)) return `${source} changed`;
      if (compiled < newestConfig) return 'the tsconfig files changed';
    }
  }
  return null;
}

/**
 * tsc's script, or null when TypeScript is not installed (an install without dev dependencies).
 * @returns {string | null}
 */
function tscScript() {
  try {
    const manifest = createRequire(import.meta.url).resolve('typescript/package.json');
    return path.join(path.dirname(manifest), 'bin', 'tsc');
  } catch {
    return null;
  }
}

/**
 * Compiles; returns the exit code. tsc's messages go to stderr, keeping stdout for the command that
 * follows.
 * @returns {number}
 */
function compile() {
  const tsc = tscScript();
  if (tsc === null) {
    console.error(
      `Cannot compile ${OUT_DIR}/: TypeScript, a dev dependency, is not installed. Run npm install, or ` +
        `npm run build where it is, before starting Lede.`,
    );
    return 1;
  }
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 2, 2],
  });
  if (result.error !== undefined) console.error(result.error.message);
  return result.status ?? 1;
}

function main() {
  if (process.argv.includes('--if-stale')) {
    const why = staleness();
    if (why === null) return 0;
    console.error(`Compiling index/ and server/ to ${OUT_DIR}/ (${why}).`);
  }
  return compile();
}

process.exitCode = main();
