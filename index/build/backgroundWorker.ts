/**
 * Worker-thread entry for the collection-wide parts of a build (see backgroundWork.ts): scans each
 * batch of documents for phrases as it arrives, so the scan runs on a second core while the main
 * thread is still analyzing; once the last document is in, groups near-duplicates and ranks phrases.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeWords } from '../analysis/analyzer.ts';
import { groupDuplicates } from '../analysis/duplicates.ts';
import { PhraseScanner, phrasesOfScan } from '../analysis/names.ts';
import type { BackgroundWorkMessage, BackgroundWorkResult } from './backgroundWork.ts';

function post(result: BackgroundWorkResult, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(result, transfer);
}

const scanner = new PhraseScanner();
parentPort?.on('message', (message: BackgroundWorkMessage) => {
  if (message.kind === 'documents') {
    for (const { title, body } of message.documents) {
      scanner.add({ title, body, titleWords: analyzeWords(title), bodyWords: analyzeWords(body) });
    }
    return;
  }
  // The groups first: the build needs them before the phrases.
  const groups = groupDuplicates(message.bodyShingles);
  post({ kind: 'duplicateGroups', groups }, [groups.buffer as ArrayBuffer]);
  post({ kind: 'phrases', phrases: phrasesOfScan(scanner.scan) });
});
