import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { pairedRandomizationTest } from '../../bench/evalSignificance.ts';
import { PROJECT_ROOT } from '../../index/paths.ts';

const run = promisify(execFile);

/** Per-query scores of 40 queries, spread over [0, 1) without randomness. */
const SCORES = Array.from({ length: 40 }, (_, i) => ((i * 37) % 40) / 40);

describe('paired randomization test', () => {
  it('gives p = 1 for identical runs', () => {
    const result = pairedRandomizationTest(SCORES, SCORES);
    assert.equal(result.p, 1);
    assert.equal(result.difference, 0);
    assert.equal(result.ties, SCORES.length);
  });

  it('gives p < 0.01 for a consistent large difference', () => {
    const better = SCORES.map((score) => score + 0.2);
    const result = pairedRandomizationTest(SCORES, better);
    assert.ok(result.p < 0.01, `p = ${result.p}`);
    assert.ok(Math.abs(result.difference - 0.2) < 1e-9);
    assert.equal(result.wins, SCORES.length);
    // Two-sided: the same difference the other way round is just as significant.
    assert.equal(pairedRandomizationTest(better, SCORES).p, result.p);
  });

  it('does not call a difference that flips sign from query to query significant', () => {
    const noisy = SCORES.map((score, i) => score + (i % 2 === 0 ? 0.1 : -0.1));
    assert.ok(pairedRandomizationTest(SCORES, noisy).p > 0.5);
  });

  it('gives the same p-value for the same seed, and nearly the same for another', () => {
    const shifted = SCORES.map((score, i) => score + (i % 3 === 0 ? 0.15 : -0.05));
    const first = pairedRandomizationTest(SCORES, shifted, { rounds: 10_000, seed: 7 });
    const again = pairedRandomizationTest(SCORES, shifted, { rounds: 10_000, seed: 7 });
    const other = pairedRandomizationTest(SCORES, shifted, { rounds: 10_000, seed: 8 });
    assert.equal(again.p, first.p);
    assert.ok(Math.abs(other.p - first.p) < 0.03, `${first.p} against ${other.p}`);
  });

  it('uses 10,000 rounds by default', () => {
    assert.equal(pairedRandomizationTest([0.1], [0.2]).rounds, 10_000);
  });
});

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the compare command as `npm run eval-compare` does (through tsx), never through a shell. */
async function compareCli(args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench', 'evalCompare.ts'), ...args],
      { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

/** An outcome file as `npm run eval` writes it, with only the fields a comparison reads. */
function outcomeLines(ids: readonly string[], ndcg: (i: number) => number): string {
  return ids
    .map((id, i) => JSON.stringify({ id, text: `query ${id}`, ndcg10: ndcg(i), mrr10: 0.5, recall100: 1 }))
    .join('\n');
}

describe('npm run eval-compare', () => {
  let folder: string;
  const ids = Array.from({ length: 30 }, (_, i) => `q${i}`);

  before(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'lede-compare-test-'));
    await writeFile(path.join(folder, 'a.jsonl'), `${outcomeLines(ids, (i) => (i % 10) / 20)}\n`);
    // The same queries in another order, each 0.3 better.
    const reversed = [...ids].reverse();
    await writeFile(
      path.join(folder, 'b.jsonl'),
      `${outcomeLines(reversed, (i) => (Number(reversed[i]?.slice(1)) % 10) / 20 + 0.3)}\n`,
    );
    await writeFile(path.join(folder, 'short.jsonl'), `${outcomeLines(ids.slice(1), () => 0.5)}\n`);
    for (const [runName, bonus] of [
      ['base', 0],
      ['better', 0.3],
    ] as const) {
      const dir = path.join(folder, 'results', 'runs', runName);
      await mkdir(dir, { recursive: true });
      await writeFile(
        path.join(dir, 'alpha.jsonl'),
        outcomeLines(ids, (i) => (i % 10) / 20 + bonus),
      );
      await writeFile(
        path.join(dir, 'beta.jsonl'),
        outcomeLines(ids, (i) => (i % 5) / 10),
      );
    }
    await writeFile(
      path.join(folder, 'results', 'runs', 'base', 'gamma.jsonl'),
      outcomeLines(ids, () => 1),
    );
  });

  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('pairs two files by query id and prints the means, the difference and p', async () => {
    const outcome = await compareCli([path.join(folder, 'a.jsonl'), path.join(folder, 'b.jsonl')]);
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.match(outcome.stdout, /^metric\s+ndcg@10$/m);
    assert.match(outcome.stdout, /^queries\s+30 \(B higher on 30, lower on 0, equal on 0\)$/m);
    assert.match(outcome.stdout, /^mean A\s+0\.2250\s/m);
    assert.match(outcome.stdout, /^mean B\s+0\.5250\s/m);
    assert.match(outcome.stdout, /^Δ \(B − A\)\s+\+0\.3000$/m);
    assert.match(
      outcome.stdout,
      /^p\s+<0\.0001\s+\(two-sided paired randomization test, 10,000 rounds, seed 15\)$/m,
    );
  });

  it('tests another metric on request, and prints JSON', async () => {
    const outcome = await compareCli([
      ...[path.join(folder, 'a.jsonl'), path.join(folder, 'b.jsonl')],
      ...['--metric', 'mrr@10', '--rounds', '500', '--json'],
    ]);
    assert.equal(outcome.code, 0, outcome.stderr);
    const result = JSON.parse(outcome.stdout) as {
      metric: string;
      rounds: number;
      comparisons: { p: number }[];
    };
    assert.equal(result.metric, 'mrr@10');
    assert.equal(result.rounds, 500);
    assert.equal(result.comparisons[0]?.p, 1, 'the MRR columns are identical');
  });

  it('compares every collection present in two saved runs', async () => {
    const outcome = await compareCli([
      ...['--runs', 'base', 'better', '--results-dir', path.join(folder, 'results')],
    ]);
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.match(outcome.stdout, /^collection\s+queries\s+A base\s+B better\s+Δ \(B − A\)\s+p$/m);
    assert.match(outcome.stdout, /^alpha\s+30\s+0\.2250\s+0\.5250\s+\+0\.3000\s+<0\.0001$/m);
    assert.match(outcome.stdout, /^beta\s+30\s+0\.2000\s+0\.2000\s+\+0\.0000\s+1\.0000$/m);
    assert.match(outcome.stdout, /^mean\s+60\s+0\.2125\s+0\.3625\s+\+0\.1500$/m);
    assert.doesNotMatch(outcome.stdout, /gamma/);
    assert.match(outcome.stderr, /only in base, not compared: gamma/);
  });

  it('refuses files that do not hold the same queries', async () => {
    const outcome = await compareCli([path.join(folder, 'a.jsonl'), path.join(folder, 'short.jsonl')]);
    assert.equal(outcome.code, 1);
    assert.match(outcome.stderr, /do not hold the same queries once each \(e\.g\. q0\)/);
    assert.doesNotMatch(outcome.stderr, /^\s+at /m, 'no stack trace');
  });

  it('fails clearly for a missing run or file, and for one file alone', async () => {
    const missing = await compareCli([
      '--runs',
      'base',
      'nope',
      '--results-dir',
      path.join(folder, 'results'),
    ]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No saved run "nope"/);
    const absent = await compareCli([path.join(folder, 'a.jsonl'), path.join(folder, 'absent.jsonl')]);
    assert.equal(absent.code, 1);
    assert.match(absent.stderr, /absent\.jsonl cannot be read/);
    const alone = await compareCli([path.join(folder, 'a.jsonl')]);
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /give two per-query files/);
  });
});
