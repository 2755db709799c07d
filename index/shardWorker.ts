/** Worker-thread entry of a sharded build: runs the {@link ShardTask} it is given (see buildShards.ts). */
import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { runShardTask, type ShardTask } from './buildShards.ts';
import type { CaseCounts } from './phrases.ts';

const port = parentPort;
if (port === null) throw new Error('shardWorker.ts runs on a worker thread');
// Listening from the start, so the evidence is not missed if it comes before it is awaited.
const caseCounts = once(port, 'message').then(([counts]) => counts as CaseCounts[]);
await runShardTask(workerData as ShardTask, {
  post: (message, transfer) => port.postMessage(message, transfer),
  receiveCaseCounts: () => caseCounts,
});
