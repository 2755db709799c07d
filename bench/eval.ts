/**
 * `npm run eval -- --dataset DIR`: Lede's retrieval quality on a BEIR-layout dataset, measured the
 * way BEIR reports it (nDCG@10, MRR@10, Recall@100), through the same build step and the same
 * `SearchEngine.search` call the API uses, with default options unless a flag overrides one.
 *
 *   npm run eval -- --dataset DIR [--split test] [--json] [--per-query FILE]
 *                   [--k1 N] [--b N] [--d N] [--title-boost N] [--body-boost N]
 *                   [--coordination N] [--proximity N] [--typed-phrase N] [--no-fuzzy]
 *
 * The table (or, with `--json`, one JSON object) goes to stdout; progress and warnings to stderr.
 * Per-query outcomes are written as JSON lines to `--per-query` (default
 * `bench/results/eval-<dataset>-<split>.jsonl`). Exit codes: 0 done, 1 the dataset cannot be read.
 * npm prints its own `> lede eval` banner on stdout; for a pipe, run `npm run --silent eval -- … --json`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { styleText } from 'node:util';
import { Command, InvalidArgumentError } from 'commander';
import { defaultEngineOptions, type EngineOptions, SearchEngine } from '../index/engine.ts';
import { PROJECT_ROOT } from '../index/paths.ts';
import { BeirDatasetError, judgedQueries, readBeirDataset } from './beirDataset.ts';
import { safeId } from './corpus.ts';
import { buildEvalIndex, type EvalSummary, type QueryOutcome, runQuery, summarize } from './evalRun.ts';

interface EvalCommandOptions {
  dataset: string;
  split: string;
  json: boolean;
  perQuery?: string;
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
}

const program = new Command('lede-eval')
  .description('Evaluate Lede on a BEIR-layout dataset (corpus.jsonl, queries.jsonl, qrels/<split>.tsv).')
  .requiredOption('--dataset <dir>', 'BEIR-layout dataset folder')
  .option('--split <name>', 'qrels split to evaluate', 'test')
  .option('--json', 'print one JSON object with the scores, and nothing else, on stdout', false)
  .option('--per-query <file>', 'where to write per-query outcomes (JSON lines)')
  .option('--k1 <n>', `BM25 term saturation k (default ${defaultEngineOptions.bm25.k})`, nonNegative)
  .option('--k <n>', 'same as --k1', nonNegative)
  .option('--b <n>', `BM25 length normalization b (default ${defaultEngineOptions.bm25.b})`, unitInterval)
  .option('--d <n>', `BM25+ floor d (default ${defaultEngineOptions.bm25.d})`, nonNegative)
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
  .option('--no-fuzzy', 'turn typo tolerance off')
  .showHelpAfterError();

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

/** The engine options the flags change; everything else stays at its default. */
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

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<EvalCommandOptions>();
  const overrides = engineOverrides(options);

  let dataset: Awaited<ReturnType<typeof readBeirDataset>>;
  try {
    dataset = await readBeirDataset(path.resolve(options.dataset), options.split);
  } catch (error) {
    if (!(error instanceof BeirDatasetError)) throw error;
    console.error(`${styleText('red', 'error:')} ${error.message}`);
    process.exitCode = 1;
    return;
  }
  const { queries, skipped } = judgedQueries(dataset);
  for (const reason of skipped) console.error(`skipped ${reason}`);

  console.error(`Indexing ${dataset.corpus.length.toLocaleString('en-US')} documents of ${dataset.name}…`);
  const index = await buildEvalIndex(dataset.corpus);
  reportWarnings(index.warnings);
  const engine = new SearchEngine(index.snapshot, overrides);

  console.error(`Running ${queries.length} queries of the ${dataset.split} split…`);
  const outcomes = queries.map((query) => runQuery(engine, query, index.corpusIds));
  const summary = summarize(outcomes);

  const perQueryFile = path.resolve(
    options.perQuery ??
      path.join(
        PROJECT_ROOT,
        'bench',
        'results',
        `eval-${safeId(dataset.name)}-${safeId(dataset.split)}.jsonl`,
      ),
  );
  await writePerQuery(perQueryFile, outcomes);
  console.error(`Per-query results written to ${path.relative(process.cwd(), perQueryFile) || perQueryFile}`);

  const facts: RunFacts = {
    dataset: dataset.name,
    split: dataset.split,
    documents: index.documentCount,
    materializeMs: index.materializeMs,
    buildMs: index.buildMs,
    overrides,
  };
  console.log(options.json ? JSON.stringify(toJson(summary, facts), null, 2) : formatTable(summary, facts));
}

/** What the run was, besides its scores. */
interface RunFacts {
  dataset: string;
  split: string;
  documents: number;
  materializeMs: number;
  buildMs: number;
  overrides: Partial<EngineOptions>;
}

/** The `--json` object: the four promised keys first, in BEIR's names, then the details. */
function toJson(summary: EvalSummary, facts: RunFacts) {
  return {
    'ndcg@10': round(summary.ndcg10, 6),
    'mrr@10': round(summary.mrr10, 6),
    'recall@100': round(summary.recall100, 6),
    queries: summary.queries,
    dataset: facts.dataset,
    split: facts.split,
    documents: facts.documents,
    queryErrors: summary.queryErrors,
    fallbacks: summary.fallbacks,
    noResults: summary.noResults,
    buildMs: facts.buildMs,
    materializeMs: facts.materializeMs,
    meanQueryMs: round(summary.meanQueryMs, 3),
    options: facts.overrides,
  };
}

function formatTable(summary: EvalSummary, facts: RunFacts): string {
  const rows: [string, string][] = [
    ['dataset', facts.dataset],
    ['split', facts.split],
    ['queries', String(summary.queries)],
    ['nDCG@10', summary.ndcg10.toFixed(4)],
    ['MRR@10', summary.mrr10.toFixed(4)],
    ['Recall@100', summary.recall100.toFixed(4)],
    [
      'index build',
      `${(facts.buildMs / 1000).toFixed(1)} s for ${facts.documents.toLocaleString('en-US')} documents (+${(facts.materializeMs / 1000).toFixed(1)} s writing files)`,
    ],
    ['mean query', `${summary.meanQueryMs.toFixed(2)} ms (top 100 with snippets)`],
    ['fallbacks', `${summary.fallbacks} answered with any word`],
    ['query errors', `${summary.queryErrors} (scored 0)`],
    ['no results', String(summary.noResults)],
    ['options', describeOverrides(facts.overrides)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

function describeOverrides(overrides: Partial<EngineOptions>): string {
  const entries = Object.entries(overrides);
  if (entries.length === 0) return 'defaults';
  return entries.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(' ');
}

async function writePerQuery(file: string, outcomes: readonly QueryOutcome[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const lines = outcomes.map((outcome) =>
    JSON.stringify({
      id: outcome.id,
      text: outcome.text,
      ndcg10: round(outcome.ndcg10, 4),
      mrr10: round(outcome.mrr10, 4),
      recall100: round(outcome.recall100, 4),
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

/** Build warnings on stderr: a count and the first few, since a corpus can produce thousands. */
function reportWarnings(warnings: readonly string[]): void {
  if (warnings.length === 0) return;
  console.error(`${warnings.length} build ${warnings.length === 1 ? 'warning' : 'warnings'}:`);
  for (const warning of warnings.slice(0, 5)) console.error(`  ${warning}`);
  if (warnings.length > 5) console.error(`  … and ${warnings.length - 5} more`);
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

await main();
