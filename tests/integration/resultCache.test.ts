import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { IndexSnapshot } from '../../index/artifact/snapshot.ts';
import { QueryError } from '../../index/errors.ts';
import { SearchEngine } from '../../index/search/engine.ts';
import { loadConfig } from '../../server/config.ts';
import { healthOf, markedWords, SEED_IDS, seedEngineSnapshot, startServer } from '../helpers.ts';

describe('result cache', () => {
  let snapshot: IndexSnapshot;
  before(async () => {
    snapshot = await seedEngineSnapshot();
  });

  it('answers a repeated search from memory with the same result', () => {
    const engine = new SearchEngine(snapshot);
    const first = engine.search('"March 1 deadline"', { facets: true });
    const again = engine.search('"March 1 deadline"', { facets: true });
    assert.deepEqual({ ...again, tookMs: 0 }, { ...first, tookMs: 0 });
    assert.equal(again.hits[0]?.id, SEED_IDS.cnnTrade);
    assert.ok(markedWords(again.hits[0]?.snippet).includes('March 1 deadline'));
    assert.deepEqual(engine.resultCacheStats(), { capacity: 1000, size: 1, hits: 1, misses: 1 });
  });

  it('keeps each page, filter, order and facet request apart', () => {
    const engine = new SearchEngine(snapshot);
    const requests = [
      { limit: 1 },
      { limit: 2 },
      { limit: 1, offset: 1 },
      { limit: 1, sort: 'oldest' as const },
      { limit: 1, facets: true },
      { limit: 1, filters: { sources: ['Breitbart News'] } },
    ];
    const firstRound = requests.map((options) => engine.search('trade', options));
    const secondRound = requests.map((options) => engine.search('trade', options));
    assert.deepEqual(
      secondRound.map((result) => result.hits.map((hit) => hit.id)),
      firstRound.map((result) => result.hits.map((hit) => hit.id)),
    );
    assert.equal(firstRound[1]?.hits.length, 2);
    assert.notEqual(firstRound[2]?.hits[0]?.id, firstRound[0]?.hits[0]?.id);
    assert.equal(firstRound[0]?.facets, null);
    assert.notEqual(firstRound[4]?.facets, null);
    assert.deepEqual(
      firstRound[5]?.hits.map((hit) => hit.source),
      ['Breitbart News'],
    );
    // A different query is a different entry too.
    assert.notDeepEqual(hitIdsOf(engine.search('Davos')), hitIdsOf(engine.search('trade')));
    assert.deepEqual(engine.resultCacheStats(), { capacity: 1000, size: 8, hits: 6, misses: 8 });
  });

  it('hands out results that cannot be modified, so one caller cannot change the next answer', () => {
    const engine = new SearchEngine(snapshot);
    const result = engine.search('trade');
    const hit = result.hits[0];
    assert.ok(hit !== undefined);
    assert.throws(() => result.hits.push(hit), TypeError);
    assert.throws(() => {
      hit.title = 'changed';
    }, TypeError);
    assert.equal(engine.search('trade').hits[0]?.title, hit.title);
  });

  it('drops the least recently used result when full, and can be turned off', () => {
    const small = new SearchEngine(snapshot, { resultCacheEntries: 2 });
    for (const query of ['trade', 'Davos', 'trade', 'tariffs', 'Davos']) small.search(query);
    // `Davos` was the least recently used when `tariffs` came: it had to be computed again.
    assert.deepEqual(small.resultCacheStats(), { capacity: 2, size: 2, hits: 1, misses: 4 });

    const off = new SearchEngine(snapshot, { resultCacheEntries: 0 });
    off.search('trade');
    assert.equal(off.search('trade').hits[0]?.id, new SearchEngine(snapshot).search('trade').hits[0]?.id);
    assert.deepEqual(off.resultCacheStats(), { capacity: 0, size: 0, hits: 0, misses: 0 });
  });

  it('does not cache errors: a bad filter fails every time', () => {
    const engine = new SearchEngine(snapshot);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      assert.throws(() => engine.search('trade', { filters: { from: '2019-13' } }), QueryError);
    }
    assert.equal(engine.resultCacheStats().size, 0);
  });

  it('is reported by /healthz and sized by LEDE_RESULT_CACHE', async () => {
    const server = await startServer();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await fetch(`${server.baseUrl}/api/search?q=tariffs`);
      assert.equal(response.status, 200);
    }
    const health = await healthOf(server);
    assert.deepEqual(health.resultCache, { capacity: 1000, size: 1, hits: 2, misses: 1 });

    assert.equal(loadConfig({}).resultCacheEntries, 1000);
    assert.equal(loadConfig({ LEDE_RESULT_CACHE: '0' }).resultCacheEntries, 0);
    assert.throws(() => loadConfig({ LEDE_RESULT_CACHE: 'lots' }), /LEDE_RESULT_CACHE/);
    assert.throws(() => loadConfig({ LEDE_RESULT_CACHE: '-1' }), /LEDE_RESULT_CACHE/);
  });
});

function hitIdsOf(result: { hits: { id: string }[] }): string[] {
  return result.hits.map((hit) => hit.id);
}
