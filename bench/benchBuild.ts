/**
 * `npm run bench:build`: only the fresh-process builds of `npm run bench` (benchFreshBuild.ts), for
 * measuring a change to the build without the query and HTTP parts. Prints a Markdown table.
 *
 *   npm run bench:build -- [--corpus PATH]... [--rounds N] [--keep]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freshBuilds, renderFreshBuilds } from './benchFreshBuild.ts';
import { machineAndLoad } from './benchReport.ts';
import { combineParts, loadCorpusPart, writeCorpus } from './corpora.ts';
import { replicatedSeeds } from './corporaSeeds.ts';

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string', multiple: true },
      rounds: { type: 'string' },
      keep: { type: 'boolean' },
    },
  });
  const rounds = Number(values.rounds ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive whole number.`);
  const paths = values.corpus ?? [];
  const parts =
    paths.length === 0 ? [await replicatedSeeds()] : await Promise.all(paths.map((p) => loadCorpusPart(p)));
  const corpus = combineParts(parts);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'lede-bench-build-'));
  try {
    const corpusDir = path.join(workDir, 'articles');
    await writeCorpus(corpus, corpusDir);
    log(`Corpus ${corpus.name}: ${corpus.articles.length} articles in ${corpusDir}`);
    const loadAverage = os.loadavg()[0] ?? 0;
    const result = await freshBuilds({ corpusDir, workDir, rounds, log });
    console.log(`## ${corpus.name}\n`);
    console.log(`${machineAndLoad(loadAverage)}\n`);
    console.log(renderFreshBuilds(result));
  } finally {
    if (values.keep) log(`Kept ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
