import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { ARTIFACT_VERSION } from '../../index/artifact/artifact.ts';
import { LiveIndex } from '../../index/liveIndex.ts';
import {
  articleResponseSchema,
  errorResponseSchema,
  healthResponseSchema,
  searchParametersSchema,
  searchResponseSchema,
} from '../../server/apiSchemas.ts';
import { createApp } from '../../server/app.ts';
import { openApiDocument } from '../../server/openapi.ts';
import { SEARCH_RENDERER } from '../../server/searchResponse.ts';
import { registeredRoutes, SEED_IDS, startServer, type TestServer } from '../helpers.ts';

async function getJson(
  server: TestServer,
  path: string,
): Promise<{ status: number; body: unknown; type: string }> {
  const response = await fetch(server.baseUrl + path);
  return {
    status: response.status,
    body: await response.json(),
    type: response.headers.get('content-type') ?? '',
  };
}

/** Asserts a JSON error response with the status and a message matching `pattern`. */
async function assertError(server: TestServer, path: string, status: number, pattern: RegExp): Promise<void> {
  const { status: actual, body, type } = await getJson(server, path);
  assert.equal(actual, status, path);
  assert.match(type, /application\/json/);
  const parsed = errorResponseSchema.parse(body);
  assert.match(parsed.error.message, pattern, path);
}

