/**
 * The origin (`http://host:port`) that absolute links are built on, for the Atom feeds and the
 * OpenSearch description, which need them. Never the request's `Host` header: any client can send
 * `Host: evil.example` and have it written into a feed a reader subscribes to.
 */
import { isIPv6 } from 'node:net';
import type { Request } from 'express';

/**
 * `publicUrl` when the site's address is configured (`LEDE_PUBLIC_URL`, required behind a reverse
 * proxy), else the address and port this request's connection reached, which the client cannot forge.
 */
export function publicOrigin(req: Request, publicUrl: string | null): string {
  if (publicUrl !== null) return publicUrl;
  const local = req.socket.localAddress ?? '127.0.0.1';
  const address = local.startsWith('::ffff:') ? local.slice('::ffff:'.length) : local;
  const host = isIPv6(address) ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort}`;
}
