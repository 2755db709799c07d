import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ArticleFile } from '../index/articleFiles.ts';
import { encodeArtifact } from '../index/artifact.ts';
import { buildIndex } from '../index/build.ts';
import { splitFiles } from '../index/buildShards.ts';
import type { IndexSnapshot } from '../index/snapshot.ts';
import { copyOfSeeds, temporaryFolder } from './helpers.ts';

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

/** An article file of `length` characters, as read. */
function articleFile(id: string, length: number): ArticleFile {
  return {
    id,
    relativePath: `${id}.txt`,
    format: 'text',
    text: 'x'.repeat(length),
    contentHash: id,
    sidecar: null,
  };
}

/** The artifact bytes of a snapshot, without the build's time stamp and duration. */
function artifactBytes(snapshot: IndexSnapshot): Buffer {
  return encodeArtifact({ ...snapshot, manifest: { ...snapshot.manifest, builtAt: '', buildMs: 0 } });
}

describe('a build on worker threads', () => {
  it('indexes exactly what a build on one thread indexes', async () => {
    const seeds = await trickyCollection();
    const out = await temporaryFolder();
    const single = await buildIndex({ seedsDir: seeds, outPath: path.join(out, 'single.bin'), workers: 0 });
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
      assert.deepEqual(b.phrases, a.phrases);
      assert.ok(artifactBytes(b).equals(artifactBytes(a)), `${workers} workers: artifacts differ`);
      assert.deepEqual(parallel.warnings, single.warnings);
      assert.equal(parallel.documentCount, single.documentCount);
    }
    assert.equal(single.workers, 0);
    assert.ok(single.snapshot.duplicateGroups.some((group) => group >= 0));
    assert.ok(single.snapshot.phrases.some((phrase) => phrase.text === 'Liu He'));
    assert.equal(single.warnings.length, 4);
  });

  it('splits files in id order, one at least per range', () => {
    const files = ['e', 'a-b', 'c', 'a', 'd'].map((id) => articleFile(id, 100));
    const ranges = splitFiles(files, 3).map((range) => range.map((file) => file.id));
    assert.deepEqual(ranges.flat(), ['a', 'a-b', 'c', 'd', 'e']);
    assert.equal(ranges.length, 3);
    for (const range of ranges) assert.ok(range.length > 0);
    assert.deepEqual(
      splitFiles([articleFile('only', 10)], 4).map((range) => range.length),
      [1],
    );
  });

  it('gives each worker about the same amount of text to index', () => {
    const lengths: Record<string, number> = { a: 9000, b: 1000, c: 3000, d: 3000, e: 2000, f: 1000 };
    const files = Object.entries(lengths).map(([id, length]) => articleFile(id, length));
    assert.deepEqual(
      splitFiles(files, 2).map((range) => range.map((file) => file.id)),
      [
        ['a', 'b'],
        ['c', 'd', 'e', 'f'],
      ],
    );
  });
});
