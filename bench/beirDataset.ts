/**
 * Reading a dataset in BEIR's folder layout: `corpus.jsonl` (`_id`, `title`, `text`), `queries.jsonl`
 * (`_id`, `text`) and `qrels/<split>.tsv` (`query-id`, `corpus-id`, `score`). Every problem a user can
 * cause — a wrong folder, a split that is not there, a malformed line — becomes a
 * {@link BeirDatasetError} whose message names the file, so the command can print it without a trace.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type CorpusArticle, readBeirCorpus, readJsonLines } from './corpus.ts';
import type { Judgments } from './evalMetrics.ts';

/** A dataset that cannot be read as BEIR; the message says which file and why. */
export class BeirDatasetError extends Error {
  override readonly name = 'BeirDatasetError';
}

/** Judgments of every query of a split: query id → (document id → grade). */
export type Qrels = Map<string, Map<string, number>>;

/** One BEIR dataset with the judgments of one split. */
export interface BeirDataset {
  /** The folder's name, used to label results. */
  name: string;
  split: string;
  corpus: CorpusArticle[];
  /** Query id → query text, for every query in `queries.jsonl` (judged or not). */
  queries: Map<string, string>;
  qrels: Qrels;
}

/** A judged query ready to run. */
export interface JudgedQuery {
  id: string;
  text: string;
  judgments: Judgments;
}

/**
 * Reads the corpus, the queries and the split's judgments from `dir`. Throws {@link BeirDatasetError}
 * when the folder, one of the files or the split is missing, or a line cannot be parsed.
 */
export async function readBeirDataset(dir: string, split: string): Promise<BeirDataset> {
  const info = await stat(dir).catch(() => null);
  if (info === null || !info.isDirectory()) {
    throw new BeirDatasetError(`No dataset folder at ${dir}. Pass --dataset with a BEIR-layout folder.`);
  }
  for (const file of ['corpus.jsonl', 'queries.jsonl']) {
    if (!(await isFile(path.join(dir, file)))) {
      throw new BeirDatasetError(`${path.join(dir, file)} is missing: ${dir} is not a BEIR-layout folder.`);
    }
  }
  const qrelsFile = path.join(dir, 'qrels', `${split}.tsv`);
  if (!(await isFile(qrelsFile))) {
    const available = await availableSplits(dir);
    const hint = available.length === 0 ? 'there is no qrels/*.tsv' : `available: ${available.join(', ')}`;
    throw new BeirDatasetError(`No judgments for split "${split}" at ${qrelsFile} (${hint}).`);
  }
  const corpus = await parsingFile(path.join(dir, 'corpus.jsonl'), () => readBeirCorpus(dir));
  const queries = await readBeirQueries(path.join(dir, 'queries.jsonl'));
  const qrels = await parsingFile(qrelsFile, async () => parseQrels(await readFile(qrelsFile, 'utf8')));
  return { name: path.basename(path.resolve(dir)), split, corpus, queries, qrels };
}

/** Reads `queries.jsonl` into query id → text. Throws {@link BeirDatasetError} on a malformed row. */
export async function readBeirQueries(file: string): Promise<Map<string, string>> {
  const rows = await parsingFile(file, () => readJsonLines(file));
  const queries = new Map<string, string>();
  rows.forEach((row, i) => {
    if (!isQueryRow(row)) {
      throw new BeirDatasetError(`${file}: row ${i + 1} has no "_id" and "text".`);
    }
    queries.set(String(row._id), row.text);
  });
  return queries;
}

/**
 * Parses a qrels TSV: `query-id<TAB>corpus-id<TAB>score` per line, with an optional header line and
 * either line ending. TREC's four-column form (`query-id 0 corpus-id score`) is read too. A pair
 * listed twice keeps its last grade, as pytrec_eval does. Throws {@link BeirDatasetError} naming the
 * first line that is neither.
 */
export function parseQrels(text: string): Qrels {
  const qrels: Qrels = new Map();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim() === '') return;
      // Tab-separated as BEIR writes it; TREC qrels separate by spaces.
      const fields = line.includes('\t')
        ? line.split('\t').map((field) => field.trim())
        : line.trim().split(/\s+/);
      const [queryId, documentId, grade] =
        fields.length === 4 ? [fields[0], fields[2], fields[3]] : [fields[0], fields[1], fields[2]];
      const score = Number(grade);
      if (
        queryId === undefined ||
        documentId === undefined ||
        grade === undefined ||
        !Number.isFinite(score)
      ) {
        // The header (`query-id corpus-id score`) is the one line allowed not to end in a number.
        if (i === 0) return;
        throw new BeirDatasetError(`line ${i + 1} is not "query-id<TAB>corpus-id<TAB>score": ${line}`);
      }
      let judgments = qrels.get(queryId);
      if (judgments === undefined) {
        judgments = new Map();
        qrels.set(queryId, judgments);
      }
      judgments.set(documentId, score);
    });
  return qrels;
}

/**
 * The queries to evaluate: those judged in the split with at least one relevant document, in qrels
 * order. Judged queries missing from `queries.jsonl`, or with no relevant document (no metric can
 * reward them), are listed in `skipped` with the reason, for the caller to report.
 */
export function judgedQueries(dataset: BeirDataset): { queries: JudgedQuery[]; skipped: string[] } {
  const queries: JudgedQuery[] = [];
  const skipped: string[] = [];
  for (const [id, judgments] of dataset.qrels) {
    const text = dataset.queries.get(id);
    if (text === undefined) skipped.push(`query ${id}: judged but not in queries.jsonl`);
    else if (![...judgments.values()].some((grade) => grade > 0))
      skipped.push(`query ${id}: no document judged relevant`);
    else queries.push({ id, text, judgments });
  }
  return { queries, skipped };
}

function isQueryRow(row: unknown): row is { _id: string | number; text: string } {
  if (typeof row !== 'object' || row === null) return false;
  const { _id, text } = row as Record<string, unknown>;
  return (typeof _id === 'string' || typeof _id === 'number') && typeof text === 'string';
}

async function isFile(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => null);
  return info?.isFile() === true;
}

async function availableSplits(dir: string): Promise<string[]> {
  const names = await readdir(path.join(dir, 'qrels')).catch(() => []);
  return names
    .filter((name) => name.endsWith('.tsv'))
    .map((name) => name.slice(0, -'.tsv'.length))
    .sort();
}

/** Runs a reader, turning a parse failure into a {@link BeirDatasetError} that names the file. */
async function parsingFile<T>(file: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof BeirDatasetError) throw new BeirDatasetError(`${file}: ${error.message}`);
    const why = error instanceof Error ? error.message : String(error);
    throw new BeirDatasetError(`${file} could not be read: ${why}`);
  }
}
