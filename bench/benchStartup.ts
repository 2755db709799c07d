/**
 * `npm run bench:startup`: how long a fresh server takes from its process starting to its first search
 * answer, compiled (`node dist/server/main.js`, as `npm start` runs it) against the TypeScript through
 * tsx (as it ran before #18), in turns so both meet the same load. The artifact is built once first and
 * is current, so both load it as it is rather than rebuilding; npm's own start-up is left out of both.
 *
 *   npm run bench:startup -- [--seeds DIR] [--rounds N]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndex } from '../index/build/build.ts';
import { DEFAULT_SEEDS_DIR } from '../index/paths.ts';
import { ensureCompiled } from './benchFreshBuild.ts';
import { median } from './benchMeasure.ts';
import { formatMs, machineAndLoad, markdownTable } from './benchReport.ts';
import { startServerProcess } from './serverProcess.ts';

const KINDS = [
  { name: 'compiled (npm start)', compiled: true },
  { name: 'TypeScript through tsx', compiled: false },
] as const;

/** Milliseconds from spawning the server to the body of its first `/api/search` answer. */
async function timeToFirstAnswer(indexPath: string, seedsDir: string, compiled: boolean): Promise<number> {
  const started = performance.now();
  const server = await startServerProcess({ indexPath, seedsDir, compiled });
  try {
    const response = await fetch(`${server.baseUrl}/api/search?q=trade`);
    await response.text();
    if (!response.ok) throw new Error(`the first search answered ${response.status}`);
    return performance.now() - started;
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seeds: { type: 'string' }, rounds: { type: 'string' } } });
  const seedsDir = path.resolve(values.seeds ?? DEFAULT_SEEDS_DIR);
  const rounds = Number(values.rounds ?? 7);
  ensureCompiled();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'lede-bench-startup-'));
  const loadAverage = os.loadavg()[0] ?? 0;
  try {
    const indexPath = path.join(workDir, 'index.bin');
    const report = await buildIndex({ seedsDir, outPath: indexPath, full: true });
    const timings = new Map<string, number[]>(KINDS.map((kind) => [kind.name, []]));
    for (let round = 0; round < rounds; round += 1) {
      // Alternate which goes first, so neither always follows the other's exit.
      const order = round % 2 === 0 ? KINDS : [...KINDS].reverse();
      for (const kind of order) {
        const ms = await timeToFirstAnswer(indexPath, seedsDir, kind.compiled);
        timings.get(kind.name)?.push(ms);
        process.stderr.write(`  round ${round + 1}: ${kind.name} ${formatMs(ms)} ms\n`);
      }
    }
    const compiled = timings.get(KINDS[0].name) ?? [];
    const tsx = timings.get(KINDS[1].name) ?? [];
    console.log(
      `## Start-up to the first answer (${report.documentCount.toLocaleString('en-US')} articles)\n`,
    );
    console.log(
      `Command: \`npm run bench:startup -- ${process.argv.slice(2).join(' ')}\`. ${machineAndLoad(loadAverage)} ` +
        `${rounds} rounds, the two in turns.\n`,
    );
    console.log(
      markdownTable(
        ['Server', 'median ms', 'min – max ms'],
        [...timings].map(([name, values]) => [
          name,
          formatMs(median(values)),
          `${formatMs(Math.min(...values))} – ${formatMs(Math.max(...values))}`,
        ]),
      ),
    );
    console.log(`\nCompiled ÷ tsx, median: ${(median(compiled) / median(tsx)).toFixed(2)}×\n`);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
