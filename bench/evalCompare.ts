/**
 * `npm run eval-compare`: whether two evaluation runs differ by more than chance, query by query, with a
 * paired randomization test (`evalSignificance.ts`).
 *
 *   npm run eval-compare -- A.jsonl B.jsonl [--metric ndcg@10] [--rounds 10000] [--seed 15] [--json]
 *   npm run eval-compare -- --runs A B [--results-dir DIR] [--metric …] [--rounds …] [--seed …] [--json]
 *
 * The first form reads two per-query files of one collection (written by `npm run eval`), pairs their
 * queries by id and prints mean A, mean B, the difference B − A and the two-sided p-value. The second
 * compares two runs saved with `npm run eval -- --save-run NAME`, every collection present in both,
 * as a table: collection, A, B, Δ, p, and the unweighted mean over those collections (without a p-value:
 * the test is per collection). Exit codes: 0 done, 1 a file or run cannot be read or the queries do
 * not pair up, 2 bad arguments.
 */
import path from 'node:path';
import { styleText } from 'node:util';
import { Command, InvalidArgumentError } from 'commander';
import { positiveInteger } from './cliArguments.ts';
import { mean } from './evalMetrics.ts';
import {
  DEFAULT_RESULTS_DIR,
  isRunName,
  OUTCOME_METRICS,
  OutcomeFileError,
  type OutcomeMetric,
  readOutcomes,
  runCollections,
  runFolder,
  type StoredOutcome,
} from './evalOutcomes.ts';
import {
  defaultRandomizationOptions,
  type PairedTestResult,
  pairedRandomizationTest,
} from './evalSignificance.ts';

interface CompareCommandOptions {
  runs?: string[];
  resultsDir: string;
  metric: OutcomeMetric;
  rounds: number;
  seed: number;
  json: boolean;
}

const METRIC_NAMES = Object.keys(OUTCOME_METRICS) as OutcomeMetric[];

const program = new Command('lede-eval-compare')
  .description('Paired randomization test between two per-query outcome files, or two saved runs.')
  .argument('[files...]', 'two per-query files (A B) of the same collection')
  .option('--runs <names...>', 'two saved runs (A B) instead of files')
  .option('--results-dir <dir>', 'where saved runs are', DEFAULT_RESULTS_DIR)
  .option('--metric <name>', `per-query metric to compare: ${METRIC_NAMES.join(', ')}`, metricName, 'ndcg@10')
  .option('--rounds <n>', 'random sign assignments', positiveInteger, defaultRandomizationOptions.rounds)
  .option('--seed <n>', 'seed of the random signs', nonNegativeInteger, defaultRandomizationOptions.seed)
  .option('--json', 'print one JSON object, and nothing else, on stdout', false)
  .showHelpAfterError()
  // A wrong argument exits 2, as usage errors do; a file or run that cannot be used exits 1.
  .exitOverride((error) => {
    if (error.exitCode !== 0) process.exit(2);
  });

function metricName(value: string): OutcomeMetric {
  const metric = METRIC_NAMES.find((name) => name === value.toLowerCase());
  if (metric === undefined) throw new InvalidArgumentError(`expected one of ${METRIC_NAMES.join(', ')}.`);
  return metric;
}

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new InvalidArgumentError('expected a whole number from 0 to 4294967295.');
  return n;
}

/** One compared pair: what was read, and the test's result. */
interface Comparison {
  /** The collection (runs), or null when two files were given. */
  collection: string | null;
  fileA: string;
  fileB: string;
  result: PairedTestResult;
}

async function main(): Promise<void> {
  program.parse();
  const files = program.args;
  const options = program.opts<CompareCommandOptions>();
  const runs = options.runs;
  if ((runs === undefined) === (files.length === 0) || (runs ?? files).length !== 2) {
    program.error('error: give two per-query files (A B), or --runs A B.');
  }
  for (const name of runs ?? []) {
    if (!isRunName(name)) program.error(`error: "${name}" is not a run name.`);
  }

  let comparisons: Comparison[];
  try {
    comparisons =
      runs === undefined
        ? [await compareFiles(files[0] ?? '', files[1] ?? '', null, options)]
        : await compareRuns(runs[0] ?? '', runs[1] ?? '', options);
  } catch (error) {
    if (!(error instanceof OutcomeFileError)) throw error;
    console.error(`${styleText('red', 'error:')} ${error.message}`);
    process.exitCode = 1;
    return;
  }

  if (options.json) console.log(JSON.stringify(toJson(comparisons, options), null, 2));
  else if (runs === undefined && comparisons[0] !== undefined)
    console.log(formatPair(comparisons[0], options));
  else console.log(formatTable(comparisons, runs ?? [], options));
}

/** Reads two outcome files, pairs their queries by id and tests the difference. */
async function compareFiles(
  fileA: string,
  fileB: string,
  collection: string | null,
  options: CompareCommandOptions,
): Promise<Comparison> {
  const [a, b] = await Promise.all([readOutcomes(path.resolve(fileA)), readOutcomes(path.resolve(fileB))]);
  const [scoresA, scoresB] = pairScores(a, b, fileA, fileB, OUTCOME_METRICS[options.metric]);
  const result = pairedRandomizationTest(scoresA, scoresB, { rounds: options.rounds, seed: options.seed });
  return { collection, fileA, fileB, result };
}

