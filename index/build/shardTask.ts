/**
 * What one worker of a sharded build does (see buildShards.ts): read, analyze and index its range of
 * the article files, then tally their names with the evidence of the whole collection. It reads its
 * files itself, so it never waits for another thread to read them, and indexes each document as it is
 * analyzed (see {@link ShardBuilder}), so it never holds them all.
 */

import {
  type CaseCounts,
  CaseEvidence,
  NameScanner,
  type NameTallies,
  tallyNames,
} from '../analysis/names.ts';
import type { FileWarning, Listing } from '../sources/articleFiles.ts';
import { readInBatches } from '../sources/fileBatches.ts';
import { type AnalysisLimits, analyzeFileForBuild, type NonArticle, nameSource } from './analyzeFile.ts';
import { ShardBuilder, type ShardIndex, shardTransferList } from './shards.ts';

/** What a build allows each file, as a worker is told it (the clock is the worker's own). */
export type WorkerAnalysisLimits = Omit<AnalysisLimits, 'clock'>;

/** A worker's share of a build: the files to read (in document order), where, and the limits. */
export interface ShardRange {
  seedsDir: string;
  /** The range's articles, with what reading them needs (see `listingOf`). */
  listing: Listing;
  limits: WorkerAnalysisLimits;
}

/**
 * What a worker is sent, in this order: its range of files; and, once every worker has reported its
 * case counts, the case evidence of all shards.
 */
export type ShardInput = ({ kind: 'range' } & ShardRange) | { kind: 'evidence'; counts: CaseCounts[] };

/**
 * What a worker reports, in this order: files done, with warnings about files it skipped or repaired
 * (several times); the case evidence of its documents, for name extraction; its shard; and, once
 * sent the evidence of every shard, the tallies of its documents' names.
 */
export type ShardMessage =
  | { kind: 'progress'; files: number; warnings: FileWarning[]; nonArticles: NonArticle[] }
  | { kind: 'caseCounts'; counts: CaseCounts }
  | { kind: 'shard'; shard: ShardIndex }
  | { kind: 'names'; tallies: NameTallies };

/** How a shard task talks to the thread that started it. */
export interface ShardChannel {
  post(message: ShardMessage, transfer?: ArrayBuffer[]): void;
  /** The range to index. */
  receiveRange(): Promise<ShardRange>;
  /** The case evidence of all shards, when the main thread has it. */
  receiveCaseCounts(): Promise<CaseCounts[]>;
}

/**
 * Runs one shard task (on a worker): reads and analyzes the range's files batch by batch, scanning
 * each document for names and indexing it as it comes, then tallies the names with the whole
 * collection's evidence, posting each result as soon as it is ready so the main thread can merge
 * shards while names are tallied.
 */
export async function runShardTask(channel: ShardChannel): Promise<void> {
  const { seedsDir, listing, limits } = await channel.receiveRange();
  const shardBuilder = new ShardBuilder();
  const scanner = new NameScanner();
  for await (const batch of readInBatches(seedsDir, listing)) {
    const { warnings } = batch;
    const nonArticles: NonArticle[] = [];
    for (const file of batch.files) {
      const analysis = analyzeFileForBuild(file, limits);
      if (analysis.analyzed !== null) {
        shardBuilder.add(analysis.analyzed);
        scanner.add(nameSource(analysis.analyzed));
      }
      for (const text of analysis.warnings) warnings.push({ relativePath: file.relativePath, text });
      if (analysis.notArticle !== null)
        nonArticles.push({ relativePath: file.relativePath, reason: analysis.notArticle });
    }
    channel.post({ kind: 'progress', files: batch.listed, warnings, nonArticles });
  }

  const { scan } = scanner;
  const counts = scan.evidence.toCounts();
  channel.post({ kind: 'caseCounts', counts }, [counts.leads.buffer as ArrayBuffer]);
  const shard = shardBuilder.finish();
  channel.post({ kind: 'shard', shard }, shardTransferList(shard));
  const evidence = CaseEvidence.fromCounts(await channel.receiveCaseCounts());
  const tallies = tallyNames(scan, evidence);
  channel.post({ kind: 'names', tallies }, [
    tallies.stats.buffer as ArrayBuffer,
    tallies.formCounts.buffer as ArrayBuffer,
    tallies.formEnds.buffer as ArrayBuffer,
  ]);
}
