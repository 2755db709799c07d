/**
 * Recent search results of one snapshot, least recently used dropped first.
 *
 * Why a cache is right here: a snapshot never changes, so a result computed once stays exactly right
 * until the index is rebuilt, and then the engine that owns the cache is replaced with it: nothing
 * needs invalidating. And news searches repeat: the name in the day's story, the link everyone shares,
 * the next page of the same query, the page reloaded. A repeated search then costs a map lookup
 * instead of scoring, facet counting and ten snippets.
 *
 * A result is kept from the second time its search is asked, not the first (a "doorkeeper", as in
 * TinyLFU): most searches are asked once, and keeping each of them pushed out the results of the
 * searches that do repeat, so a burst of one-off queries (a crawler, a script) emptied the cache of
 * everything useful. Keeping a result costs too: freezing it (20–30 µs for a page of ten hits with
 * facets) and holding it until it is dropped, which moves it to the old generation of the garbage
 * collector. A server answering distinct queries only, the benchmark's 3,002, used about 8% more CPU
 * per search with every result kept than with none; with the doorkeeper it keeps none of them.
 *
 * Kept results are frozen, so a caller that tried to modify one (and so every later answer) throws
 * instead of corrupting it. A result computed and not kept is the caller's own.
 */
import { LRUCache } from 'lru-cache';

/** How often the cache answered, for `/healthz` and for the benchmark's report. */
export interface ResultCacheStats {
  /** Most results kept; 0 when caching is off. */
  capacity: number;
  size: number;
  hits: number;
  misses: number;
}

export class ResultCache<Result extends object> {
  private readonly entries: LRUCache<string, Result> | null;
  /**
   * Keys asked once and not kept, up to `capacity` of them; emptied when full, so a key must come
   * back within about `capacity` other one-off keys to be kept.
   */
  private readonly askedOnce = new Set<string>();
  private hits = 0;
  private misses = 0;

  /** Keeps up to `capacity` results; 0 keeps none (every search is computed). */
  constructor(private readonly capacity: number) {
    this.entries = capacity > 0 ? new LRUCache<string, Result>({ max: capacity }) : null;
  }

  /**
   * The result stored under `key`; or computes it, and freezes and stores it when `key` was asked
   * before (see the doorkeeper above).
   */
  getOrCompute(key: string, compute: () => Result): { result: Result; cached: boolean } {
    if (this.entries === null) return { result: compute(), cached: false };
    const stored = this.entries.get(key);
    if (stored !== undefined) {
      this.hits += 1;
      return { result: stored, cached: true };
    }
    this.misses += 1;
    if (!this.askedOnce.delete(key)) {
      const result = compute();
      // After compute: a search that throws is not remembered as asked.
      if (this.askedOnce.size >= this.capacity) this.askedOnce.clear();
      this.askedOnce.add(key);
      return { result, cached: false };
    }
    const result = deepFreeze(compute());
    this.entries.set(key, result);
    return { result, cached: false };
  }

  stats(): ResultCacheStats {
    return { capacity: this.capacity, size: this.entries?.size ?? 0, hits: this.hits, misses: this.misses };
  }
}

/** Freezes a tree of plain objects and arrays (a search result is small: one page and its facets). */
function deepFreeze<Value>(value: Value): Value {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  // Typed arrays cannot be frozen and Maps ignore freezing: only plain data is.
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
