/**
 * `npm run loadtest`: Lede's server under search load while the index is rebuilt (see `loadtestRun.ts`).
 *
 *   npm run loadtest -- [--seeds DIR] [--duration S] [--connections N] [--reindexes N] [--json]
 *
 * Prints a table (progress goes to stderr), or with `--json` one JSON object. Exit codes: 0 passed,
 * 1 a request failed, an answer was not 2xx or changed, or a reindex did not succeed; 2 the test could
 * not run (an invalid option, no articles, a server that did not start).
 */
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_SEEDS_DIR } from '../index/paths.ts';
import { ADMIN_RATE_LIMIT_PER_MINUTE } from '../server/security.ts';
import { loadTestProblems, renderLoadTest } from './loadtestReport.ts';
import { defaultLoadTestOptions, runLoadTest } from './loadtestRun.ts';

interface LoadTestCommandOptions {
  seeds: string;
  duration: number;
  connections: number;
  reindexes: number;
  json: boolean;
}

/** A commander argument parser for a whole number in [min, max]. */
function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

const program = new Command('lede-loadtest')
  .description(
    'Load /api/search on a real Lede server (default configuration, 127.0.0.1) while rebuilding the index.',
  )
  .option('--seeds <dir>', 'folder of articles to index and serve', DEFAULT_SEEDS_DIR)
  .option('--duration <seconds>', 'how long to load', wholeNumber(1, 3600), defaultLoadTestOptions.seconds)
  .option(
    '--connections <n>',
    'concurrent connections',
    wholeNumber(1, 1000),
    defaultLoadTestOptions.connections,
  )
  .option(
    '--reindexes <n>',
    `rebuilds through POST /api/admin/reindex during the run (at most ${ADMIN_RATE_LIMIT_PER_MINUTE}, the admin rate limit)`,
    wholeNumber(0, ADMIN_RATE_LIMIT_PER_MINUTE),
    defaultLoadTestOptions.reindexes,
  )
  .option('--json', 'print every figure as one JSON object', false)
  .showHelpAfterError()
  // Exit code 1 means the server failed under load; a mistyped option is not that.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

async function main(): Promise<void> {
  const options = program.parse().opts<LoadTestCommandOptions>();
  try {
    const report = await runLoadTest({
      seedsDir: path.resolve(options.seeds),
      seconds: options.duration,
      connections: options.connections,
      reindexes: options.reindexes,
      log: (line) => console.error(line),
    });
    const problems = loadTestProblems(report);
    if (options.json) console.log(JSON.stringify({ ...report, ok: problems.length === 0, problems }));
    else console.log(renderLoadTest(report));
    process.exitCode = problems.length === 0 ? 0 : 1;
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  }
}

await main();
