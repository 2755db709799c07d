/**
 * What one worker of a sharded build does (see buildShards.ts): analyze and index its share of the
 * article files, then tally their names with the evidence of the whole collection. Kept apart from
 * buildShards.ts so a worker loads only what it runs, not the file reading and its validation.
 */

import { type CaseCounts, CaseEvidence, type NameTallies, scanNames, tallyNames } from '../analysis/names.ts';
import type { AnalyzedDocument } from '../artifact/snapshot.ts';
import type { ArticleFile, FileWarning } from '../sources/articleFiles.ts';
import { type AnalysisLimits, analyzeFileForBuild, type NonArticle, nameSource } from './analyzeFile.ts';
import { indexShard, type ShardIndex, shardTransferList } from './shards.ts';

/** What a build allows each file, as a worker is told it (the clock is the worker's own). */
export type WorkerAnalysisLimits = Omit<AnalysisLimits, 'clock'>;

/**
 * What a worker is sent, in this order: its files, already read, in batches in document (id) order,
 * each with the limits to analyze them under; the end of them; and, once every worker has reported it,
 * the case evidence of all shards.
 */
export type ShardInput =
  | { kind: 'files'; files: ArticleFile[]; limits: WorkerAnalysisLimits }
  | { kind: 'end' }
  | { kind: 'evidence'; counts: CaseCounts[] };

/**
 * What a worker reports, in this order: files done, with warnings about files it skipped or repaired
 * (several times); the case evidence of its
 * documents, for phrase extraction; its shard; and, once sent the evidence of every shard, the tallies
 * of its documents' names.
 */
export type ShardMessage =
  | { kind: 'progress'; files: number; warnings: FileWarning[]; nonArticles: NonArticle[] }
  | { kind: 'caseCounts'; counts: CaseCounts }
  | { kind: 'shard'; shard: ShardIndex }
  | { kind: 'names'; tallies: NameTallies };

/** How a shard task talks to the thread that started it. */
export interface ShardChannel {
  post(message: ShardMessage, transfer?: ArrayBuffer[]): void;
  /** The files to index, batch by batch as they are read, until the main thread says they end. */
  receiveFiles(): AsyncIterable<{ files: ArticleFile[]; limits: WorkerAnalysisLimits }>;
  /** The case evidence of all shards, when the main thread has it. */
  receiveCaseCounts(): Promise<CaseCounts[]>;
}

/**
 * Runs one shard task (on a worker): analyzes the files as they come, scans them for names, indexes them, then
 * tallies their names with the whole collection's evidence, posting each result as soon as it is
 * ready so the main thread can merge shards while names are tallied.
 */
export async function runShardTask(channel: ShardChannel): Promise<void> {
  const analyzed: AnalyzedDocument[] = [];
  for await (const { files, limits } of channel.receiveFiles()) {
    const warnings: FileWarning[] = [];
    const nonArticles: NonArticle[] = [];
    for (const file of files) {
      const analysis = analyzeFileForBuild(file, limits);
      if (analysis.analyzed !== null) analyzed.push(analysis.analyzed);
      for (const text of analysis.warnings) warnings.push({ relativePath: file.relativePath, text });
      if (analysis.notArticle !== null)
        nonArticles.push({ relativePath: file.relativePath, reason: analysis.notArticle });
    }
    channel.post({ kind: 'progress', files: files.length, warnings, nonArticles });
  }

  const scan = scanNames(analyzed.map(nameSource));
  const counts = scan.evidence.toCounts();
  channel.post({ kind: 'caseCounts', counts }, [counts.leads.buffer as ArrayBuffer]);
  const shard = indexShard(analyzed);
  channel.post({ kind: 'shard', shard }, shardTransferList(shard));
  const evidence = CaseEvidence.fromCounts(await channel.receiveCaseCounts());
  const tallies = tallyNames(scan, evidence);
  channel.post({ kind: 'names', tallies }, [
    tallies.stats.buffer as ArrayBuffer,
    tallies.formCounts.buffer as ArrayBuffer,
    tallies.formEnds.buffer as ArrayBuffer,
  ]);
}
