import assert from 'node:assert/strict';
import { cp, mkdir, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ARTIFACT_VERSION, readArtifact, writeArtifact } from '../../index/artifact/artifact.ts';
import { type DocumentColumns, DocumentStore } from '../../index/artifact/documentStore.ts';
import { buildIndex, isIndexStale } from '../../index/build/build.ts';
import { BuildError, IndexError } from '../../index/errors.ts';
import { SearchEngine } from '../../index/search/engine.ts';
import { copyOfSeeds, hitIds, SEED_IDS, temporaryFolder } from '../helpers.ts';

/** Saved web pages, some of them no articles (a section front, a tag page). */
const PAGES = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'pages');

const QUERIES = [
  'trade',
  '"March 1 deadline"',
  'Mnuchin tariffs',
  'presiden*',
  'hopefulness',
  'Huawei OR Davos',
];

/** Every query's ranked ids and scores, to compare two indexes' behaviour. */
function answers(engine: SearchEngine): unknown {
  return QUERIES.map((query) =>
    engine.search(query, { limit: 100 }).hits.map((hit) => [hit.id, hit.score, hit.snippet]),
  );
}

describe('build', () => {
  it('indexes the seeds and records a manifest with a hash per file', async () => {
    const seeds = await copyOfSeeds();
    const out = path.join(await temporaryFolder(), 'index.bin');
    const report = await buildIndex({ seedsDir: seeds, outPath: out });
    assert.equal(report.documentCount, 5);
    assert.equal(report.analyzed, 5);
    assert.deepEqual(report.warnings, []);
    const snapshot = await readArtifact(out);
    assert.equal(snapshot.manifest.documentCount, 5);
    assert.match(snapshot.manifest.files['000_f4e733550bd64f5d.txt']?.contentHash ?? '', /^[0-9a-f]{64}$/);
    assert.ok(report.termCount > 500);
  });

  it('rebuilds incrementally: unchanged files are reused, and the result equals a full build', async () => {
    const seeds = await copyOfSeeds();
    const folder = await temporaryFolder();
    const incrementalOut = path.join(folder, 'incremental.bin');
    await buildIndex({ seedsDir: seeds, outPath: incrementalOut });

    const unchanged = await buildIndex({ seedsDir: seeds, outPath: incrementalOut });
    assert.deepEqual([unchanged.analyzed, unchanged.reused, unchanged.removed], [0, 5, 0]);

    const wsjPath = path.join(seeds, `${SEED_IDS.wsj}.txt`);
    await writeFile(wsjPath, (await readFile(wsjPath, 'utf8')).replace('hopefulness', 'quixotry'));
    await writeFile(path.join(seeds, 'late.md'), '# Late story\n\nA zeppelin landed.\n');
    await rm(path.join(seeds, `${SEED_IDS.breitbart}.txt`));

    const incremental = await buildIndex({ seedsDir: seeds, outPath: incrementalOut });
    assert.deepEqual([incremental.analyzed, incremental.reused, incremental.removed], [2, 3, 1]);
    const full = await buildIndex({ seedsDir: seeds, outPath: path.join(folder, 'full.bin'), full: true });
    assert.equal(full.analyzed, 5);

    const incrementalEngine = new SearchEngine(await readArtifact(incrementalOut));
    const fullEngine = new SearchEngine(full.snapshot);
    assert.deepEqual(answers(incrementalEngine), answers(fullEngine));
    assert.deepEqual(hitIds(incrementalEngine, 'quixotry'), [SEED_IDS.wsj]);
    assert.deepEqual(hitIds(incrementalEngine, '"note of hopefulness"'), []);
    assert.deepEqual(hitIds(incrementalEngine, 'zeppelin'), ['late']);
    assert.deepEqual(hitIds(incrementalEngine, '"50-50 deal"'), []);
  });

  it('leaves the artifact as it is when no article changed, only marking it current when a file was saved again', async () => {
    const seeds = await copyOfSeeds();
    const out = path.join(await temporaryFolder(), 'index.bin');
    await buildIndex({ seedsDir: seeds, outPath: out });
    const built = await readFile(out);
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const entry of await readdir(seeds, { recursive: true, withFileTypes: true }))
      await utimes(path.join(entry.parentPath, entry.name), hourAgo, hourAgo);
    await utimes(seeds, hourAgo, hourAgo);
    const builtAt = new Date(Date.now() - 60_000);
    await utimes(out, builtAt, builtAt);

    // Nothing changed: the same bytes, not written again (a server watching it has nothing to reload).
    const again = await buildIndex({ seedsDir: seeds, outPath: out });
    assert.deepEqual([again.analyzed, again.reused, again.removed, again.documentCount], [0, 5, 0, 5]);
    assert.equal(again.bytes, built.length);
    assert.deepEqual(await readFile(out), built);
    assert.equal(Math.round((await stat(out)).mtimeMs), builtAt.getTime(), 'not written again');

    // A file saved again as it was, and a page that is no article: the index is the same, now current.
    const wsjPath = path.join(seeds, `${SEED_IDS.wsj}.txt`);
    await writeFile(wsjPath, await readFile(wsjPath));
    await cp(path.join(PAGES, 'section-front.html'), path.join(seeds, 'section-front.html'));
    const saved = await buildIndex({ seedsDir: seeds, outPath: out });
    assert.deepEqual([saved.analyzed, saved.reused], [0, 5]);
    assert.deepEqual(
      saved.nonArticles.map((page) => page.relativePath),
      ['section-front.html'],
    );
    assert.deepEqual(await readFile(out), built);
    assert.equal(await isIndexStale(seeds, out), false);
    assert.deepEqual(
      answers(new SearchEngine(saved.snapshot)),
      answers(new SearchEngine(await readArtifact(out))),
    );

    // Asked to keep pages that are no articles, the page is indexed: a new artifact.
    const kept = await buildIndex({ seedsDir: seeds, outPath: out, limits: { keepNonArticles: true } });
    assert.deepEqual([kept.analyzed, kept.reused, kept.documentCount], [1, 5, 6]);
    assert.notDeepEqual(await readFile(out), built);
  });

  it('fails clearly on a missing folder or one without articles, leaving the old index in place', async () => {
    const folder = await temporaryFolder();
    const out = path.join(folder, 'index.bin');
    await buildIndex({ seedsDir: await copyOfSeeds(), outPath: out });
    const before = await readFile(out);

    await assert.rejects(buildIndex({ seedsDir: path.join(folder, 'nope'), outPath: out }), {
      name: 'BuildError',
      code: 'seeds_missing',
    });
    const empty = path.join(folder, 'empty');
    await mkdir(empty);
    await writeFile(path.join(empty, 'notes.pdf'), 'not an article');
    await assert.rejects(buildIndex({ seedsDir: empty, outPath: out }), (error: unknown) => {
      return (
        error instanceof BuildError &&
        error.code === 'no_articles' &&
        /No articles to index/.test(error.message)
      );
    });
    assert.deepEqual(await readFile(out), before);
    assert.deepEqual(
      (await readdir(folder)).filter((name) => name.endsWith('.tmp')),
      [],
      'no temporary files left behind',
    );
  });

  it('skips empty, binary, huge and unreadable files with a warning naming each, and indexes the rest', async () => {
    const seeds = await copyOfSeeds();
    await writeFile(path.join(seeds, 'empty.txt'), '  \n');
    await writeFile(path.join(seeds, 'image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]));
    await symlink(path.join(seeds, 'missing-target.txt'), path.join(seeds, 'broken.txt'));
    await writeFile(
      path.join(seeds, 'latin1.txt'),
      Buffer.from('Caf\xe9 society\n\nThe caf\xe9 opened in Paris.', 'latin1'),
    );
    await writeFile(path.join(seeds, 'huge.txt'), `Huge\n\n${'word '.repeat(10 * 1024 * 1024)}`);
    const report = await buildIndex({
      seedsDir: seeds,
      outPath: path.join(await temporaryFolder(), 'i.bin'),
    });
    assert.equal(report.documentCount, 6);
    const warnings = report.warnings.join('\n');
    assert.match(warnings, /empty\.txt: skipped, the file is empty/);
    assert.match(warnings, /image\.txt: skipped, it looks like a binary file/);
    assert.match(warnings, /broken\.txt: skipped, it is a broken link/);
    assert.match(warnings, /latin1\.txt: not valid UTF-8, read as Latin-1/);
    assert.match(warnings, /huge\.txt: skipped, 50\.0 MB is more than an article \(limit 10 MB\)/);
    const engine = new SearchEngine(report.snapshot);
    assert.deepEqual(hitIds(engine, 'café'), ['latin1']);
    assert.equal(engine.article('latin1')?.title, 'Café society');
  });

  it('reads .md and .html articles, recursively, and a sidecar .json overrides metadata', async () => {
    const seeds = await copyOfSeeds();
    await mkdir(path.join(seeds, 'web'));
    await writeFile(
      path.join(seeds, 'web', 'page.html'),
      '<html><head><title>Harbour news</title></head><body><nav>Home | World</nav><article><h1>Harbour reopens</h1><p>The harbour <b>reopened</b> on Monday.</p></article><script>alert(1)</script></body></html>',
    );
    await writeFile(
      path.join(seeds, `${SEED_IDS.washingtonPost}.json`),
      JSON.stringify({
        source: 'The Washington Post',
        url: 'https://example.com/fizzle',
        date: '2017-07-19',
      }),
    );
    await writeFile(path.join(seeds, `${SEED_IDS.wsj}.json`), '{"title": 42}');
    const report = await buildIndex({
      seedsDir: seeds,
      outPath: path.join(await temporaryFolder(), 'i.bin'),
    });
    const engine = new SearchEngine(report.snapshot);
    assert.deepEqual(hitIds(engine, 'harbour reopened'), ['web-page']);
    assert.deepEqual(hitIds(engine, 'alert'), []);
    const post = engine.article(SEED_IDS.washingtonPost);
    assert.equal(post?.source, 'The Washington Post');
    assert.equal(post?.url, 'https://example.com/fizzle');
    assert.equal(post?.date, '2017-07-19');
    assert.match(
      report.warnings.join('\n'),
      /004_a8811397f6ad08aa\.txt: its sidecar \.json has fields that were ignored \(title/,
    );
    assert.equal(engine.article(SEED_IDS.wsj)?.source, 'The Wall Street Journal');
  });
});

describe('whether the index is older than the articles (npm start asks before it serves)', () => {
  /** A built index of a copy of the seeds, with every seed file and folder dated a minute before it. */
  async function builtIndex(): Promise<{ seeds: string; out: string; minuteAgo: Date }> {
    const seeds = await copyOfSeeds();
    await mkdir(path.join(seeds, 'world', 'asia'), { recursive: true });
    await writeFile(path.join(seeds, 'world', 'asia', 'deep.md'), '# Deep\n\nA story two folders down.\n');
    const out = path.join(await temporaryFolder(), 'index.bin');
    await buildIndex({ seedsDir: seeds, outPath: out });
    const minuteAgo = new Date(Date.now() - 60_000);
    for (const entry of await readdir(seeds, { recursive: true, withFileTypes: true }))
      await utimes(path.join(entry.parentPath, entry.name), minuteAgo, minuteAgo);
    await utimes(seeds, minuteAgo, minuteAgo);
    return { seeds, out, minuteAgo };
  }

  it('is current when nothing changed since the build', async () => {
    const { seeds, out } = await builtIndex();
    assert.equal(await isIndexStale(seeds, out), false);
  });

  it('is stale when a file two folders down, a sidecar or a folder changed after it, or it is missing', async () => {
    const { seeds, out, minuteAgo } = await builtIndex();
    const later = new Date(Date.now() + 60_000);
    for (const changed of [
      path.join('world', 'asia', 'deep.md'),
      `${SEED_IDS.wsj}.txt`,
      path.join('world', 'asia'),
    ]) {
      await utimes(path.join(seeds, changed), later, later);
      assert.equal(await isIndexStale(seeds, out), true, `${changed} changed`);
      await utimes(path.join(seeds, changed), minuteAgo, minuteAgo);
    }
    await writeFile(path.join(seeds, `${SEED_IDS.wsj}.json`), JSON.stringify({ author: 'A. Sidecar' }));
    await utimes(seeds, minuteAgo, minuteAgo);
    assert.equal(await isIndexStale(seeds, out), true, 'a sidecar written after the build');
    assert.equal(await isIndexStale(seeds, `${out}.missing`), true);
  });
});

describe('index artifact', () => {
  async function builtArtifact(): Promise<{ out: string; bytes: Buffer }> {
    const out = path.join(await temporaryFolder(), 'index.bin');
    await buildIndex({ seedsDir: await copyOfSeeds(), outPath: out });
    return { out, bytes: await readFile(out) };
  }

  it('round-trips: the loaded index answers like the built one', async () => {
    const seeds = await copyOfSeeds();
    const out = path.join(await temporaryFolder(), 'index.bin');
    const report = await buildIndex({ seedsDir: seeds, outPath: out });
    assert.deepEqual(
      answers(new SearchEngine(await readArtifact(out))),
      answers(new SearchEngine(report.snapshot)),
    );
  });

  it('refuses a truncated, altered, foreign or missing artifact with a clear error', async () => {
    const { out, bytes } = await builtArtifact();
    const cases: [string, Buffer, string][] = [
      ['truncated', bytes.subarray(0, bytes.length - 100), 'index_corrupt'],
      [
        'altered',
        Buffer.concat([bytes.subarray(0, bytes.length - 10), Buffer.from('XXXXXXXXXX')]),
        'index_corrupt',
      ],
      ['not an index', Buffer.from('hello world\nthis is not an index'), 'index_corrupt'],
      ['empty', Buffer.alloc(0), 'index_corrupt'],
      [
        'other version',
        Buffer.from(
          bytes.toString('latin1').replace(`"version":${ARTIFACT_VERSION},`, '"version":99,'),
          'latin1',
        ),
        'index_version',
      ],
      [
        'other fields (a field added to the registry since)',
        Buffer.from(
          bytes.toString('latin1').replace('"search":["title",', '"search":["headline",'),
          'latin1',
        ),
        'index_version',
      ],
    ];
    for (const [label, content, code] of cases) {
      await writeFile(out, content);
      await assert.rejects(readArtifact(out), (error: unknown) => {
        assert.ok(error instanceof IndexError, label);
        assert.equal(error.code, code, label);
        assert.match(error.message, /npm run index/, label);
        return true;
      });
    }
    await rm(out);
    await assert.rejects(readArtifact(out), { code: 'index_missing' });
  });

  it('refuses an artifact whose article columns are not as written, though their checksum matches', async () => {
    const { out } = await builtArtifact();
    const snapshot = await readArtifact(out);
    const { columns, bytes, offsets } = snapshot.documents.encode();
    const broken: [string, unknown][] = [
      ['ids', { ...columns, ids: columns.ids.map((id, i) => (i === 0 ? 7 : id)) }],
      ['dates', { ...columns, dates: columns.dates.map(() => 20190101) }],
      [
        'sources values',
        { ...columns, facets: { ...columns.facets, sources: columns.ids.map(() => 'CNN') } },
      ],
    ];
    for (const [what, brokenColumns] of broken) {
      const documents = DocumentStore.fromEncoded({
        columns: brokenColumns as DocumentColumns,
        bytes,
        offsets,
      });
      await writeArtifact(out, { ...snapshot, documents });
      await assert.rejects(readArtifact(out), (error: unknown) => {
        assert.ok(error instanceof IndexError, what);
        assert.equal(error.code, 'index_corrupt', what);
        assert.match(error.message, new RegExp(`document columns' ${what}`), what);
        return true;
      });
    }
  });

  it('rebuilds everything, with a warning, when the previous artifact is corrupt', async () => {
    const seeds = await copyOfSeeds();
    const out = path.join(await temporaryFolder(), 'index.bin');
    await writeFile(out, 'garbage');
    const report = await buildIndex({ seedsDir: seeds, outPath: out });
    assert.equal(report.analyzed, 5);
    assert.match(report.previousIndexProblem ?? '', /damaged/);
    assert.equal((await readArtifact(out)).manifest.documentCount, 5);
  });

  it('replaces the artifact atomically', async () => {
    const { out } = await builtArtifact();
    const snapshot = await readArtifact(out);
    await writeArtifact(out, snapshot);
    const names = await readdir(path.dirname(out));
    assert.deepEqual(names, ['index.bin']);
  });
});

describe('a crawl of web pages', () => {
  it('leaves out pages that are not articles, counting them, and keeps them on request', async () => {
    const seeds = await copyOfSeeds();
    for (const name of ['section-front.html', 'tag-page.html', 'not-found.html', 'split-article.html']) {
      await cp(path.join(PAGES, name), path.join(seeds, name));
    }
    const report = await buildIndex({
      seedsDir: seeds,
      outPath: path.join(await temporaryFolder(), 'i.bin'),
    });
    assert.deepEqual(
      report.nonArticles.map((page) => page.relativePath),
      ['not-found.html', 'section-front.html', 'tag-page.html'],
    );
    assert.ok(report.nonArticles.every((page) => page.reason.length > 0));
    const engine = new SearchEngine(report.snapshot);
    assert.equal(engine.article('section-front'), undefined);
    assert.notEqual(engine.article('split-article'), undefined);
    const kept = await buildIndex({
      seedsDir: seeds,
      outPath: path.join(await temporaryFolder(), 'i.bin'),
      limits: { keepNonArticles: true },
    });
    assert.deepEqual(kept.nonArticles, []);
    assert.notEqual(new SearchEngine(kept.snapshot).article('section-front'), undefined);
  });
});
