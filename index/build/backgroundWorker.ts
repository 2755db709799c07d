/**
 * Worker-thread entry for the collection-wide parts of a build (see backgroundWork.ts): scans each
 * batch of documents for names as it arrives, so the scan runs on a second core while the main
 * thread is still analyzing; once the last document is in, groups near-duplicates and ranks names.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeWords } from '../analysis/analyzer.ts';
import { groupDuplicates } from '../analysis/duplicates.ts';
import { NameScanner, namesOfScan } from '../analysis/names.ts';
import type { BackgroundWorkMessage, BackgroundWorkResult } from './backgroundWork.ts';

function post(result: BackgroundWorkResult, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(result, transfer);
}

const scanner = new NameScanner();
parentPort?.on('message', (message: BackgroundWorkMessage) => {
  if (message.kind === 'documents') {
    for (const { title, body } of message.documents) {
      scanner.add({ title, body, titleWords: analyzeWords(title), bodyWords: analyzeWords(body) });
    }
    return;
  }
  // The groups first: the build needs them before the names.
  const groups = groupDuplicates(message.bodyShingles);
  post({ kind: 'duplicateGroups', groups }, [groups.buffer as ArrayBuffer]);
  post({ kind: 'names', names: namesOfScan(scanner.scan) });
});
