/**
 * Worker threads kept between builds. A worker costs about 0.3 s of CPU to start when it loads our
 * TypeScript through tsx (less when it runs the compiled code; see tsWorker.ts), and a fresh one runs
 * its first thousand articles in code the JIT has not yet optimized; a program building more than once
 * in one process (the benchmark, tests, a program embedding the build) gets both back by handing the
 * next build the workers of the last. An idle worker does not keep the process alive, and idle workers
 * stop after {@link IDLE_MS}, so their memory goes too. A build of a large collection stops its workers
 * instead of giving them back (buildShards.ts): their heaps have grown to its size.
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from './tsWorker.ts';

/** How long a worker may wait for the next build before it is stopped. */
export const IDLE_MS = 30_000;

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private idleTimer: NodeJS.Timeout | null = null;

  /** `entry` is the worker's module; each worker must be able to run task after task. */
  constructor(
    private readonly entry: URL,
    private readonly idleMs = IDLE_MS,
  ) {}

  /** `count` workers, idle ones first, started as needed; each is the caller's until given back. */
  take(count: number): Worker[] {
    const taken = this.idle.splice(0, count);
    for (const worker of taken) {
      // Its idle listeners go: the caller listens for what it needs.
      dropListeners(worker);
      worker.ref();
    }
    while (taken.length < count) taken.push(startTsWorker(this.entry));
    if (this.idle.length === 0) this.stopIdleTimer();
    return taken;
  }

  /**
   * Takes back a worker that finished its task and is ready for another. Its listeners are removed;
   * it is stopped after the idle time unless taken again, or at once should it fail meanwhile.
   */
  giveBack(worker: Worker): void {
    dropListeners(worker);
    worker.unref();
    const forget = () => {
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      void worker.terminate();
    };
    worker.once('error', forget);
    worker.once('exit', forget);
    this.idle.push(worker);
    this.stopIdleTimer();
    this.idleTimer = setTimeout(() => this.stopIdle(), this.idleMs);
    this.idleTimer.unref();
  }

  /** Workers waiting for a task. */
  get idleCount(): number {
    return this.idle.length;
  }

  /** Stops every idle worker now. */
  stopIdle(): void {
    this.stopIdleTimer();
    for (const worker of this.idle.splice(0)) void worker.terminate();
  }

  private stopIdleTimer(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/**
 * Removes the listeners a task or the pool added. Not `removeAllListeners()`: the worker's own
 * `newListener` hooks, which start its message port when someone listens, must stay.
 */
function dropListeners(worker: Worker): void {
  for (const event of ['message', 'messageerror', 'error', 'exit', 'online'])
    worker.removeAllListeners(event);
}