/** Every collection saved in both runs; those in one only are reported on stderr. */
async function compareRuns(
  runA: string,
  runB: string,
  options: CompareCommandOptions,
): Promise<Comparison[]> {
  const resultsDir = path.resolve(options.resultsDir);
  const [inA, inB] = await Promise.all([runCollections(resultsDir, runA), runCollections(resultsDir, runB)]);
  for (const [run, own, other] of [
    [runA, inA, inB],
    [runB, inB, inA],
  ] as const) {
    const alone = own.filter((collection) => !other.includes(collection));
    if (alone.length > 0) console.error(`only in ${run}, not compared: ${alone.join(', ')}`);
  }
  const shared = inA.filter((collection) => inB.includes(collection));
  if (shared.length === 0)
    throw new OutcomeFileError(`Runs ${runA} and ${runB} have no collection in common.`);
  const comparisons: Comparison[] = [];
  for (const collection of shared) {
    const fileA = path.join(runFolder(resultsDir, runA), `${collection}.jsonl`);
    const fileB = path.join(runFolder(resultsDir, runB), `${collection}.jsonl`);
    comparisons.push(await compareFiles(fileA, fileB, collection, options));
  }
  return comparisons;
}

/**
 * The two files' scores, in A's query order. Throws {@link OutcomeFileError} unless both hold exactly
 * the same queries: a paired test over two different sets of queries would compare nothing.
 */
function pairScores(
  a: readonly StoredOutcome[],
  b: readonly StoredOutcome[],
  fileA: string,
  fileB: string,
  key: (typeof OUTCOME_METRICS)[OutcomeMetric],
): [number[], number[]] {
  const byIdB = new Map(b.map((outcome) => [outcome.id, outcome]));
  const idsA = new Set(a.map((outcome) => outcome.id));
  const onlyA = a.filter((outcome) => !byIdB.has(outcome.id)).map((outcome) => outcome.id);
  const onlyB = b.filter((outcome) => !idsA.has(outcome.id)).map((outcome) => outcome.id);
  if (onlyA.length > 0 || onlyB.length > 0 || idsA.size !== a.length || byIdB.size !== b.length) {
    const sample = [...onlyA, ...onlyB].slice(0, 3).join(', ');
    throw new OutcomeFileError(
      `${fileA} (${a.length} queries) and ${fileB} (${b.length}) do not hold the same queries once each` +
        `${sample === '' ? '' : ` (e.g. ${sample})`}: are they the same collection and split?`,
    );
  }
  const scoresA = a.map((outcome) => outcome[key]);
  const scoresB = a.map((outcome) => byIdB.get(outcome.id)?.[key] ?? 0);
  return [scoresA, scoresB];
}

function formatPair(comparison: Comparison, options: CompareCommandOptions): string {
  const r = comparison.result;
  const rows: [string, string][] = [
    ['metric', options.metric],
    ['queries', `${r.queries} (B higher on ${r.wins}, lower on ${r.losses}, equal on ${r.ties})`],
    ['mean A', `${r.meanA.toFixed(4)}  ${comparison.fileA}`],
    ['mean B', `${r.meanB.toFixed(4)}  ${comparison.fileB}`],
    ['Δ (B − A)', signed(r.difference)],
    ['p', `${formatP(r.p)}  (two-sided paired randomization test, ${describeRounds(r)})`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

function formatTable(
  comparisons: readonly Comparison[],
  runs: readonly string[],
  options: CompareCommandOptions,
): string {
  const [runA = 'A', runB = 'B'] = runs;
  const header = ['collection', 'queries', `A ${runA}`, `B ${runB}`, 'Δ (B − A)', 'p'];
  const rows = comparisons.map(({ collection, result: r }) => [
    collection ?? '',
    String(r.queries),
    r.meanA.toFixed(4),
    r.meanB.toFixed(4),
    signed(r.difference),
    formatP(r.p),
  ]);
  if (comparisons.length > 1) {
    const meanA = mean(comparisons.map((c) => c.result.meanA));
    const meanB = mean(comparisons.map((c) => c.result.meanB));
    const queries = comparisons.reduce((total, c) => total + c.result.queries, 0);
    rows.push(['mean', String(queries), meanA.toFixed(4), meanB.toFixed(4), signed(meanB - meanA), '']);
  }
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const first = comparisons[0]?.result;
  const footer =
    `${options.metric}; p: two-sided paired randomization test per collection` +
    `${first === undefined ? '' : `, ${describeRounds(first)}`}; mean: unweighted over the collections`;
  return [line(header), ...rows.map(line), '', footer].join('\n');
}

function toJson(comparisons: readonly Comparison[], options: CompareCommandOptions) {
  return {
    metric: options.metric,
    rounds: options.rounds,
    seed: options.seed,
    comparisons: comparisons.map(({ collection, fileA, fileB, result }) => ({
      ...(collection === null ? {} : { collection }),
      a: fileA,
      b: fileB,
      queries: result.queries,
      meanA: result.meanA,
      meanB: result.meanB,
      difference: result.difference,
      p: result.p,
      wins: result.wins,
      losses: result.losses,
      ties: result.ties,
    })),
  };
}

function describeRounds(result: PairedTestResult): string {
  return `${result.rounds.toLocaleString('en-US')} rounds, seed ${result.seed}`;
}

function signed(value: number): string {
  const text = value.toFixed(4);
  return value >= 0 && !text.startsWith('-') ? `+${text}` : text;
}

/** p to 4 places, or `<0.0001` below them (10,000 rounds cannot give less than 1/10,001). */
function formatP(p: number): string {
  return p < 0.0001 ? '<0.0001' : p.toFixed(4);
}

await main();
