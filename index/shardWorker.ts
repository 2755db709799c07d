/**
 * Worker-thread entry of a sharded build (see buildShards.ts and shardTask.ts): its first message is the
 * {@link ShardTask} to run, its second the case evidence of all shards.
 */
import { once } from 'node:events';
import { parentPort } from 'node:worker_threads';
import type { CaseCounts } from './phrases.ts';
import { runShardTask, type ShardTask } from './shardTask.ts';

const port = parentPort;
if (port === null) throw new Error('shardWorker.ts runs on a worker thread');
const [task] = (await once(port, 'message')) as [ShardTask];
// Listening before the task runs, so the evidence cannot come before anyone listens.
const caseCounts = once(port, 'message').then(([counts]) => counts as CaseCounts[]);
await runShardTask(task, {
  post: (message, transfer) => port.postMessage(message, transfer),
  receiveCaseCounts: () => caseCounts,
});
