import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parseQrels } from '../../bench/beirDataset.ts';
import { mean, ndcgAtK, recallAtK, reciprocalRankAtK, relevantIds } from '../../bench/evalMetrics.ts';
import { PROJECT_ROOT } from '../../index/paths.ts';

const run = promisify(execFile);

function judged(entries: Record<string, number>): Map<string, number> {
  return new Map(Object.entries(entries));
}

function close(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `expected ${expected}, got ${actual}`);
}

describe('evaluation metrics', () => {
  it('score a perfect ranking 1', () => {
    const judgments = judged({ a: 2, b: 1 });
    close(ndcgAtK(['a', 'b', 'x'], judgments, 10), 1);
    close(reciprocalRankAtK(['a', 'b', 'x'], judgments, 10), 1);
    close(recallAtK(['a', 'b', 'x'], judgments, 100), 1);
  });

  it('score a relevant document at rank 2 as MRR 0.5 and nDCG 1/log2(3)', () => {
    const judgments = judged({ b: 1 });
    close(reciprocalRankAtK(['x', 'b'], judgments, 10), 0.5);
    close(ndcgAtK(['x', 'b'], judgments, 10), 1 / Math.log2(3));
  });

  it('use graded relevance as linear gains, ideal order from the judgments', () => {
    // Retrieved b (1) then a (2); ideal is a then b. DCG = 1 + 2/log2(3); IDCG = 2 + 1/log2(3).
    const judgments = judged({ a: 2, b: 1, z: 0 });
    close(ndcgAtK(['b', 'a'], judgments, 10), (1 + 2 / Math.log2(3)) / (2 + 1 / Math.log2(3)));
    // A relevant document not retrieved still counts in the ideal.
    close(ndcgAtK(['a'], judgments, 10), 2 / (2 + 1 / Math.log2(3)));
    assert.deepEqual(relevantIds(judgments), ['a', 'b']);
  });

  it('score 0 when nothing relevant is retrieved, or nothing at all', () => {
    const judgments = judged({ a: 1, z: 0 });
    for (const ranking of [['x', 'z'], []]) {
      assert.equal(ndcgAtK(ranking, judgments, 10), 0);
      assert.equal(reciprocalRankAtK(ranking, judgments, 10), 0);
      assert.equal(recallAtK(ranking, judgments, 100), 0);
    }
    assert.equal(ndcgAtK(['a'], judged({ z: 0 }), 10), 0, 'no relevant judgment scores 0, not NaN');
  });

  it('cut at k, and handle rankings shorter than k', () => {
    const judgments = judged({ a: 1, b: 1 });
    const late = [...Array.from({ length: 10 }, (_, i) => `x${i}`), 'a'];
    assert.equal(ndcgAtK(late, judgments, 10), 0);
    assert.equal(reciprocalRankAtK(late, judgments, 10), 0);
    close(recallAtK(late, judgments, 100), 0.5);
    close(recallAtK(['b'], judgments, 100), 0.5);
    close(ndcgAtK(['b'], judgments, 10), 1 / (1 + 1 / Math.log2(3)));
  });

  it('count a document repeated in a ranking once', () => {
    const judgments = judged({ a: 1, b: 1 });
    close(ndcgAtK(['a', 'a', 'b'], judgments, 10), 1);
    close(recallAtK(['a', 'a'], judgments, 100), 0.5);
  });

  it('average to 0 over no queries', () => {
    assert.equal(mean([]), 0);
    close(mean([1, 0, 0.5]), 0.5);
  });
});

