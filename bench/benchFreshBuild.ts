/**
 * Builds as users meet them: each in a new Node process, as `npm run index -- --full` and the
 * server's rebuilds run. Lede's compiled build CLI (`node dist/index/cli/buildIndex.js --full`) against
 * a new process doing MiniSearch `addAll` on the same cleaned title and body text
 * (freshMiniSearchBuild.js), run in turns (Lede first in even rounds, MiniSearch first in odd ones), a
 * few rounds, after one untimed run of each (which warms the page cache and gives the text). For each
 * run: CPU time (user + system, every thread), wall time from spawn to exit, and peak RSS.
 *
 * npm's own start-up (`npm run` is about 0.3 s of CPU) and the compile check are left out of both:
 * the processes compared are the ones that index.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { readArtifact } from '../index/artifact/artifact.ts';
import { PROJECT_ROOT } from '../index/paths.ts';
import { medianAndRange } from './benchMeasure.ts';
import { markdownTable } from './benchReport.ts';

/** What one measured process used. */
export interface ProcessUsage {
  /** User + system CPU time, all threads. */
  cpuMs: number;
  userMs: number;
  systemMs: number;
  /** From spawn to exit, as the parent saw it. */
  wallMs: number;
  peakRssBytes: number;
}

/** The figures of one engine over the rounds. */
export interface FreshRuns {
  name: string;
  /** The command measured, for the report. */
  command: string;
  runs: ProcessUsage[];
}

/** Lede's and MiniSearch's fresh-process builds, in rounds, and Lede ÷ MiniSearch per round. */
export interface FreshBuildResult {
  documents: number;
  lede: FreshRuns;
  miniSearch: FreshRuns;
  /** Per round: Lede ÷ MiniSearch. */
  ratios: { cpu: number[]; wall: number[]; rss: number[] };
}

/** What the fresh-process builds need. */
export interface FreshBuildOptions {
  /** The articles, as files (what `npm run index` reads). */
  corpusDir: string;
  /** Where the artifact and the cleaned text go. */
  workDir: string;
  /** Timed runs of each engine (after one untimed run each). */
  rounds: number;
  log: (line: string) => void;
}

const LEDE_CLI = path.join(PROJECT_ROOT, 'dist', 'index', 'cli', 'buildIndex.js');
const MINISEARCH_CLI = path.join(PROJECT_ROOT, 'bench', 'freshMiniSearchBuild.js');
const USAGE_PRELOAD = path.join(PROJECT_ROOT, 'bench', 'processUsage.js');

