/**
 * Worker-thread entry of a sharded build (see buildShards.ts and shardTask.ts): it receives the
 * {@link ShardInput} messages and runs shard tasks on them, one after another for as long as the
 * worker lives, so a later build can reuse it (see workerPool.ts).
 */
import { parentPort } from 'node:worker_threads';
import type { CaseCounts } from '../analysis/names.ts';
import { runShardTask, type ShardInput, type ShardRange } from './shardTask.ts';

const port = parentPort;
if (port === null) throw new Error('shardWorker.ts runs on a worker thread');

// Inputs queue up here in the order sent, while earlier ones are worked on; a task takes its range,
// then its evidence, and the next task starts with what follows.
const inbox: ShardInput[] = [];
let wake: (() => void) | null = null;
port.on('message', (input: ShardInput) => {
  inbox.push(input);
  wake?.();
  wake = null;
});

async function nextInput(): Promise<ShardInput> {
  for (;;) {
    const input = inbox.shift();
    if (input !== undefined) return input;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}

async function receiveRange(): Promise<ShardRange> {
  const input = await nextInput();
  if (input.kind !== 'range') throw new Error(`a shard worker expected its range, got ${input.kind}`);
  return input;
}

async function receiveCaseCounts(): Promise<CaseCounts[]> {
  const input = await nextInput();
  if (input.kind !== 'evidence') throw new Error(`a shard worker expected evidence, got ${input.kind}`);
  return input.counts;
}

for (;;) {
  await runShardTask({
    post: (message, transfer) => port.postMessage(message, transfer),
    receiveRange,
    receiveCaseCounts,
  });
}
