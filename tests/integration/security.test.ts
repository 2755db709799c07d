import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { errorResponseSchema } from '../../server/apiSchemas.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { isLoopbackAddress } from '../../server/security.ts';
import { eventually, SEED_IDS, startServer, type TestServer } from '../helpers.ts';

const TOKEN = 'security-test-admin-token-0123';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Asserts a body shows no stack trace or file path. */
function assertNoLeak(text: string): void {
  assert.doesNotMatch(text, /\n\s+at |\.[cm]?[jt]s:\d+|node_modules|\/work\/|\/home\/|file:\/\//);
}

describe('security headers', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });

  for (const path of ['/', '/search?q=trade', '/api/search?q=trade', '/no-such-page']) {
    it(`sends a strict CSP and no X-Powered-By on ${path}`, async () => {
      const response = await fetch(server.baseUrl + path);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /(^|;)\s*script-src 'self'\s*(;|$)/);
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /object-src 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|upgrade-insecure-requests/);
      assert.equal(response.headers.get('x-powered-by'), null);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('strict-transport-security'), null);
    });
  }

  it('serves pages with no inline script or style for the CSP to block', async () => {
    for (const path of ['/', '/search?q=trade']) {
      const html = await (await fetch(server.baseUrl + path)).text();
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=/i, path);
    }
  });
});

/** A client on another machine, as a reverse proxy on this one reports it. */
const REMOTE_CLIENT = { 'x-forwarded-for': '203.0.113.7' };

describe('rate limits', () => {
  let server: TestServer;
  before(async () => {
    // Behind a proxy on this machine: requests arrive from loopback and name the client in a header.
    server = await startServer({ rateLimitPerMinute: 5, adminToken: TOKEN, trustProxy: ['loopback'] });
  });

  it('answers 429 JSON after the per-minute limit on /api, with RateLimit headers', async () => {
    for (let i = 1; i <= 5; i += 1) {
      const response = await fetch(`${server.baseUrl}/api/search?q=trade`, { headers: REMOTE_CLIENT });
      assert.equal(response.status, 200, `request ${i}`);
      assert.equal(response.headers.get('ratelimit-limit'), '5');
      assert.equal(response.headers.get('ratelimit-remaining'), String(5 - i));
      await response.arrayBuffer();
    }
    const response = await fetch(`${server.baseUrl}/api/search?q=trade`, { headers: REMOTE_CLIENT });
    assert.equal(response.status, 429);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    assert.ok(Number(response.headers.get('retry-after')) > 0);
    assert.ok(response.headers.get('ratelimit-reset') !== null);
    const body = errorResponseSchema.parse(await response.json());
    assert.equal(body.error.code, 'rate_limited');
    assert.match(body.error.message, /try again in \d+ seconds?/);
  });

  it('limits /search pages with an HTML 429 page', async () => {
    // The same client already used its quota on /api: the pages share it.
    const response = await fetch(`${server.baseUrl}/search?q=trade`, { headers: REMOTE_CLIENT });
    assert.equal(response.status, 429);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const html = await response.text();
    assert.match(html, /Too many requests/);
    assert.match(html, /try again in \d+ seconds?/);
  });

  it('limits article pages too: a long article is costly to mark up', async () => {
    const response = await fetch(`${server.baseUrl}/articles/${SEED_IDS.cnnTrade}`, {
      headers: REMOTE_CLIENT,
    });
    assert.equal(response.status, 429);
    await response.arrayBuffer();
  });

  it('counts each client behind the proxy separately', async () => {
    const response = await fetch(`${server.baseUrl}/api/search?q=trade`, {
      headers: { 'x-forwarded-for': '203.0.113.8' },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('ratelimit-remaining'), '4');
    await response.arrayBuffer();
  });

  it('does not let a client behind the proxy pass itself off as this machine', async () => {
    // The proxy appends the address it saw to whatever the client sent; only that one is believed.
    const response = await fetch(`${server.baseUrl}/api/search?q=trade`, {
      headers: { 'x-forwarded-for': '127.0.0.1, 203.0.113.7' },
    });
    assert.equal(response.status, 429);
    await response.arrayBuffer();
  });

  it('does not limit /healthz, the home page or assets', async () => {
    for (let i = 0; i < 8; i += 1) {
      for (const path of ['/healthz', '/', '/assets/styles.css']) {
        const response = await fetch(server.baseUrl + path, { headers: REMOTE_CLIENT });
        assert.equal(response.status, 200, path);
        await response.arrayBuffer();
      }
    }
  });
});

describe('rate limits for clients on this machine', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ rateLimitPerMinute: 5 });
  });

  it('never limits searches from a loopback address (load tests, health checks on the box)', async () => {
    for (let i = 1; i <= 20; i += 1) {
      const response = await fetch(`${server.baseUrl}/api/search?q=trade`);
      assert.equal(response.status, 200, `request ${i}`);
      assert.equal(response.headers.get('ratelimit-limit'), null);
      await response.arrayBuffer();
    }
    assert.equal((await fetch(`${server.baseUrl}/search?q=trade`)).status, 200);
  });

  it('counts as this machine 127.0.0.0/8 and ::1, also written as IPv4-mapped IPv6, and nothing else', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      assert.equal(isLoopbackAddress(address), true, address);
    }
    for (const address of ['203.0.113.7', '::ffff:203.0.113.7', '10.0.0.1', 'fe80::1', '::', undefined]) {
      assert.equal(isLoopbackAddress(address), false, String(address));
    }
  });

  it('ignores X-Forwarded-For when no proxy is trusted: the client stays who connected', async () => {
    // Were the header believed, these would count as 203.0.113.7 and be limited after five.
    for (let i = 1; i <= 10; i += 1) {
      const response = await fetch(`${server.baseUrl}/api/search?q=trade`, { headers: REMOTE_CLIENT });
      assert.equal(response.status, 200, `request ${i}`);
      assert.equal(response.headers.get('ratelimit-limit'), null);
      await response.arrayBuffer();
    }
  });
});

