import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { encodeArtifact } from '../../index/artifact/artifact.ts';
import type { AnalyzedDocument, IndexSnapshot } from '../../index/artifact/snapshot.ts';
import { analyzedDocumentOf } from '../../index/build/assemble.ts';
import { buildIndex } from '../../index/build/build.ts';
import { shardWorkers, splitListing } from '../../index/build/buildShards.ts';
import { indexShard, mergeShards } from '../../index/build/shards.ts';
import { WorkerPool } from '../../index/build/workerPool.ts';
import { listArticleFiles, listingOf, readListedFiles } from '../../index/sources/articleFiles.ts';
import { readInBatches } from '../../index/sources/fileBatches.ts';
import { copyOfSeeds, temporaryFolder } from '../helpers.ts';

/**
 * A collection with what a sharded build must get right: seeds repeated into near-duplicate groups
 * that straddle shards, names across documents, a sidecar, a Latin-1 file, files to skip, and two
 * files with the same id (the first readable one in path order is indexed).
 */
async function trickyCollection(): Promise<string> {
  const seeds = await copyOfSeeds();
  const texts = await Promise.all(
    ['000_f4e733550bd64f5d', '001_c9e868900b246019', '002_bb622a1beba4e295', '003_a63a1182bbf9768a'].map(
      (id) => readFile(path.join(seeds, `${id}.txt`), 'utf8'),
    ),
  );
  await mkdir(path.join(seeds, 'wire'));
  for (let i = 0; i < 24; i += 1) {
    const text = texts[i % texts.length] ?? '';
    const paragraphs = text.split('\n\n');
    // Drop one paragraph per copy: near-duplicates rather than exact copies.
    const edited = paragraphs.filter((_, p) => p !== (i % paragraphs.length) + 1).join('\n\n');
    await writeFile(path.join(seeds, 'wire', `story-${String(i).padStart(2, '0')}.md`), edited);
  }
  await writeFile(
    path.join(seeds, 'wire', 'story-03.json'),
    JSON.stringify({ title: 'Liu He Meets Robert Lighthizer', source: 'Wire Desk', authors: ['Ann Lee'] }),
  );
  await writeFile(
    path.join(seeds, 'latin.txt'),
    Buffer.from('Caf\xe9 talks\n\nM\xfcller met Liu He.', 'latin1'),
  );
  await writeFile(path.join(seeds, 'empty.txt'), '');
  await writeFile(path.join(seeds, 'binary.txt'), Buffer.from([0x50, 0x00, 0x4b]));
  await mkdir(path.join(seeds, 'same'));
  await writeFile(path.join(seeds, 'same', 'id.txt'), 'Robert Lighthizer spoke in Washington.');
  await writeFile(path.join(seeds, 'same-id.txt'), 'Steven Mnuchin spoke in Beijing.');
  return seeds;
}

/** The tricky collection's documents as analyzed by a build on one thread, in index order. */
async function analyzedTrickyCollection(): Promise<AnalyzedDocument[]> {
  const folder = await temporaryFolder();
  const { snapshot } = await buildIndex({
    seedsDir: await trickyCollection(),
    outPath: path.join(folder, 'index.bin'),
    workers: 0,
  });
  return Array.from({ length: snapshot.documents.count }, (_, i) => analyzedDocumentOf(snapshot, i));
}

/** The artifact bytes of a snapshot, without the build's time stamp and duration. */
function artifactBytes(snapshot: IndexSnapshot): Buffer {
  return encodeArtifact({ ...snapshot, manifest: { ...snapshot.manifest, builtAt: '', buildMs: 0 } });
}

