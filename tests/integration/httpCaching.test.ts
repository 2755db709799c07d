import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { buildIndex } from '../../index/build/build.ts';
import { ifNoneMatchMatches } from '../../server/caching.ts';
import { SEED_IDS, startServer, type TestServer } from '../helpers.ts';

const CACHED = [
  '/',
  '/search?q=trade',
  `/articles/${SEED_IDS.wsj}?q=trade`,
  '/search.atom?q=trade',
  '/opensearch.xml',
  '/api/search?q=trade',
  '/api/suggest?q=lighth',
  `/api/articles/${SEED_IDS.wsj}`,
  '/api/openapi.json',
];

/** The ETag of a GET, its body read so the connection is free. */
async function etagOf(server: TestServer, url: string, headers: Record<string, string> = {}) {
  const response = await fetch(server.baseUrl + url, { headers });
  const body = await response.text();
  return { status: response.status, etag: response.headers.get('etag'), response, body };
}

describe('cache validators', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });

  it('give pages, searches, suggestions, articles and feeds a weak ETag and Cache-Control: no-cache', async () => {
    const etags = new Set<string>();
    for (const url of CACHED) {
      const { status, etag, response } = await etagOf(server, url);
      assert.equal(status, 200, url);
      assert.match(etag ?? '', /^W\/"[\w-]+"$/, url);
      assert.equal(response.headers.get('cache-control'), 'no-cache', url);
      etags.add(etag ?? '');
    }
    assert.equal(etags.size, CACHED.length, 'each address has its own');
    assert.equal(
      (await etagOf(server, '/api/search?q=trade')).etag,
      (await etagOf(server, '/api/search?q=trade')).etag,
    );
  });

  it('answer 304 with no body to a matching If-None-Match, and 200 to another', async () => {
    for (const url of CACHED) {
      const { etag } = await etagOf(server, url);
      const again = await etagOf(server, url, { 'if-none-match': etag ?? '' });
      assert.equal(again.status, 304, url);
      assert.equal(again.body, '');
      assert.equal(again.etag, etag);
      const other = await etagOf(server, url, { 'if-none-match': 'W/"something-else"' });
      assert.equal(other.status, 200, url);
    }
  });

  it('are not given to errors', async () => {
    for (const url of ['/api/search?q=-trade', '/articles/no-such-article', '/api/articles/nope']) {
      const { status, etag, response } = await etagOf(server, url);
      assert.ok(status >= 400, url);
      assert.equal(etag, null, url);
      assert.equal(response.headers.get('cache-control'), 'no-store', url);
    }
  });

  it('change when the index is rebuilt, so no client keeps an old answer', async () => {
    const own = await startServer();
    const before = await etagOf(own, '/api/search?q=trade');
    const page = await etagOf(own, '/search?q=trade');
    await writeFile(
      path.join(own.seedsDir, 'new.txt'),
      'A new story\n\nThe trade talks went on into the night.\n',
    );
    await buildIndex({ seedsDir: own.seedsDir, outPath: own.indexPath });
    await own.index.reloadIfChanged();
    const after = await etagOf(own, '/api/search?q=trade', { 'if-none-match': before.etag ?? '' });
    assert.equal(after.status, 200);
    assert.notEqual(after.etag, before.etag);
    assert.match(after.body, /"total":5/);
    const pageAfter = await etagOf(own, '/search?q=trade', { 'if-none-match': page.etag ?? '' });
    assert.equal(pageAfter.status, 200);
    assert.notEqual(pageAfter.etag, page.etag);
  });

  it('read If-None-Match as HTTP writes it: lists, weak tags, *', () => {
    const etag = 'W/"abc"';
    assert.ok(ifNoneMatchMatches('W/"abc"', etag));
    assert.ok(ifNoneMatchMatches('"abc"', etag));
    assert.ok(ifNoneMatchMatches('"x", W/"abc"', etag));
    assert.ok(ifNoneMatchMatches('*', etag));
    assert.ok(!ifNoneMatchMatches('"abcd"', etag));
    assert.ok(!ifNoneMatchMatches(undefined, etag));
  });
});
