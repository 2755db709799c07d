/**
 * `npm run bench:rebuild`: what `npm run index` without `--full` costs when a newsroom runs it after
 * a day's work (and `POST /api/admin/reindex`, which runs the same build in a child process): fresh
 * processes of the compiled build CLI, each over a copy of a current artifact, with wall time, CPU
 * time (all threads) and peak RSS. The cases, in turns in each round (the order rotates):
 *
 * - nothing changed;
 * - one article edited (a paragraph appended), in the middle of the id order;
 * - ten articles added;
 * - `--full`: every file analyzed again, for comparison.
 *
 * With `--archive`, the articles are one JSON-lines archive instead (as a CMS export or a dataset comes),
 * `--scale N` of them made from the corpus as `bench:scale` makes them, and the cases are: nothing
 * changed, one record appended, ten records appended, `--full`.
 *
 *   npm run bench:rebuild -- [--corpus PATH]... [--rounds N] [--archive [--scale N]]
 */
import {
  appendFile,
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  truncate,
  utimes,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../index/paths.ts';
import { ensureCompiled, measuredProcess, type ProcessUsage } from './benchFreshBuild.ts';
import { medianAndRange } from './benchMeasure.ts';
import { formatMs, machineAndLoad, markdownTable } from './benchReport.ts';
import { combineParts, loadCorpusPart, writeArchive, writeCorpus } from './corpora.ts';
import { scaledArticles } from './corporaScaled.ts';
import { replicatedSeeds } from './corporaSeeds.ts';

const LEDE_CLI = path.join(PROJECT_ROOT, 'dist', 'index', 'cli', 'buildIndex.js');

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** One case: how to change the articles before the build, how to undo it after, and the build's flags. */
interface RebuildCase {
  name: string;
  flags: string[];
  change: (articlesDir: string) => Promise<() => Promise<void>>;
}

/** What the build CLI reports with `--json` (the part this benchmark reads). */
interface BuildSummaryLine {
  documentCount: number;
  analyzed: number;
  reused: number;
}

async function nothing(): Promise<() => Promise<void>> {
  return async () => {};
}

/** Appends a paragraph to the article in the middle of the folder; the undo puts back its bytes and time. */
async function editOne(articlesDir: string): Promise<() => Promise<void>> {
  const names = (await readdir(articlesDir)).filter((name) => !name.endsWith('.json')).sort();
  const file = path.join(articlesDir, names[Math.floor(names.length / 2)] ?? '');
  const [bytes, info] = await Promise.all([readFile(file), stat(file)]);
  await writeFile(file, `${bytes.toString('utf8')}\n\nA late paragraph: a zeppelin landed in Davos.\n`);
  return async () => {
    await writeFile(file, bytes);
    await utimes(file, info.atime, info.mtime);
  };
}

/** Writes ten new articles; the undo removes them. */
async function addTen(articlesDir: string): Promise<() => Promise<void>> {
  const files = Array.from({ length: 10 }, (_, i) => path.join(articlesDir, `bench-added-${i}.txt`));
  await Promise.all(
    files.map((file, i) =>
      writeFile(file, `Late story ${i}\n\nThe okapi number ${i} was seen near the harbour on Tuesday.\n`),
    ),
  );
  return async () => {
    await Promise.all(files.map((file) => rm(file, { force: true })));
  };
}

const FILE_CASES: readonly RebuildCase[] = [
  { name: 'nothing changed', flags: [], change: nothing },
  { name: 'one article edited', flags: [], change: editOne },
  { name: 'ten articles added', flags: [], change: addTen },
  { name: '`--full` (every file again)', flags: ['--full'], change: nothing },
];

/** The archive of `--archive`, in the folder it is written to. */
const ARCHIVE_NAME = 'articles.jsonl';

/** Appends `count` records to the archive, as a daily export grows; the undo cuts them off again. */
function appendRecords(count: number) {
  return async (articlesDir: string): Promise<() => Promise<void>> => {
    const file = path.join(articlesDir, ARCHIVE_NAME);
    const before = await stat(file);
    const records = Array.from({ length: count }, (_, i) =>
      JSON.stringify({
        id: `bench-appended-${i}`,
        title: `Late story ${i}`,
        body: `The okapi number ${i} was seen near the harbour on Tuesday.`,
      }),
    );
    await appendFile(file, `${records.join('\n')}\n`);
    return async () => {
      await truncate(file, before.size);
      await utimes(file, before.atime, before.mtime);
    };
  };
}

const ARCHIVE_CASES: readonly RebuildCase[] = [
  { name: 'nothing changed', flags: [], change: nothing },
  { name: 'one record appended', flags: [], change: appendRecords(1) },
  { name: 'ten records appended', flags: [], change: appendRecords(10) },
  { name: '`--full` (every record again)', flags: ['--full'], change: nothing },
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string', multiple: true },
      rounds: { type: 'string' },
      archive: { type: 'boolean' },
      scale: { type: 'string' },
    },
  });
  const scale = values.scale === undefined ? null : Number(values.scale);
  if (scale !== null && (!Number.isInteger(scale) || scale < 1 || !values.archive))
    throw new Error('--scale N (a whole number of articles) goes with --archive.');
  const rounds = Number(values.rounds ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a positive whole number.');
  const paths = values.corpus ?? [];
  const parts =
    paths.length === 0 ? [await replicatedSeeds()] : await Promise.all(paths.map((p) => loadCorpusPart(p)));
  const corpus = combineParts(parts);
  ensureCompiled();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'lede-bench-rebuild-'));
  const loadAverage = os.loadavg()[0] ?? 0;
  try {
    const articlesDir = path.join(workDir, 'articles');
    let articleCount = corpus.articles.length;
    if (values.archive) {
      await mkdir(articlesDir);
      const articles = scale === null ? corpus.articles : scaledArticles(corpus.articles, scale);
      articleCount = await writeArchive(articles, path.join(articlesDir, ARCHIVE_NAME));
    } else await writeCorpus(corpus, articlesDir);
    const cases = values.archive ? ARCHIVE_CASES : FILE_CASES;
    const current = path.join(workDir, 'current.bin');
    const usageFile = path.join(workDir, 'usage.json');
    log(`Corpus ${corpus.name}: ${articleCount} articles; building the current index…`);
    await measuredProcess(
      [LEDE_CLI, '--full', '--seeds', articlesDir, '--out', current, '--json'],
      usageFile,
    );
    const runs = new Map(cases.map((each) => [each.name, [] as (ProcessUsage & BuildSummaryLine)[]]));
    for (let round = 0; round < rounds; round += 1) {
      const order = cases.map((_, i) => cases[(i + round) % cases.length] as RebuildCase);
      for (const each of order) {
        const out = path.join(workDir, 'rebuilt.bin');
        await copyFile(current, out);
        const undo = await each.change(articlesDir);
        try {
          const { usage, stdout } = await measuredProcess(
            [LEDE_CLI, ...each.flags, '--seeds', articlesDir, '--out', out, '--json'],
            usageFile,
          );
          const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as BuildSummaryLine;
          runs.get(each.name)?.push({ ...usage, ...summary });
          log(
            `  round ${round + 1}, ${each.name}: ${formatMs(usage.wallMs)} ms, ${(usage.peakRssBytes / 1e6).toFixed(0)} MB`,
          );
        } finally {
          await undo();
        }
      }
    }
    const form = values.archive ? ' in one JSON-lines archive' : '';
    console.log(`## Rebuilds of ${corpus.name} (${articleCount.toLocaleString('en-US')} articles${form})\n`);
    console.log(
      `Command: \`npm run bench:rebuild -- ${process.argv.slice(2).join(' ')}\`. ${machineAndLoad(loadAverage)} ` +
        `${rounds} rounds, the cases in turns; fresh processes of the compiled build over a copy of a current artifact. Median (min–max).\n`,
    );
    console.log(
      markdownTable(
        ['Case', 'analyzed / reused', 'wall ms', 'CPU ms', 'peak RSS MB'],
        [...runs].map(([name, measured]) => [
          name,
          `${(measured[0]?.analyzed ?? 0).toLocaleString('en-US')} / ${(measured[0]?.reused ?? 0).toLocaleString('en-US')}`,
          medianAndRange(
            measured.map((run) => run.wallMs),
            formatMs,
          ),
          medianAndRange(
            measured.map((run) => run.cpuMs),
            formatMs,
          ),
          medianAndRange(
            measured.map((run) => run.peakRssBytes / 1e6),
            (mb) => mb.toFixed(0),
          ),
        ]),
      ),
    );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
