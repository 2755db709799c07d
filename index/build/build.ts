/**
 * The build step: article files → cleaned, analyzed documents → snapshot → artifact.
 *
 * Incremental by default: a file whose content hash matches the previous artifact is not read into
 * the cleaner or analyzer again; its stored document and token streams are reused. Changed and added
 * files are analyzed, removed files dropped, and the MiniSearch index is assembled from the result in
 * id order, so an incremental build yields exactly what a full build of the same files yields.
 */

import { statSync } from 'node:fs';
import { readdir, stat, utimes } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { extractNames, type NameEntry, namesOfSources } from '../analysis/names.ts';
import { readArtifact, writeArtifact } from '../artifact/artifact.ts';
import { ANALYZER_VERSION, type AnalyzedDocument, type IndexSnapshot } from '../artifact/snapshot.ts';
import { IndexError } from '../errors.ts';
import { FIELD_INDEX, SEARCH_FIELDS } from '../fields.ts';
import type { RecordField } from '../sources/archives.ts';
import {
  type ArticleFile,
  type Listing,
  listArticleFiles,
  noArticles,
  readListedFiles,
  warningsInPathOrder,
} from '../sources/articleFiles.ts';
import {
  type AnalysisLimits,
  analyzeFileForBuild,
  defaultAnalysisLimits,
  type NonArticle,
  nameSource,
} from './analyzeFile.ts';
import { analyzedDocumentOf, snapshotFromShards } from './assemble.ts';
import { BackgroundWork, type StoredWords } from './backgroundWork.ts';
import { acquireBuildLock } from './buildLock.ts';
import { indexShardsOnWorkers } from './buildShards.ts';
import { shardsOfPrevious } from './reusedShard.ts';
import { indexShard, type ShardIndex, shingleAnalyzedBodies } from './shards.ts';

/** What to build and where. */
export interface BuildOptions {
  /** Folder of article files, read recursively. */
  seedsDir: string;
  /** Where the artifact is written. */
  outPath: string;
  /** Re-analyze every file even when the previous artifact has it unchanged. */
  full?: boolean;
  /**
   * Worker threads for a build with nothing to reuse (a full build, or no usable previous artifact),
   * each indexing a share of the files; 0 builds on this thread. Default: one per core, at most
   * {@link MAX_BUILD_WORKERS}, for {@link SHARDED_BUILD_MIN_FILES} files or more; 0 below that or on
   * one core. The index is the same either way.
   */
  workers?: number;
  /**
   * Hand a sharded build's workers back for the next build in this process, instead of stopping them
   * before the shards are merged. Default false: a build process builds once (`npm run index`, the
   * server's build process), and an idle worker never collects its heap, so kept workers only added
   * their memory to the merge's (BBC+Reuters: 874 MB peak against 728 MB). Set it in a process that
   * builds again and again, as the benchmark's in-process builds do. A share of more than 25,000 files
   * is never kept (see buildShards.ts).
   */
  keepWorkers?: boolean;
  /**
   * On a build on this thread, work out the collection's names and near-duplicate groups on a worker
   * thread meanwhile. Default: for {@link BACKGROUND_WORK_MIN_DOCUMENTS} files or more. The index is
   * the same either way.
   */
  backgroundWork?: boolean;
  /** Called after each file is read or reused: for progress bars. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Longest to wait for another process's build of the same artifact to finish (default 10 minutes;
   * see buildLock.ts).
   */
  lockTimeoutMs?: number;
  /** Index files that symbolic links in the folder lead to outside it (default false). */
  followLinksOutside?: boolean;
  /** Columns to read archive records' fields from first (`{ body: 'story' }`; see archives.ts). */
  recordFields?: Partial<Record<RecordField, string>>;
  /**
   * What each file may cost and hold (see {@link AnalysisLimits}); by default 2 s of cleaning, dates
   * from 1800 to next year.
   */
  limits?: Partial<AnalysisLimits>;
}

