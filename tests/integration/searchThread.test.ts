import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readArtifact, readSharedArtifact, snapshotOfShared } from '../../index/artifact/artifact.ts';
import { buildIndex } from '../../index/build/build.ts';
import { QueryError } from '../../index/errors.ts';
import { LiveIndex, type LiveIndexEvent } from '../../index/liveIndex.ts';
import { SearchEngine } from '../../index/search/engine.ts';
import type { SearchOptions } from '../../index/search/results.ts';
import { SearchThread, SearchThreadGone } from '../../index/search/searchThread.ts';
import { loadConfig } from '../../server/config.ts';
import { SEARCH_RENDERER, searchResponseBytes } from '../../server/searchResponse.ts';
import { copyOfSeeds, healthOf, SEED_IDS, startServer, temporaryFolder } from '../helpers.ts';

/** Searches of every kind the engine answers: words, a phrase, a prefix, a typo, filters, facets, pages. */
const SEARCHES: [string, SearchOptions][] = [
  ['trade', { facets: true }],
  ['"March 1 deadline"', { explain: true }],
  ['tarif*', {}],
  ['tarrifs', { limit: 2 }],
  ['trade', { offset: 1, limit: 2, sort: 'newest' }],
  ['', { filters: { sources: ['CNN'] } }],
  ['zzzqqq', {}],
];

/** A result without its timing, which differs between any two runs. */
const untimed = <Result extends { tookMs: number }>(result: Result) => ({ ...result, tookMs: 0 });

