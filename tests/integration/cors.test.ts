import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadConfig } from '../../server/config.ts';
import { SEED_IDS, startServer, type TestServer } from '../helpers.ts';

const TOKEN = 'a-token-of-24-characters';
const READ_ONLY = [
  '/api/search?q=trade',
  '/api/suggest?q=lighth',
  `/api/articles/${SEED_IDS.wsj}`,
  '/api/openapi.json',
  '/search.atom?q=trade',
  '/opensearch.xml',
];

async function get(server: TestServer, url: string, headers: Record<string, string> = {}, method = 'GET') {
  const response = await fetch(server.baseUrl + url, { method, headers });
  await response.arrayBuffer();
  return response;
}

describe('CORS', () => {
  it('sends no CORS headers by default', async () => {
    const server = await startServer();
    for (const url of READ_ONLY) {
      const response = await get(server, url, { origin: 'https://elsewhere.example' });
      assert.equal(response.headers.get('access-control-allow-origin'), null, url);
    }
  });

  describe('with LEDE_CORS_ORIGINS naming origins', () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({
        adminToken: TOKEN,
        corsOrigins: ['https://news.example.org', 'http://localhost:8080'],
      });
    });

    it('lets a named origin read every read-only route, errors included, and says it varies by Origin', async () => {
      for (const url of [...READ_ONLY, '/api/search?q=-trade']) {
        const response = await get(server, url, { origin: 'http://localhost:8080' });
        assert.equal(response.headers.get('access-control-allow-origin'), 'http://localhost:8080', url);
        assert.match(response.headers.get('vary') ?? '', /Origin/, url);
        assert.match(response.headers.get('access-control-expose-headers') ?? '', /ETag/);
      }
    });

    it('gives another origin, the pages and the admin route nothing', async () => {
      const other = await get(server, '/api/search?q=trade', { origin: 'https://evil.example' });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
      for (const [url, method] of [
        ['/search?q=trade', 'GET'],
        ['/', 'GET'],
        ['/api/admin/reindex', 'POST'],
        ['/api/admin/reindex', 'OPTIONS'],
      ] as const) {
        const response = await get(server, url, { origin: 'https://news.example.org' }, method);
        assert.equal(response.headers.get('access-control-allow-origin'), null, `${method} ${url}`);
      }
    });

    it('answers a preflight for GET with revalidation', async () => {
      const response = await get(
        server,
        '/api/search?q=trade',
        {
          origin: 'https://news.example.org',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'if-none-match',
        },
        'OPTIONS',
      );
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), 'https://news.example.org');
      assert.equal(response.headers.get('access-control-allow-methods'), 'GET, HEAD');
      assert.equal(response.headers.get('access-control-allow-headers'), 'If-None-Match');
    });
  });

  it('with LEDE_CORS_ORIGINS=* lets any origin read, without Vary', async () => {
    const server = await startServer({ corsOrigins: '*' });
    const response = await get(server, '/api/search?q=trade', { origin: 'https://anyone.example' });
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.doesNotMatch(response.headers.get('vary') ?? '', /Origin/);
  });
});

describe('LEDE_CORS_ORIGINS', () => {
  const origins = (value: string | undefined) => loadConfig({ LEDE_CORS_ORIGINS: value }).corsOrigins;

  it('is none by default, * for any, or a list of origins', () => {
    assert.deepEqual(origins(undefined), []);
    assert.deepEqual(origins(''), []);
    assert.equal(origins('*'), '*');
    assert.deepEqual(origins('https://news.example.org, http://localhost:8080'), [
      'https://news.example.org',
      'http://localhost:8080',
    ]);
    assert.deepEqual(origins('HTTPS://News.Example.org'), ['https://news.example.org']);
  });

  it('refuses what is not an origin, naming the variable and the entry', () => {
    for (const value of [
      'news.example.org',
      'https://a.example/path',
      'ftp://a.example',
      'https://a.example/',
      '*,https://a.example',
    ]) {
      assert.throws(() => origins(value), /LEDE_CORS_ORIGINS: must be \*, or origins/, value);
    }
  });
});
