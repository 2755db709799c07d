/**
 * Where Lede keeps things by default, relative to the project folder (not the working directory), so
 * `npm run index`, `npm start` and the tests agree wherever they are started from; and where its own
 * code is, since the same modules run either as TypeScript through tsx (tests, development,
 * benchmarks) or compiled to JavaScript in `dist/` (`npm start`, `npm run index`; see `npm run build`).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const THIS_FILE = fileURLToPath(import.meta.url);

/**
 * Whether the running code is the JavaScript compiled into `dist/` rather than the TypeScript sources:
 * told by this module's own extension, since the two never mix in one process. Processes and workers
 * the code starts run the same kind of code as their parent (see {@link ownModule}).
 */
export const RUNS_COMPILED = path.extname(THIS_FILE) === '.js';

/** The project folder: the parent of `index/` (of `dist/index/` when compiled). */
export const PROJECT_ROOT = path.resolve(path.dirname(THIS_FILE), RUNS_COMPILED ? '../..' : '..');

/** The articles indexed when no `--seeds` is given. */
export const DEFAULT_SEEDS_DIR = path.join(PROJECT_ROOT, 'seeds');

/** The index artifact written and read when no `--out`/`--index` is given (git-ignored). */
export const DEFAULT_INDEX_PATH = path.join(PROJECT_ROOT, 'index', 'data', 'lede-index.bin');

/**
 * The file to run for one of Lede's modules, named by its source path from the project folder
 * (`index/cli/buildIndex.ts`): its compiled `dist/index/cli/buildIndex.js` when this code runs compiled,
 * else the source itself, which needs tsx.
 */
export function ownModule(sourcePath: string): string {
  return RUNS_COMPILED
    ? path.join(PROJECT_ROOT, 'dist', sourcePath.replace(/\.ts$/, '.js'))
    : path.join(PROJECT_ROOT, sourcePath);
}