describe('searches on a thread of their own', () => {
  let seedsDir: string;
  let indexPath: string;
  before(async () => {
    seedsDir = await copyOfSeeds();
    indexPath = path.join(await temporaryFolder(), 'index.bin');
    await buildIndex({ seedsDir, outPath: indexPath });
  });

  const open = (events: LiveIndexEvent[] = []) =>
    LiveIndex.open({
      indexPath,
      seedsDir,
      searchThread: true,
      searchRenderer: SEARCH_RENDERER,
      onEvent: (event) => events.push(event),
    });

  it('share the index memory the main thread loaded, which reads the same there', async () => {
    const { snapshot, shared } = await readSharedArtifact(indexPath);
    assert.ok(shared.memory instanceof SharedArrayBuffer);
    assert.equal(snapshot.postings.docs.buffer, shared.memory);
    const again = snapshotOfShared(shared);
    assert.equal(again.streams.buffer, shared.memory);
    const plain = await readArtifact(indexPath);
    assert.deepEqual(again.words, plain.words);
    assert.deepEqual([...again.streams], [...plain.streams]);
    assert.deepEqual(again.documents.get(0), plain.documents.get(0));
  });

  it('answer exactly what the engine answers on the main thread, errors included', async () => {
    const index = await open();
    after(() => index.close());
    assert.equal(index.searchesOnThread, true);
    const engine = new SearchEngine(await readArtifact(indexPath));
    for (const [query, options] of SEARCHES) {
      assert.deepEqual(
        untimed(await index.search(query, options)),
        untimed(engine.search(query, options)),
        query,
      );
    }
    await assert.rejects(index.search('-trade'), (error: unknown) => {
      assert.ok(error instanceof QueryError);
      assert.equal(error.code, 'only_exclusions');
      return true;
    });
    await assert.rejects(index.search('trade', { filters: { from: '2019-13' } }), QueryError);
  });

  it('render the API body there, the same bytes as rendering here', async () => {
    const index = await open();
    after(() => index.close());
    const request = { q: 'trade', page: 1, perPage: 3, explain: false };
    const options = { limit: 3, facets: true };
    const onThread = JSON.parse((await index.renderSearch('trade', options, request)).toString('utf8'));
    const here = JSON.parse(
      searchResponseBytes(index.engine.search('trade', options), request).toString('utf8'),
    );
    assert.deepEqual({ ...onThread, tookMs: 0 }, { ...here, tookMs: 0 });
    assert.equal(onThread.hits.length, 3);
  });

  it('see a new index once it is loaded, and the main thread swaps only after the thread has it', async () => {
    const index = await open();
    after(() => index.close());
    assert.equal((await index.search('zeppelin')).total, 0);
    await writeFile(
      path.join(seedsDir, 'zeppelin.txt'),
      'Zeppelin flights return\n\nA zeppelin flew over the lake on Sunday, the first since the war.\n',
    );
    await buildIndex({ seedsDir, outPath: indexPath });
    assert.equal(await index.reloadIfChanged(), true);
    const found = await index.search('zeppelin');
    assert.deepEqual(
      found.hits.map((hit) => hit.id),
      ['zeppelin'],
    );
    assert.equal(index.engine.search('zeppelin').total, 1);
  });

  it('go on on the main thread when the thread dies, the searches it was computing included', async () => {
    const events: LiveIndexEvent[] = [];
    const index = await open(events);
    after(() => index.close());
    const thread = (index as unknown as { thread: SearchThread }).thread;
    const inFlight = [index.search('trade'), index.search('"March 1 deadline"')];
    await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    // Noticed at once, whether or not a search was waiting for it…
    assert.equal(index.searchesOnThread, false);
    assert.deepEqual(
      events.filter((event) => event.type === 'search_thread_failed').length,
      1,
      JSON.stringify(events),
    );
    // …and the searches it had been asked are answered all the same.
    const [trade, deadline] = await Promise.all(inFlight);
    assert.ok((trade?.total ?? 0) > 0);
    assert.equal(deadline?.hits[0]?.id, SEED_IDS.cnnTrade);
    // And from then on.
    assert.equal((await index.search('"March 1 deadline"')).hits[0]?.id, SEED_IDS.cnnTrade);
    const body = await index.renderSearch('trade', {}, { q: 'trade', page: 1, perPage: 10, explain: false });
    assert.ok(JSON.parse(body.toString('utf8')).total > 0);
  });

  it('refuse what is asked of a stopped thread, for the caller to answer another way', async () => {
    const { shared } = await readSharedArtifact(indexPath);
    const thread = SearchThread.start({ engineOptions: {}, renderer: null });
    await thread.load(shared);
    assert.ok((await thread.search('trade', {})).total > 0);
    await thread.close();
    assert.equal(thread.alive, false);
    await assert.rejects(thread.search('trade', {}), SearchThreadGone);
  });

  it('serve the site and the API, and /healthz counts the thread’s result cache', async () => {
    const server = await startServer();
    assert.equal(server.index.searchesOnThread, true);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await fetch(
        `${server.baseUrl}/api/search?q=${encodeURIComponent('"March 1 deadline"')}`,
      );
      assert.equal(response.status, 200);
      const body = (await response.json()) as { hits: { id: string }[] };
      assert.equal(body.hits[0]?.id, SEED_IDS.cnnTrade);
    }
    const health = await healthOf(server);
    assert.equal(health.searchThread, true);
    assert.deepEqual(health.resultCache, { capacity: 1000, size: 1, hits: 1, misses: 2 });
    const page = await fetch(`${server.baseUrl}/search?q=tariffs`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<mark>tariffs?<\/mark>/i);
    const bad = await fetch(`${server.baseUrl}/api/search?q=-trade`);
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'only_exclusions');

    // Should the thread die, /healthz says so, and the server answers on its main thread.
    const thread = (server.index as unknown as { thread: { worker: { terminate(): Promise<number> } } })
      .thread;
    await thread.worker.terminate();
    assert.equal((await healthOf(server)).searchThread, false);
    const after = await fetch(`${server.baseUrl}/api/search?q=${encodeURIComponent('"March 1 deadline"')}`);
    assert.equal(((await after.json()) as { hits: { id: string }[] }).hits[0]?.id, SEED_IDS.cnnTrade);
  });

  it('are on by default when the machine has more cores than server processes (LEDE_SEARCH_THREAD)', () => {
    assert.equal(loadConfig({}, 2).searchThread, true);
    assert.equal(loadConfig({}, 1).searchThread, false);
    assert.equal(loadConfig({ WEB_CONCURRENCY: '2' }, 2).searchThread, false);
    assert.equal(loadConfig({ WEB_CONCURRENCY: '2' }, 4).searchThread, true);
    assert.equal(loadConfig({ LEDE_SEARCH_THREAD: 'false' }, 8).searchThread, false);
    assert.equal(loadConfig({ LEDE_SEARCH_THREAD: 'true' }, 1).searchThread, true);
    assert.throws(() => loadConfig({ LEDE_SEARCH_THREAD: 'sometimes' }), /LEDE_SEARCH_THREAD/);
  });
});
