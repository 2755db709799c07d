/**
 * Measuring: timers, percentiles and memory. Memory figures mean little without a full garbage
 * collection before each reading, so this module obtains `gc` even when Node was started without
 * `--expose-gc` (as `tsx bench/bench.ts` is).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Latency statistics of a set of timings, in milliseconds. */
export interface LatencyStats {
  count: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

/** Memory in use, in bytes. */
export interface MemoryReading {
  /** Live JS objects. */
  heapUsed: number;
  /**
   * Memory outside the JS heap owned by JS objects: Buffers and typed arrays. An index kept in typed
   * arrays (as Lede's token streams are) lives here, so heapUsed alone would miss it.
   */
  external: number;
  rss: number;
}

const collect: (() => void) | null = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  try {
    // Turning the flag on at run time exposes `gc` to contexts created afterwards; a fresh context's
    // `gc` collects the whole isolate, so it works for us too. Saves re-spawning Node with the flag.
    setFlagsFromString('--expose-gc');
    const fromContext: unknown = runInNewContext('gc');
    return typeof fromContext === 'function' ? (fromContext as () => void) : null;
  } catch {
    return null;
  }
})();

/** Whether memory readings follow a full garbage collection (else they are rough). */
export const gcAvailable = collect !== null;

/** Collects garbage thoroughly (twice: the first pass can leave weakly held and finalized objects). */
export function fullGc(): void {
  collect?.();
  collect?.();
}

/**
 * Full collections, with pauses for V8's concurrent sweeper: before a timed build, so the garbage an
 * earlier engine left (a released index of millions of Map entries) is not collected on its time.
 */
export async function collectGarbage(): Promise<void> {
  for (let pass = 0; pass < 3; pass += 1) {
    fullGc();
    await sleep(20);
  }
}

/**
 * Memory now, after full collections ({@link collectGarbage}). The pauses matter: V8 frees the
 * backing stores of dead Buffers and typed arrays on a concurrent sweeper, so right after `gc()` their
 * bytes still count as `external`, and a reading taken then misses an index that lives in typed arrays.
 */
export async function readMemory(): Promise<MemoryReading> {
  await collectGarbage();
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, external: usage.external, rss: usage.rss };
}

/** Heap plus external memory grown from `before` to `after`: what an index retains. */
export function retainedBytes(before: MemoryReading, after: MemoryReading): number {
  return after.heapUsed + after.external - (before.heapUsed + before.external);
}

/** Runs `work` and returns its result and the elapsed milliseconds. */
export async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** The value at quantile `q` (0–1) of sorted numbers, nearest-rank; 0 for an empty list. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

/** `median (min–max)` of numbers, each written by `format`: how the benchmarks report a spread. */
export function medianAndRange(values: readonly number[], format: (value: number) => string): string {
  return `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

/** Median of numbers (any order); 0 for an empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** p50, p99, mean and max of timings in milliseconds. */
export function latencyStats(timings: readonly number[]): LatencyStats {
  const sorted = [...timings].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    mean: sorted.length === 0 ? 0 : sum / sorted.length,
    max: sorted.at(-1) ?? 0,
  };
}