/** What a build did, for the one-line summary and for tests. */
export interface BuildReport {
  documentCount: number;
  termCount: number;
  bytes: number;
  ms: number;
  /** Files analyzed this time (all of them on a full build). */
  analyzed: number;
  /** Files whose previous analysis was reused. */
  reused: number;
  /** Files in the previous artifact that are gone now. */
  removed: number;
  /** One line per file skipped or repaired, naming it. */
  warnings: string[];
  /**
   * Web pages left out as no articles (section fronts, tag and error pages), with why; kept instead
   * with `limits.keepNonArticles`.
   */
  nonArticles: NonArticle[];
  /** Worker threads the files were indexed on; 0 when on this thread. */
  workers: number;
  /** Why an existing artifact could not be reused, when it could not. */
  previousIndexProblem: string | null;
  snapshot: IndexSnapshot;
}

/**
 * Builds the index from `seedsDir` and writes it to `outPath` atomically, one build of an artifact at
 * a time across processes (see buildLock.ts). Throws {@link BuildError} when there is nothing to index;
 * the previous artifact is then left as it was.
 */
export async function buildIndex(requested: BuildOptions): Promise<BuildReport> {
  const lock = await acquireBuildLock(requested.outPath, requested.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
  try {
    return await buildHoldingLock(requested);
  } finally {
    await lock.release();
  }
}

/** Longest a build waits for another build of the same artifact to finish: as long as a rebuild may run. */
const DEFAULT_LOCK_TIMEOUT_MS = 10 * 60 * 1000;

async function buildHoldingLock(requested: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const options = {
    ...requested,
    limits: { latestYear: new Date().getUTCFullYear() + 1, ...requested.limits },
  };
  const listing = await listArticleFiles(options.seedsDir, {
    followLinksOutside: options.followLinksOutside ?? false,
    recordFields: options.recordFields ?? {},
  });
  // The previous index is let go of as soon as it has been used: at 100,000 articles it is half a
  // gigabyte.
  const loaded = options.full ? { snapshot: null, problem: null } : await loadPrevious(options.outPath);
  let previousSnapshot = loaded.snapshot;
  const previousProblem = loaded.problem;
  loaded.snapshot = null;
  const workers = options.workers ?? defaultWorkers(listing.articles.length);
  const onWorkers = () => buildOnWorkers(options, listing, workers).catch(() => null);
  let parts = previousSnapshot === null && workers > 0 ? await onWorkers() : null;
  // An incremental build hands over to workers when half the files or more changed, where a full build
  // would run on workers; should they fail, it builds everything here after all.
  const handOverAt =
    workers > 0 && parts === null && previousSnapshot !== null
      ? listing.articles.length / 2
      : Number.POSITIVE_INFINITY;
  let built = parts ?? (await buildOnThisThread(options, listing, previousSnapshot, handOverAt));
  previousSnapshot = null;
  if ('mostlyChanged' in built) {
    parts = await onWorkers();
    built = parts ?? (await buildOnThisThread(options, listing, null));
  }
  if ('mostlyChanged' in built) throw new Error('a build on this thread handed over without workers');
  if ('unchanged' in built) return keepUnchanged(options, listing, built, started);
  const { names, duplicateGroups, warnings, nonArticles, reused, removed, analyzed } = built;
  const shardsOnWorkers = parts === null ? 0 : built.shards.length;
  const groups = await duplicateGroups;
  // snapshotFromShards empties `built.shards` once merged, so their memory can go while the snapshot
  // is assembled and written (at 100,000 articles, half a gigabyte).
  const assembled = snapshotFromShards(built.shards, { builtAt: '', buildMs: 0 }, [], groups);
  const buildMs = Math.round(performance.now() - started);
  const snapshot: IndexSnapshot = {
    ...assembled,
    manifest: { ...assembled.manifest, builtAt: new Date().toISOString(), buildMs },
    // Null when a worker failed after its shard was in: extracted from the index instead.
    names: (await names) ?? extractNames(assembled.documents.all()),
  };
  const bytes = await writeArtifact(options.outPath, snapshot);
  return {
    documentCount: snapshot.documents.count,
    termCount: snapshot.terms.length,
    bytes,
    ms: Math.round(performance.now() - started),
    analyzed,
    reused,
    removed,
    // Files left out while listing (links leading out, hidden files) come first.
    warnings: [...(listing.warnings ?? []).map((warning) => warning.text), ...warnings],
    nonArticles,
    workers: shardsOnWorkers,
    previousIndexProblem: previousProblem,
    snapshot,
  };
}

/**
 * The report of a build that found the previous artifact holding exactly the articles it would index,
 * unchanged: the artifact stays as it is (a server watching it has nothing to reload), only marked
 * current when a file's time says otherwise (a file saved again as it was, a folder copied), so that
 * `npm start` does not build it again.
 */
async function keepUnchanged(
  options: BuildOptions,
  listing: Listing,
  built: UnchangedIndex,
  started: number,
): Promise<BuildReport> {
  const { snapshot } = built;
  if (await isIndexStale(options.seedsDir, options.outPath)) {
    const now = new Date();
    await utimes(options.outPath, now, now);
  }
  return {
    documentCount: snapshot.documents.count,
    termCount: snapshot.terms.length,
    bytes: (await stat(options.outPath)).size,
    ms: Math.round(performance.now() - started),
    analyzed: 0,
    reused: built.reused,
    removed: 0,
    warnings: [...(listing.warnings ?? []).map((warning) => warning.text), ...built.warnings],
    nonArticles: built.nonArticles,
    workers: 0,
    previousIndexProblem: null,
    snapshot,
  };
}

/**
 * What a build has before the snapshot is assembled: the index in shards, and the names coming (and
 * the near-duplicate groups, when they are worked out elsewhere than in assembling the snapshot).
 */
interface BuildParts {
  shards: ShardIndex[];
  /** Null when they could not be worked out apart: the build extracts them from the index. */
  names: Promise<NameEntry[] | null>;
  duplicateGroups?: Promise<Int32Array | undefined>;
  warnings: string[];
  nonArticles: NonArticle[];
  analyzed: number;
  reused: number;
  removed: number;
}

/**
 * Collections with fewer files are built on the main thread, their names and near-duplicates on one
 * worker meanwhile. Each build worker starts a thread, loads and optimizes the code anew, and its shard
 * is merged afterwards: CPU that a small collection does not win back. Fresh processes of the compiled
 * build, 3 rounds in turns on 2 cores (CPU, wall, peak RSS): BBC (2,225 files) one thread 3.2–3.6 s,
 * 2.2–2.4 s, 303–306 MB, 2 workers 4.4–4.5 s, 2.6 s, 294–311 MB; 5,000 files of BBC+Reuters one
 * thread 5.0–6.0 s, 3.6–4.1 s, 372–394 MB, 2 workers 6.3–6.9 s, 4.0–4.3 s, 345–350 MB. At 21,268
 * (BBC+Reuters) workers win: the same CPU, 7.1–7.3 s wall against 8.3–13 s, 630 MB against 790 MB
 * (one thread holds every analyzed document until it indexes them).
 */
const SHARDED_BUILD_MIN_FILES = 5000;
/** Worker threads of a sharded build at most, by default: one per core, up to this. */
const MAX_BUILD_WORKERS = 4;

function defaultWorkers(files: number): number {
  const cores = availableParallelism();
  return files >= SHARDED_BUILD_MIN_FILES && cores > 1 ? Math.min(cores, MAX_BUILD_WORKERS) : 0;
}

/**
 * A build with nothing to reuse, on worker threads (see buildShards.ts). Rejects if a worker cannot
 * run; the caller then builds on its own thread, so a build never fails for want of a worker.
 */
async function buildOnWorkers(
  options: BuildOptions,
  listing: Listing,
  shardCount: number,
): Promise<BuildParts> {
  const total = listing.articles.length;
  let done = 0;
  const progress = (files: number) => {
    done += files;
    options.onProgress?.(done, total);
  };
  const { clock: _clock, ...limits } = { ...defaultAnalysisLimits, ...options.limits };
  const { shards, warnings, nonArticles, names } = await indexShardsOnWorkers(
    options.seedsDir,
    listing,
    { count: shardCount, keep: options.keepWorkers ?? false },
    limits,
    progress,
  );
  const documentCount = shards.reduce((sum, shard) => sum + shard.files.length, 0);
  if (documentCount === 0) throw noArticles(options.seedsDir);
  return {
    shards,
    // Should a worker fail after its shard is in, the names are extracted from the index instead.
    names: names.catch(() => null),
    warnings,
    nonArticles,
    analyzed: documentCount,
    reused: 0,
    removed: 0,
  };
}

/**
 * Collections smaller than this are built on the main thread alone: starting a worker and loading its
 * code costs a few hundred milliseconds, only worth it when names and near-duplicates take longer.
 */
const BACKGROUND_WORK_MIN_DOCUMENTS = 1000;

/** The worker for a build's collection-wide work, or null if none can start (the work is then done here). */
function startBackgroundWork(): BackgroundWork | null {
  try {
    return new BackgroundWork();
  } catch {
    return null;
  }
}

/**
 * A build on this thread: files whose content hash matches the previous artifact reuse its analysis,
 * the others are analyzed, and all of them are indexed as one shard; names and near-duplicate
 * groups are worked out on a worker meanwhile (see {@link BuildOptions.backgroundWork}). When the
 * articles to index are exactly the previous artifact's, unchanged, it says so instead: that index
 * is the one this build would make.
 */
async function buildOnThisThread(
  options: BuildOptions,
  listing: Listing,
  previous: IndexSnapshot | null,
  handOverAt = Number.POSITIVE_INFINITY,
): Promise<BuildParts | UnchangedIndex | MostlyChanged> {
  const inBackground = options.backgroundWork ?? listing.articles.length >= BACKGROUND_WORK_MIN_DOCUMENTS;
  // With nothing to reuse the worker takes each document as it is analyzed; with a previous index it
  // starts once the files are known to have changed.
  let background = inBackground && previous === null ? startBackgroundWork() : null;
  let documents: AnalyzedFiles;
  try {
    const files = analyzeChanged(options, listing, previous, background, handOverAt);
    if ('mostlyChanged' in files) return files;
    if (previous !== null && files.reused === previous.documents.count && files.fresh.length === 0) {
      return { unchanged: true, snapshot: previous, ...files };
    }
    if (inBackground && previous !== null) background = startBackgroundWork();
    const runs = previous === null ? null : runsInIdOrder(files, previous);
    if (runs !== null && previous !== null) return withPreviousShards(files, previous, runs, background);
    documents = withReused(files, previous, background);
  } catch (error) {
    background?.stop();
    throw error;
  }
  const { analyzed, reused } = documents;
  const bodyShingles = shingleAnalyzedBodies(analyzed);
  // The names do not depend on the order documents are scanned in: the worker's follow file order.
  const onThisThread = async () => namesOfSources(analyzed.map(nameSource));
  // Should the worker fail, the groups are made in assembling the snapshot, and the names here.
  const elsewhere = background?.finish(bodyShingles);
  return {
    shards: [indexShard(analyzed, bodyShingles)],
    names: elsewhere === undefined ? onThisThread() : elsewhere.names.catch(onThisThread),
    duplicateGroups: elsewhere?.duplicateGroups.then(
      (groups) => groups ?? undefined,
      () => undefined,
    ),
    warnings: documents.warnings,
    nonArticles: documents.nonArticles,
    analyzed: analyzed.length - reused,
    reused,
    removed: documents.removed,
  };
}

/** What a build on this thread reports when the previous index already holds exactly its articles. */
interface UnchangedIndex {
  unchanged: true;
  /** The previous artifact's index. */
  snapshot: IndexSnapshot;
  reused: number;
  warnings: string[];
  nonArticles: NonArticle[];
}

/** The listed files of a build on this thread: the previous artifact's documents they match, and the rest analyzed. */
interface ChangedFiles {
  /** Indexes in the previous artifact of the documents whose files are unchanged. */
  reusedIndexes: number[];
  reused: number;
  /** The other files' documents (files skipped or left out as no articles have none). */
  fresh: AnalyzedDocument[];
  removed: number;
  warnings: string[];
  nonArticles: NonArticle[];
}

/**
 * Reads the listed files and analyzes those whose content is not in `previous` as it is (same path,
 * id and content hash), handing each document analyzed to `background`; the others are only looked
 * up, not taken out of the artifact yet, so a build that finds nothing changed costs reading the files.
 */
function analyzeChanged(
  options: BuildOptions,
  listing: Listing,
  previous: IndexSnapshot | null,
  background: BackgroundWork | null,
  handOverAt: number,
): ChangedFiles | MostlyChanged {
  const read = readListedFiles(options.seedsDir, listing);
  const { files } = read;
  if (files.length === 0) throw noArticles(options.seedsDir);
  const previousIndex = new Map((previous?.documents.columns.ids ?? []).map((id, index) => [id, index]));
  const previousFiles = previous?.manifest.files ?? {};
  const reusedIndexes: number[] = [];
  const changed: ArticleFile[] = [];
  const warnings = read.warnings;
  for (const file of files) {
    const prior = Object.hasOwn(previousFiles, file.relativePath)
      ? previousFiles[file.relativePath]
      : undefined;
    const priorIndex = prior === undefined ? undefined : previousIndex.get(prior.id);
    if (prior?.contentHash === file.contentHash && prior.id === file.id && priorIndex !== undefined) {
      // What its analysis repaired is said on every build, not only the one that analyzed it.
      for (const text of prior.warnings ?? []) warnings.push({ relativePath: file.relativePath, text });
      reusedIndexes.push(priorIndex);
    } else changed.push(file);
  }
  if (changed.length >= handOverAt) return { mostlyChanged: true };
  options.onProgress?.(reusedIndexes.length, files.length);
  const fresh: AnalyzedDocument[] = [];
  const nonArticles: NonArticle[] = [];
  changed.forEach((file, i) => {
    options.onProgress?.(reusedIndexes.length + i + 1, files.length);
    const analysis = analyzeFileForBuild(file, options.limits);
    for (const text of analysis.warnings) warnings.push({ relativePath: file.relativePath, text });
    if (analysis.notArticle !== null)
      nonArticles.push({ relativePath: file.relativePath, reason: analysis.notArticle });
    if (analysis.analyzed === null) return;
    fresh.push(analysis.analyzed);
    background?.addAnalyzed(nameSource(analysis.analyzed));
  });
  if (reusedIndexes.length + fresh.length === 0) throw noArticles(options.seedsDir);
  const currentPaths = new Set(files.map((file) => file.relativePath));
  const removed = Object.keys(previousFiles).filter((relativePath) => !currentPaths.has(relativePath)).length;
  return {
    reusedIndexes,
    reused: reusedIndexes.length,
    fresh,
    removed,
    warnings: warningsInPathOrder(warnings, listing),
    nonArticles,
  };
}

/**
 * What a build on this thread says when so many files changed that a full build on workers is
 * faster and smaller: analyzing most of 100,000 articles again on one thread took 86 s and 3.1 GB,
 * against 47 s and 1.9 GB for a full build on two workers.
 */
interface MostlyChanged {
  mostlyChanged: true;
}

/** Consecutive documents in id order that are all the previous artifact's, or all analyzed this time. */
type Run = { reused: true; docIndexes: number[] } | { reused: false; documents: AnalyzedDocument[] };

/**
 * Most runs an incremental build merges as shards of their own. Each is a list of words for the merge
 * to join (a k-way merge looking at every list's head for each word); files changed all over the
 * collection are indexed again together, as one shard, instead.
 */
const MAX_RUNS = 64;

/**
 * The documents of an incremental build in id order, cut into runs of reused and fresh ones; null
 * when there are more than {@link MAX_RUNS}.
 */
function runsInIdOrder(files: ChangedFiles, previous: IndexSnapshot): Run[] | null {
  const previousIds = previous.documents.columns.ids;
  const fresh = [...files.fresh].sort(byDocumentId);
  // The previous artifact's documents are in id order, so its indexes ascending are too.
  const reused = [...files.reusedIndexes].sort((a, b) => a - b);
  const runs: Run[] = [];
  let r = 0;
  let f = 0;
  while (r < reused.length || f < fresh.length) {
    const reusedId = r < reused.length ? (previousIds[reused[r] ?? 0] ?? '') : null;
    const freshDoc = fresh[f];
    const takeReused = freshDoc === undefined || (reusedId !== null && reusedId < freshDoc.document.id);
    let last = runs.at(-1);
    if (last === undefined || last.reused !== takeReused) {
      if (runs.length === MAX_RUNS) return null;
      last = takeReused ? { reused: true, docIndexes: [] } : { reused: false, documents: [] };
      runs.push(last);
    }
    if (last.reused) last.docIndexes.push(reused[r++] ?? 0);
    else if (freshDoc !== undefined) {
      last.documents.push(freshDoc);
      f += 1;
    }
  }
  return runs;
}

/**
 * An incremental build's parts: each run of unchanged documents a shard taken out of the previous
 * artifact as it is (see reusedShard.ts), each run of changed ones indexed; `background` gets every
 * document for the names.
 */
function withPreviousShards(
  files: ChangedFiles,
  previous: IndexSnapshot,
  runs: readonly Run[],
  background: BackgroundWork | null,
): BuildParts {
  if (background !== null) {
    for (const doc of files.fresh) background.addAnalyzed(nameSource(doc));
    background.useVocabulary(previous.words);
    for (const index of files.reusedIndexes)
      background.add(previous.documents.get(index), storedWordsOf(previous, index));
  }
  const reusedShards = shardsOfPrevious(
    previous,
    runs.flatMap((run) => (run.reused ? [run.docIndexes] : [])),
  );
  let nextReused = 0;
  const shards = runs.map((run) =>
    run.reused ? (reusedShards[nextReused++] as ShardIndex) : indexShard(run.documents),
  );
  const onThisThread = async () =>
    namesOfSources([
      ...files.fresh.map(nameSource),
      ...files.reusedIndexes.map((index) => nameSource(analyzedDocumentOf(previous, index))),
    ]);
  // The near-duplicate groups are made here, in assembling the snapshot: this thread would otherwise
  // wait for the worker to finish scanning for names before it could merge (at 100,000 articles, 7 s
  // of its 21). Should the worker fail, the names come from the snapshot's articles (null): waiting
  // on the worker keeps nothing of the previous index.
  const elsewhere = background?.finish(null);
  return {
    shards,
    names: elsewhere === undefined ? onThisThread() : elsewhere.names.catch(() => null),
    warnings: files.warnings,
    nonArticles: files.nonArticles,
    analyzed: files.fresh.length,
    reused: files.reused,
    removed: files.removed,
  };
}

/** The title's and body's words of a previous index's document, as its streams hold them. */
function storedWordsOf(previous: IndexSnapshot, docIndex: number): { title: StoredWords; body: StoredWords } {
  const field = (f: number): StoredWords => {
    const start = previous.streamOffsets[docIndex * SEARCH_FIELDS.length + f] ?? 0;
    const end = previous.streamOffsets[docIndex * SEARCH_FIELDS.length + f + 1] ?? start;
    return {
      words: previous.streams.slice(start, end),
      starts: previous.tokenStarts.slice(start, end),
      lengths: previous.tokenLengths.slice(start, end),
    };
  };
  return { title: field(FIELD_INDEX.title), body: field(FIELD_INDEX.body) };
}

/** The analyzed documents of a build on this thread, in id order, and what it reused. */
interface AnalyzedFiles {
  analyzed: AnalyzedDocument[];
  reused: number;
  removed: number;
  warnings: string[];
  nonArticles: NonArticle[];
}

/**
 * Every document of the build, in id order: the fresh ones and the reused ones taken out of the
 * previous artifact (tokens from its streams: no analysis again); `background` gets the reused ones.
 */
function withReused(
  files: ChangedFiles,
  previous: IndexSnapshot | null,
  background: BackgroundWork | null,
): AnalyzedFiles {
  const analyzed = [...files.fresh];
  if (previous !== null) {
    // A worker started after the fresh documents were analyzed has not had them yet.
    if (background !== null) for (const doc of files.fresh) background.addAnalyzed(nameSource(doc));
    for (const index of files.reusedIndexes) {
      const doc = analyzedDocumentOf(previous, index);
      analyzed.push(doc);
      background?.addAnalyzed(nameSource(doc));
    }
  }
  analyzed.sort(byDocumentId);
  const { reused, removed, warnings, nonArticles } = files;
  return { analyzed, reused, removed, warnings, nonArticles };
}

/** Documents in id order, as an index numbers them (by code unit, not locale). */
function byDocumentId(a: AnalyzedDocument, b: AnalyzedDocument): number {
  return a.document.id < b.document.id ? -1 : a.document.id > b.document.id ? 1 : 0;
}

/** A build report without the snapshot: what a program reading `npm run index -- --json` gets. */
export type BuildSummary = Omit<BuildReport, 'snapshot'>;

/** Drops the snapshot from a report, for printing or sending. */
export function buildSummary(report: BuildReport): BuildSummary {
  const { snapshot: _snapshot, ...summary } = report;
  return summary;
}

async function loadPrevious(
  outPath: string,
): Promise<{ snapshot: IndexSnapshot | null; problem: string | null }> {
  try {
    const snapshot = await readArtifact(outPath);
    if (snapshot.manifest.analyzerVersion !== ANALYZER_VERSION) {
      return {
        snapshot: null,
        problem: 'the previous index was analyzed differently; rebuilding everything',
      };
    }
    return { snapshot, problem: null };
  } catch (error) {
    if (error instanceof IndexError && error.code === 'index_missing')
      return { snapshot: null, problem: null };
    const why = error instanceof Error ? error.message : String(error);
    return { snapshot: null, problem: `${why} Rebuilding everything.` };
  }
}

/**
 * Whether the artifact is missing or older than anything in the seeds folder: a file, a sidecar, or a
 * folder (whose time changes when a file is added or removed). Cheap: reads file times, not contents,
 * and stops at the first thing newer than the artifact.
 *
 * The times are read with `statSync`, one after another: `npm start` asks before it serves anything,
 * so nothing waits on this thread meanwhile. BBC+Reuters' 40,311 files took 3.0–3.4 s awaited one by
 * one (a round trip to libuv's threads each), 0.47 s awaited 256 at a time, and 0.17 s synchronously;
 * with the page cache dropped first, 0.65–0.69 s synchronously against 0.72–0.82 s in batches.
 */
export async function isIndexStale(seedsDir: string, indexPath: string): Promise<boolean> {
  const artifact = await stat(indexPath).catch(() => null);
  if (artifact === null) return true;
  const root = await stat(seedsDir).catch(() => null);
  if (root === null) return false;
  if (root.mtimeMs > artifact.mtimeMs) return true;
  const entries = await readdir(seedsDir, { recursive: true, withFileTypes: true });
  return entries.some((entry) => modifiedAt(path.join(entry.parentPath, entry.name)) > artifact.mtimeMs);
}

/** When a file was last changed; 0 when it cannot be read (gone since it was listed, not allowed). */
function modifiedAt(file: string): number {
  try {
    return statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  } catch {
    return 0;
  }
}
