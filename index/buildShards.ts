/**
 * A full build on worker threads, one per core: the main thread reads the article files while the
 * workers start, splits them into consecutive ranges of document order (by id, as the index orders
 * documents), and each worker cleans, analyzes and indexes its range as a {@link ShardIndex} (see
 * shardTask.ts), which the main thread merges. Cleaning, analysis and MiniSearch, most of a build,
 * then run side by side.
 */

import type { ArticleFile, FileWarning } from './articleFiles.ts';
import {
  type CaseCounts,
  CaseEvidence,
  type PhraseEntry,
  type PhraseTallies,
  rankPhrases,
} from './phrases.ts';
import type { ShardIndex } from './shards.ts';
import type { ShardMessage, ShardTask } from './shardTask.ts';
import { startTsWorker } from './tsWorker.ts';

/**
 * Splits files (of distinct ids, as `readListedFiles` returns them) into at most `count` ranges
 * in id order of about equal work: each file's length plus {@link FILE_COST_IN_CHARACTERS}, so a range
 * of long articles is not twice the work of another.
 */
export function splitFiles(files: readonly ArticleFile[], count: number): ArticleFile[][] {
  const ordered = [...files].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const work = (file: ArticleFile | undefined) => FILE_COST_IN_CHARACTERS + (file?.text.length ?? 0);
  const total = ordered.reduce((sum, file) => sum + work(file), 0);
  const ranges: ArticleFile[][] = [];
  let start = 0;
  let covered = 0;
  for (let r = 1; r <= count && start < ordered.length; r += 1) {
    let end = start;
    if (r === count) end = ordered.length;
    else {
      // At least one file per range, and the range's share of the total work.
      do covered += work(ordered[end++]);
      while (end < ordered.length && covered < (total * r) / count);
    }
    ranges.push(ordered.slice(start, end));
    start = end;
  }
  return ranges;
}

/**
 * What indexing a file costs, in characters' worth: each file costs about as much as 400 characters
 * of text (cleaning it and adding a document to MiniSearch) on top of its length. Measured on
 * BBC+Reuters (BBC's long articles in one half, Reuters' short stories in the other): at 0 the Reuters
 * half finished about a second last, at 800 the BBC half; at 200-500 the gap is within run-to-run noise.
 */
const FILE_COST_IN_CHARACTERS = 400;

/** A sharded build's results: the shards in document order, the warnings, the phrases to come. */
export interface ShardedBuild {
  shards: ShardIndex[];
  /** Warnings about files, in path order. */
  warnings: string[];
  /** The collection's phrases, still being tallied when the shards arrive. */
  phrases: Promise<PhraseEntry[]>;
}

/**
 * Indexes the listed files as `count` shards on worker threads. Resolves when the shards are in;
 * the phrases follow. Rejects if any worker cannot start or fails before its shard is in; the caller
 * then builds on its own thread. Workers are stopped once the phrases are in or have failed.
 */
export async function indexShardsOnWorkers(
  readFiles: () => { files: ArticleFile[]; warnings: FileWarning[] },
  count: number,
  onProgress: (files: number) => void,
): Promise<ShardedBuild> {
  // Workers take a while to start (loading their modules): the files are read meanwhile, here.
  const workers = Array.from({ length: Math.max(1, count) }, () =>
    startTsWorker(new URL('./shardWorker.ts', import.meta.url)),
  );
  let read: { files: ArticleFile[]; warnings: FileWarning[] };
  try {
    read = readFiles();
  } catch (error) {
    for (const worker of workers) void worker.terminate();
    throw error;
  }
  const ranges = splitFiles(read.files, workers.length);
  workers.forEach((worker, w) => {
    worker.postMessage({ files: ranges[w] ?? [] } satisfies ShardTask);
  });
  const counts: CaseCounts[] = [];
  let evidence: CaseEvidence | null = null;
  const results = workers.map((worker) => {
    const shard = deferred<ShardIndex>();
    const tallies = deferred<PhraseTallies>();
    const fail = (error: unknown) => {
      shard.reject(error);
      tallies.reject(error);
    };
    worker.on('message', (message: ShardMessage) => {
      if (message.kind === 'progress') onProgress(message.files);
      else if (message.kind === 'shard') shard.resolve(message.shard);
      else if (message.kind === 'phrases') tallies.resolve(message.tallies);
      else {
        counts.push(message.counts);
        if (counts.length === workers.length) {
          for (const each of workers) each.postMessage(counts);
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
  const phrases = Promise.all(results.map((result) => result.tallies)).then((tallies) =>
    rankPhrases(tallies, evidence ?? CaseEvidence.fromCounts(counts)),
  );
  phrases.then(stop, stop);
  let shards: ShardIndex[];
  try {
    shards = await Promise.all(results.map((result) => result.shard));
  } catch (error) {
    phrases.catch(() => {});
    stop();
    throw error;
  }
  return { shards, warnings: read.warnings.map((warning) => warning.text), phrases };
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
