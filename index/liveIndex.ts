/**
 * The index a long-running process serves, kept current without downtime. The one owner of mutable
 * index state: it holds the current engine and swaps in a new one when the artifact on disk changes,
 * whoever changed it (`npm run index`, this process's own rebuild, or another worker's).
 *
 * Swapping is a single reference assignment between synchronous searches, so a search sees either the
 * old index or the new one, never a mix. Rebuilds run in a child process: the server keeps answering
 * while articles are analyzed, and a build that fails or crashes leaves the old artifact, and the old
 * engine, in place.
 *
 * With `searchThread`, searches run on a worker thread over the same index memory (searchThread.ts),
 * which loads each new index before the swap; should the thread fail, searches go on here, on this
 * thread's engine, including those it was computing.
 */
import { type Stats, stat, unwatchFile, watchFile } from 'node:fs';
import { readArtifact, readSharedArtifact, type SharedArtifact } from './artifact/artifact.ts';
import type { Manifest } from './artifact/snapshot.ts';
import type { BuildSummary } from './build/build.ts';
import { BuildProcessError, runBuildProcess } from './build/buildProcess.ts';
import { runnableModule } from './build/tsWorker.ts';
import { RebuildError } from './errors.ts';
import { SearchEngine } from './search/engine.ts';
import type { EngineOptions } from './search/engineOptions.ts';
import type { ResultCacheStats } from './search/resultCache.ts';
import type { SearchOptions, SearchResult } from './search/results.ts';
import { type SearchRenderModule, SearchThread, SearchThreadGone } from './search/searchThread.ts';
import type { RecordField } from './sources/archives.ts';

/** Where the index lives and how closely to watch it; defaults in {@link defaultLiveIndexOptions}. */
export interface LiveIndexOptions {
  /** The artifact to serve and to rebuild into. */
  indexPath: string;
  /** The articles a rebuild reads. */
  seedsDir: string;
  /** How often the artifact's file status is polled for a change (polling works across processes). */
  watchIntervalMs: number;
  /** Longest a rebuild may take before it is stopped and reported as failed. */
  rebuildTimeoutMs: number;
  /** Rebuilds follow links out of the seeds folder (default false; see articleFiles.ts). */
  followLinksOutside: boolean;
  /** Rebuilds index web pages that are not articles (default false; see cleaning/pageKind.ts). */
  keepNonArticles: boolean;
  /** Columns rebuilds read archive records' fields from first (default none; see archives.ts). */
  recordFields: Partial<Record<RecordField, string>>;
  engineOptions: Partial<EngineOptions>;
  /**
   * Searches run on a worker thread of their own (default false; see searchThread.ts): the server
   * turns it on when the machine has a core to spare.
   */
  searchThread: boolean;
  /**
   * The module {@link LiveIndex.renderSearch} renders results with ({@link SearchRenderModule}, named
   * as its `.ts` file), on the search thread or, without one, here; null (default) when unused.
   */
  searchRenderer: URL | null;
  /** Told about swaps and failures, for logging. */
  onEvent: (event: LiveIndexEvent) => void;
}

export const defaultLiveIndexOptions: Omit<LiveIndexOptions, 'indexPath' | 'seedsDir'> = {
  watchIntervalMs: 1000,
  rebuildTimeoutMs: 10 * 60 * 1000,
  followLinksOutside: false,
  keepNonArticles: false,
  recordFields: {},
  engineOptions: {},
  searchThread: false,
  searchRenderer: null,
  onEvent: () => {},
};

/** Something that happened to the served index. */
export type LiveIndexEvent =
  | { type: 'loaded'; manifest: Manifest; reason: 'start' | 'changed on disk' | 'rebuilt' }
  | { type: 'reload_failed'; message: string }
  | { type: 'rebuild_failed'; message: string }
  | { type: 'search_thread_failed'; message: string };

/** Identifies one version of the artifact file: a rename or rewrite changes at least one of these. */
interface FileStamp {
  mtimeMs: number;
  size: number;
  ino: number;
}

export class LiveIndex {
  private current: SearchEngine;
  /** The thread searches run on, while it works. */
  private thread: SearchThread | null = null;
  private renderer: SearchRenderModule | null = null;
  private stamp: FileStamp;
  private loadedAtTime: Date;
  private reloading: Promise<boolean> = Promise.resolve(false);
  private rebuilding: Promise<BuildSummary> | null = null;
  /** The rebuild that will start when the running one ends, shared by every call made meanwhile. */
  private nextRebuild: Promise<BuildSummary> | null = null;
  /** Whether a call waiting for {@link nextRebuild} asked for a full one. */
  private nextRebuildFull = false;
  private watching = false;
  private readonly options: LiveIndexOptions;

