/**
 * `npm run eval -- --dataset DIR [--dataset DIR …]`: retrieval quality on BEIR-layout collections,
 * measured the way BEIR reports it (nDCG@10, MRR@10, Recall@100), for Lede — through the same build
 * step and the same `SearchEngine.search` call the API uses, with default options unless a flag
 * overrides one — and, with `--engine`, for reference engines in the same run (`evalEngines.ts`).
 *
 *   npm run eval -- --dataset DIR [--dataset DIR …] [--split test] [--json]
 *                   [--engine lede,minisearch,bm25] [--bm25-k1 1.2] [--bm25-b 0.75]
 *                   [--save-run NAME] [--results-dir DIR]
 *                   [--k1 N] [--b N] [--d N] [--title-boost N] [--body-boost N]
 *                   [--coordination N] [--proximity N] [--typed-phrase N] [--no-fuzzy]
 *                   [--misspell SEED]
 *
 * The table — a row per engine and collection, and each engine's mean over the collections — or, with
 * `--json`, one JSON object goes to stdout; progress and warnings to stderr. Each engine's per-query
 * outcomes on each collection are written as JSON lines to
 * `<results-dir>/eval-<collection>-<split>-<engine>.jsonl` (default results dir `bench/results/`), and
 * with `--save-run NAME` also to `<results-dir>/runs/NAME/<collection>.jsonl` for `npm run eval-compare`.
 * With `--misspell SEED`, every judged query is asked with one slip in one of its words (misspell.ts;
 * seeded per collection), to measure how well typos are forgiven against the same judgments.
 * Exit codes: 0 done, 1 a dataset cannot be read, 2 bad arguments. npm prints its own `> lede eval`
 * banner on stdout; for a pipe, run `npm run --silent eval -- … --json`.
 */
import path from 'node:path';
import { styleText } from 'node:util';
import { Command, InvalidArgumentError } from 'commander';
import { defaultEngineOptions, type EngineOptions } from '../index/search/engineOptions.ts';
import { BeirDatasetError, type JudgedQuery, judgedQueries, readBeirDataset } from './beirDataset.ts';
import { Rng } from './benchRandom.ts';
import { positiveInteger } from './cliArguments.ts';
import { safeId } from './corpus.ts';
import { EVAL_ENGINE_IDS, type EvalEngine, type EvalEngineId, evalEngine } from './evalEngines.ts';
import { mean } from './evalMetrics.ts';
import {
  DEFAULT_RESULTS_DIR,
  isRunName,
  latestOutcomeFile,
  runCollectionFile,
  writeOutcomes,
} from './evalOutcomes.ts';
import { type EvalSummary, type QueryOutcome, runQuery, summarize } from './evalRun.ts';
import { misspellQuery } from './misspell.ts';
import { defaultBm25Parameters } from './referenceBm25.ts';

interface EvalCommandOptions {
  dataset: string[];
  split: string;
  json: boolean;
  engine: EvalEngineId[];
  bm25K1?: number;
  bm25B?: number;
  saveRun?: string;
  resultsDir: string;
  k1?: number;
  k?: number;
  b?: number;
  d?: number;
  titleBoost?: number;
  bodyBoost?: number;
  coordination?: number;
  proximity?: number;
  typedPhrase?: number;
  fuzzy: boolean;
  misspell?: number;
}

