/**
 * Hostile article folders: files built to crash, stall or bloat a build, or to publish what is not an
 * article. Each is skipped or repaired with a warning naming it, and the rest of the folder is indexed,
 * on every build path (one thread, workers, incremental).
 */
import assert from 'node:assert/strict';
import { mkdir, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { MAX_WORD_LENGTH } from '../../index/analysis/analyzer.ts';
import { analyzeFileForBuild } from '../../index/build/analyzeFile.ts';
import { buildIndex } from '../../index/build/build.ts';
import { SearchEngine } from '../../index/search/engine.ts';
import { timeline } from '../../index/search/facets.ts';
import type { ArticleFile } from '../../index/sources/articleFiles.ts';
import { CleaningBudget, CleaningBudgetExceeded } from '../../index/sources/cleaning/budget.ts';
import { cleanArticle } from '../../index/sources/cleaning.ts';
import { copyOfSeeds, hitIds, temporaryFolder } from '../helpers.ts';

/** An .html page whose article sits inside `depth` nested `<div>`s: 2,500 overflowed html-to-text's stack. */
function nestedPage(depth: number): string {
  return `<html><body><article><p>Nested story about shipbuilding.</p>${'<div>'.repeat(depth)}deep text${'</div>'.repeat(depth)}</article></body></html>`;
}

/** Builds `seeds` into a fresh artifact with these options. */
async function build(seeds: string, options: Partial<Parameters<typeof buildIndex>[0]> = {}) {
  return buildIndex({ seedsDir: seeds, outPath: path.join(await temporaryFolder(), 'i.bin'), ...options });
}

function articleFile(relativePath: string, text: string): ArticleFile {
  return {
    id: relativePath.replace(/\.\w+$/, ''),
    relativePath,
    format: relativePath.endsWith('.md') ? 'markdown' : 'text',
    text,
    contentHash: 'x',
    sidecar: null,
  };
}

describe('a file that breaks the cleaner', () => {
  for (const [label, options] of [
    ['on one thread', { workers: 0 }],
    ['on two workers', { workers: 2 }],
  ] as const) {
    it(`is skipped or indexed, never stops the build, and is named in a warning (${label})`, async () => {
      const seeds = await copyOfSeeds();
      await writeFile(path.join(seeds, 'nested.html'), nestedPage(2500));
      await writeFile(path.join(seeds, 'deeper.html'), nestedPage(100_000));
      const report = await build(seeds, options);
      assert.ok(report.documentCount >= 5, 'the seeds are indexed');
      const engine = new SearchEngine(report.snapshot);
      assert.ok(hitIds(engine, '"March 1 deadline"').length > 0);
      for (const name of ['nested', 'deeper']) {
        const indexed = engine.article(name) !== undefined;
        const warned = report.warnings.some((warning) => warning.startsWith(`${name}.html: `));
        assert.ok(indexed || warned, `${name}.html is indexed or named in a warning`);
      }
    });
  }

  it('is skipped with a warning when its cleaning runs over the time budget', () => {
    let now = 0;
    const clock = () => {
      now += 600;
      return now;
    };
    const lines = Array.from({ length: 50 }, (_, i) => `Paragraph ${i} of a long story.`).join('\n\n');
    const analysis = analyzeFileForBuild(articleFile('slow.txt', `Slow story\n\n${lines}`), {
      cleaningBudgetMs: 2000,
      clock,
    });
    assert.equal(analysis.analyzed, null);
    assert.deepEqual(analysis.warnings, [
      'slow.txt: skipped, it could not be cleaned (cleaning took longer than 2,000 ms).',
    ]);
  });

  it('keeps cleaning a file while the machine, not the file, is slow (wall time passes, CPU time does not)', () => {
    let wall = 0;
    let cpu = 0;
    const budget = new CleaningBudget(2000, { wall: () => wall, cpu: () => cpu });
    wall = 10_000;
    cpu = 50;
    assert.doesNotThrow(() => budget.check());
    cpu = 2_100;
    assert.throws(() => budget.check(), CleaningBudgetExceeded);
  });

  it('keeps a file that cleans within its budget', () => {
    const analysis = analyzeFileForBuild(articleFile('fine.txt', 'A fine story\n\nIt cleans at once.'));
    assert.equal(analysis.analyzed?.document.title, 'A fine story');
    assert.deepEqual(analysis.warnings, []);
  });
});

describe('Markdown that made the link rules quadratic', () => {
  it('cleans a line of 150,000 "[" in well under a second and keeps the text around it', () => {
    const started = performance.now();
    const article = cleanArticle(
      `# Brackets\n\nSome text about trade.\n${'['.repeat(150_000)}\n`,
      'markdown',
    );
    // Quadratic rules took 41 s on this line; linear ones take milliseconds, so 5 s leaves room for load.
    assert.ok(performance.now() - started < 5000, `took ${performance.now() - started} ms`);
    assert.equal(article.title, 'Brackets');
    assert.match(article.body, /Some text about trade\./);
  });

  for (const unit of ['[a](', '![', '**a ', '<http:', '~~a ', '__a ']) {
    it(`cleans 100,000 characters of ${JSON.stringify(unit)} repeated in linear time`, () => {
      const started = performance.now();
      cleanArticle(`Title\n\nText.\n${unit.repeat(100_000 / unit.length)}\n`, 'markdown');
      assert.ok(performance.now() - started < 5000, `took ${performance.now() - started} ms`);
    });
  }

  it('still strips links, images and emphasis', () => {
    const text = cleanArticle(
      '# A headline of the day\n\nBy [Ana Swanson](https://example.com/ana)\n\nA **bold** and *plain* [link](https://x.org/a_(b)) ![img](i.png) ~~gone~~ word.',
      'markdown',
    );
    assert.deepEqual(text.authors, ['Ana Swanson']);
    assert.equal(text.body, 'A bold and plain link gone word.');
  });

  it('cleans a title line of 20,000 dots without the sentence rules going quadratic', () => {
    const started = performance.now();
    cleanArticle(`${'.'.repeat(20_000)}x\n\ntext\n`, 'text');
    assert.ok(performance.now() - started < 5000, `took ${performance.now() - started} ms`);
  });
});

describe('the articles folder as a boundary', () => {
  it('skips a link to a file outside the folder, with a warning, and serves no such article', async () => {
    const seeds = await copyOfSeeds();
    const outside = path.join(await temporaryFolder(), 'secret.txt');
    await writeFile(outside, 'Secret\n\nroot:x:0:0:root:/root:/bin/bash\n');
    await symlink(outside, path.join(seeds, 'passwd.txt'));
    const report = await build(seeds);
    assert.equal(new SearchEngine(report.snapshot).article('passwd'), undefined);
    assert.deepEqual(hitIds(new SearchEngine(report.snapshot), 'root'), []);
    assert.ok(
      report.warnings.includes(
        'passwd.txt: skipped, it links outside the articles folder (see --follow-links-outside).',
      ),
    );
  });

  it('indexes it when asked to follow links outside', async () => {
    const seeds = await copyOfSeeds();
    const outside = path.join(await temporaryFolder(), 'shared.txt');
    await writeFile(outside, 'Shared story\n\nA story kept in another folder about lighthouses.\n');
    await symlink(outside, path.join(seeds, 'shared.txt'));
    const report = await build(seeds, { followLinksOutside: true });
    assert.deepEqual(hitIds(new SearchEngine(report.snapshot), 'lighthouses'), ['shared']);
  });

  it('indexes a link to a file inside the folder, and warns about a folder link that loops', async () => {
    const seeds = await copyOfSeeds();
    await mkdir(path.join(seeds, 'sub'));
    await writeFile(path.join(seeds, 'sub', 'story.txt'), 'Sub story\n\nA story about canals.\n');
    await symlink(path.join(seeds, 'sub', 'story.txt'), path.join(seeds, 'alias.txt'));
    await symlink(seeds, path.join(seeds, 'sub', 'loop'));
    const report = await build(seeds);
    assert.deepEqual(hitIds(new SearchEngine(report.snapshot), 'canals').sort(), ['alias', 'sub-story']);
    assert.ok(
      report.warnings.some((warning) => warning.startsWith('sub/loop: skipped, the link leads back')),
    );
  });

  it('warns about a hidden article file instead of skipping it silently', async () => {
    const seeds = await copyOfSeeds();
    await writeFile(path.join(seeds, '..dots..txt'), 'Dots\n\nA story about dots.\n');
    const report = await build(seeds);
    assert.ok(
      report.warnings.includes('..dots..txt: skipped, hidden files (names starting with ".") are not read.'),
    );
  });
});

describe('bounded metadata and words', () => {
  it('drops a sidecar date outside 1800 to next year with a warning, and searches still answer', async () => {
    const seeds = await copyOfSeeds();
    for (const [name, date] of [
      ['ancient', '0001-01-01'],
      ['future', '9999-12-31'],
    ] as const) {
      await writeFile(
        path.join(seeds, `${name}.txt`),
        `${name} story\n\nA story about tariffs and its date.\n`,
      );
      await writeFile(path.join(seeds, `${name}.json`), JSON.stringify({ date }));
    }
    const report = await build(seeds);
    const nextYear = new Date().getUTCFullYear() + 1;
    assert.ok(
      report.warnings.includes(
        `ancient.txt: its date 0001-01-01 is outside 1800–${nextYear} and was left out.`,
      ),
    );
    assert.ok(
      report.warnings.includes(
        `future.txt: its date 9999-12-31 is outside 1800–${nextYear} and was left out.`,
      ),
    );
    const engine = new SearchEngine(report.snapshot);
    assert.equal(engine.article('ancient')?.date, null);
    const result = engine.search('tariffs', { facets: true });
    assert.ok(result.hits.some((hit) => hit.id === 'ancient'));
  });

  it('draws a timeline over any span of years in at most 40 bars, with usable from/to filters', () => {
    for (const dates of [
      ['0001-01-01', '2019-03-01'],
      ['1800-01-01', '2026-12-31'],
      ['1950-06-01', '2019-01-01'],
      ['2001-01-01', '2019-01-01'],
    ]) {
      const drawn = timeline(new Map(dates.map((date) => [date, 1])), 0, { from: null, to: null });
      assert.ok(drawn.buckets.length <= 40, `${dates} gives ${drawn.buckets.length} bars`);
      for (const bucket of drawn.buckets) {
        assert.match(bucket.from, /^\d{4}-\d{2}-\d{2}$/);
        assert.match(bucket.to, /^\d{4}-\d{2}-\d{2}$/);
      }
      assert.equal(
        drawn.buckets.reduce((sum, bucket) => sum + bucket.count, 0),
        2,
      );
    }
    const centuries = timeline(
      new Map([
        ['0001-01-01', 1],
        ['2019-03-01', 1],
      ]),
      0,
      { from: null, to: null },
    );
    assert.equal(centuries.granularity, 'century');
    assert.equal(centuries.buckets[0]?.period, '0000–0099');
    assert.equal(centuries.buckets.at(-1)?.to, '2099-12-31');
  });

  it('leaves a word of millions of characters out of the index, with a warning, and keeps the file', async () => {
    const seeds = await copyOfSeeds();
    await writeFile(
      path.join(seeds, 'oneword.txt'),
      `Odd file\n\nA story about walruses.\n\n${'a'.repeat(9 * 1024 * 1024)}`,
    );
    const report = await build(seeds);
    assert.ok(
      report.warnings.includes(
        `oneword.txt: a word longer than ${MAX_WORD_LENGTH} characters left out of the index.`,
      ),
    );
    const engine = new SearchEngine(report.snapshot);
    assert.deepEqual(hitIds(engine, 'walruses'), ['oneword']);
    const longest = engine
      .complete('aa', 100)
      .reduce((most, completion) => Math.max(most, completion.text.length), 0);
    assert.ok(longest <= MAX_WORD_LENGTH, `a completion of ${longest} characters`);
  });

  it('counts a sidecar toward the size limit: a 68 MB sidecar is ignored with a warning, not indexed', async () => {
    const seeds = await copyOfSeeds();
    await writeFile(path.join(seeds, 'big.txt'), 'Big sidecar\n\nA story about harbours.\n');
    await writeFile(path.join(seeds, 'big.json'), JSON.stringify({ title: 'x'.repeat(68 * 1024 * 1024) }));
    const out = path.join(await temporaryFolder(), 'i.bin');
    const report = await buildIndex({ seedsDir: seeds, outPath: out });
    assert.ok(
      report.warnings.some((warning) =>
        /^big\.txt: its sidecar \.json \(\d+ KB\) is larger than metadata can be/.test(warning),
      ),
    );
    assert.equal(new SearchEngine(report.snapshot).article('big')?.title, 'Big sidecar');
    assert.ok((await stat(out)).size < 2 * 1024 * 1024, 'the artifact stays small');
  });

  it('ignores a sidecar url that is not http(s), keeping its other fields', async () => {
    const seeds = await copyOfSeeds();
    await writeFile(path.join(seeds, 'link.txt'), 'Linked\n\nA story about ferries.\n');
    await writeFile(
      path.join(seeds, 'link.json'),
      JSON.stringify({ url: 'javascript:alert(1)', source: 'Ferry News' }),
    );
    const report = await build(seeds);
    const article = new SearchEngine(report.snapshot).article('link');
    assert.equal(article?.url, null);
    assert.equal(article?.source, 'Ferry News');
    assert.ok(
      report.warnings.includes(
        'link.txt: its sidecar .json has fields that were ignored (url: must be an http:// or https:// address).',
      ),
    );
  });

  it('cuts a title of thousands of characters to 500 with a warning', async () => {
    const seeds = await copyOfSeeds();
    await writeFile(path.join(seeds, 'long.txt'), 'Long title\n\nA story about kites.\n');
    await writeFile(path.join(seeds, 'long.json'), JSON.stringify({ title: 'word '.repeat(2000) }));
    const report = await build(seeds);
    const title = new SearchEngine(report.snapshot).article('long')?.title ?? '';
    assert.ok(title.length <= 500 && title.endsWith('…'));
    assert.ok(report.warnings.includes('long.txt: its title was cut to 500 characters.'));
  });
});

describe('an incremental build', () => {
  it('says again what it repaired in a file it reuses, and skips a bad file again', async () => {
    const seeds = await copyOfSeeds();
    await writeFile(path.join(seeds, 'ancient.txt'), 'Ancient story\n\nA story about tariffs.\n');
    await writeFile(path.join(seeds, 'ancient.json'), JSON.stringify({ date: '0001-01-01' }));
    await writeFile(path.join(seeds, 'nested.html'), nestedPage(100_000));
    const out = path.join(await temporaryFolder(), 'i.bin');
    const first = await buildIndex({ seedsDir: seeds, outPath: out });
    const second = await buildIndex({ seedsDir: seeds, outPath: out });
    assert.equal(second.reused, first.documentCount);
    const dateWarning = (report: { warnings: string[] }) =>
      report.warnings.filter((warning) => warning.startsWith('ancient.txt: its date 0001-01-01'));
    assert.equal(dateWarning(first).length, 1);
    assert.deepEqual(dateWarning(second), dateWarning(first));
    const nested = (report: { warnings: string[] }) =>
      report.warnings.filter((w) => w.startsWith('nested.html'));
    assert.deepEqual(nested(second), nested(first));
  });
});
