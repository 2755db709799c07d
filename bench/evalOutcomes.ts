/**
 * Per-query outcome files: what `npm run eval` writes for each collection and engine (JSON lines, one
 * query a line) and what `npm run eval-compare` reads back. Also where they live: the latest run of each
 * engine in `bench/results/`, and named runs kept with `--save-run NAME` in
 * `bench/results/runs/NAME/<collection>.jsonl`.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../index/paths.ts';
import type { QueryOutcome } from './evalRun.ts';

/** Where outcome files go unless `--results-dir` says otherwise (git-ignored). */
export const DEFAULT_RESULTS_DIR = path.join(PROJECT_ROOT, 'bench', 'results');

/** The per-query metrics a comparison can test, by the name the command line uses. */
export const OUTCOME_METRICS = {
  'ndcg@10': 'ndcg10',
  'mrr@10': 'mrr10',
  'recall@100': 'recall100',
} as const satisfies Record<string, keyof QueryOutcome>;

export type OutcomeMetric = keyof typeof OUTCOME_METRICS;

/** A file that cannot be read as per-query outcomes, or a run that is not there; the message says which. */
export class OutcomeFileError extends Error {
  override readonly name = 'OutcomeFileError';
}

/** What a comparison needs of one line; the rest of the line (top ten, notices…) is for people. */
const storedOutcomeSchema = z.object({
  id: z.string(),
  ndcg10: z.number(),
  mrr10: z.number(),
  recall100: z.number(),
});

export type StoredOutcome = z.infer<typeof storedOutcomeSchema>;

/** Writes one collection's outcomes as JSON lines, metrics rounded to 4 places, creating the folder. */
export async function writeOutcomes(file: string, outcomes: readonly QueryOutcome[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const lines = outcomes.map((outcome) =>
    JSON.stringify({
      id: outcome.id,
      text: outcome.text,
      ndcg10: round4(outcome.ndcg10),
      mrr10: round4(outcome.mrr10),
      recall100: round4(outcome.recall100),
      total: outcome.total,
      fallback: outcome.fallback,
      error: outcome.error,
      notices: outcome.notices,
      top10: outcome.top10,
      relevant: outcome.relevant,
      ms: outcome.ms,
    }),
  );
  await writeFile(file, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
}

/** Reads an outcome file. Throws {@link OutcomeFileError} naming the file and line when it cannot. */
export async function readOutcomes(file: string): Promise<StoredOutcome[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new OutcomeFileError(`${file} cannot be read: is it a per-query file written by npm run eval?`);
  }
  const outcomes: StoredOutcome[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new OutcomeFileError(`${file}: line ${i + 1} is not JSON.`);
    }
    const parsed = storedOutcomeSchema.safeParse(row);
    if (!parsed.success) {
      throw new OutcomeFileError(`${file}: line ${i + 1} has no "id", "ndcg10", "mrr10" and "recall100".`);
    }
    outcomes.push(parsed.data);
  }
  return outcomes;
}

/** The latest outcomes of `engine` on a collection: `<dir>/eval-<collection>-<split>-<engine>.jsonl`. */
export function latestOutcomeFile(
  resultsDir: string,
  collection: string,
  split: string,
  engine: string,
): string {
  return path.join(resultsDir, `eval-${collection}-${split}-${engine}.jsonl`);
}

/** A run name becomes a folder name, so it is kept to letters, digits, `.`, `_` and `-`. */
const RUN_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** Whether `name` can name a saved run. */
export function isRunName(name: string): boolean {
  return RUN_NAME.test(name);
}

/** The folder of the saved run `name`. */
export function runFolder(resultsDir: string, name: string): string {
  return path.join(resultsDir, 'runs', name);
}

/**
 * The file of one collection in a saved run: `<collection>.jsonl` for the `test` split, the one every
 * collection of the suite is judged on, and `<collection>-<split>.jsonl` for another.
 */
export function runCollectionFile(
  resultsDir: string,
  name: string,
  collection: string,
  split: string,
): string {
  const stem = split === 'test' ? collection : `${collection}-${split}`;
  return path.join(runFolder(resultsDir, name), `${stem}.jsonl`);
}

/**
 * The collections of a saved run (its `*.jsonl` files, without the extension), sorted. Throws
 * {@link OutcomeFileError} when the run is not there.
 */
export async function runCollections(resultsDir: string, name: string): Promise<string[]> {
  const folder = runFolder(resultsDir, name);
  const info = await stat(folder).catch(() => null);
  if (info === null || !info.isDirectory()) {
    throw new OutcomeFileError(
      `No saved run "${name}" at ${folder}. Save one with npm run eval -- --save-run ${name}.`,
    );
  }
  const files = await readdir(folder);
  return files
    .filter((file) => file.endsWith('.jsonl'))
    .map((file) => file.slice(0, -'.jsonl'.length))
    .sort();
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
