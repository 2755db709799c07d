/**
 * A collection's phrases extracted on a worker thread while the build goes on. The build hands each
 * document over as soon as it has cleaned it; the worker analyzes and scans it then, on the second
 * core, and ranks the phrases when told that the last document is in. Started before the first file
 * is read, the worker loads its code (a few hundred milliseconds) while the main thread reads.
 */
import type { Worker } from 'node:worker_threads';
import type { PhraseEntry } from './phrases.ts';
import { startTsWorker } from './tsWorker.ts';

/** A document as the worker reads it. */
export interface PhraseText {
  title: string;
  body: string;
}

/** What the build posts to the worker: a batch of documents, or `null` once all are sent. */
export type PhraseWorkerMessage = PhraseText[] | null;

/** Documents per message: few enough messages to cost nothing, small enough to keep the worker fed. */
const BATCH_SIZE = 64;

export class BackgroundPhrases {
  private readonly worker: Worker;
  private batch: PhraseText[] = [];
  private readonly phrases: Promise<PhraseEntry[]>;

  constructor() {
    this.worker = startTsWorker(new URL('./phrasesWorker.ts', import.meta.url));
    const worker = this.worker;
    this.phrases = new Promise<PhraseEntry[]>((resolve, reject) => {
      worker.once('message', (phrases: PhraseEntry[]) => {
        resolve(phrases);
        void worker.terminate();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the phrase worker exited with code ${code}`)));
    });
    // Until finish() hands it on, a failure is only remembered: the caller decides what to do then.
    this.phrases.catch(() => {});
  }

  /** Queues one document for the worker. */
  add(document: PhraseText): void {
    this.batch.push({ title: document.title, body: document.body });
    if (this.batch.length >= BATCH_SIZE) this.flush();
  }

  /** Sends what is queued and the end; resolves to the collection's phrases, or rejects if the worker failed. */
  finish(): Promise<PhraseEntry[]> {
    this.flush();
    this.post(null);
    return this.phrases;
  }

  /** Stops the worker without waiting for phrases (the build failed). */
  stop(): void {
    void this.worker.terminate();
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.post(this.batch);
    this.batch = [];
  }

  private post(message: PhraseWorkerMessage): void {
    // A worker that has failed cannot take messages; its failure is what finish() reports.
    try {
      this.worker.postMessage(message);
    } catch {}
  }
}
