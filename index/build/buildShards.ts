/**
 * A full build on worker threads, one per core: the article files are split into consecutive ranges of
 * document order (by id, as the index orders documents), and each worker reads, cleans, analyzes and
 * indexes its range as a {@link ShardIndex} (see shardTask.ts); the main thread merges the shards.
 * Reading, cleaning, analysis and MiniSearch, all of a build but the merge, then run side by side,
 * and no worker waits for another thread to read its files. (The main thread used to read every file
 * and hand them out in batches: on BBC+Reuters it spent 3.6 s of CPU reading while the workers waited
 * for files 8–18% of their time, and every file's text was copied from one thread to another.)
 */

import { statSync } from 'node:fs';
import path from 'node:path';
import {
  type CaseCounts,
  CaseEvidence,
  type NameEntry,
  type NameTallies,
  rankNames,
} from '../analysis/names.ts';
import {
  type FileWarning,
  type Listing,
  listedId,
  listingOf,
  warningsInPathOrder,
} from '../sources/articleFiles.ts';
import type { NonArticle } from './analyzeFile.ts';
import type { ShardIndex } from './shards.ts';
import type { ShardInput, ShardMessage, WorkerAnalysisLimits } from './shardTask.ts';
import { WorkerPool } from './workerPool.ts';

/** The workers of sharded builds, kept for the next build (see workerPool.ts). */
export const shardWorkers = new WorkerPool(new URL('./shardWorker.ts', import.meta.url));

/**
 * Splits a listing into at most `count` ranges in id order (ties in path order) of about equal total
 * `size` (file sizes, so a range of long articles is not twice the work of another), never putting
 * two files with the same id in different ranges: which of them is indexed is decided within one
 * range, as a single-threaded build decides it.
 */
export function splitListing(
  listing: Listing,
  count: number,
  size: (relativePath: string) => number,
): Listing[] {
  const entries = listing.articles.map((relativePath) => ({
    relativePath,
    id: listedId(listing, relativePath),
    size: size(relativePath),
  }));
  entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const total = entries.reduce((sum, entry) => sum + entry.size, 0);
  const ranges: Listing[] = [];
  let start = 0;
  let covered = 0;
  for (let r = 1; r <= count && start < entries.length; r += 1) {
    let end = start;
    if (r === count) end = entries.length;
    else {
      // At least one file per range, and the range's share of the total size.
      do covered += entries[end++]?.size ?? 0;
      while (end < entries.length && covered < (total * r) / count);
    }
    while (end < entries.length && entries[end]?.id === entries[end - 1]?.id)
      covered += entries[end++]?.size ?? 0;
    ranges.push({ ...listing, articles: entries.slice(start, end).map((entry) => entry.relativePath) });
    start = end;
  }
  return ranges;
}

/**
 * What indexing a file costs, in bytes' worth: each file costs about as much as 150 bytes of text
 * (opening, cleaning and adding a document to MiniSearch) on top of its size. Measured on BBC+Reuters
 * (BBC's long articles in one half, Reuters' short stories in the other), once Reuters' wrapped lines
 * were joined into paragraphs: at 400 the BBC half finished last in 4 runs of 4, by 0.2–1.0 s; at 200
 * in 2 of 3; at 100 the Reuters half in 2 of 3, by about 0.4 s, run-to-run noise.
 */
const FILE_COST_IN_BYTES = 150;

/**
 * {@link FILE_COST_IN_BYTES} plus the file's size (an archive record's own size); just the former when
 * it cannot be read.
 */
function indexingWork(seedsDir: string, listing: Listing, relativePath: string): number {
  const record = listing.records?.get(relativePath);
  if (record !== undefined) return FILE_COST_IN_BYTES + record.end - record.start;
  try {
    return FILE_COST_IN_BYTES + statSync(path.join(seedsDir, relativePath)).size;
  } catch {
    return FILE_COST_IN_BYTES;
  }
}

/**
 * Builds of more files than this stop their workers when done even when asked to keep them for the
 * next build (see {@link indexShardsOnWorkers}): BBC+Reuters (21,268 files) still keeps them.
 */
const KEEP_WORKERS_MAX_FILES = 25_000;

/** How many workers index a build's files, and whether they are kept for the next build. */
export interface ShardWorkersPlan {
  count: number;
  /** Give the workers back to {@link shardWorkers} when done, rather than stopping them. */
  keep: boolean;
}

