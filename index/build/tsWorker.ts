/**
 * Worker threads that run one of our TypeScript modules. The worker loads TypeScript through tsx's API
 * (a runtime dependency), as the main thread does, so no compiled copy of the sources is needed.
 */
import { Worker } from 'node:worker_threads';

/** Starts a worker running the module at `entry` (a file URL of a `.ts` module), with `workerData` if given. */
export function startTsWorker(entry: URL, workerData?: unknown): Worker {
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const href = JSON.stringify(entry.href);
  return new Worker(`import(${tsx}).then(({ tsImport }) => tsImport(${href}, ${href}))`, {
    eval: true,
    workerData,
  });
}