describe('an incremental build', () => {
  /** Builds `seeds` incrementally over `previous` (copied) and fully, and checks they are the same index. */
  async function assertIncrementalIsFull(seeds: string, previous: string, label: string) {
    const out = await temporaryFolder();
    await writeFile(path.join(out, 'incremental.bin'), await readFile(previous));
    for (const backgroundWork of [false, true]) {
      const incremental = await buildIndex({
        seedsDir: seeds,
        outPath: path.join(out, 'incremental.bin'),
        backgroundWork,
      });
      const full = await buildIndex({
        seedsDir: seeds,
        outPath: path.join(out, 'full.bin'),
        full: true,
        workers: 0,
      });
      assert.ok(incremental.reused > 0, `${label}: reused some`);
      assert.deepEqual(incremental.snapshot.words, full.snapshot.words, label);
      assert.deepEqual(incremental.snapshot.streams, full.snapshot.streams, label);
      assert.deepEqual(incremental.snapshot.postings, full.snapshot.postings, label);
      assert.deepEqual(incremental.snapshot.duplicateGroups, full.snapshot.duplicateGroups, label);
      assert.deepEqual(incremental.snapshot.names, full.snapshot.names, label);
      assert.ok(
        artifactBytes(incremental.snapshot).equals(artifactBytes(full.snapshot)),
        `${label} (background ${backgroundWork}): artifacts differ`,
      );
      await writeFile(path.join(out, 'incremental.bin'), await readFile(previous));
    }
  }

  it('indexes exactly what a full build of the same files indexes, whatever changed where', async () => {
    const seeds = await trickyCollection();
    const previous = path.join(await temporaryFolder(), 'previous.bin');
    await buildIndex({ seedsDir: seeds, outPath: previous, workers: 0 });
    // Changed first, in the middle and last in id order; a file added; one removed; a new word.
    const first = path.join(seeds, '000_f4e733550bd64f5d.txt');
    await writeFile(first, `${await readFile(first, 'utf8')}\n\nThe quokka escaped from Davos.`);
    const middle = path.join(seeds, 'wire', 'story-11.md');
    await writeFile(middle, (await readFile(middle, 'utf8')).replace(/\n\n[^\n]*$/, ''));
    await writeFile(
      path.join(seeds, 'wire', 'story-99.md'),
      'Late wire\n\nLiu He met Robert Lighthizer again.',
    );
    await writeFile(path.join(seeds, 'wire', 'story-05.md'), '');
    await assertIncrementalIsFull(seeds, previous, 'a few changes');
  });

  it('hands over to workers when half the files or more changed, and builds what a full build does', async () => {
    const seeds = await trickyCollection();
    const out = await temporaryFolder();
    const incremental = path.join(out, 'incremental.bin');
    await buildIndex({ seedsDir: seeds, outPath: incremental, workers: 0 });
    const wire = path.join(seeds, 'wire');
    const stories = (await readdir(wire)).filter((name) => name.endsWith('.md')).sort();
    // A few changed: analyzed here, the rest reused.
    await writeFile(path.join(wire, stories[0] ?? ''), 'Wire\n\nThe quokka escaped from Davos.');
    const few = await buildIndex({ seedsDir: seeds, outPath: incremental, workers: 2 });
    assert.deepEqual([few.workers, few.analyzed], [0, 1]);
    // Most changed: a full build on the workers.
    for (const name of stories)
      await writeFile(path.join(wire, name), `Wire ${name}\n\nThe okapi ${name} crossed the river.`);
    const most = await buildIndex({ seedsDir: seeds, outPath: incremental, workers: 2 });
    assert.equal(most.workers, 2);
    assert.equal(most.reused, 0);
    const full = await buildIndex({
      seedsDir: seeds,
      outPath: path.join(out, 'full.bin'),
      full: true,
      workers: 0,
    });
    assert.ok(artifactBytes(most.snapshot).equals(artifactBytes(full.snapshot)));
  });

  it('indexes changes spread all over the collection together, as a full build would', async () => {
    const seeds = await trickyCollection();
    for (let i = 0; i < 140; i += 1) {
      await writeFile(
        path.join(seeds, `many-${String(i).padStart(3, '0')}.txt`),
        `Story ${i}\n\nThe capybara number ${i} crossed the river at dawn with Liu He.`,
      );
    }
    const previous = path.join(await temporaryFolder(), 'previous.bin');
    await buildIndex({ seedsDir: seeds, outPath: previous, workers: 0 });
    // Every other one changed: more runs of changed and unchanged files than are merged one by one.
    for (let i = 0; i < 140; i += 2) {
      await writeFile(
        path.join(seeds, `many-${String(i).padStart(3, '0')}.txt`),
        `Story ${i}\n\nThe okapi number ${i} crossed the river at dusk.`,
      );
    }
    await assertIncrementalIsFull(seeds, previous, 'changes all over');
  });
});