/** Compiles `dist/` when a source is newer, as `npm run index` does before it builds. */
export function ensureCompiled(): void {
  const result = spawnSync(
    process.execPath,
    [path.join(PROJECT_ROOT, 'server', 'compile.js'), '--if-stale'],
    {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (result.status !== 0) throw new Error('npm run build failed: the compiled build cannot be measured');
}

/**
 * Runs `node [args]` with the usage preload; resolves with what it used and printed. Rejects when it
 * exits with an error.
 */
export async function measuredProcess(
  args: readonly string[],
  usageFile: string,
): Promise<{ usage: ProcessUsage; stdout: string }> {
  await rm(usageFile, { force: true });
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', USAGE_PRELOAD, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LEDE_BENCH_USAGE_FILE: usageFile, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8192);
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`${args.join(' ')} exited with code ${code}: ${stderr.trim()}`);
  const used = JSON.parse(await readFile(usageFile, 'utf8')) as Omit<ProcessUsage, 'cpuMs' | 'wallMs'>;
  return { usage: { ...used, cpuMs: used.userMs + used.systemMs, wallMs }, stdout };
}

/**
 * Writes the title and body of every article of an artifact as JSON lines (`{ id, title, text }`):
 * the cleaned text Lede indexed, for MiniSearch to index the same.
 */
export async function writeCleanedText(artifactPath: string, file: string): Promise<number> {
  const snapshot = await readArtifact(artifactPath);
  const out = createWriteStream(file);
  for (let id = 0; id < snapshot.documents.count; id += 1) {
    const { title, body } = snapshot.documents.get(id);
    if (!out.write(`${JSON.stringify({ id, title, text: body })}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return snapshot.documents.count;
}

/** Lede's and MiniSearch's fresh-process builds of `corpusDir`, in turns. */
export async function freshBuilds(options: FreshBuildOptions): Promise<FreshBuildResult> {
  const { workDir, log } = options;
  ensureCompiled();
  const artifact = path.join(workDir, 'fresh-build.bin');
  const textFile = path.join(workDir, 'fresh-build-text.jsonl');
  const usageFile = path.join(workDir, 'fresh-build-usage.json');
  const ledeArgs = [LEDE_CLI, '--full', '--seeds', options.corpusDir, '--out', artifact, '--json'];
  const miniSearchArgs = [MINISEARCH_CLI, textFile];
  const lede = async () => (await measuredProcess(ledeArgs, usageFile)).usage;
  const miniSearch = async () => (await measuredProcess(miniSearchArgs, usageFile)).usage;

  log('Fresh-process builds: one untimed run of each first…');
  await lede();
  const documents = await writeCleanedText(artifact, textFile);
  await miniSearch();
  const ledeRuns: ProcessUsage[] = [];
  const miniSearchRuns: ProcessUsage[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    // Turns alternate, so a burst of load elsewhere does not always fall on the same engine.
    const order = round % 2 === 0 ? ['lede', 'minisearch'] : ['minisearch', 'lede'];
    for (const engine of order) {
      if (engine === 'lede') ledeRuns.push(await lede());
      else miniSearchRuns.push(await miniSearch());
    }
    const l = ledeRuns.at(-1) as ProcessUsage;
    const m = miniSearchRuns.at(-1) as ProcessUsage;
    log(
      `  round ${round + 1}: Lede ${seconds(l.cpuMs)} s CPU, ${seconds(l.wallMs)} s wall, ${megabytes(l.peakRssBytes)} MB; ` +
        `MiniSearch ${seconds(m.cpuMs)} s CPU, ${seconds(m.wallMs)} s wall, ${megabytes(m.peakRssBytes)} MB`,
    );
  }
  await rm(usageFile, { force: true });
  const perRound = (value: (usage: ProcessUsage) => number) =>
    ledeRuns.map((run, i) => value(run) / value(miniSearchRuns[i] as ProcessUsage));
  return {
    documents,
    lede: {
      name: 'Lede',
      command: 'node dist/index/cli/buildIndex.js --full --seeds DIR --out FILE --json',
      runs: ledeRuns,
    },
    miniSearch: {
      name: 'MiniSearch addAll',
      command: 'node bench/freshMiniSearchBuild.js TEXT.jsonl',
      runs: miniSearchRuns,
    },
    ratios: {
      cpu: perRound((run) => run.cpuMs),
      wall: perRound((run) => run.wallMs),
      rss: perRound((run) => run.peakRssBytes),
    },
  };
}

/** The fresh-process builds as a Markdown table (median, and min–max of the runs) and a sentence. */
export function renderFreshBuilds(result: FreshBuildResult): string {
  const row = ({ name, command, runs }: FreshRuns) => [
    `${name}: \`${command}\``,
    String(runs.length),
    medianAndRange(
      runs.map((run) => run.cpuMs),
      seconds,
    ),
    medianAndRange(
      runs.map((run) => run.wallMs),
      seconds,
    ),
    medianAndRange(
      runs.map((run) => run.peakRssBytes),
      megabytes,
    ),
  ];
  const ratio = (values: number[]) => medianAndRange(values, (value) => `${value.toFixed(2)}×`);
  const { ratios } = result;
  return [
    `Fresh-process build (${result.documents.toLocaleString('en-US')} articles; each run a new process, engines in turns; median (min–max)):`,
    '',
    markdownTable(
      ['Process', 'runs', 'CPU s (user+sys)', 'wall s', 'peak RSS MB'],
      [
        row(result.lede),
        row(result.miniSearch),
        [
          '**Lede ÷ MiniSearch** (per round)',
          String(ratios.cpu.length),
          ratio(ratios.cpu),
          ratio(ratios.wall),
          ratio(ratios.rss),
        ],
      ],
    ),
    '',
  ].join('\n');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
