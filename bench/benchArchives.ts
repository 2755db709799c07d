/**
 * `npm run bench:archives`: builds an archive of generated records, as JSON lines and as CSV, each in a
 * fresh `npm run index` process, and reports the build's time and peak memory (issue #16: "a `.jsonl`
 * and a `.csv` archive of 100,000 records build with peak memory reported").
 *
 *   npm run bench:archives -- [--records N] [--keep]
 *
 * The records are made up from a vocabulary of real and invented words drawn with a Zipf-like skew,
 * so no two are near-duplicates (copies of real articles would all fold into a few stories and time
 * the near-duplicate grouping instead); one record in 10,000 is broken on purpose, to show that bad
 * records are skipped with a warning and the rest indexed.
 */
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { PROJECT_ROOT } from '../index/paths.ts';
import { Rng } from './benchRandom.ts';
import { machineInfo } from './benchReport.ts';

const run = promisify(execFile);

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    keep: { type: 'boolean', default: false },
  },
});
const RECORDS = Number(values.records);
if (!Number.isInteger(RECORDS) || RECORDS < 1) throw new Error('--records must be a whole number');

/** Invented words, so the vocabulary is as large as a real archive's, not the seeds' few thousand. */
function vocabulary(rng: Rng, size: number): string[] {
  const syllables = [
    'ka',
    'lo',
    'mer',
    'tri',
    'san',
    'vel',
    'dor',
    'pi',
    'qua',
    'nes',
    'ro',
    'tem',
    'bar',
    'gu',
    'lin',
  ];
  const words = new Set<string>();
  while (words.size < size) {
    let word = '';
    for (let i = 2 + Math.floor(rng.next() * 3); i > 0; i -= 1) word += rng.pick(syllables);
    words.add(word);
  }
  return [...words];
}

/** A word drawn with a Zipf-like skew: the first words of the vocabulary are far more common. */
function zipfWord(rng: Rng, words: readonly string[]): string {
  const rank = Math.floor(words.length ** rng.next()) - 1;
  return words[Math.min(words.length - 1, Math.max(0, rank))] ?? 'word';
}

function sentence(rng: Rng, words: readonly string[]): string {
  const length = 8 + Math.floor(rng.next() * 16);
  const text = Array.from({ length }, () => zipfWord(rng, words)).join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

interface GeneratedRecord {
  id: string;
  title: string;
  body: string;
  author: string;
  date: string;
}

function* records(count: number): Generator<GeneratedRecord | 'broken'> {
  const rng = new Rng(16);
  const words = vocabulary(rng, 50_000);
  for (let i = 0; i < count; i += 1) {
    if (i % 10_000 === 9_999) {
      yield 'broken';
      continue;
    }
    const paragraphs = Array.from({ length: 3 + Math.floor(rng.next() * 4) }, () =>
      Array.from({ length: 2 + Math.floor(rng.next() * 3) }, () => sentence(rng, words)).join(' '),
    );
    const day = new Date(Date.UTC(2000, 0, 1) + Math.floor(rng.next() * 9000) * 86_400_000);
    yield {
      id: `r${i}`,
      title: sentence(rng, words).slice(0, -1),
      body: paragraphs.join('\n\n'),
      author: `${rng.pick(['Ana', 'Bo', 'Cy', 'Dee', 'Eli'])} ${rng.pick(['Lee', 'Chen', 'Park', 'Roy', 'Diaz'])}`,
      date: day.toISOString().slice(0, 10),
    };
  }
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Writes the records as JSON lines or CSV, waiting on the stream as it fills. */
async function writeArchive(file: string, format: 'jsonl' | 'csv'): Promise<void> {
  const out = createWriteStream(file);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', resolve));
  if (format === 'csv') await write('id,title,body,author,date\n');
  for (const record of records(RECORDS)) {
    // A row without a body, a line that is not JSON: each skipped with a warning, the rest indexed.
    if (record === 'broken')
      await write(format === 'csv' ? 'broken,A title and nothing else,,,\n' : '{"id": broken\n');
    else if (format === 'jsonl') await write(`${JSON.stringify(record)}\n`);
    else
      await write(
        `${[record.id, record.title, record.body, record.author, record.date].map(csvField).join(',')}\n`,
      );
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

interface Outcome {
  format: string;
  fileMb: number;
  documents: number;
  warnings: number;
  seconds: number;
  peakRssMb: number;
  artifactMb: number;
}

async function buildArchive(folder: string, format: 'jsonl' | 'csv'): Promise<Outcome> {
  const seeds = path.join(folder, format);
  await mkdir(seeds, { recursive: true });
  const file = path.join(seeds, `export.${format}`);
  await writeArchive(file, format);
  const out = path.join(folder, `${format}.idx`);
  const started = performance.now();
  const { stdout } = await run(
    process.execPath,
    [
      // The compiled CLI, as `npm run index` runs it (compiled first, below, when stale).
      path.join(PROJECT_ROOT, 'dist', 'index', 'cli', 'buildIndex.js'),
      '--seeds',
      seeds,
      '--out',
      out,
      '--full',
      '--json',
    ],
    { cwd: PROJECT_ROOT, maxBuffer: 256 * 1024 * 1024 },
  );
  const seconds = (performance.now() - started) / 1000;
  const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    documentCount: number;
    warnings: string[];
    peakRssBytes: number;
  };
  return {
    format,
    fileMb: (await stat(file)).size / 1024 / 1024,
    documents: report.documentCount,
    warnings: report.warnings.length,
    seconds,
    peakRssMb: report.peakRssBytes / 1024 / 1024,
    artifactMb: (await stat(out)).size / 1024 / 1024,
  };
}

async function main(): Promise<void> {
  await run(process.execPath, [path.join(PROJECT_ROOT, 'server', 'compile.js'), '--if-stale'], {
    cwd: PROJECT_ROOT,
  });
  const folder = await mkdtemp(path.join(os.tmpdir(), 'lede-bench-archives-'));
  try {
    const outcomes: Outcome[] = [];
    for (const format of ['jsonl', 'csv'] as const) {
      process.stderr.write(`Building ${RECORDS.toLocaleString('en-US')} ${format} records…\n`);
      outcomes.push(await buildArchive(folder, format));
    }
    const { cpu, cores, totalMemoryBytes, node } = machineInfo(false);
    const memoryGiB = (totalMemoryBytes / 1024 ** 3).toFixed(1);
    console.log(`## Archives of ${RECORDS.toLocaleString('en-US')} generated records\n`);
    console.log(
      `Command: \`npm run bench:archives -- --records ${RECORDS}\`. Machine: ${cpu}, ${cores} cores, ${memoryGiB} GiB, Node ${node}.`,
    );
    console.log(
      'Each archive built in a fresh `npm run index -- --full --json` process (wall time includes its start).\n',
    );
    console.log('| archive | file MB | articles | warnings | build s | peak RSS MB | artifact MB |');
    console.log('| ------- | ------- | -------- | -------- | ------- | ----------- | ----------- |');
    for (const o of outcomes) {
      console.log(
        `| ${o.format} | ${o.fileMb.toFixed(0)} | ${o.documents.toLocaleString('en-US')} | ${o.warnings} | ${o.seconds.toFixed(1)} | ${o.peakRssMb.toFixed(0)} | ${o.artifactMb.toFixed(0)} |`,
      );
    }
    if (values.keep) process.stderr.write(`Kept ${folder}\n`);
  } finally {
    if (!values.keep) await rm(folder, { recursive: true, force: true });
  }
}

await main();
