/**
 * Worker-thread entry for phrase extraction during a build (see backgroundPhrases.ts): scans each
 * batch of documents as it arrives, so the scan runs on a second core while the main thread is still
 * analyzing, and ranks the phrases once the build says the last document is sent.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeWords } from './analyzer.ts';
import type { PhraseWorkerMessage } from './backgroundPhrases.ts';
import { PhraseScanner, phrasesOfScan } from './phrases.ts';

const scanner = new PhraseScanner();
parentPort?.on('message', (message: PhraseWorkerMessage) => {
  if (message === null) {
    parentPort?.postMessage(phrasesOfScan(scanner.scan));
    return;
  }
  for (const { title, body } of message) {
    scanner.add({ title, body, titleWords: analyzeWords(title), bodyWords: analyzeWords(body) });
  }
});
