/**
 * Worker-thread entry of a search thread (see searchThread.ts): one engine over the shared index,
 * answering loads and searches in the order they come.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { snapshotOfShared } from '../artifact/artifact.ts';
import { runnableModule } from '../build/tsWorker.ts';
import { QueryError } from '../errors.ts';
import { SearchEngine } from './engine.ts';
import type {
  SearchRenderModule,
  SearchThreadReply,
  SearchThreadRequest,
  SearchThreadSettings,
} from './searchThread.ts';

const port = parentPort;
if (port === null) throw new Error('searchWorker.ts runs on a worker thread');

const settings = workerData as Omit<SearchThreadSettings, 'renderer'> & { renderer: string | null };
const renderer: SearchRenderModule | null =
  settings.renderer === null ? null : await import(runnableModule(new URL(settings.renderer)).href);
let engine: SearchEngine | null = null;

port.on('message', (request: SearchThreadRequest) => {
  try {
    if (request.type === 'load') {
      engine = new SearchEngine(snapshotOfShared(request.artifact), settings.engineOptions);
      reply({ type: 'loaded', id: request.id });
      return;
    }
    if (engine === null) throw new Error('the search thread has no index loaded');
    const result = engine.search(request.query, request.options);
    const cache = engine.resultCacheStats();
    if (request.type === 'search') {
      reply({ type: 'result', id: request.id, result, cache });
      return;
    }
    if (renderer === null) throw new Error('the search thread was started without a renderer');
    const bytes = transferable(renderer.renderSearch(result, request.request));
    reply({ type: 'rendered', id: request.id, bytes, cache }, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    const code = error instanceof QueryError ? error.code : undefined;
    reply({
      type: 'failed',
      id: request.id,
      error: { name, message, ...(code === undefined ? {} : { code }) },
    });
  }
});

function reply(message: SearchThreadReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

/**
 * Bytes whose memory is theirs alone, to hand over without a copy: a small Buffer lives in Node's
 * shared pool, which must not be transferred, so it is copied (`new Uint8Array` copies; a Buffer's
 * `slice` would not).
 */
function transferable(bytes: Uint8Array): Uint8Array {
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return own && bytes.buffer instanceof ArrayBuffer ? bytes : new Uint8Array(bytes);
}
