/**
 * Worker threads that run one of our TypeScript modules, as the main thread runs them: compiled code
 * starts the module's compiled sibling in `dist/` (`shardWorker.ts` is `shardWorker.js` beside the
 * running `buildShards.js`), and TypeScript run through tsx starts the source through tsx's API, so
 * tests and development need no compiled copy and production no tsx (see paths.ts).
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { RUNS_COMPILED } from '../paths.ts';

/**
 * Starts a worker running the module at `entry`, with `workerData` if given. `entry` is the file URL of
 * the `.ts` module, written relative to the caller (`new URL('./shardWorker.ts', import.meta.url)`), so
 * when compiled it names a `.ts` file beside the compiled caller, whose `.js` is run. `resourceLimits`
 * sizes the worker's heap (Node's defaults when not given).
 */
export function startTsWorker(entry: URL, workerData?: unknown, resourceLimits?: ResourceLimits): Worker {
  if (RUNS_COMPILED) return new Worker(runnableModule(entry), { workerData, resourceLimits });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const href = JSON.stringify(entry.href);
  return new Worker(`import(${tsx}).then(({ tsImport }) => tsImport(${href}, ${href}))`, {
    eval: true,
    workerData,
    resourceLimits,
  });
}

/**
 * The module to import for `entry`, named as {@link startTsWorker} names its entry: the `.ts` file,
 * whose compiled `.js` sibling runs when the code is compiled (tsx imports the `.ts` itself).
 */
export function runnableModule(entry: URL): URL {
  return RUNS_COMPILED ? new URL(entry.href.replace(/\.ts$/, '.js')) : entry;
}