const program = new Command('lede-eval')
  .description(
    'Evaluate Lede, and reference engines, on BEIR-layout datasets (corpus.jsonl, queries.jsonl, qrels/<split>.tsv).',
  )
  .option('--dataset <dir>', 'BEIR-layout dataset folder (required); repeat it for several', collect, [])
  .option('--split <name>', 'qrels split to evaluate', 'test')
  .option('--json', 'print one JSON object with the scores, and nothing else, on stdout', false)
  .option(
    '--engine <list>',
    `engines to evaluate, comma-separated: ${EVAL_ENGINE_IDS.join(', ')}`,
    engineList,
    ['lede'] as EvalEngineId[],
  )
  .option('--bm25-k1 <n>', `the reference BM25's k1 (default ${defaultBm25Parameters.k1})`, nonNegative)
  .option('--bm25-b <n>', `the reference BM25's b (default ${defaultBm25Parameters.b})`, unitInterval)
  .option(
    '--save-run <name>',
    'also keep the per-query outcomes as the run NAME (NAME-<engine> for each of several engines)',
    runName,
  )
  .option('--results-dir <dir>', 'where per-query outcomes and saved runs go', DEFAULT_RESULTS_DIR)
  .option('--k1 <n>', `Lede's BM25 term saturation k (default ${defaultEngineOptions.bm25.k})`, nonNegative)
  .option('--k <n>', 'same as --k1', nonNegative)
  .option(
    '--b <n>',
    `Lede's BM25 length normalization b (default ${defaultEngineOptions.bm25.b})`,
    unitInterval,
  )
  .option('--d <n>', `Lede's BM25+ floor d (default ${defaultEngineOptions.bm25.d})`, nonNegative)
  .option(
    '--title-boost <n>',
    `title field boost (default ${defaultEngineOptions.fieldBoosts.title})`,
    nonNegative,
  )
  .option(
    '--body-boost <n>',
    `body field boost (default ${defaultEngineOptions.fieldBoosts.body})`,
    nonNegative,
  )
  .option(
    '--coordination <n>',
    `coordinationExponent (default ${defaultEngineOptions.coordinationExponent})`,
    nonNegative,
  )
  .option('--proximity <n>', `proximityWeight (default ${defaultEngineOptions.proximityWeight})`, nonNegative)
  .option(
    '--typed-phrase <n>',
    `typedPhraseWeight (default ${defaultEngineOptions.typedPhraseWeight})`,
    nonNegative,
  )
  .option('--no-fuzzy', "turn Lede's typo tolerance off")
  .option('--misspell <seed>', 'ask every judged query with one slip in one word, seeded', positiveInteger)
  .showHelpAfterError()
  // A wrong argument exits 2, as usage errors do; a dataset that cannot be read exits 1.
  .exitOverride((error) => {
    if (error.exitCode !== 0) process.exit(2);
  });

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function engineList(value: string): EvalEngineId[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const engines: EvalEngineId[] = [];
  for (const name of names) {
    const id = EVAL_ENGINE_IDS.find((known) => known === name);
    if (id === undefined) throw new InvalidArgumentError(`expected some of ${EVAL_ENGINE_IDS.join(', ')}.`);
    if (!engines.includes(id)) engines.push(id);
  }
  if (engines.length === 0) throw new InvalidArgumentError('expected at least one engine.');
  return engines;
}

/** The dataset with every query given one slip (see misspell.ts), the same for a seed and collection. */
function misspelt(dataset: LoadedDataset, seed: number): LoadedDataset {
  const rng = new Rng(seed);
  const queries = dataset.queries.map((query) => ({ ...query, text: misspellQuery(query.text, rng) }));
  const changed = queries.filter((query, i) => query.text !== dataset.queries[i]?.text).length;
  console.error(`${dataset.collection}: ${changed} of ${queries.length} queries misspelt (seed ${seed})`);
  return { ...dataset, queries };
}

function runName(value: string): string {
  if (!isRunName(value)) throw new InvalidArgumentError('expected letters, digits, ".", "_" and "-" only.');
  return value;
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('expected a number ≥ 0.');
  return n;
}

function unitInterval(value: string): number {
  const n = nonNegative(value);
  if (n > 1) throw new InvalidArgumentError('expected a number from 0 to 1.');
  return n;
}

/** The Lede engine options the flags change; everything else stays at its default. */
function engineOverrides(options: EvalCommandOptions): Partial<EngineOptions> {
  const overrides: Partial<EngineOptions> = {};
  const k = options.k1 ?? options.k;
  if (k !== undefined || options.b !== undefined || options.d !== undefined) {
    const bm25 = defaultEngineOptions.bm25;
    overrides.bm25 = { k: k ?? bm25.k, b: options.b ?? bm25.b, d: options.d ?? bm25.d };
  }
  if (options.titleBoost !== undefined || options.bodyBoost !== undefined) {
    const boosts = defaultEngineOptions.fieldBoosts;
    overrides.fieldBoosts = {
      ...boosts,
      title: options.titleBoost ?? boosts.title,
      body: options.bodyBoost ?? boosts.body,
    };
  }
  if (options.coordination !== undefined) overrides.coordinationExponent = options.coordination;
  if (options.proximity !== undefined) overrides.proximityWeight = options.proximity;
  if (options.typedPhrase !== undefined) overrides.typedPhraseWeight = options.typedPhrase;
  // No word is ever rare enough to be expanded when the threshold is 0 documents.
  if (!options.fuzzy) overrides.fuzzyBelowDocFreq = 0;
  return overrides;
}

/** One engine on one collection: its scores and what the run was, besides them. */
interface CollectionResult {
  collection: string;
  summary: EvalSummary;
  documents: number;
  buildMs: number;
  prepareMs: number;
  outcomeFile: string;
}

