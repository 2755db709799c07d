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

  it('keeps a search asked again and answers it from memory from then on, with the same result', () => {
    const engine = new SearchEngine(snapshot);
    const first = engine.search('"March 1 deadline"', { facets: true });
    assert.deepEqual(engine.resultCacheStats(), { capacity: 1000, size: 0, hits: 0, misses: 1 });
    const second = engine.search('"March 1 deadline"', { facets: true });
    const third = engine.search('"March 1 deadline"', { facets: true });
    for (const again of [second, third]) assert.deepEqual({ ...again, tookMs: 0 }, { ...first, tookMs: 0 });
    assert.equal(third.hits[0]?.id, SEED_IDS.cnnTrade);
    assert.ok(markedWords(third.hits[0]?.snippet).includes('March 1 deadline'));
    assert.deepEqual(engine.resultCacheStats(), { capacity: 1000, size: 1, hits: 1, misses: 2 });
  });

  it('keeps no search asked only once, so a burst of one-off searches leaves the kept ones in place', () => {
    const engine = new SearchEngine(snapshot, { resultCacheEntries: 2 });
    engine.search('trade');
    engine.search('trade');
    // A crawler's worth of distinct searches, many more than the cache holds…
    const words = snapshot.words.filter((word) => /^[a-z]{5,}$/.test(word)).slice(0, 50);
    assert.equal(words.length, 50);
    for (const word of words) engine.search(word);
    assert.deepEqual(engine.resultCacheStats(), { capacity: 2, size: 1, hits: 0, misses: 52 });
    // …and `trade` is still answered from memory.
    engine.search('trade');
    assert.equal(engine.resultCacheStats().hits, 1);
    // A one-off search asked again soon after is kept.
    engine.search(words[49] ?? '');
    assert.equal(engine.resultCacheStats().size, 2);
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
    // Asked twice, each is kept; the third time, each is answered from memory.
    for (let round = 0; round < 2; round += 1) {
      const again = requests.map((options) => engine.search('trade', options));
      assert.deepEqual(
        again.map((result) => result.hits.map((hit) => hit.id)),
        firstRound.map((result) => result.hits.map((hit) => hit.id)),
      );
    }
    assert.equal(firstRound[1]?.hits.length, 2);
    assert.notEqual(firstRound[2]?.hits[0]?.id, firstRound[0]?.hits[0]?.id);
    assert.equal(firstRound[0]?.facets, null);
    assert.notEqual(firstRound[4]?.facets, null);
    assert.deepEqual(
      firstRound[5]?.hits.map((hit) => hit.source),
      ['Breitbart News'],
    );
    // A different query is a different entry too.
    for (let round = 0; round < 3; round += 1) {
      assert.notDeepEqual(hitIdsOf(engine.search('Davos')), hitIdsOf(engine.search('trade')));
    }
    assert.deepEqual(engine.resultCacheStats(), { capacity: 1000, size: 8, hits: 8, misses: 16 });
  });

  it('hands out results that cannot be modified, so one caller cannot change the next answer', () => {
    const engine = new SearchEngine(snapshot);
    engine.search('trade');
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
    // Each asked twice to be kept (see the doorkeeper in resultCache.ts).
    for (const query of ['trade', 'trade', 'Davos', 'Davos', 'trade', 'tariffs', 'tariffs', 'Davos']) {
      small.search(query);
    }
    // `Davos` was the least recently used when `tariffs` was kept: it had to be computed again.
    assert.deepEqual(small.resultCacheStats(), { capacity: 2, size: 2, hits: 1, misses: 7 });

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
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const response = await fetch(`${server.baseUrl}/api/search?q=tariffs`);
      assert.equal(response.status, 200);
    }
    const health = await healthOf(server);
    assert.deepEqual(health.resultCache, { capacity: 1000, size: 1, hits: 2, misses: 2 });

    assert.equal(loadConfig({}).resultCacheEntries, 1000);
    assert.equal(loadConfig({ LEDE_RESULT_CACHE: '0' }).resultCacheEntries, 0);
    assert.throws(() => loadConfig({ LEDE_RESULT_CACHE: 'lots' }), /LEDE_RESULT_CACHE/);
    assert.throws(() => loadConfig({ LEDE_RESULT_CACHE: '-1' }), /LEDE_RESULT_CACHE/);
  });
});

function hitIdsOf(result: { hits: { id: string }[] }): string[] {
  return result.hits.map((hit) => hit.id);
}
