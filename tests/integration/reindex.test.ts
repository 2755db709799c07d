import assert from 'node:assert/strict';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildIndex } from '../../index/build/build.ts';
import { LiveIndex } from '../../index/liveIndex.ts';
import { reindexResponseSchema, searchResponseSchema } from '../../server/apiSchemas.ts';
import {
  copyOfSeeds,
  eventually,
  healthOf,
  startServer,
  type TestServer,
  temporaryFolder,
} from '../helpers.ts';

const TOKEN = 'test-admin-token-0123456789';

async function search(server: TestServer, query: string) {
  const response = await fetch(`${server.baseUrl}/api/search?q=${encodeURIComponent(query)}`);
  assert.equal(response.status, 200, `search ${query}`);
  return searchResponseSchema.parse(await response.json());
}

function reindex(server: TestServer, authorization?: string, query = ''): Promise<Response> {
  return fetch(`${server.baseUrl}/api/admin/reindex${query}`, {
    method: 'POST',
    headers: authorization === undefined ? {} : { authorization },
  });
}

async function builtAt(server: TestServer): Promise<string> {
  return (await healthOf(server)).builtAt;
}

describe('rebuilding the index on a running server', () => {
  it('refuses the admin route without the right bearer token', async () => {
    const server = await startServer({ adminToken: TOKEN });
    assert.equal((await reindex(server)).status, 401);
    assert.equal((await reindex(server, 'Bearer wrong-token-wrong-token')).status, 403);
    assert.equal((await reindex(server, TOKEN)).status, 401);
  });

  it('POST /api/admin/reindex rebuilds and swaps while searches keep succeeding', async () => {
    const server = await startServer({ adminToken: TOKEN });
    await writeFile(
      path.join(server.seedsDir, 'zeppelin.txt'),
      'Zeppelin lands\n\nA zeppelin landed in Davos.\n',
    );
    assert.equal((await search(server, 'zeppelin')).total, 0);

    let searches = 0;
    let stop = false;
    const load = (async () => {
      while (!stop) {
        const result = await search(server, 'trade');
        assert.ok(result.articles === 5 || result.articles === 6, `articles ${result.articles}`);
        searches += 1;
      }
    })();
    const response = await reindex(server, `Bearer ${TOKEN}`);
    stop = true;
    await load;
    assert.equal(response.status, 200);
    const report = reindexResponseSchema.parse(await response.json());
    assert.deepEqual([report.documents, report.analyzed, report.reused], [6, 1, 5]);
    assert.ok(searches > 0, 'searches ran during the rebuild');
    assert.deepEqual(
      (await search(server, 'zeppelin')).hits.map((hit) => hit.id),
      ['zeppelin'],
    );
  });

  it('leaves the index served as it is when no article changed, and analyzes every file again with full=1', async () => {
    const server = await startServer({ adminToken: TOKEN });
    const before = await builtAt(server);
    const unchanged = await reindex(server, `Bearer ${TOKEN}`);
    assert.equal(unchanged.status, 200);
    const kept = reindexResponseSchema.parse(await unchanged.json());
    assert.deepEqual([kept.documents, kept.analyzed, kept.reused, kept.builtAt], [5, 0, 5, before]);
    assert.equal(await builtAt(server), before);

    const invalid = await reindex(server, `Bearer ${TOKEN}`, '?full=maybe');
    assert.equal(invalid.status, 400);
    assert.match(
      ((await invalid.json()) as { error: { message: string } }).error.message,
      /full must be 1 or 0/,
    );

    const full = await reindex(server, `Bearer ${TOKEN}`, '?full=1');
    assert.equal(full.status, 200);
    const rebuilt = reindexResponseSchema.parse(await full.json());
    assert.deepEqual([rebuilt.documents, rebuilt.analyzed, rebuilt.reused], [5, 5, 0]);
    assert.notEqual(rebuilt.builtAt, before);
    assert.equal(await builtAt(server), rebuilt.builtAt);
    assert.equal((await search(server, '"March 1 deadline"')).articles, 2);
  });

  it('gives the calls made while a rebuild runs one more build, full if any of them asked', async () => {
    const seedsDir = await copyOfSeeds();
    const indexPath = path.join(await temporaryFolder(), 'index.bin');
    await buildIndex({ seedsDir, outPath: indexPath });
    const index = await LiveIndex.open({ indexPath, seedsDir, searchThread: false });
    try {
      const running = index.rebuild();
      // Both while the first runs: they share the next build, which is full because one asked.
      const asksFull = index.rebuild({ full: true });
      const asksPlain = index.rebuild();
      const [first, full, plain] = await Promise.all([running, asksFull, asksPlain]);
      assert.deepEqual([first.analyzed, first.reused], [0, 5], 'nothing changed for the first');
      assert.deepEqual([full.analyzed, full.reused], [5, 0]);
      assert.deepEqual(plain, full);
      // Afterwards, a plain call is plain again.
      const after = await index.rebuild();
      assert.deepEqual([after.analyzed, after.reused], [0, 5]);
    } finally {
      index.close();
    }
  });

  it('keeps serving the old index and says why when a rebuild fails', async () => {
    const server = await startServer({ adminToken: TOKEN });
    const before = await builtAt(server);
    for (const name of await readdir(server.seedsDir)) await rm(path.join(server.seedsDir, name));
    const response = await reindex(server, `Bearer ${TOKEN}`);
    assert.equal(response.status, 409);
    const body = (await response.json()) as { error: { message: string } };
    assert.equal(
      body.error.message,
      'The index was not rebuilt: the articles folder holds no article that could be indexed',
    );
    assert.ok(!body.error.message.includes(server.seedsDir), 'no server path in the message');
    assert.equal((await search(server, '"March 1 deadline"')).articles, 2);
    assert.equal(await builtAt(server), before);
  });

  it('picks up an artifact rebuilt by `npm run index` while running', async () => {
    const server = await startServer();
    const before = await builtAt(server);
    await writeFile(path.join(server.seedsDir, 'late.txt'), 'Late news\n\nThe quokka escaped.\n');
    await buildIndex({ seedsDir: server.seedsDir, outPath: server.indexPath });
    await eventually(async () => (await builtAt(server)) !== before);
    assert.equal((await search(server, 'quokka')).total, 1);
  });

  it('lets several servers sharing one artifact all pick up a rebuild', async () => {
    const first = await startServer({ adminToken: TOKEN });
    const second = await startServer({ seedsDir: first.seedsDir, indexPath: first.indexPath });
    await writeFile(path.join(first.seedsDir, 'shared.txt'), 'Shared story\n\nThe narwhal surfaced.\n');
    assert.equal((await reindex(first, `Bearer ${TOKEN}`)).status, 200);
    assert.equal((await search(first, 'narwhal')).total, 1);
    await eventually(async () => (await search(second, 'narwhal')).total === 1);
  });

  it('keeps the current index when the artifact on disk is replaced by a damaged one', async () => {
    const server = await startServer();
    await writeFile(server.indexPath, 'not an index at all');
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal((await search(server, '"March 1 deadline"')).articles, 2);
  });
});