describe('a build on worker threads', () => {
  it('indexes exactly what a build on one thread indexes, alone or with a background worker', async () => {
    const seeds = await trickyCollection();
    const out = await temporaryFolder();
    const single = await buildIndex({
      seedsDir: seeds,
      outPath: path.join(out, 'single.bin'),
      workers: 0,
      backgroundWork: false,
    });
    for (const workers of [2, 3]) {
      const parallel = await buildIndex({
        seedsDir: seeds,
        outPath: path.join(out, `parallel-${workers}.bin`),
        workers,
      });
      assert.equal(parallel.workers, workers);
      const [a, b] = [single.snapshot, parallel.snapshot];
      assert.deepEqual(b.documents.all(), a.documents.all());
      assert.deepEqual(b.words, a.words);
      assert.deepEqual(b.terms, a.terms);
      assert.deepEqual(b.streams, a.streams);
      assert.deepEqual(b.tokenStarts, a.tokenStarts);
      assert.deepEqual(b.postings, a.postings);
      assert.deepEqual(b.duplicateGroups, a.duplicateGroups);
      assert.deepEqual(b.names, a.names);
      assert.ok(artifactBytes(b).equals(artifactBytes(a)), `${workers} workers: artifacts differ`);
      assert.deepEqual(parallel.warnings, single.warnings);
      assert.equal(parallel.documentCount, single.documentCount);
    }
    assert.equal(single.workers, 0);
    // One thread with names and near-duplicates on a worker, which takes files in path order.
    const background = await buildIndex({
      seedsDir: seeds,
      outPath: path.join(out, 'background.bin'),
      workers: 0,
      backgroundWork: true,
    });
    assert.deepEqual(background.snapshot.duplicateGroups, single.snapshot.duplicateGroups);
    assert.deepEqual(background.snapshot.names, single.snapshot.names);
    assert.ok(artifactBytes(background.snapshot).equals(artifactBytes(single.snapshot)));
    assert.ok(single.snapshot.duplicateGroups.some((group) => group >= 0));
    assert.ok(single.snapshot.names.some((phrase) => phrase.text === 'Liu He'));
    assert.equal(single.warnings.length, 4);
  });

  it('stops its workers when done, unless asked to keep them for the next build', async () => {
    const seeds = await trickyCollection();
    const out = await temporaryFolder();
    shardWorkers.stopIdle();
    const once = await buildIndex({ seedsDir: seeds, outPath: path.join(out, 'once.bin'), workers: 2 });
    assert.equal(once.workers, 2);
    assert.equal(shardWorkers.idleCount, 0);
    await buildIndex({ seedsDir: seeds, outPath: path.join(out, 'kept.bin'), workers: 2, keepWorkers: true });
    assert.equal(shardWorkers.idleCount, 2);
    shardWorkers.stopIdle();
  });

  it('hands its workers to the next build, which indexes with them what a fresh build does', async () => {
    const seeds = await trickyCollection();
    const out = await temporaryFolder();
    shardWorkers.stopIdle();
    const build = (name: string, workers: number) =>
      buildIndex({ seedsDir: seeds, outPath: path.join(out, name), workers, keepWorkers: true });
    const first = await build('first.bin', 2);
    assert.equal(shardWorkers.idleCount, 2);
    const kept = shardWorkers.take(2);
    const threads = kept.map((worker) => worker.threadId);
    for (const worker of kept) shardWorkers.giveBack(worker);
    const second = await build('second.bin', 2);
    assert.equal(second.workers, 2);
    assert.ok(artifactBytes(second.snapshot).equals(artifactBytes(first.snapshot)));
    const reused = shardWorkers.take(2);
    assert.deepEqual(
      reused.map((worker) => worker.threadId),
      threads,
    );
    for (const worker of reused) shardWorkers.giveBack(worker);
    const single = await build('single.bin', 0);
    assert.ok(artifactBytes(second.snapshot).equals(artifactBytes(single.snapshot)));
  });

  it('stops workers left idle, and forgets one that exits while idle', async (t) => {
    // Idle workers and their timer do not keep a process alive; this test must stay for them.
    const stay = setInterval(() => {}, 1000);
    t.after(() => clearInterval(stay));
    // The idle time passes when the test says so, not when a loaded machine gets round to it.
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const pool = new WorkerPool(new URL('../../index/build/shardWorker.ts', import.meta.url), 100);
    const [lasting, dying] = pool.take(2);
    assert.ok(lasting !== undefined && dying !== undefined);
    pool.giveBack(lasting);
    pool.giveBack(dying);
    const exits = [lasting, dying].map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
    assert.equal(pool.idleCount, 2);
    await dying.terminate();
    await exits[1];
    assert.equal(pool.idleCount, 1);
    // The idle time runs out: the other stops too.
    t.mock.timers.tick(99);
    assert.equal(pool.idleCount, 1);
    t.mock.timers.tick(1);
    await exits[0];
    assert.equal(pool.idleCount, 0);
  });

  it('splits files in id order without parting two files of the same id', () => {
    const listing = {
      articles: ['a-b.txt', 'a/b.txt', 'c.txt', 'd.md', 'd.txt', 'e.txt'],
      sidecars: new Set<string>(),
    };
    const ranges = splitListing(listing, 3, () => 100).map((range) => range.articles);
    assert.deepEqual(ranges.flat(), ['a-b.txt', 'a/b.txt', 'c.txt', 'd.md', 'd.txt', 'e.txt']);
    for (const range of ranges) assert.ok(range.length > 0);
    const rangeOf = (file: string) => ranges.findIndex((range) => range.includes(file));
    assert.equal(rangeOf('a-b.txt'), rangeOf('a/b.txt'));
    assert.equal(rangeOf('d.md'), rangeOf('d.txt'));
  });

  it('gives each worker about the same number of bytes to index', () => {
    const articles = ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt', 'f.txt'];
    const sizes: Record<string, number> = {
      'a.txt': 900,
      'b.txt': 100,
      'c.txt': 300,
      'd.txt': 300,
      'e.txt': 200,
    };
    const ranges = splitListing({ articles, sidecars: new Set() }, 2, (file) => sizes[file] ?? 100);
    assert.deepEqual(
      ranges.map((range) => range.articles),
      [
        ['a.txt', 'b.txt'],
        ['c.txt', 'd.txt', 'e.txt', 'f.txt'],
      ],
    );
  });

  it('reads each range in small batches and keeps what a build on one thread keeps', async () => {
    const seeds = await trickyCollection();
    const listing = await listArticleFiles(seeds);
    const ranges = splitListing(listing, 3, () => 100);
    const whole = readListedFiles(seeds, listing);
    const key = (file: { relativePath: string; contentHash: string }) =>
      `${file.relativePath} ${file.contentHash}`;
    // Batches of one file split every pair of neighbours, unless they share an id (`same/id.txt`
    // and `same-id.txt`): those must stay together for the first readable one to win.
    for (const batchSize of [1, 2, 5]) {
      const read: { relativePath: string; contentHash: string; id: string }[] = [];
      const warnings: string[] = [];
      let listed = 0;
      for (const range of ranges) {
        const ids: string[] = [];
        for await (const batch of readInBatches(seeds, listingOf(listing, range.articles), batchSize)) {
          listed += batch.listed;
          read.push(...batch.files);
          ids.push(...batch.files.map((file) => file.id));
          warnings.push(...batch.warnings.map((warning) => warning.text));
        }
        assert.deepEqual(ids, [...ids].sort(), 'a range is read in id order');
      }
      assert.deepEqual(read.map(key).sort(), whole.files.map(key).sort(), `batches of ${batchSize}`);
      assert.deepEqual(warnings.sort(), whole.warnings.map((warning) => warning.text).sort());
      assert.equal(listed, listing.articles.length, 'every listed file is accounted for');
    }
  });

  it('gives the same postings when each MiniSearch takes only a few documents', async () => {
    const analyzed = await analyzedTrickyCollection();
    const whole = mergeShards([indexShard(analyzed)]).postings;
    for (const postingsPartSize of [1, 2, 7]) {
      const shard = indexShard(analyzed, undefined, { postingsPartSize });
      const parts = Math.ceil(analyzed.length / postingsPartSize);
      assert.equal(shard.miniSearch.length, parts, `parts of ${postingsPartSize}`);
      const parted = mergeShards([shard]).postings;
      assert.deepEqual(parted, whole, `parts of ${postingsPartSize}`);
    }
  });

  it('gives the same token streams when shards keep their tokens in small chunks', async () => {
    const analyzed = await analyzedTrickyCollection();
    const streamsOf = (merged: ReturnType<typeof mergeShards>) => ({
      streams: [...merged.streams],
      streamOffsets: [...merged.streamOffsets],
      tokenStarts: [...merged.tokenStarts],
      tokenLengths: [...merged.tokenLengths],
      words: merged.words,
    });
    const whole = streamsOf(mergeShards([indexShard(analyzed)]));
    assert.ok(whole.streams.length > 100, 'enough tokens to cross chunks');
    const half = Math.floor(analyzed.length / 2);
    for (const tokensPerChunk of [1, 3, 64]) {
      const first = indexShard(analyzed.slice(0, half), undefined, { tokensPerChunk });
      const second = indexShard(analyzed.slice(half), undefined, { tokensPerChunk });
      assert.equal(first.tokens.words.length, Math.ceil(first.tokens.count / tokensPerChunk));
      assert.deepEqual(streamsOf(mergeShards([first, second])), whole, `chunks of ${tokensPerChunk}`);
    }
  });
});
