/**
 * A full build on worker threads, one per core: the article files are split into consecutive ranges of
 * document order (by id, as the index orders documents), and each worker reads, cleans and analyzes
 * its range and indexes it as a {@link ShardIndex}, which the main thread merges. Reading, cleaning,
 * analysis and MiniSearch, most of a build, then run side by side.
 */

import { statSync } from 'node:fs';
import path from 'node:path';
import { analyzeFile, phraseSource } from './articleAnalysis.ts';
import { articleId, type FileWarning, type Listing, readListedFiles } from './articleFiles.ts';
import {
  type CaseCounts,
  CaseEvidence,
  type PhraseEntry,
  type PhraseTallies,
  rankPhrases,
  scanPhrases,
  tallyPhrases,
} from './phrases.ts';
import { indexShard, type ShardIndex, shardTransferList } from './shards.ts';
import { startTsWorker } from './tsWorker.ts';

/** What one worker indexes. */
export interface ShardTask {
  seedsDir: string;
  listing: Listing;
}

/**
 * What a worker reports, in this order: files done (several times); the case evidence of its
 * documents, for phrase extraction; its shard; and, once sent the evidence of every shard, the tallies
 * of its documents' phrases.
 */
export type ShardMessage =
  | { kind: 'progress'; files: number }
  | { kind: 'caseCounts'; counts: CaseCounts }
  | { kind: 'shard'; shard: ShardIndex; warnings: FileWarning[] }
  | { kind: 'phrases'; tallies: PhraseTallies };

/** How a shard task talks to the thread that started it. */
export interface ShardChannel {
  post(message: ShardMessage, transfer?: ArrayBuffer[]): void;
  /** The case evidence of all shards, when the main thread has it. */
  receiveCaseCounts(): Promise<CaseCounts[]>;
}

/** Files between two progress reports of a worker. */
const PROGRESS_EVERY = 500;

/**
 * Runs one shard task (on a worker): reads and analyzes the listed files, scans them for phrases,
 * indexes them, then tallies their phrases with the whole collection's evidence, posting each result
 * as soon as it is ready so the main thread can merge shards while phrases are tallied.
 */
export async function runShardTask({ seedsDir, listing }: ShardTask, channel: ShardChannel): Promise<void> {
  const { files, warnings } = readListedFiles(seedsDir, listing);
  let reported = 0;
  const analyzed = files.map((file, i) => {
    const document = analyzeFile(file);
    if ((i + 1) % PROGRESS_EVERY === 0) {
      channel.post({ kind: 'progress', files: i + 1 - reported });
      reported = i + 1;
    }
    return document;
  });
  // Skipped files count as done too: progress ends at the number of files listed.
  channel.post({ kind: 'progress', files: listing.articles.length - reported });

  const scan = scanPhrases(analyzed.map(phraseSource));
  const counts = scan.evidence.toCounts();
  channel.post({ kind: 'caseCounts', counts }, [counts.leads.buffer as ArrayBuffer]);
  const shard = indexShard(analyzed);
  channel.post({ kind: 'shard', shard, warnings }, shardTransferList(shard));
  const evidence = CaseEvidence.fromCounts(await channel.receiveCaseCounts());
  const tallies = tallyPhrases(scan, evidence);
  channel.post({ kind: 'phrases', tallies }, [
    tallies.stats.buffer as ArrayBuffer,
    tallies.formCounts.buffer as ArrayBuffer,
    tallies.formEnds.buffer as ArrayBuffer,
  ]);
}

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
    id: articleId(relativePath),
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
    ranges.push({
      articles: entries.slice(start, end).map((entry) => entry.relativePath),
      sidecars: listing.sidecars,
    });
    start = end;
  }
  return ranges;
}

/**
 * What indexing a file costs, in bytes' worth: each file costs about as much as 400 bytes of text
 * (opening, cleaning and adding a document to MiniSearch) on top of its size. Measured on BBC+Reuters
 * (BBC's long articles in one half, Reuters' short stories in the other): at 0 the Reuters half
 * finished about a second last, at 800 the BBC half; at 200-500 the gap is within run-to-run noise.
 */
const FILE_COST_IN_BYTES = 400;

/** {@link FILE_COST_IN_BYTES} plus the file's size; just the former when it cannot be read. */
function indexingWork(absolutePath: string): number {
  try {
    return FILE_COST_IN_BYTES + statSync(absolutePath).size;
  } catch {
    return FILE_COST_IN_BYTES;
  }
}

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
  seedsDir: string,
  listing: Listing,
  count: number,
  onProgress: (files: number) => void,
): Promise<ShardedBuild> {
  // Workers take a while to start (compiling their TypeScript): the files are measured meanwhile.
  const workers = Array.from({ length: Math.max(1, Math.min(count, listing.articles.length)) }, () =>
    startTsWorker(new URL('./shardWorker.ts', import.meta.url)),
  );
  const ranges = splitListing(listing, workers.length, (relativePath) =>
    indexingWork(path.join(seedsDir, relativePath)),
  );
  workers.forEach((worker, w) => {
    const range = ranges[w] ?? { articles: [], sidecars: listing.sidecars };
    worker.postMessage({ seedsDir, listing: range } satisfies ShardTask);
  });
  const counts: CaseCounts[] = [];
  let evidence: CaseEvidence | null = null;
  const results = workers.map((worker) => {
    const shard = deferred<{ shard: ShardIndex; warnings: FileWarning[] }>();
    const tallies = deferred<PhraseTallies>();
    const fail = (error: unknown) => {
      shard.reject(error);
      tallies.reject(error);
    };
    worker.on('message', (message: ShardMessage) => {
      if (message.kind === 'progress') onProgress(message.files);
      else if (message.kind === 'shard') shard.resolve(message);
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
  let shards: { shard: ShardIndex; warnings: FileWarning[] }[];
  try {
    shards = await Promise.all(results.map((result) => result.shard));
  } catch (error) {
    phrases.catch(() => {});
    stop();
    throw error;
  }
  const order = new Map(listing.articles.map((relativePath, i) => [relativePath, i]));
  const warnings = shards
    .flatMap((result) => result.warnings)
    .map((warning, i) => ({ warning, at: order.get(warning.relativePath) ?? 0, i }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map(({ warning }) => warning.text);
  return { shards: shards.map((result) => result.shard), warnings, phrases };
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
