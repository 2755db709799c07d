import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { readArtifact } from '../../index/artifact/artifact.ts';
import { PROJECT_ROOT } from '../../index/paths.ts';
import { SearchEngine } from '../../index/search/engine.ts';
import { searchResponseSchema } from '../../server/apiSchemas.ts';
import { searchResponseBytes } from '../../server/searchResponse.ts';
import { copyOfSeeds, SEED_IDS, temporaryFolder } from '../helpers.ts';

const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one of the CLIs as a user would (through tsx), never through a shell. */
async function cli(script: 'buildIndex' | 'search', args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'index', 'cli', `${script}.ts`), ...args],
      { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

const STACK_TRACE = /^\s+at .+\(.+:\d+:\d+\)$/m;

describe('command line', () => {
  let indexPath: string;
  before(async () => {
    indexPath = path.join(await temporaryFolder(), 'index.bin');
  });

  it('npm run index builds the artifact and prints a one-line summary', async () => {
    const seeds = await copyOfSeeds();
    const outcome = await cli('buildIndex', ['--seeds', seeds, '--out', indexPath]);
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.match(
      outcome.stdout,
      /^Indexed 5 articles \(5 analyzed, 0 unchanged, 0 removed\): [\d,]+ terms, \d+ KB, [\d.]+ s, peak memory \d+ MB → /,
    );
  });

  it('npm run index -- --json prints the build report for programs', async () => {
    const seeds = await copyOfSeeds();
    const outcome = await cli('buildIndex', ['--seeds', seeds, '--out', indexPath, '--json']);
    assert.equal(outcome.code, 0, outcome.stderr);
    const report = JSON.parse(outcome.stdout);
    assert.equal(report.documentCount, 5);
    assert.equal(report.reused + report.analyzed, 5);
    assert.deepEqual(report.warnings, []);
    assert.ok(report.peakRssBytes > 10 * 1024 * 1024, 'the process’s peak memory, in bytes');
  });

  it('npm run index exits non-zero with a clear message for a missing folder', async () => {
    const outcome = await cli('buildIndex', ['--seeds', '/nonexistent/articles', '--out', indexPath]);
    assert.equal(outcome.code, 1);
    assert.match(outcome.stderr, /No articles folder at \/nonexistent\/articles/);
    assert.doesNotMatch(outcome.stderr, STACK_TRACE);
  });

  it('npm run search -- --json prints what /api/search answers, links and facets included', async () => {
    const query = '"March 1 deadline"';
    const outcome = await cli('search', ['--index', indexPath, '--json', '--limit', '5', query]);
    assert.equal(outcome.code, 0, outcome.stderr);
    const printed = searchResponseSchema.parse(JSON.parse(outcome.stdout));
    assert.deepEqual([printed.total, printed.articles], [1, 2]);
    const hit = printed.hits[0];
    assert.deepEqual([hit?.id, ...(hit?.duplicates ?? []).map((duplicate) => duplicate.id)].sort(), [
      SEED_IDS.cnnTrade,
      SEED_IDS.cnnDavos,
    ]);
    assert.match(hit?.snippet ?? '', /<mark>March 1 deadline<\/mark>/);
    assert.equal(hit?.url, `/articles/${SEED_IDS.cnnTrade}?q=%22March%201%20deadline%22#first-match`);
    assert.deepEqual(printed.facets.sources, [{ value: 'CNN', count: 2, selected: false }]);
    // The very body the API gives for the same search, but for the time it took.
    const engine = new SearchEngine(await readArtifact(indexPath));
    const result = engine.search(query, { limit: 5, facets: true });
    const answered = JSON.parse(
      searchResponseBytes(result, { q: query, page: 1, perPage: 5, explain: false }).toString(),
    );
    assert.deepEqual({ ...printed, tookMs: 0 }, { ...searchResponseSchema.parse(answered), tookMs: 0 });
  });

  it('npm run index -- --map reads an archive field from the column named', async () => {
    const folder = await temporaryFolder();
    const seeds = path.join(folder, 'records');
    await mkdir(seeds);
    await writeFile(
      path.join(seeds, 'feed.csv'),
      'id,headline,story\n1,Canal boats,Canal boats returned to the city.\n',
    );
    const out = path.join(folder, 'i.bin');
    const bad = await cli('buildIndex', ['--seeds', seeds, '--out', out, '--map', 'story']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /expected field=column with a field among id, title, body/);
    const outcome = await cli('buildIndex', [
      '--seeds',
      seeds,
      '--out',
      out,
      '--map',
      'body=story',
      '--json',
    ]);
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.equal(JSON.parse(outcome.stdout).documentCount, 1);
  });

  it('npm run search prints ranked plain text when not on a terminal', async () => {
    const outcome = await cli('search', ['--index', indexPath, '--limit', '2', 'Mnuchin']);
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.match(
      outcome.stdout,
      /^\d+ results, \d+ articles with near-duplicates \([\d.]+ ms\)\n\n1\. .+\n {3}.*score [\d.]+/,
    );
    assert.match(outcome.stdout, /≈ same story: /);
    assert.ok(
      !outcome.stdout.includes('<mark>') && !outcome.stdout.includes('\u001b['),
      'no markup, no colour codes',
    );
    assert.equal(outcome.stdout.match(/^\d\. /gm)?.length, 2);
  });

  it('npm run search -- --explain shows each result’s tier and score parts, adding up to its score', async () => {
    const outcome = await cli('search', ['--index', indexPath, '--explain', 'Lighthizer', 'Kudlow']);
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.match(outcome.stdout, /, 1 with every word \(/);
    assert.match(
      outcome.stdout,
      /why: every word of the query\n {8}\+\d+\.\d{3} {2}\w+ in (body|title) \(for /,
    );
    assert.match(outcome.stdout, /why: some words: has Lighthizer; lacks Kudlow/);
    for (const block of outcome.stdout.split(/\n\n/).filter((text) => text.includes('why:'))) {
      const parts = [...block.matchAll(/^ +([+-]\d+\.\d{3}) /gm)].map((match) => Number(match[1]));
      const score = Number(/score ([\d.]+)/.exec(block)?.[1]);
      const sum = parts.reduce((total, part) => total + part, 0);
      assert.ok(Math.abs(sum - score) < 0.01, `${sum} against ${score}`);
    }
  });

  it('npm run search filters by source and date, sorts by date and suggests a spelling', async () => {
    const filtered = await cli('search', [
      '--index',
      indexPath,
      '--json',
      '--source',
      'the wall street journal',
      '--from',
      '2019-07',
      'trade',
    ]);
    assert.equal(filtered.code, 0, filtered.stderr);
    const result = JSON.parse(filtered.stdout);
    assert.deepEqual(
      result.hits.map((hit: { id: string }) => hit.id),
      [SEED_IDS.wsj],
    );
    assert.equal(result.filters.from, '2019-07-01');
    const newest = JSON.parse(
      (await cli('search', ['--index', indexPath, '--json', '--sort', 'newest', 'trade'])).stdout,
    );
    assert.equal(newest.hits[0].id, SEED_IDS.wsj, 'the only dated article comes first');
    const typo = await cli('search', ['--index', indexPath, 'Lighthzer']);
    assert.match(typo.stdout, /Did you mean: Lighthizer/);
    const badDate = await cli('search', ['--index', indexPath, '--from', '2019-13', 'trade']);
    assert.equal(badDate.code, 2);
    assert.match(badDate.stderr, /not a date/);
  });

  it('a query without hits exits 0; a bad query or a missing index exits non-zero without a stack trace', async () => {
    const none = await cli('search', ['--index', indexPath, 'zeppelin']);
    assert.equal(none.code, 0);
    assert.match(none.stdout, /No articles match zeppelin/);

    const bad = await cli('search', ['--index', indexPath, '--', '-trade']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /only excludes words/);
    assert.doesNotMatch(bad.stderr, STACK_TRACE);

    const missing = await cli('search', ['--index', '/nonexistent/index.bin', 'trade']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No index at \/nonexistent\/index\.bin/);

    const badLimit = await cli('search', ['--index', indexPath, '--limit', '0', 'trade']);
    assert.notEqual(badLimit.code, 0);
    assert.match(badLimit.stderr, /whole number from 1 to 100/);
  });

  it('says which filters are on when nothing matches with them', async () => {
    const outcome = await cli('search', [
      '--index',
      indexPath,
      '--source',
      'Reuters',
      '--from',
      '2019-03',
      'trade',
    ]);
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.equal(
      outcome.stdout.trim(),
      'No articles match trade with these filters: source Reuters, from 2019-03-01.',
    );
  });
});

describe('the lede command (npx lede)', () => {
  /** Runs `command args` in the project folder, never through a shell. */
  async function runCommand(command: string, args: string[]): Promise<Outcome> {
    try {
      const { stdout, stderr } = await run(command, args, {
        cwd: PROJECT_ROOT,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failure = error as { code: number; stdout: string; stderr: string };
      return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
    }
  }

  it('builds and searches with nothing but the answer on stdout, so its JSON pipes', async () => {
    const out = path.join(await temporaryFolder(), 'index.bin');
    const bin = path.join(PROJECT_ROOT, 'index', 'cli', 'lede.js');
    const built = await runCommand(process.execPath, [
      bin,
      'index',
      '--seeds',
      await copyOfSeeds(),
      '--out',
      out,
      '--json',
    ]);
    assert.equal(built.code, 0, built.stderr);
    assert.equal(JSON.parse(built.stdout).documentCount, 5);
    // npx finds the project's own bin without the registry (--offline would fail rather than fetch).
    const found = await runCommand('npx', [
      '--offline',
      'lede',
      'search',
      '--index',
      out,
      '--json',
      'tariffs',
    ]);
    assert.equal(found.code, 0, found.stderr);
    assert.equal(JSON.parse(found.stdout).total, 4);
  });

  it('names its commands, and refuses an unknown one', async () => {
    const bin = path.join(PROJECT_ROOT, 'index', 'cli', 'lede.js');
    const help = await runCommand(process.execPath, [bin, '--help']);
    assert.match(help.stdout, /Usage: lede <command>[\s\S]*index[\s\S]*search/);
    const unknown = await runCommand(process.execPath, [bin, 'serach', 'trade']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "serach"/);
  });
});