describe('JSON API', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });

  it('GET /api/search returns ranked hits with <mark>ed snippets and article urls', async () => {
    const { status, body } = await getJson(
      server,
      `/api/search?q=${encodeURIComponent('"March 1 deadline"')}`,
    );
    assert.equal(status, 200);
    const result = searchResponseSchema.strict().parse(body);
    // Two matching articles, one story: one hit with the other as its near-duplicate.
    assert.deepEqual([result.total, result.articles], [1, 2]);
    assert.deepEqual([result.page, result.perPage], [1, 10]);
    const [hit] = result.hits;
    assert.ok(hit !== undefined);
    assert.deepEqual([hit.id, ...hit.duplicates.map((duplicate) => duplicate.id)].sort(), [
      SEED_IDS.cnnTrade,
      SEED_IDS.cnnDavos,
    ]);
    assert.match(hit.snippet, /<mark>March 1 deadline<\/mark>/);
    assert.equal(hit.url, `/articles/${hit.id}?q=%22March%201%20deadline%22#first-match`);
    const [duplicate] = hit.duplicates;
    assert.equal(duplicate?.url, `/articles/${duplicate?.id}?q=%22March%201%20deadline%22#first-match`);
  });

  it('pages with page and perPage', async () => {
    const first = searchResponseSchema.parse((await getJson(server, '/api/search?q=trade&perPage=2')).body);
    const second = searchResponseSchema.parse(
      (await getJson(server, '/api/search?q=trade&perPage=3&page=2')).body,
    );
    assert.deepEqual([first.total, first.articles], [4, 5]);
    assert.equal(first.hits.length, 2);
    assert.equal(second.hits.length, 1);
    assert.equal(second.page, 2);
  });

  it('reports fallback and interpretation', async () => {
    const result = searchResponseSchema.parse((await getJson(server, '/api/search?q=Prasad%20Kudlow')).body);
    assert.equal(result.fallback, true);
    assert.ok(result.notices.length > 0);
  });

  it('answers 400 with a message for bad parameters', async () => {
    await assertError(server, '/api/search?q=trade&perPage=101', 400, /perPage must be at most 100/);
    await assertError(server, '/api/search?q=trade&perPage=0', 400, /perPage must be at least 1/);
    await assertError(server, '/api/search?q=trade&page=0', 400, /page must be at least 1/);
    await assertError(server, '/api/search?q=trade&page=two', 400, /page must be a whole number/);
    await assertError(server, '/api/search?q=trade&explain=maybe', 400, /explain must be 1 or 0/);
    await assertError(server, '/api/search', 400, /Type a word/);
    await assertError(server, '/api/search?q=a&q=b', 400, /must appear once/);
    await assertError(server, '/api/search?q=-trade', 400, /only excludes/);
    await assertError(server, '/api/search?q=%20', 400, /Type a word/);
  });

  it('browses with a filter and no words, newest first, as the results page and the feed do', async () => {
    for (const url of ['/api/search?source=CNN', '/api/search?q=&source=CNN']) {
      const { status, body } = await getJson(server, url);
      assert.equal(status, 200, url);
      const result = searchResponseSchema.parse(body);
      assert.deepEqual([result.total, result.articles, result.sort], [1, 2, 'newest']);
      assert.deepEqual(result.filters.sources, ['CNN']);
    }
    const wsj = searchResponseSchema.parse((await getJson(server, '/api/search?from=2019')).body);
    assert.deepEqual(
      wsj.hits.map((hit) => hit.id),
      [SEED_IDS.wsj],
    );
  });

  it('searches a pasted paragraph over 1,000 characters, cut at a word, and says so', async () => {
    const paragraph = `${'The trade talks between the negotiators continued in Beijing this week. '.repeat(20)}tariffs`;
    const response = await fetch(`${server.baseUrl}/api/search?q=${encodeURIComponent(paragraph)}`);
    assert.equal(response.status, 200);
    const result = searchResponseSchema.parse(await response.json());
    assert.ok(result.total > 0);
    assert.match(result.notices.join(' '), /characters long: only its first \d[\d,]* were searched/);
  });

  it('explains each hit with explain=1: parts that add up to its score', async () => {
    const result = searchResponseSchema.parse(
      await (await fetch(`${server.baseUrl}/api/search?q=Mnuchin%20tariffs&explain=1`)).json(),
    );
    assert.ok(result.hits.length > 0);
    for (const hit of result.hits) {
      const parts = hit.explanation?.parts ?? [];
      const sum = parts.reduce((total, part) => total + part.value, 0);
      assert.ok(Math.abs(sum - hit.score) < 0.002, `${hit.id}: ${sum} against ${hit.score}`);
    }
    const plain = searchResponseSchema.parse(
      await (await fetch(`${server.baseUrl}/api/search?q=Mnuchin%20tariffs`)).json(),
    );
    assert.equal(plain.hits[0]?.explanation, undefined);
  });

  it('GET /api/articles/:id returns the cleaned article and its metadata', async () => {
    const { status, body } = await getJson(server, `/api/articles/${SEED_IDS.wsj}`);
    assert.equal(status, 200);
    const article = articleResponseSchema.strict().parse(body);
    assert.deepEqual(article.authors, ['Vivian Salama', 'Rebecca Ballhaus', 'Josh Zumbrun']);
    assert.equal(article.date, '2019-07-23');
    assert.doesNotMatch(article.body, /Write to|Dow Jones & Company/);
  });

  it('answers 404 JSON for an unknown article or API route', async () => {
    await assertError(server, '/api/articles/no-such-article', 404, /does not exist/);
    await assertError(server, '/api/nothing-here', 404, /does not exist/);
    await assertError(server, '/api/articles/..%2F..%2Fpackage.json', 404, /does not exist/);
  });

  it('serves an OpenAPI 3.1 document that passes a validator', async () => {
    const { status, body } = await getJson(server, '/api/openapi.json');
    assert.equal(status, 200);
    const result = await new Validator().validate(body as Parameters<Validator['validate']>[0]);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    assert.equal((body as { openapi: string }).openapi, '3.1.0');
  });

  it('documents every route the app registers, and only those', async () => {
    const index = await LiveIndex.open({
      indexPath: server.indexPath,
      seedsDir: server.seedsDir,
      searchRenderer: SEARCH_RENDERER,
    });
    const app = createApp({ index, adminToken: 'token' });
    index.close();
    const documented = Object.entries(openApiDocument.paths ?? {}).flatMap(([route, item]) =>
      Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${route}`),
    );
    assert.deepEqual(registeredRoutes(app).sort(), documented.sort());
  });

  it('documents every filter and option of /api/search', () => {
    const operation = openApiDocument.paths?.['/api/search']?.get;
    const names = (operation?.parameters ?? []).map((parameter) =>
      'name' in parameter ? parameter.name : '',
    );
    assert.deepEqual(names.sort(), Object.keys(searchParametersSchema.shape).sort());
    for (const name of ['q', 'page', 'perPage', 'source', 'author', 'from', 'to', 'sort', 'explain'])
      assert.ok(names.includes(name), name);
  });

  it('GET /healthz reports the loaded index', async () => {
    const health = healthResponseSchema.parse((await getJson(server, '/healthz')).body);
    assert.equal(health.documents, 5);
    assert.equal(health.formatVersion, ARTIFACT_VERSION);
    assert.ok(!Number.isNaN(Date.parse(health.builtAt)));
  });

  it('has no admin routes when no token is configured', async () => {
    const response = await fetch(`${server.baseUrl}/api/admin/reindex`, { method: 'POST' });
    assert.equal(response.status, 404);
  });

  it('answers a wrong method on a known route with 405 and Allow, JSON under /api/', async () => {
    const routes: [string, string, string][] = [
      ['POST', '/api/search?q=trade', 'GET, HEAD'],
      ['DELETE', '/api/suggest?q=t', 'GET, HEAD'],
      ['PUT', `/api/articles/${SEED_IDS.wsj}`, 'GET, HEAD'],
      ['POST', '/api/openapi.json', 'GET, HEAD'],
      ['POST', '/healthz', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of routes) {
      const response = await fetch(server.baseUrl + path, { method });
      assert.equal(response.status, 405, `${method} ${path}`);
      assert.equal(response.headers.get('allow'), allow, `${method} ${path}`);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      const body = errorResponseSchema.parse(await response.json());
      assert.equal(body.error.code, 'method_not_allowed');
      assert.match(body.error.message, /answers GET, HEAD only/);
    }
    const options = await fetch(`${server.baseUrl}/api/search`, { method: 'OPTIONS' });
    assert.deepEqual([options.status, options.headers.get('allow')], [204, 'GET, HEAD']);
  });

  it('answers a wrong method on a page, a feed or an asset with a 405 page and Allow', async () => {
    for (const path of [
      '/',
      '/search?q=trade',
      `/articles/${SEED_IDS.wsj}`,
      '/search.atom?q=trade',
      '/opensearch.xml',
      '/assets/app.js',
      '/favicon.ico',
    ]) {
      const response = await fetch(server.baseUrl + path, { method: 'POST' });
      assert.equal(response.status, 405, path);
      assert.equal(response.headers.get('allow'), 'GET, HEAD', path);
      assert.match(response.headers.get('content-type') ?? '', /text\/html/, path);
      assert.match(await response.text(), /Method not allowed/);
    }
    assert.equal((await fetch(`${server.baseUrl}/no/such/page`, { method: 'POST' })).status, 404);
  });
});

describe('the admin route, with a token', () => {
  it('answers GET /api/admin/reindex with 405 and Allow: POST, before asking for the token', async () => {
    const server = await startServer({ adminToken: 'a-token-of-24-characters' });
    const response = await fetch(`${server.baseUrl}/api/admin/reindex`);
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'POST');
    assert.equal(errorResponseSchema.parse(await response.json()).error.code, 'method_not_allowed');
    const unauthorized = await fetch(`${server.baseUrl}/api/admin/reindex`, { method: 'POST' });
    assert.equal(unauthorized.status, 401);
    await unauthorized.arrayBuffer();
  });
});
