/**
 * The build step: article files → cleaned, analyzed documents → snapshot → artifact.
 *
 * Incremental by default: a file whose content hash matches the previous artifact is not read into
 * the cleaner or analyzer again; its stored document and token streams are reused. Changed and added
 * files are analyzed, removed files dropped, and the MiniSearch index is assembled from the result in
 * id order, so an incremental build yields exactly what a full build of the same files yields.
 */

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { analyze } from './analyzer.ts';
import type { CleanedArticle } from './article.ts';
import { type ArticleFile, readArticleFiles, type Sidecar } from './articleFiles.ts';
import { readArtifact, writeArtifact } from './artifact.ts';
import { cleanArticle } from './cleaning.ts';
import { IndexError } from './errors.ts';
import { extractPhrases, type PhraseEntry } from './phrases.ts';
import {
  ANALYZER_VERSION,
  type AnalyzedDocument,
  analyzedDocumentOf,
  assembleSnapshot,
  type FieldTokens,
  type IndexSnapshot,
  type StoredDocument,
} from './snapshot.ts';

/** What to build and where. */
export interface BuildOptions {
  /** Folder of article files, read recursively. */
  seedsDir: string;
  /** Where the artifact is written. */
  outPath: string;
  /** Re-analyze every file even when the previous artifact has it unchanged. */
  full?: boolean;
  /** Called after each file is read or reused: for progress bars. */
  onProgress?: (done: number, total: number) => void;
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
  /** Why an existing artifact could not be reused, when it could not. */
  previousIndexProblem: string | null;
  snapshot: IndexSnapshot;
}

/**
 * Builds the index from `seedsDir` and writes it to `outPath` atomically. Throws
 * {@link BuildError} when there is nothing to index; the previous artifact is then left as it was.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const { files, warnings } = await readArticleFiles(options.seedsDir);
  const previous = options.full ? { snapshot: null, problem: null } : await loadPrevious(options.outPath);
  const reusable = reusableDocuments(previous.snapshot);

  const analyzed: AnalyzedDocument[] = [];
  let reused = 0;
  files.forEach((file, i) => {
    const prior = reusable.get(file.relativePath);
    if (
      prior !== undefined &&
      prior.document.contentHash === file.contentHash &&
      prior.document.id === file.id
    ) {
      analyzed.push(prior);
      reused += 1;
    } else {
      analyzed.push(analyzeFile(file));
    }
    options.onProgress?.(i + 1, files.length);
  });
  analyzed.sort((a, b) => (a.document.id < b.document.id ? -1 : a.document.id > b.document.id ? 1 : 0));

  const currentPaths = new Set(files.map((file) => file.relativePath));
  const removed = [...reusable.keys()].filter((relativePath) => !currentPaths.has(relativePath)).length;
  const phrases = extractPhrasesInBackground(analyzed.map(({ document }) => document));
  const assembled = assembleSnapshot(analyzed, { builtAt: '', buildMs: 0 }, []);
  const buildMs = Math.round(performance.now() - started);
  const snapshot: IndexSnapshot = {
    ...assembled,
    manifest: { ...assembled.manifest, builtAt: new Date().toISOString(), buildMs },
    phrases: await phrases,
  };
  const bytes = await writeArtifact(options.outPath, snapshot);
  return {
    documentCount: snapshot.documents.count,
    termCount: snapshot.terms.length,
    bytes,
    ms: Math.round(performance.now() - started),
    analyzed: files.length - reused,
    reused,
    removed,
    warnings,
    previousIndexProblem: previous.problem,
    snapshot,
  };
}

/** Collections smaller than this extract phrases on the main thread. */
const PHRASE_WORKER_MIN_DOCUMENTS = 1000;

/**
 * The collection's known phrases, extracted on a worker thread so it overlaps the rest of the build
 * (on BBC+Reuters it is about five seconds of a thirty-second build). Falls back to this thread if a
 * worker cannot run, so a build never fails for want of one.
 */
