import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markedHtml } from '../../index/render/markedHtml.ts';
import { searchResponseSchema } from '../../server/apiSchemas.ts';
import { searchResponseBytes } from '../../server/searchResponse.ts';
import { healthOf, seedEngine, startServer } from '../helpers.ts';

function parseBody(bytes: Buffer) {
  return searchResponseSchema.strict().parse(JSON.parse(bytes.toString('utf8')));
}

describe('the /api/search body', () => {
  it('is the same for a repeated search but for its own tookMs', async () => {
    const server = await startServer();
    try {
      const get = async (path: string) => {
        const response = await fetch(server.baseUrl + path);
        assert.match(response.headers.get('content-type') ?? '', /^application\/json; charset=utf-8/);
        return searchResponseSchema.strict().parse(await response.json());
      };
      const first = await get('/api/search?q=trade&perPage=2');
      assert.equal(first.hits.length, 2);
      // The second time the search is kept, and the third its body is the one encoded the second time.
      for (let time = 2; time <= 3; time += 1) {
        const repeated = await get('/api/search?q=trade&perPage=2');
        assert.equal(typeof repeated.tookMs, 'number');
        assert.deepEqual({ ...repeated, tookMs: 0 }, { ...first, tookMs: 0 });
      }
      assert.equal((await healthOf(server)).resultCache.hits, 1);
      // Searches that find nothing under different filters keep their own filters when repeated.
      for (const source of ['CNN', 'Reuters', 'CNN']) {
        const empty = await get(`/api/search?q=trade&source=${source}-nowhere`);
        assert.equal(empty.total, 0);
        assert.deepEqual(empty.filters.sources, [`${source}-nowhere`]);
      }
    } finally {
      await server.close();
    }
  });

  it('follows the request when one result serves differently worded requests', async () => {
    const engine = await seedEngine();
    engine.search('trade', { limit: 2, facets: true });
    // Asked again: kept by the engine's cache, so its body is kept too, and must still follow the request.
    const result = engine.search('trade', { limit: 2, facets: true });
    assert.ok(Object.isFrozen(result.hits));
    const asTyped = parseBody(
      searchResponseBytes(result, { q: 'trade', page: 1, perPage: 2, explain: false }),
    );
    const reworded = parseBody(
      searchResponseBytes(result, { q: 'Trade', page: 1, perPage: 2, explain: false }),
    );
    assert.equal(asTyped.hits[0]?.url, `/articles/${asTyped.hits[0]?.id}?q=trade#first-match`);
    assert.equal(reworded.hits[0]?.url, `/articles/${asTyped.hits[0]?.id}?q=Trade#first-match`);
    assert.equal(reworded.tookMs, result.tookMs);
    assert.deepEqual(
      asTyped.hits.map((hit) => hit.snippet),
      result.hits.map((hit) => markedHtml(hit.snippet)),
    );
  });
});