describe('LEDE_TRUST_PROXY', () => {
  const trustProxy = (value?: string) =>
    loadConfig(value === undefined ? {} : { LEDE_TRUST_PROXY: value }).trustProxy;

  it('reads false (the default), true, a hop count, or addresses and subnets', () => {
    assert.equal(trustProxy(), false);
    assert.equal(trustProxy('false'), false);
    assert.equal(trustProxy('TRUE'), true);
    assert.equal(trustProxy('2'), 2);
    assert.deepEqual(trustProxy('loopback'), ['loopback']);
    assert.deepEqual(trustProxy('10.0.0.5, 10.0.0.0/8,fd00::/8'), ['10.0.0.5', '10.0.0.0/8', 'fd00::/8']);
  });

  it('refuses anything else, naming the variable and the bad entry', () => {
    for (const value of ['yes', '10.0.0.0/33', 'loopback,proxy.example.com', '1.5']) {
      assert.throws(() => trustProxy(value), /LEDE_TRUST_PROXY: must be true, false, a number/, value);
    }
    assert.throws(() => trustProxy('loopback,proxy.example.com'), /"proxy\.example\.com"/);
  });
});

describe('admin rate limit', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ adminToken: TOKEN, adminRateLimitPerMinute: 2 });
  });

  it('answers 429 to the admin request over the per-minute limit, even from this machine', async () => {
    const post = () =>
      fetch(`${server.baseUrl}/api/admin/reindex`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
    for (let i = 1; i <= 2; i += 1) {
      const response = await post();
      assert.equal(response.status, 200, `request ${i}`);
      await response.arrayBuffer();
    }
    const response = await post();
    assert.equal(response.status, 429);
    assert.equal(errorResponseSchema.parse(await response.json()).error.code, 'rate_limited');
    // The general limit is separate and generous: searches still work.
    assert.equal((await fetch(`${server.baseUrl}/api/search?q=trade`)).status, 200);
  });
});

describe('request size limits', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ adminToken: TOKEN });
  });

  it('answers 414 JSON to a 10 KiB API URL', async () => {
    const response = await fetch(`${server.baseUrl}/api/search?q=${'a'.repeat(10 * 1024)}`);
    assert.equal(response.status, 414);
    const text = await response.text();
    const body = errorResponseSchema.parse(JSON.parse(text));
    assert.equal(body.error.code, 'uri_too_long');
    assert.match(body.error.message, /too long.*query/);
    assertNoLeak(text);
  });

  it('answers a 414 HTML page to a 10 KiB page URL', async () => {
    const response = await fetch(`${server.baseUrl}/search?q=${'a'.repeat(10 * 1024)}`);
    assert.equal(response.status, 414);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const html = await response.text();
    assert.match(html, /Address too long/);
    assertNoLeak(html);
  });

  for (const [label, route] of [
    ['API', '/api/search?q='],
    ['page', '/search?q='],
  ] as const) {
    it(`answers 414 JSON, not Node's bare 431, to a ${label} URL of 40 KiB`, async () => {
      const response = await fetch(`${server.baseUrl}${route}${'a'.repeat(40 * 1024)}`);
      assert.equal(response.status, 414);
      const text = await response.text();
      assert.equal(errorResponseSchema.parse(JSON.parse(text)).error.code, 'uri_too_long');
      assertNoLeak(text);
    });
  }

  it('answers 431 JSON to headers of 40 KiB', async () => {
    const response = await fetch(`${server.baseUrl}/api/search?q=trade`, {
      headers: { 'x-padding': 'a'.repeat(40 * 1024) },
    });
    assert.equal(response.status, 431);
    assert.equal(errorResponseSchema.parse(await response.json()).error.code, 'headers_too_large');
  });

  it('accepts a URL just under the limit', async () => {
    const response = await fetch(`${server.baseUrl}/search?q=${'a'.repeat(8000)}`);
    assert.notEqual(response.status, 414);
    await response.arrayBuffer();
  });

  it('answers 413 to an admin POST with a 2 KiB body', async () => {
    const response = await fetch(`${server.baseUrl}/api/admin/reindex`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(2 * 1024) }),
    });
    assert.equal(response.status, 413);
    const text = await response.text();
    assert.equal(errorResponseSchema.parse(JSON.parse(text)).error.code, 'too_large');
    assertNoLeak(text);
  });

  it('still accepts an admin POST with a small body', async () => {
    const response = await fetch(`${server.baseUrl}/api/admin/reindex`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(response.status, 200);
    await response.arrayBuffer();
  });
});