  private constructor(engine: SearchEngine, stamp: FileStamp, options: LiveIndexOptions) {
    this.current = engine;
    this.stamp = stamp;
    this.options = options;
    this.loadedAtTime = new Date();
  }

  /** Loads the artifact; throws `IndexError` when it is missing or unusable. */
  static async open(
    options: Pick<LiveIndexOptions, 'indexPath' | 'seedsDir'> & Partial<LiveIndexOptions>,
  ): Promise<LiveIndex> {
    const settings: LiveIndexOptions = { ...defaultLiveIndexOptions, ...options };
    // Stamp before reading: if the file changes in between, the watcher sees a newer stamp and reloads.
    const stampBefore = await stampOf(settings.indexPath).catch(() => null);
    const renderer =
      settings.searchRenderer === null
        ? null
        : ((await import(runnableModule(settings.searchRenderer).href)) as SearchRenderModule);
    // Started first, the thread loads its code while this thread reads the artifact.
    let live: LiveIndex | null = null;
    const thread = settings.searchThread
      ? SearchThread.start(
          { engineOptions: settings.engineOptions, renderer: settings.searchRenderer },
          (error) => live?.dropThread(thread, error),
        )
      : null;
    let loaded: Awaited<ReturnType<typeof loadEngine>>;
    try {
      loaded = await loadEngine(settings);
    } catch (error) {
      void thread?.close();
      throw error;
    }
    const { engine, shared } = loaded;
    const stamp = stampBefore ?? (await stampOf(settings.indexPath));
    const opened = new LiveIndex(engine, stamp, settings);
    live = opened;
    opened.renderer = renderer;
    if (thread !== null && shared !== null) {
      opened.thread = thread;
      await thread.load(shared).catch((error: unknown) => opened.dropThread(thread, error));
    }
    settings.onEvent({ type: 'loaded', manifest: engine.manifest, reason: 'start' });
    return opened;
  }

  /**
   * The engine serving now, for everything but searches (articles, suggestions, related articles).
   * Read it once per request: a later read may be a newer index.
   */
  get engine(): SearchEngine {
    return this.current;
  }

  /** {@link SearchEngine.search}, on the search thread when there is one; throws what it throws. */
  search(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    return this.onSearchThread(
      (thread) => thread.search(query, options),
      () => this.current.search(query, options),
    );
  }

  /** The search's result rendered by `searchRenderer` with `request`, on the search thread when there is one. */
  async renderSearch(query: string, options: SearchOptions, request: unknown): Promise<Buffer> {
    const renderer = this.renderer;
    if (renderer === null) throw new Error('LiveIndex.renderSearch needs the searchRenderer option');
    return this.onSearchThread(
      (thread) => thread.render(query, options, request),
      () => {
        const bytes = renderer.renderSearch(this.current.search(query, options), request);
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      },
    );
  }

  /** How often repeated searches were answered from the result cache of the engine searches run on. */
  resultCacheStats(): ResultCacheStats {
    return this.thread?.resultCacheStats ?? this.current.resultCacheStats();
  }

  /** Whether searches run on a thread of their own (see {@link LiveIndexOptions.searchThread}). */
  get searchesOnThread(): boolean {
    return this.thread !== null;
  }

  /** Whether {@link renderSearch} can render: the index was opened with a `searchRenderer`. */
  get rendersSearches(): boolean {
    return this.renderer !== null;
  }

  /** When the current index was swapped in. */
  get loadedAt(): Date {
    return this.loadedAtTime;
  }

  /** Whether a rebuild is running. */
  get isRebuilding(): boolean {
    return this.rebuilding !== null;
  }

  /**
   * Loads the artifact again if it changed on disk since it was loaded. A damaged or unreadable
   * artifact is reported and the current index kept. Reloads run one at a time.
   */
  reloadIfChanged(reason: 'changed on disk' | 'rebuilt' = 'changed on disk'): Promise<boolean> {
    this.reloading = this.reloading.then(() => this.reload(reason));
    return this.reloading;
  }

  /** Starts polling the artifact for changes; each change is loaded and swapped in. */
  watch(): void {
    if (this.watching) return;
    this.watching = true;
    watchFile(
      this.options.indexPath,
      { interval: this.options.watchIntervalMs, persistent: false },
      (now) => {
        if (now.mtimeMs !== 0 && !sameStamp(toStamp(now), this.stamp)) void this.reloadIfChanged();
      },
    );
  }

  /** Stops watching, and stops the search thread. */
  close(): void {
    const thread = this.thread;
    this.thread = null;
    void thread?.close();
    if (!this.watching) return;
    unwatchFile(this.options.indexPath);
    this.watching = false;
  }

