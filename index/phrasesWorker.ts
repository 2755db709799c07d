/**
 * Worker-thread entry for {@link extractPhrases}: the build runs it on a second core while the main
 * thread feeds MiniSearch, since neither needs the other's result until the snapshot is assembled.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { extractPhrases } from './phrases.ts';

parentPort?.postMessage(extractPhrases(workerData as { title: string; body: string }[]));
