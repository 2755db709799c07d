/**
 * Where Lede keeps things by default, relative to the project folder (not the working directory), so
 * `npm run index`, `npm start` and the tests agree wherever they are started from.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder: the parent of `index/`. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The articles indexed when no `--seeds` is given. */
export const DEFAULT_SEEDS_DIR = path.join(PROJECT_ROOT, 'seeds');

/** The index artifact written and read when no `--out`/`--index` is given (git-ignored). */
export const DEFAULT_INDEX_PATH = path.join(PROJECT_ROOT, 'index', 'data', 'lede-index.bin');