describe('qrels parsing', () => {
  it('skips the header, accepts CRLF and keeps graded scores', () => {
    const qrels = parseQrels('query-id\tcorpus-id\tscore\r\nq1\td1\t1\r\nq1\td2\t2\r\nq2\td3\t0\r\n\r\n');
    assert.deepEqual([...qrels.keys()], ['q1', 'q2']);
    assert.deepEqual(
      [...(qrels.get('q1') ?? [])],
      [
        ['d1', 1],
        ['d2', 2],
      ],
    );
    assert.equal(qrels.get('q2')?.get('d3'), 0);
  });

  it("reads TREC's four columns", () => {
    assert.equal(parseQrels('301 0 FBIS3-10082 1\n').get('301')?.get('FBIS3-10082'), 1);
  });

  it('rejects a malformed line after the first', () => {
    assert.throws(() => parseQrels('q1\td1\t1\nq1\td2\n'), /line 2/);
  });
});

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the eval command as `npm run eval` does (through tsx), never through a shell. */
async function evalCli(args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench', 'eval.ts'), ...args],
      { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

/** Six documents; each judged query's words occur in its relevant documents only. */
const CORPUS = [
  {
    _id: 'd1',
    title: 'Zebra herds on the move',
    text: 'Zebra migration crosses the plains of the Serengeti each year.',
  },
  {
    _id: 'd2',
    title: 'Glacier retreat',
    text: 'Alpine glaciers have lost much of their ice over the last century.',
  },
  {
    _id: 'd3',
    title: 'Sourdough baking',
    text: 'A sourdough starter ferments flour and water with wild yeast.',
  },
  {
    _id: 'd4',
    title: 'Violin making',
    text: 'Luthiers carve spruce tops and maple backs by hand in Cremona.',
  },
  // An id with characters a file name cannot keep: the hits must map back to it.
  {
    _id: 'doc/5',
    title: 'Comet sighting',
    text: 'Astronomers tracked the comet tail through the telescope at night.',
  },
  {
    _id: 'd6',
    title: 'Comet dust',
    text: 'Dust from a comet tail was sampled by the probe during its pass.',
  },
];

const QUERIES = [
  { _id: 'q1', text: 'zebra migration' },
  { _id: 'q2', text: 'sourdough starter' },
  { _id: 'q3', text: 'comet tail' },
  { _id: 'q4', text: 'unjudged violin query' },
];

const QRELS =
  'query-id\tcorpus-id\tscore\r\nq1\td1\t1\r\nq2\td3\t2\r\nq2\td4\t0\r\nq3\tdoc/5\t1\r\nq3\td6\t1\r\n';

/** A second, smaller collection, so a run over several can be checked. */
const OTHER_CORPUS = [
  { _id: 'o1', title: 'Tide tables', text: 'High tide and low tide times for the harbour.' },
  { _id: 'o2', title: 'Kite flying', text: 'A kite needs steady wind on an open beach.' },
];
const OTHER_QUERIES = [
  { _id: 'k1', text: 'kite wind' },
  { _id: 'k2', text: 'tide times' },
];
const OTHER_QRELS = 'query-id\tcorpus-id\tscore\nk1\to2\t1\nk2\to1\t1\n';

interface PerQueryRow {
  id: string;
  ndcg10: number;
  top10: string[];
  relevant: string[];
}

async function readRows(file: string): Promise<PerQueryRow[]> {
  return (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as PerQueryRow);
}

interface EvalJson {
  split: string;
  engines: {
    engine: string;
    name: string;
    options: Record<string, unknown>;
    collections: Record<string, unknown>[];
    mean: Record<string, number>;
  }[];
}

describe('npm run eval', () => {
  let folder: string;
  let dataset: string;
  let other: string;

  before(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'lede-eval-test-'));
    const jsonLines = (rows: readonly object[]) => `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
    const write = async (dir: string, corpus: object[], queries: object[], qrels: string) => {
      await mkdir(path.join(dir, 'qrels'), { recursive: true });
      await writeFile(path.join(dir, 'corpus.jsonl'), jsonLines(corpus));
      await writeFile(path.join(dir, 'queries.jsonl'), jsonLines(queries));
      await writeFile(path.join(dir, 'qrels', 'test.tsv'), qrels);
    };
    dataset = path.join(folder, 'tiny');
    other = path.join(folder, 'other');
    await write(dataset, CORPUS, QUERIES, QRELS);
    await write(other, OTHER_CORPUS, OTHER_QUERIES, OTHER_QRELS);
  });

  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('prints exactly one JSON object with the scores and writes per-query outcomes', async () => {
    const results = path.join(folder, 'results-json');
    const outcome = await evalCli(['--dataset', dataset, '--json', '--results-dir', results]);
    assert.equal(outcome.code, 0, outcome.stderr);
    const result = JSON.parse(outcome.stdout) as EvalJson;
    assert.equal(result.split, 'test');
    assert.deepEqual(
      result.engines.map((engine) => engine.engine),
      ['lede'],
      'Lede only by default',
    );
    const [tiny] = result.engines[0]?.collections ?? [];
    assert.deepEqual(Object.keys(tiny ?? {}).slice(0, 5), [
      'collection',
      'ndcg@10',
      'mrr@10',
      'recall@100',
      'queries',
    ]);
    assert.equal(tiny?.queries, 3, 'only the judged queries are evaluated');
    assert.equal(tiny?.['ndcg@10'], 1);
    assert.equal(tiny?.['mrr@10'], 1);
    assert.equal(tiny?.['recall@100'], 1);
    assert.equal(tiny?.queryErrors, 0);
    assert.match(outcome.stderr, /per-query results written to/);

    const rows = await readRows(path.join(results, 'eval-tiny-test-lede.jsonl'));
    assert.deepEqual(
      rows.map((row) => row.id),
      ['q1', 'q2', 'q3'],
    );
    const comet = rows.find((row) => row.id === 'q3');
    assert.deepEqual(new Set(comet?.top10), new Set(['doc/5', 'd6']), 'hits map back to corpus ids');
    assert.deepEqual(comet?.relevant, ['d6', 'doc/5']);
  });

  it('runs several collections and engines in one run, with a mean row per engine', async () => {
    const results = path.join(folder, 'results-all');
    const outcome = await evalCli([
      ...['--dataset', dataset, '--dataset', other, '--engine', 'lede,minisearch,bm25'],
      ...['--bm25-k1', '0.9', '--bm25-b', '0.4', '--results-dir', results, '--json'],
    ]);
    assert.equal(outcome.code, 0, outcome.stderr);
    const result = JSON.parse(outcome.stdout) as EvalJson;
    assert.deepEqual(
      result.engines.map((engine) => engine.name),
      ['lede', 'minisearch', 'bm25-k0.9-b0.4'],
    );
    for (const engine of result.engines) {
      assert.deepEqual(
        engine.collections.map((c) => c.collection),
        ['tiny', 'other'],
      );
      const [first = 0, second = 0] = engine.collections.map((c) => c['ndcg@10'] as number);
      const average = engine.mean['ndcg@10'] ?? Number.NaN;
      assert.ok(Math.abs(average - (first + second) / 2) < 1e-6, 'the mean weighs collections equally');
      assert.equal(engine.mean.queries, 5);
      for (const c of engine.collections) {
        await readRows(path.join(results, `eval-${c.collection}-test-${engine.name}.jsonl`));
      }
    }
    assert.deepEqual(result.engines[2]?.options, { k1: 0.9, b: 0.4 });
    const bm25Other = await readRows(path.join(results, 'eval-other-test-bm25-k0.9-b0.4.jsonl'));
    assert.deepEqual(bm25Other.find((row) => row.id === 'k1')?.top10, ['o2']);
  });

  it('asks every judged query with one slip in one word with --misspell, the same for a seed', async () => {
    const results = path.join(folder, 'results-misspelt');
    const ask = () => evalCli(['--dataset', dataset, '--misspell', '3', '--json', '--results-dir', results]);
    const outcome = await ask();
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.equal((JSON.parse(outcome.stdout) as { misspell: number }).misspell, 3);
    assert.match(outcome.stderr, /tiny: 3 of 3 queries misspelt \(seed 3\)/);
    const rows = (await readRows(path.join(results, 'eval-tiny-test-lede.jsonl'))) as (PerQueryRow & {
      text: string;
    })[];
    for (const row of rows) {
      const original = QUERIES.find((query) => query._id === row.id)?.text ?? '';
      const typed = row.text.split(' ');
      const changed = original.split(' ').filter((word, i) => word !== typed[i]);
      assert.equal(changed.length, 1, `${original} → ${row.text}`);
      assert.ok((changed[0]?.length ?? 0) >= 5, 'a word of 5 letters or more');
    }
    // Typo tolerance finds the relevant articles all the same on this small, distinct collection.
    const scores = JSON.parse(outcome.stdout) as EvalJson;
    assert.ok((scores.engines[0]?.mean['ndcg@10'] ?? 0) > 0.5, outcome.stdout);
    const again = await ask();
    const textsAgain = (await readRows(path.join(results, 'eval-tiny-test-lede.jsonl'))) as typeof rows;
    assert.deepEqual(
      textsAgain.map((row) => row.text),
      rows.map((row) => row.text),
      'the same slips for the same seed',
    );
    assert.equal(again.code, 0);
  });

  it('prints a readable table without --json', async () => {
    const outcome = await evalCli([
      ...['--dataset', dataset, '--dataset', other, '--engine', 'lede,bm25'],
      ...['--results-dir', path.join(folder, 'results-table')],
    ]);
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.match(
      outcome.stdout,
      /^engine\s+collection\s+nDCG@10\s+MRR@10\s+Recall@100\s+queries\s+build s$/m,
    );
    assert.match(outcome.stdout, /^lede\s+tiny\s+1\.0000\s+1\.0000\s+1\.0000\s+3\s+\d+\.\d$/m);
    assert.match(outcome.stdout, /^lede\s+mean\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+5\s/m);
    assert.match(outcome.stdout, /^bm25 k1=1\.2 b=0\.75\s+other\s/m);
  });

  it('saves a named run per collection, one folder per engine when there are several', async () => {
    const results = path.join(folder, 'results-runs');
    const one = await evalCli([
      ...['--dataset', dataset, '--dataset', other, '--save-run', 'base', '--results-dir', results],
    ]);
    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual(
      (await readRows(path.join(results, 'runs', 'base', 'tiny.jsonl'))).map((row) => row.id),
      ['q1', 'q2', 'q3'],
    );
    await readRows(path.join(results, 'runs', 'base', 'other.jsonl'));

    const two = await evalCli([
      ...['--dataset', other, '--engine', 'lede,bm25', '--save-run', 'pair', '--results-dir', results],
    ]);
    assert.equal(two.code, 0, two.stderr);
    await readRows(path.join(results, 'runs', 'pair-lede', 'other.jsonl'));
    await readRows(path.join(results, 'runs', 'pair-bm25-k1.2-b0.75', 'other.jsonl'));
  });

  it('rejects no dataset, an unknown engine and an unsafe run name with exit code 2', async () => {
    const none = await evalCli(['--engine', 'bm25']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /give at least one --dataset/);
    const engine = await evalCli(['--dataset', dataset, '--engine', 'lede,elastic']);
    assert.equal(engine.code, 2);
    assert.match(engine.stderr, /expected some of lede, minisearch, bm25/);
    const run = await evalCli(['--dataset', dataset, '--save-run', '../escape']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /expected letters, digits/);
  });

  it('fails clearly for a missing dataset folder', async () => {
    const outcome = await evalCli(['--dataset', path.join(folder, 'nowhere'), '--json']);
    assert.equal(outcome.code, 1);
    assert.equal(outcome.stdout, '');
    assert.match(outcome.stderr, /No dataset folder at .*nowhere/);
    assert.doesNotMatch(outcome.stderr, /^\s+at /m, 'no stack trace');
  });

  it('fails clearly for a missing split, naming the available ones', async () => {
    const outcome = await evalCli(['--dataset', dataset, '--split', 'dev']);
    assert.notEqual(outcome.code, 0);
    assert.match(outcome.stderr, /No judgments for split "dev" .*available: test/);
  });
});