/** One engine on every collection, with what it was asked. */
interface EngineResult {
  engine: EvalEngine;
  options: object;
  collections: CollectionResult[];
}

/** A dataset that was read, with its judged queries. */
interface LoadedDataset {
  collection: string;
  corpus: Awaited<ReturnType<typeof readBeirDataset>>['corpus'];
  queries: JudgedQuery[];
}

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<EvalCommandOptions>();
  if (options.dataset.length === 0) program.error('error: give at least one --dataset DIR.');
  const overrides = engineOverrides(options);
  const bm25 = {
    k1: options.bm25K1 ?? defaultBm25Parameters.k1,
    b: options.bm25B ?? defaultBm25Parameters.b,
  };
  const engines = options.engine.map((id) => evalEngine(id, { lede: overrides, bm25 }));
  const resultsDir = path.resolve(options.resultsDir);

  const collections = options.dataset.map((dir) => safeId(path.basename(path.resolve(dir))));
  const repeated = collections.find((name, i) => collections.indexOf(name) !== i);
  if (repeated !== undefined) {
    program.error(
      `error: two datasets are named ${repeated}; each collection's results are filed under its folder's name.`,
    );
  }

  const results: EngineResult[] = engines.map((engine) => ({
    engine,
    options: engine.id === 'lede' ? overrides : engine.id === 'bm25' ? bm25 : {},
    collections: [],
  }));
  for (const dir of options.dataset) {
    const loaded = await loadDataset(dir, options.split);
    if (loaded === null) {
      process.exitCode = 1;
      return;
    }
    const dataset = options.misspell === undefined ? loaded : misspelt(loaded, options.misspell);
    for (const result of results) {
      const { collection, outcomes } = await evaluate(result.engine, dataset, options.split, resultsDir);
      result.collections.push(collection);
      if (options.saveRun !== undefined) {
        const name = engines.length === 1 ? options.saveRun : `${options.saveRun}-${result.engine.name}`;
        const file = runCollectionFile(resultsDir, name, dataset.collection, safeId(options.split));
        await writeOutcomes(file, outcomes);
        console.error(`Saved as run ${name}: ${displayPath(file)}`);
      }
    }
  }

  console.log(
    options.json
      ? JSON.stringify({ ...toJson(results, options.split), misspell: options.misspell ?? null }, null, 2)
      : formatReport(results, options.split, options.misspell),
  );
}

/** Reads a dataset and reports skipped queries; prints the error and returns null when it cannot. */
async function loadDataset(dir: string, split: string): Promise<LoadedDataset | null> {
  try {
    const dataset = await readBeirDataset(path.resolve(dir), split);
    const { queries, skipped } = judgedQueries(dataset);
    for (const reason of skipped) console.error(`${dataset.name}: skipped ${reason}`);
    return { collection: safeId(dataset.name), corpus: dataset.corpus, queries };
  } catch (error) {
    if (!(error instanceof BeirDatasetError)) throw error;
    fail(error.message);
    return null;
  }
}

/** Builds `engine` over a collection, runs its judged queries and writes their outcomes. */
async function evaluate(
  engine: EvalEngine,
  dataset: LoadedDataset,
  split: string,
  resultsDir: string,
): Promise<{ collection: CollectionResult; outcomes: QueryOutcome[] }> {
  console.error(
    `${engine.label}: indexing ${dataset.corpus.length.toLocaleString('en-US')} documents of ${dataset.collection}…`,
  );
  const built = await engine.build(dataset.corpus);
  reportWarnings(built.warnings);
  console.error(`${engine.label}: running ${dataset.queries.length} queries of the ${split} split…`);
  const outcomes = dataset.queries.map((query) => runQuery(built.retrieve, query));
  const outcomeFile = latestOutcomeFile(resultsDir, dataset.collection, safeId(split), engine.name);
  await writeOutcomes(outcomeFile, outcomes);
  console.error(`${engine.label}: per-query results written to ${displayPath(outcomeFile)}`);
  const collection: CollectionResult = {
    collection: dataset.collection,
    summary: summarize(outcomes),
    documents: built.documentCount,
    buildMs: built.buildMs,
    prepareMs: built.prepareMs,
    outcomeFile,
  };
  return { collection, outcomes };
}

/** An engine's unweighted mean over the collections: each collection counts once, whatever its size. */
function meanOf(collections: readonly CollectionResult[]) {
  return {
    ndcg10: mean(collections.map((c) => c.summary.ndcg10)),
    mrr10: mean(collections.map((c) => c.summary.mrr10)),
    recall100: mean(collections.map((c) => c.summary.recall100)),
    queries: collections.reduce((total, c) => total + c.summary.queries, 0),
    buildMs: collections.reduce((total, c) => total + c.buildMs, 0),
  };
}

