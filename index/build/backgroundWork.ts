/**
 * The collection-wide parts of a build, its names and its near-duplicate groups, worked out on a
 * worker thread while the main thread indexes. The build hands each document over, with its words, as
 * soon as it has analyzed it, and the worker scans it then, on the second core; once the last document is
 * in, the build sends the bodies' shingles, and the worker groups near-duplicates and ranks names.
 * Started before the first file is read, the worker loads its code (a few hundred milliseconds) while
 * the main thread reads.
 */
import type { Worker } from 'node:worker_threads';
import type { WordColumns } from '../analysis/analyzer.ts';
import type { BodyShingles } from '../analysis/duplicates.ts';
import type { NameEntry, NameSource } from '../analysis/names.ts';
import type { IndexArray } from '../artifact/indexArrays.ts';
import { startTsWorker } from './tsWorker.ts';

/** A document as the worker reads it. */
export interface PhraseText {
  title: string;
  body: string;
}

/**
 * A field's words as a previous index stores them: word ids into the vocabulary the worker was sent
 * ({@link BackgroundWork.useVocabulary}), and where each word stands in the text.
 */
export interface StoredWords {
  words: IndexArray;
  starts: IndexArray;
  lengths: IndexArray;
}

/**
 * A field's words as this build analyzed them: their text back to back (`joined`), each word's length
 * in it (`wordLengths`; no separator, since a folded word may hold any character, even a space:
 * `ﷺ` folds to four Arabic words), and where each stands in the field. One string and three typed
 * arrays cost little to post; an array of strings is copied string by string, and numbering the words
 * (a map lookup each) took the main thread, which the build waits on, twice as long as joining them
 * (BBC: 134 against 62 ms).
 */
export interface AnalyzedWords {
  joined: string;
  wordLengths: Uint32Array;
  starts: Uint32Array;
  lengths: Uint32Array;
}

/**
 * A document and the words of its title and body: a previous index's stored words (ids into the
 * vocabulary sent with {@link BackgroundWork.useVocabulary}), or the words this build analyzed.
 */
export type BackgroundDocument = PhraseText &
  (
    | { stored: { title: StoredWords; body: StoredWords } }
    | { analyzed: { title: AnalyzedWords; body: AnalyzedWords } }
  );

/**
 * What the build posts to the worker, in this order: the vocabulary of stored words (if any), batches
 * of documents, then the end of them.
 */
export type BackgroundWorkMessage =
  | { kind: 'vocabulary'; words: readonly string[] }
  | { kind: 'documents'; documents: BackgroundDocument[] }
  | { kind: 'lastDocument'; bodyShingles: BodyShingles | null };

/** What the worker posts back, once the last document is in. */
export type BackgroundWorkResult =
  | { kind: 'duplicateGroups'; groups: Int32Array }
  | { kind: 'names'; names: NameEntry[] };

/** Documents per message: few enough messages to cost nothing, small enough to keep the worker fed. */
const BATCH_SIZE = 64;

export class BackgroundWork {
  private readonly worker: Worker;
  private batch: BackgroundDocument[] = [];
  private readonly duplicateGroups: Promise<Int32Array>;
  private readonly names: Promise<NameEntry[]>;

  constructor() {
    const worker = startTsWorker(new URL('./backgroundWorker.ts', import.meta.url));
    this.worker = worker;
    const failed = new Promise<never>((_, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) =>
        reject(new Error(`the build's background worker exited with code ${code}`)),
      );
    });
    const result = <Kind extends BackgroundWorkResult['kind']>(kind: Kind) =>
      Promise.race([
        new Promise<Extract<BackgroundWorkResult, { kind: Kind }>>((resolve) => {
          worker.on('message', (message: BackgroundWorkResult) => {
            if (message.kind === kind) resolve(message as Extract<BackgroundWorkResult, { kind: Kind }>);
          });
        }),
        failed,
      ]);
    this.duplicateGroups = result('duplicateGroups').then((message) => message.groups);
    this.names = result('names').then((message) => message.names);
    // The names come last: the worker has nothing more to do.
    this.names.then(this.stop, this.stop);
    // Until asked for, a failure is only remembered: the caller decides then what to do instead.
    this.duplicateGroups.catch(() => {});
  }

  /** Sends the words that the word ids of {@link StoredWords} in documents added afterwards refer to. */
  useVocabulary(words: readonly string[]): void {
    this.post({ kind: 'vocabulary', words });
  }

  /**
   * Queues a document of the previous index with its title's and body's stored words: the worker scans
   * those rather than analyzing the text again (on BBC+Reuters, a third of its work in an incremental
   * build).
   */
  add(document: PhraseText, words: { title: StoredWords; body: StoredWords }): void {
    this.queue({ title: document.title, body: document.body, stored: words });
  }

  /**
   * Queues a document this build has analyzed, with its title's and body's words, so the worker scans
   * them rather than analyzing the text again (in a build of BBC on one thread, a third of its work).
   */
  addAnalyzed({ title, body, titleWords, bodyWords }: NameSource): void {
    this.queue({ title, body, analyzed: { title: joinedWords(titleWords), body: joinedWords(bodyWords) } });
  }

  private queue(document: BackgroundDocument): void {
    this.batch.push(document);
    if (this.batch.length >= BATCH_SIZE) this.flush();
  }

  /**
   * Sends what is queued and the bodies' shingles (copied, not moved: the caller keeps them), or null
   * when the caller groups near-duplicates itself. Each promise resolves to the collection's result
   * (the groups to null when not asked for), or rejects if the worker failed.
   */
  finish(bodyShingles: BodyShingles | null): {
    duplicateGroups: Promise<Int32Array | null>;
    names: Promise<NameEntry[]>;
  } {
    this.flush();
    this.post({ kind: 'lastDocument', bodyShingles });
    return {
      duplicateGroups: bodyShingles === null ? Promise.resolve(null) : this.duplicateGroups,
      names: this.names,
    };
  }

  /** Stops the worker, whatever it is doing (the build is done with it, or failed). */
  readonly stop = (): void => {
    void this.worker.terminate();
  };

  private flush(): void {
    if (this.batch.length === 0) return;
    this.post({ kind: 'documents', documents: this.batch });
    this.batch = [];
  }

  private post(message: BackgroundWorkMessage): void {
    // A worker that has failed cannot take messages; its failure is what finish() reports.
    try {
      this.worker.postMessage(message);
    } catch {}
  }
}

/** A field's words for the worker (see {@link AnalyzedWords}). */
function joinedWords({ words, starts, lengths }: WordColumns): AnalyzedWords {
  const wordLengths = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i += 1) wordLengths[i] = words[i]?.length ?? 0;
  // From an array, `new Uint32Array` copies in one step; `Uint32Array.from` iterates.
  return {
    joined: words.join(''),
    wordLengths,
    starts: new Uint32Array(starts),
    lengths: new Uint32Array(lengths),
  };
}