describe('request ids and error logs', () => {
  let server: TestServer;
  const records: Record<string, unknown>[] = [];
  before(async () => {
    const logger = createLogger('info', {
      write: (line: string) => {
        records.push(JSON.parse(line) as Record<string, unknown>);
      },
    });
    server = await startServer({ logger });
  });

  it('echoes a safe incoming X-Request-Id', async () => {
    const response = await fetch(`${server.baseUrl}/healthz`, {
      headers: { 'x-request-id': 'abc-123.DEF_4' },
    });
    assert.equal(response.headers.get('x-request-id'), 'abc-123.DEF_4');
    await response.arrayBuffer();
  });

  it('generates an id when none or an unsafe one is sent', async () => {
    const variants: Record<string, string>[] = [
      {},
      { 'x-request-id': 'bad id<script>' },
      { 'x-request-id': 'x'.repeat(65) },
    ];
    for (const headers of variants) {
      const response = await fetch(`${server.baseUrl}/api/search?q=trade`, { headers });
      assert.match(response.headers.get('x-request-id') ?? '', UUID);
      await response.arrayBuffer();
    }
  });

  it('logs one record per request with its id', async () => {
    const response = await fetch(`${server.baseUrl}/api/search?q=trade`, {
      headers: { 'x-request-id': 'log-me-1' },
    });
    await response.arrayBuffer();
    await eventually(async () => records.some((record) => record.reqId === 'log-me-1'));
    const record = records.find((entry) => entry.reqId === 'log-me-1');
    assert.equal(record?.msg, 'request completed');
    assert.deepEqual(record?.res, { statusCode: 200 });
    assert.doesNotMatch(JSON.stringify(record), /authorization/i);
  });

  it('answers an unexpected error with a generic 500 and the request id, and logs the stack', async () => {
    // The searches the routes ask of the index (on its search thread) fail as a bug would.
    const index = server.index;
    const { search, renderSearch } = index;
    const onFire = async (): Promise<never> => {
      throw new Error('disk on fire at /secret/path/engine.ts:42');
    };
    index.search = onFire;
    index.renderSearch = onFire;
    try {
      const response = await fetch(`${server.baseUrl}/api/search?q=trade`);
      assert.equal(response.status, 500);
      const text = await response.text();
      const body = errorResponseSchema.parse(JSON.parse(text));
      assert.equal(body.error.code, 'internal');
      assert.match(body.error.message, /Something went wrong on our side/);
      const requestId = response.headers.get('x-request-id') ?? '';
      assert.match(requestId, UUID);
      assert.equal(body.error.requestId, requestId);
      assert.doesNotMatch(text, /disk on fire|secret/);
      assertNoLeak(text);

      await eventually(async () => records.some((record) => record.reqId === requestId));
      const record = records.find((entry) => entry.reqId === requestId) ?? {};
      assert.equal(record.level, 50);
      const error = record.err as { message: string; stack: string };
      assert.equal(error.message, 'disk on fire at /secret/path/engine.ts:42');
      assert.match(error.stack, /\n\s+at /);

      const page = await fetch(`${server.baseUrl}/search?q=trade`);
      assert.equal(page.status, 500);
      const html = await page.text();
      assert.match(html, /Something went wrong/);
      assert.ok(html.includes(page.headers.get('x-request-id') ?? 'missing'));
      assert.doesNotMatch(html, /disk on fire|secret/);
      assertNoLeak(html);
    } finally {
      index.search = search;
      index.renderSearch = renderSearch;
    }
  });
});
