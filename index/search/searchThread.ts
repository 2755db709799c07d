/**
 * Searches on a worker thread of their own, over the index memory the main thread loaded (the shared
 * form of artifact.ts: the numbers and articles are not copied, the lists of strings are decoded
 * again). A server's main thread then parses requests and writes answers while the thread computes the
 * next search beside it, on another core, and a slow search no longer holds up the other requests.
 *
 * Why: one server process answered distinct searches at a third of its `/healthz` rate on BBC+Reuters,
 * its main thread busy about 1,000 µs per search, half of it in the engine. With the engine here, the
 * main thread spends 410–580 µs per search, and the process answered 16–39% more distinct searches a
 * second on a 2-core machine, in three runs with the thread on and off in turns (BENCHMARKS.md).
 *
 * The thread answers in the order it was asked, so a search asked after {@link SearchThread.load} sees
 * the new index. When it fails or stops, everything still asked of it is rejected with
 * {@link SearchThreadGone}, for the caller to answer another way (liveIndex.ts searches on its own
 * thread then).
 */
import type { Worker } from 'node:worker_threads';
import type { SharedArtifact } from '../artifact/artifact.ts';
import { startTsWorker } from '../build/tsWorker.ts';
import { QueryError, type QueryErrorCode } from '../errors.ts';
import type { EngineOptions } from './engineOptions.ts';
import type { ResultCacheStats } from './resultCache.ts';
import type { SearchOptions, SearchResult } from './results.ts';

/**
 * What a search thread renders results with, for callers that want bytes rather than a result (the
 * JSON API): a module exporting {@link SearchRenderModule.renderSearch}, named as tsWorker.ts names
 * modules (the `.ts` file, relative to the caller). Rendering there spares the main thread both the
 * copy of the result (40 µs a search) and the encoding (60 µs).
 */
export interface SearchRenderModule {
  renderSearch(result: SearchResult, request: unknown): Uint8Array;
}

/** What the thread is started with. */
export interface SearchThreadSettings {
  engineOptions: Partial<EngineOptions>;
  /** The module that renders results into bytes ({@link SearchRenderModule}), or null. */
  renderer: URL | null;
}

/** What the main thread asks. */
export type SearchThreadRequest =
  | { type: 'load'; id: number; artifact: SharedArtifact }
  | { type: 'search'; id: number; query: string; options: SearchOptions }
  | { type: 'render'; id: number; query: string; options: SearchOptions; request: unknown };

/** What the thread answers, with its result cache's figures after each search. */
export type SearchThreadReply =
  | { type: 'loaded'; id: number }
  | { type: 'result'; id: number; result: SearchResult; cache: ResultCacheStats }
  | { type: 'rendered'; id: number; bytes: Uint8Array; cache: ResultCacheStats }
  | { type: 'failed'; id: number; error: { name: string; message: string; code?: string } };

/** The thread failed or was stopped: what was asked of it must be answered another way. */
export class SearchThreadGone extends Error {
  override readonly name = 'SearchThreadGone';
}

/**
 * The thread's young generation, where a search's garbage (about 120 KB of it) lives and dies. Node's
 * default grew to about 32 MB under load; at 16 MB a server process held 20 MB less after 600 searches
 * of BBC+Reuters (273 against 294 MB), and answered as many a second (4 rounds in turns).
 */
const YOUNG_GENERATION_MB = 16;

interface Pending {
  resolve: (reply: SearchThreadReply) => void;
  reject: (error: Error) => void;
}

export class SearchThread {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private gone: SearchThreadGone | null = null;
  private cache: ResultCacheStats = { capacity: 0, size: 0, hits: 0, misses: 0 };

  private constructor(
    private readonly worker: Worker,
    private readonly onGone: (error: SearchThreadGone) => void,
  ) {
    worker.on('message', (reply: SearchThreadReply) => this.settle(reply));
    worker.on('error', (error) => this.fail(`the search thread failed: ${error.message}`, true));
    worker.on('exit', (code) => this.fail(`the search thread stopped (exit code ${code})`, true));
    // Only a pending request keeps the process alive (see `ask`).
    worker.unref();
  }

  /**
   * Starts a thread, which searches once it has {@link load}ed an index: start it before reading the
   * artifact, so that its code loads while the artifact is read. `onGone` is told when it fails or
   * stops by itself (not when {@link close}d), at once, whether or not anything was asked of it.
   */
  static start(
    settings: SearchThreadSettings,
    onGone: (error: SearchThreadGone) => void = () => {},
  ): SearchThread {
    const workerData = { engineOptions: settings.engineOptions, renderer: settings.renderer?.href ?? null };
    const entry = new URL('./searchWorker.ts', import.meta.url);
    const worker = startTsWorker(entry, workerData, { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB });
    return new SearchThread(worker, onGone);
  }

  /** Whether the thread still answers. */
  get alive(): boolean {
    return this.gone === null;
  }

  /** The thread's result cache, as of its last answer. */
  get resultCacheStats(): ResultCacheStats {
    return this.cache;
  }

  /** Searches `artifact` from now on: every search asked after this call sees it. */
  async load(artifact: SharedArtifact): Promise<void> {
    await this.ask({ type: 'load', id: this.nextId++, artifact });
  }

  /** {@link SearchEngine.search} on the thread; throws what it throws ({@link QueryError} included). */
  async search(query: string, options: SearchOptions): Promise<SearchResult> {
    const reply = await this.ask({ type: 'search', id: this.nextId++, query, options });
    if (reply.type !== 'result') throw new Error(`the search thread answered ${reply.type} to a search`);
    return reply.result;
  }

  /** The search's result rendered by the thread's renderer, as bytes. */
  async render(query: string, options: SearchOptions, request: unknown): Promise<Buffer> {
    const reply = await this.ask({ type: 'render', id: this.nextId++, query, options, request });
    if (reply.type !== 'rendered') throw new Error(`the search thread answered ${reply.type} to a render`);
    return Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength);
  }

  /** Stops the thread; anything still asked of it is rejected with {@link SearchThreadGone}. */
  async close(): Promise<void> {
    this.fail('the search thread was stopped', false);
    await this.worker.terminate();
  }

  private ask(request: SearchThreadRequest): Promise<SearchThreadReply> {
    if (this.gone !== null) return Promise.reject(this.gone);
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage(request);
    });
  }

  private settle(reply: SearchThreadReply): void {
    const waiting = this.pending.get(reply.id);
    if (waiting === undefined) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.type === 'result' || reply.type === 'rendered') this.cache = reply.cache;
    if (reply.type === 'failed') waiting.reject(errorFrom(reply.error));
    else waiting.resolve(reply);
  }

  private fail(message: string, tellOwner: boolean): void {
    if (this.gone !== null) return;
    const gone = new SearchThreadGone(message);
    this.gone = gone;
    for (const waiting of this.pending.values()) waiting.reject(gone);
    this.pending.clear();
    this.worker.unref();
    if (tellOwner) this.onGone(gone);
  }
}

/** The error the thread reported, as the engine threw it: a query error stays a {@link QueryError}. */
function errorFrom({ name, message, code }: { name: string; message: string; code?: string }): Error {
  if (name === 'QueryError') return new QueryError(code as QueryErrorCode, message);
  const error = new Error(message);
  error.name = name;
  return error;
}
