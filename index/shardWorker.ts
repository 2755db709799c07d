/**
 * Worker-thread entry of a sharded build (see buildShards.ts and shardTask.ts): it receives the
 * {@link ShardInput} messages and runs the shard task on them.
 */
import { parentPort } from 'node:worker_threads';
import type { ArticleFile } from './articleFiles.ts';
import type { CaseCounts } from './phrases.ts';
import { runShardTask, type ShardInput } from './shardTask.ts';

const port = parentPort;
if (port === null) throw new Error('shardWorker.ts runs on a worker thread');

// Batches of files queue up here while earlier ones are analyzed; `wake` resumes a wait for more.
const batches: ArticleFile[][] = [];
let ended = false;
let wake: (() => void) | null = null;
let resolveCounts: (counts: CaseCounts[]) => void = () => {};
const caseCounts = new Promise<CaseCounts[]>((resolve) => {
  resolveCounts = resolve;
});
port.on('message', (input: ShardInput) => {
  if (input.kind === 'files') batches.push(input.files);
  else if (input.kind === 'end') ended = true;
  else resolveCounts(input.counts);
  wake?.();
  wake = null;
});

async function* receiveFiles(): AsyncIterable<ArticleFile[]> {
  for (;;) {
    const batch = batches.shift();
    if (batch !== undefined) yield batch;
    else if (ended) return;
    else
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
  }
}

await runShardTask({
  post: (message, transfer) => port.postMessage(message, transfer),
  receiveFiles,
  receiveCaseCounts: () => caseCounts,
});
