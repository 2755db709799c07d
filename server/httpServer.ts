/**
 * The HTTP server around the app. Node answers a request it cannot parse (a request line or headers
 * over its 16 KB limit, bytes that are not HTTP) before Express ever sees it, with a bare status and
 * no body; here those get the same JSON error body as every other refusal.
 */
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import { MAX_URL_LENGTH } from './security.ts';

/** An HTTP server running `app`, not yet listening. */
export function createHttpServer(app: Express): Server {
  const server = createServer(app);
  server.on('clientError', answerClientError);
  return server;
}

/** Answers a request Node could not parse, as JSON, and closes the connection. */
function answerClientError(error: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex): void {
  if (!socket.writable || (error.code === 'ECONNRESET' && socket.destroyed)) {
    socket.destroy();
    return;
  }
  const [status, reason, body] = describeClientError(error);
  const json = JSON.stringify({ error: body });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}

function describeClientError(
  error: Error & { code?: string; rawPacket?: Buffer },
): [number, string, { code: string; message: string }] {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    // The request line is what overflowed when it is itself over the URL limit, or not even finished.
    const lineEnd = error.rawPacket?.indexOf('\r\n') ?? -1;
    if (lineEnd === -1 || lineEnd > MAX_URL_LENGTH) {
      return [
        414,
        'URI Too Long',
        {
          code: 'uri_too_long',
          message: `The address is too long (over ${MAX_URL_LENGTH.toLocaleString('en-US')} characters): shorten the query.`,
        },
      ];
    }
    return [
      431,
      'Request Header Fields Too Large',
      { code: 'headers_too_large', message: 'The request headers are too large.' },
    ];
  }
  if (error.code === 'HPE_HEADER_TIMEOUT' || error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return [408, 'Request Timeout', { code: 'timeout', message: 'The request took too long to arrive.' }];
  }
  return [400, 'Bad Request', { code: 'bad_request', message: 'The request is malformed.' }];
}