  /**
   * Rebuilds the artifact from the seeds folder in a child process and swaps the result in: `full`
   * analyzes every file again; otherwise only files changed since the last build are (with none
   * changed, the artifact stays as it is and nothing is reloaded). The answer always comes from a build
   * that started after the call: a call made while a rebuild runs (which may have read the folder
   * before a file the caller just added) waits for one more build, shared by every call made meanwhile
   * and full if any of them asked. Throws {@link RebuildError} saying why, in words that name no server
   * path (the log gets the build's own message); the current index keeps serving.
   */
  rebuild(options: { full?: boolean } = {}): Promise<BuildSummary> {
    const full = options.full ?? false;
    if (this.rebuilding === null) {
      this.rebuilding = this.runRebuild(full).finally(() => {
        this.rebuilding = null;
      });
      return this.rebuilding;
    }
    this.nextRebuildFull ||= full;
    this.nextRebuild ??= this.rebuilding
      .catch(() => undefined)
      .then(() => {
        const nextFull = this.nextRebuildFull;
        this.nextRebuild = null;
        this.nextRebuildFull = false;
        return this.rebuild({ full: nextFull });
      });
    return this.nextRebuild;
  }

  private async runRebuild(full: boolean): Promise<BuildSummary> {
    let summary: BuildSummary;
    try {
      summary = await runBuildProcess({
        seedsDir: this.options.seedsDir,
        indexPath: this.options.indexPath,
        full,
        followLinksOutside: this.options.followLinksOutside,
        recordFields: this.options.recordFields,
        keepNonArticles: this.options.keepNonArticles,
        timeoutMs: this.options.rebuildTimeoutMs,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const detail = error instanceof BuildProcessError ? error.detail : message;
      this.options.onEvent({ type: 'rebuild_failed', message: `${message}: ${detail}` });
      throw new RebuildError(message);
    }
    await this.reloadIfChanged('rebuilt');
    return summary;
  }

  private async reload(reason: 'changed on disk' | 'rebuilt'): Promise<boolean> {
    let stamp: FileStamp;
    try {
      stamp = await stampOf(this.options.indexPath);
      if (sameStamp(stamp, this.stamp)) return false;
      const { engine, shared } = await loadEngine({
        ...this.options,
        searchThread: this.thread !== null,
      });
      // The thread first: a search it is asked after this sees the new index, as do searches here after the swap.
      const thread = this.thread;
      if (thread !== null && shared !== null) {
        await thread.load(shared).catch((error: unknown) => this.dropThread(thread, error));
      }
      this.current = engine;
      this.stamp = stamp;
      this.loadedAtTime = new Date();
      this.options.onEvent({ type: 'loaded', manifest: engine.manifest, reason });
      return true;
    } catch (error) {
      this.options.onEvent({
        type: 'reload_failed',
        message: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  }

  /**
   * `ask` of the search thread; `here`, on this thread, when there is none or it is gone by the time
   * it would answer (what it was computing is computed here).
   */
  private async onSearchThread<Answer>(
    ask: (thread: SearchThread) => Promise<Answer>,
    here: () => Answer,
  ): Promise<Answer> {
    const thread = this.thread;
    if (thread !== null) {
      try {
        return await ask(thread);
      } catch (error) {
        if (!(error instanceof SearchThreadGone)) throw error;
        this.dropThread(thread, error);
      }
    }
    return here();
  }

  /** Searches go on on this thread from now on, if `thread` was the search thread; the failure is reported. */
  private dropThread(thread: SearchThread | null, error: unknown): void {
    if (thread === null || this.thread !== thread) return;
    this.thread = null;
    void thread.close();
    this.options.onEvent({
      type: 'search_thread_failed',
      message: `${error instanceof Error ? error.message : String(error)}; searches run on the main thread from now on`,
    });
  }
}

/** The engine over the artifact, and the artifact's shared form when a search thread is to read it. */
async function loadEngine(
  options: Pick<LiveIndexOptions, 'indexPath' | 'engineOptions' | 'searchThread'>,
): Promise<{ engine: SearchEngine; shared: SharedArtifact | null }> {
  if (!options.searchThread) {
    return {
      engine: new SearchEngine(await readArtifact(options.indexPath), options.engineOptions),
      shared: null,
    };
  }
  const { snapshot, shared } = await readSharedArtifact(options.indexPath);
  return { engine: new SearchEngine(snapshot, options.engineOptions), shared };
}

function stampOf(filePath: string): Promise<FileStamp> {
  return new Promise((resolve, reject) => {
    stat(filePath, (error, stats) => (error === null ? resolve(toStamp(stats)) : reject(error)));
  });
}

function toStamp(stats: Stats): FileStamp {
  return { mtimeMs: stats.mtimeMs, size: stats.size, ino: stats.ino };
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino;
}