async function extractPhrasesInBackground(documents: readonly CleanedArticle[]): Promise<PhraseEntry[]> {
  const texts = documents.map(({ title, body }) => ({ title, body }));
  // Starting a worker (and compiling its TypeScript) costs a few hundred milliseconds: only worth it
  // when extraction itself takes longer.
  if (texts.length < PHRASE_WORKER_MIN_DOCUMENTS) return extractPhrases(texts);
  try {
    return await extractPhrasesOnWorker(texts);
  } catch {
    return extractPhrases(texts);
  }
}

/** {@link extractPhrases} on a worker thread; rejects if the worker cannot start or fails. */
export function extractPhrasesOnWorker(
  texts: readonly { title: string; body: string }[],
): Promise<PhraseEntry[]> {
  return new Promise<PhraseEntry[]>((resolve, reject) => {
    // The worker loads TypeScript through tsx's API (a runtime dependency), as this thread does.
    const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const entry = JSON.stringify(new URL('./phrasesWorker.ts', import.meta.url).href);
    const worker = new Worker(`import(${tsx}).then(({ tsImport }) => tsImport(${entry}, ${entry}))`, {
      eval: true,
      workerData: texts,
    });
    worker.once('message', (phrases: PhraseEntry[]) => {
      resolve(phrases);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the phrase worker exited with code ${code}`)));
  });
}

/** A build report without the snapshot: what a program reading `npm run index -- --json` gets. */
export type BuildSummary = Omit<BuildReport, 'snapshot'>;

/** Drops the snapshot from a report, for printing or sending. */
export function buildSummary(report: BuildReport): BuildSummary {
  const { snapshot: _snapshot, ...summary } = report;
  return summary;
}

/** Cleans, applies the sidecar and analyzes one file. */
export function analyzeFile(file: ArticleFile): AnalyzedDocument {
  const article = applySidecar(cleanArticle(file.text, file.format), file.sidecar);
  const document: StoredDocument = {
    ...article,
    id: file.id,
    relativePath: file.relativePath,
    contentHash: file.contentHash,
  };
  return { document, fields: documentFields(document) };
}

/** The text of each searchable field of a document, in field order; token offsets refer to these. */
export function fieldTexts(document: CleanedArticle): string[] {
  return [document.title, document.body, document.source ?? '', document.authors.join(', ')];
}

/** The tokens of each searchable field of a document, in field order. */
export function documentFields(document: CleanedArticle): FieldTokens[] {
  return fieldTexts(document).map((text) => {
    const tokens = analyze(text);
    return {
      words: tokens.map((token) => token.word),
      starts: tokens.map((token) => token.start),
      lengths: tokens.map((token) => token.end - token.start),
    };
  });
}

function applySidecar(article: CleanedArticle, sidecar: Sidecar | null): CleanedArticle {
  if (sidecar === null) return article;
  return {
    ...article,
    title: sidecar.title ?? article.title,
    source: sidecar.source ?? article.source,
    authors: sidecar.authors ?? article.authors,
    date: sidecar.date ?? article.date,
    dateText: sidecar.date ?? article.dateText,
    url: sidecar.url ?? article.url,
  };
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

function reusableDocuments(snapshot: IndexSnapshot | null): Map<string, AnalyzedDocument> {
  const reusable = new Map<string, AnalyzedDocument>();
  if (snapshot === null) return reusable;
  for (let docIndex = 0; docIndex < snapshot.documents.count; docIndex += 1) {
    const analyzed = analyzedDocumentOf(snapshot, docIndex);
    reusable.set(analyzed.document.relativePath, analyzed);
  }
  return reusable;
}

/**
 * Whether the artifact is missing or older than anything in the seeds folder: a file, a sidecar, or a
 * folder (whose time changes when a file is added or removed). Cheap: reads file times, not contents.
 */
export async function isIndexStale(seedsDir: string, indexPath: string): Promise<boolean> {
  const artifact = await stat(indexPath).catch(() => null);
  if (artifact === null) return true;
  const root = await stat(seedsDir).catch(() => null);
  if (root === null) return false;
  let newest = root.mtimeMs;
  const entries = await readdir(seedsDir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    const info = await stat(path.join(entry.parentPath, entry.name)).catch(() => null);
    if (info !== null) newest = Math.max(newest, info.mtimeMs);
  }
  return newest > artifact.mtimeMs;
}