/** A sharded build's results: the shards in document order, the warnings, the names to come. */
export interface ShardedBuild {
  shards: ShardIndex[];
  /** Warnings about files, in path order. */
  warnings: string[];
  /** Web pages left out as no articles, in path order. */
  nonArticles: NonArticle[];
  /** The collection's names, still being tallied when the shards arrive. */
  names: Promise<NameEntry[]>;
}

/**
 * Indexes the listed files as `plan.count` shards on worker threads. Resolves when the shards are
 * in; the names follow. Rejects if any worker cannot start or fails before its shard is in; the caller
 * then builds on its own thread. Once their phrase tallies are in, the workers are stopped, or go back
 * to {@link shardWorkers} for the next build when `plan.keep` (and the build was not large); should
 * anything fail, they are stopped.
 */
export async function indexShardsOnWorkers(
  seedsDir: string,
  listing: Listing,
  plan: ShardWorkersPlan,
  limits: WorkerAnalysisLimits,
  onProgress: (files: number) => void,
): Promise<ShardedBuild> {
  // New workers take a while to start (loading their modules): the files are measured meanwhile.
  const workers = shardWorkers.take(Math.max(1, Math.min(plan.count, listing.articles.length)));
  const warnings: FileWarning[] = [];
  try {
    const ranges = splitListing(listing, workers.length, (relativePath) =>
      indexingWork(seedsDir, listing, relativePath),
    );
    // Every worker gets a range, empty if files sharing ids left fewer ranges than workers.
    workers.forEach((worker, w) => {
      const articles = ranges[w]?.articles ?? [];
      worker.postMessage({
        kind: 'range',
        seedsDir,
        listing: listingOf(listing, articles),
        limits,
      } satisfies ShardInput);
    });
  } catch (error) {
    for (const worker of workers) void worker.terminate();
    throw error;
  }
  const counts: CaseCounts[] = [];
  const nonArticles: NonArticle[] = [];
  let evidence: CaseEvidence | null = null;
  const results = workers.map((worker) => {
    const shard = deferred<ShardIndex>();
    const tallies = deferred<NameTallies>();
    const fail = (error: unknown) => {
      shard.reject(error);
      tallies.reject(error);
    };
    worker.on('message', (message: ShardMessage) => {
      if (message.kind === 'progress') {
        warnings.push(...message.warnings);
        nonArticles.push(...message.nonArticles);
        onProgress(message.files);
      } else if (message.kind === 'shard') shard.resolve(message.shard);
      else if (message.kind === 'names') tallies.resolve(message.tallies);
      else {
        counts.push(message.counts);
        if (counts.length === workers.length) {
          for (const each of workers) each.postMessage({ kind: 'evidence', counts } satisfies ShardInput);
          evidence = CaseEvidence.fromCounts(counts);
        }
      }
    });
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`a build worker exited with code ${code}`)));
    return { shard: shard.promise, tallies: tallies.promise };
  });
  const stop = () => {
    for (const worker of workers) void worker.terminate();
  };
  // Every worker has finished its task once its tallies are in. It waits for the next build's only when
  // asked and its share was small: its heap has grown to the size of that share, and an idle worker
  // runs no collection to give the memory back (at 100,000 articles, over a gigabyte stayed resident
  // while this thread assembled and wrote the index). Starting a worker again costs a fraction of a second.
  const keep = plan.keep && listing.articles.length <= KEEP_WORKERS_MAX_FILES;
  const tallied = Promise.all(results.map((result) => result.tallies));
  tallied.then(() => {
    for (const worker of workers) {
      if (keep) shardWorkers.giveBack(worker);
      else void worker.terminate();
    }
  }, stop);
  const names = tallied.then((tallies) => rankNames(tallies, evidence ?? CaseEvidence.fromCounts(counts)));
  let shards: ShardIndex[];
  try {
    shards = await Promise.all(results.map((result) => result.shard));
  } catch (error) {
    names.catch(() => {});
    stop();
    throw error;
  }
  // A build that stops its workers waits for the names, so they are gone before this thread merges the
  // shards: their memory and the merge's would add up (names take a second or two more on their own).
  if (!keep) await tallied.catch(() => {});
  nonArticles.sort((a, b) =>
    a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0,
  );
  return { shards, warnings: warningsInPathOrder(warnings, listing), nonArticles, names };
}

/** A promise with its settling functions (`Promise.withResolvers`, which Node 20 lacks). */
function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