/** The `--json` object: per engine, each collection's figures in BEIR's names, then the mean. */
function toJson(results: readonly EngineResult[], split: string) {
  return {
    split,
    engines: results.map((result) => {
      const average = meanOf(result.collections);
      return {
        engine: result.engine.id,
        name: result.engine.name,
        label: result.engine.label,
        options: result.options,
        collections: result.collections.map((c) => ({
          collection: c.collection,
          'ndcg@10': round(c.summary.ndcg10, 6),
          'mrr@10': round(c.summary.mrr10, 6),
          'recall@100': round(c.summary.recall100, 6),
          queries: c.summary.queries,
          documents: c.documents,
          buildMs: c.buildMs,
          prepareMs: c.prepareMs,
          meanQueryMs: round(c.summary.meanQueryMs, 3),
          queryErrors: c.summary.queryErrors,
          fallbacks: c.summary.fallbacks,
          noResults: c.summary.noResults,
          perQuery: c.outcomeFile,
        })),
        mean: {
          'ndcg@10': round(average.ndcg10, 6),
          'mrr@10': round(average.mrr10, 6),
          'recall@100': round(average.recall100, 6),
          queries: average.queries,
          collections: result.collections.length,
        },
      };
    }),
  };
}

/** The table, then a line per engine and collection on what the scores do not show. */
function formatReport(results: readonly EngineResult[], split: string, misspell?: number): string {
  const header = ['engine', 'collection', 'nDCG@10', 'MRR@10', 'Recall@100', 'queries', 'build s'];
  const rows: string[][] = [];
  for (const result of results) {
    for (const c of result.collections) {
      rows.push([
        result.engine.label,
        c.collection,
        c.summary.ndcg10.toFixed(4),
        c.summary.mrr10.toFixed(4),
        c.summary.recall100.toFixed(4),
        String(c.summary.queries),
        (c.buildMs / 1000).toFixed(1),
      ]);
    }
    if (result.collections.length > 1) {
      const average = meanOf(result.collections);
      rows.push([
        result.engine.label,
        'mean',
        average.ndcg10.toFixed(4),
        average.mrr10.toFixed(4),
        average.recall100.toFixed(4),
        String(average.queries),
        (average.buildMs / 1000).toFixed(1),
      ]);
    }
  }
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  // Names left-aligned, figures right-aligned.
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const notes = [
    `split ${split}; mean = unweighted mean over the collections (queries and build s summed)`,
    ...(misspell === undefined
      ? []
      : [`every query asked with one slip in one word (--misspell ${misspell})`]),
    ...results.flatMap((result) => [
      ...(result.engine.id === 'lede' ? [`lede options: ${describeOptions(result.options)}`] : []),
      ...result.collections.map(
        (c) => `${result.engine.label} on ${c.collection}: ${describeRun(result, c)}`,
      ),
    ]),
  ];
  return [line(header), ...rows.map(line), '', ...notes].join('\n').trimEnd();
}

function describeRun(result: EngineResult, c: CollectionResult): string {
  const s = c.summary;
  const parts = [
    `${c.documents.toLocaleString('en-US')} documents`,
    `mean query ${s.meanQueryMs.toFixed(2)} ms`,
  ];
  if (result.engine.id === 'lede') {
    parts.push(
      `${s.fallbacks} of ${s.queries} answered with any word`,
      `${s.queryErrors} query errors (scored 0)`,
      `${s.noResults} without results`,
      `+${(c.prepareMs / 1000).toFixed(1)} s writing files`,
    );
  } else if (s.noResults > 0) {
    parts.push(`${s.noResults} without results`);
  }
  return parts.join(', ');
}

function describeOptions(options: object): string {
  const entries = Object.entries(options);
  if (entries.length === 0) return 'defaults';
  return entries.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(' ');
}

/** Build warnings on stderr: a count and the first few, since a corpus can produce thousands. */
function reportWarnings(warnings: readonly string[]): void {
  if (warnings.length === 0) return;
  console.error(`${warnings.length} build ${warnings.length === 1 ? 'warning' : 'warnings'}:`);
  for (const warning of warnings.slice(0, 5)) console.error(`  ${warning}`);
  if (warnings.length > 5) console.error(`  … and ${warnings.length - 5} more`);
}

function fail(message: string): void {
  console.error(`${styleText('red', 'error:')} ${message}`);
}

function displayPath(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

await main();
