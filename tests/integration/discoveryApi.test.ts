import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import {
  articleResponseSchema,
  errorResponseSchema,
  searchResponseSchema,
  suggestResponseSchema,
} from '../../server/apiSchemas.ts';
import {
  copyOfSeeds,
  DATED_STORIES,
  datedArchive,
  SEED_IDS,
  startServer,
  type TestServer,
} from '../helpers.ts';

async function getJson(server: TestServer, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(server.baseUrl + path);
  return { status: response.status, body: await response.json() };
}

async function search(server: TestServer, parameters: string) {
  const { status, body } = await getJson(server, `/api/search?${parameters}`);
  assert.equal(status, 200, JSON.stringify(body));
  return searchResponseSchema.strict().parse(body);
}

async function assertBadRequest(server: TestServer, path: string, pattern: RegExp): Promise<void> {
  const { status, body } = await getJson(server, path);
  assert.equal(status, 400, path);
  assert.match(errorResponseSchema.parse(body).error.message, pattern, path);
}

const ids = (result: { hits: { id: string }[] }) => result.hits.map((hit) => hit.id).sort();

describe('discovery API', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ seedsDir: await datedArchive() });
  });

  it('counts facets for the first page, and for a later one only when asked', async () => {
    const sources = (result: Awaited<ReturnType<typeof search>>) =>
      result.facets.sources.map(({ value, count }) => [value, count]);
    const first = await search(server, 'q=quotas&perPage=2');
    const expected = sources(first);
    assert.ok(expected.length > 0);
    assert.deepEqual(sources(await search(server, 'q=quotas&perPage=2&page=2')), []);
    assert.deepEqual(sources(await search(server, 'q=quotas&perPage=2&page=2&facets=1')), expected);
    const without = await search(server, 'q=quotas&facets=0');
    assert.deepEqual([sources(without), without.facets.timeline.buckets], [[], []]);
    assert.equal(without.total, first.total);
  });

  it('returns facets by source and author, and the timeline by month, for the query', async () => {
    const result = await search(server, 'q=quotas');
    assert.equal(result.total, DATED_STORIES.length);
    assert.deepEqual(
      result.facets.sources.map(({ value, count }) => [value, count]),
      [
        ['Reuters', 3],
        ['Associated Press', 2],
      ],
    );
    assert.deepEqual(result.facets.authors[0], { value: 'Ann Lee', count: 2, selected: false });
    assert.equal(result.facets.timeline.granularity, 'month');
    assert.deepEqual(
      result.facets.timeline.buckets.map((bucket) => [bucket.period, bucket.count]),
      [
        ['2019-01', 1],
        ['2019-02', 1],
        ['2019-03', 2],
        ['2019-04', 0],
        ['2019-05', 1],
      ],
    );
    assert.equal(result.feed, '/search.atom?q=quotas');
  });

  it('filters by source, author and date, repeated parameters meaning any of them', async () => {
    assert.deepEqual(ids(await search(server, 'q=quotas&source=Reuters')), [
      'wire-2019-01',
      'wire-2019-02',
      'wire-2019-03b',
    ]);
    assert.deepEqual(ids(await search(server, 'q=quotas&source=reuters&author=Ann%20Lee')), ['wire-2019-01']);
    assert.deepEqual(ids(await search(server, 'q=quotas&author=Ann%20Lee&author=Dee%20Roy')), [
      'wire-2019-01',
      'wire-2019-03a',
      'wire-2019-05',
    ]);
    const march = await search(server, 'q=quotas&from=2019-03&to=2019-03');
    assert.deepEqual(ids(march), ['wire-2019-03a', 'wire-2019-03b']);
    assert.deepEqual(march.filters, {
      sources: [],
      authors: [],
      sections: [],
      languages: [],
      from: '2019-03-01',
      to: '2019-03-31',
    });
    assert.deepEqual(ids(await search(server, 'q=quotas&from=2019-03-02')), [
      'wire-2019-03b',
      'wire-2019-05',
    ]);
    assert.deepEqual(ids(await search(server, 'q=trade&to=2019-01-31')), ['wire-2019-01']);
    assert.equal((await search(server, 'q=quotas&source=Nobody')).total, 0);
  });

  it('sorts by newest or oldest first', async () => {
    const newest = await search(server, 'q=quotas&sort=newest');
    assert.deepEqual(
      newest.hits.map((hit) => hit.date),
      ['2019-05-09', '2019-03-28', '2019-03-01', '2019-02-14', '2019-01-10'],
    );
    assert.equal(newest.sort, 'newest');
    const oldest = await search(server, 'q=quotas&sort=oldest&perPage=1&page=2');
    assert.deepEqual(
      oldest.hits.map((hit) => hit.date),
      ['2019-02-14'],
    );
  });

  it('answers 400 for bad filter and sort parameters', async () => {
    await assertBadRequest(
      server,
      '/api/search?q=trade&sort=random',
      /sort must be one of relevance, newest, oldest/,
    );
    await assertBadRequest(server, '/api/search?q=trade&from=yesterday', /from must be a date/);
    await assertBadRequest(
      server,
      '/api/search?q=trade&to=2019-02-30',
      /not a date the “to” filter understands/,
    );
    await assertBadRequest(server, '/api/search?q=trade&from=2019-13', /not a date/);
    await assertBadRequest(
      server,
      '/api/search?q=trade&from=2020&to=2019',
      /starts \(2020-01-01\) after it ends/,
    );
    await assertBadRequest(server, '/api/search?q=trade&from=2019&from=2020', /from must appear once/);
    await assertBadRequest(server, `/api/search?q=trade&source=${'x'.repeat(201)}`, /at most 200 characters/);
    const many = Array.from({ length: 21 }, (_, i) => `author=a${i}`).join('&');
    await assertBadRequest(server, `/api/search?q=trade&${many}`, /author may be given at most 20 times/);
  });

  it('suggests a spelling from the index vocabulary, with a link that runs it', async () => {
    const result = await search(server, `q=${encodeURIComponent('Lighthzer tarifs')}`);
    assert.deepEqual(result.suggestion, {
      query: 'Lighthizer tariffs',
      url: '/api/search?q=Lighthizer%20tariffs',
    });
    assert.equal((await search(server, 'q=Lighthizer')).suggestion, null);
  });

  it('returns near-duplicates with each hit', async () => {
    const result = await search(server, `q=${encodeURIComponent('"March 1 deadline"')}`);
    assert.deepEqual([result.total, result.articles], [1, 2]);
    assert.equal(result.hits[0]?.duplicates.length, 1);
  });

  it('GET /api/suggest completes names and words in a few milliseconds', async () => {
    const { status, body } = await getJson(server, '/api/suggest?q=lighth');
    assert.equal(status, 200);
    const result = suggestResponseSchema.strict().parse(body);
    assert.equal(result.query, 'lighth');
    assert.deepEqual(result.suggestions[0], {
      text: 'Robert Lighthizer',
      completion: 'Robert Lighthizer',
      kind: 'phrase',
      count: 3,
    });
    const liu = suggestResponseSchema.parse((await getJson(server, '/api/suggest?q=Liu')).body);
    assert.equal(liu.suggestions[0]?.text, 'Liu He');
    const limited = suggestResponseSchema.parse((await getJson(server, '/api/suggest?q=t&limit=3')).body);
    assert.equal(limited.suggestions.length, 3);
    const none = suggestResponseSchema.parse((await getJson(server, '/api/suggest?q=%20')).body);
    assert.deepEqual(none.suggestions, []);
  });

  it('GET /api/suggest?format=opensearch answers what a browser’s address bar reads', async () => {
    const response = await fetch(`${server.baseUrl}/api/suggest?q=lighth&format=opensearch`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/x-suggestions\+json/);
    assert.deepEqual(await response.json(), ['lighth', ['Robert Lighthizer']]);
    const words = (await (
      await fetch(`${server.baseUrl}/api/suggest?q=trade%20ta&format=opensearch&limit=2`)
    ).json()) as unknown;
    assert.deepEqual(words, ['trade ta', ['trade talks', 'trade tariffs']]);
    const description = await (await fetch(`${server.baseUrl}/opensearch.xml`)).text();
    assert.match(
      description,
      new RegExp(
        `<Url type="application/x-suggestions\\+json" method="get" template="${server.baseUrl}/api/suggest\\?q=\\{searchTerms\\}&amp;format=opensearch"/>`,
      ),
    );
  });

  it('answers 400 for bad /api/suggest parameters', async () => {
    await assertBadRequest(server, '/api/suggest', /q \(what has been typed\) is required/);
    await assertBadRequest(server, `/api/suggest?q=${'a'.repeat(201)}`, /at most 200 characters/);
    await assertBadRequest(server, '/api/suggest?q=a&limit=11', /limit must be at most 10/);
    await assertBadRequest(server, '/api/suggest?q=a&limit=0', /limit must be at least 1/);
    await assertBadRequest(server, '/api/suggest?q=a&q=b', /must appear once/);
    await assertBadRequest(server, '/api/suggest?q=a&format=xml', /format must be json or opensearch/);
  });

  it('GET /api/articles/:id lists near-duplicates and related articles', async () => {
    const { body } = await getJson(server, `/api/articles/${SEED_IDS.cnnTrade}`);
    const article = articleResponseSchema.strict().parse(body);
    assert.deepEqual(
      article.duplicates.map((d) => d.id),
      [SEED_IDS.cnnDavos],
    );
    assert.ok(article.related.length > 0);
    assert.ok(article.related.every((r) => r.id !== SEED_IDS.cnnTrade && r.id !== SEED_IDS.cnnDavos));
    assert.ok(article.related.every((r) => r.url === `/articles/${r.id}`));
  });

  it('serves every search as a valid Atom feed, newest first', async () => {
    const response = await fetch(`${server.baseUrl}/search.atom?q=quotas&source=Reuters`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/atom\+xml/);
    const xml = await response.text();
    const feed = parseFeed(xml);
    assert.equal(feed.meta.type, 'atom');
    assert.match(feed.title ?? '', /quotas/);
    assert.equal(feed.self, `${server.baseUrl}/search.atom?q=quotas&source=Reuters&sort=newest`);
    assert.equal(feed.url, `${server.baseUrl}/search?q=quotas&source=Reuters&sort=newest`);
    assert.ok(feed.updated instanceof Date && !Number.isNaN(feed.updated.getTime()));
    assert.deepEqual(
      feed.items.map((item) => item.id),
      ['wire-2019-03b', 'wire-2019-02', 'wire-2019-01'].map((id) => `${server.baseUrl}/articles/${id}`),
    );
    const [first] = feed.items;
    assert.equal(first?.published?.toISOString(), '2019-03-28T00:00:00.000Z');
    assert.deepEqual(
      first?.authors.map((author) => author.name),
      ['Cy Park'],
    );
    assert.match(first?.description ?? '', /<mark>quotas<\/mark>/);
    assert.equal(first?.url, `${server.baseUrl}/articles/wire-2019-03b?q=quotas#first-match`);
    // RFC 4287 requires an id, a title and an updated date on the feed and on every entry.
    for (const element of ['id', 'title', 'updated']) {
      assert.equal(xml.match(new RegExp(`<${element}>`, 'g'))?.length, feed.items.length + 1, element);
    }
  });

  it('escapes markup in feeds and refuses feeds of queries that cannot run', async () => {
    const xml = await (
      await fetch(`${server.baseUrl}/search.atom?q=${encodeURIComponent('<script>x</script> trade')}`)
    ).text();
    assert.ok(!xml.includes('<script>'));
    assert.equal(parseFeed(xml).meta.type, 'atom');
    assert.equal((await fetch(`${server.baseUrl}/search.atom?q=`)).status, 400);
    assert.equal((await fetch(`${server.baseUrl}/search.atom?q=trade&sort=sideways`)).status, 400);
  });
});

describe('absolute links in feeds and the OpenSearch description', () => {
  /** The body of `path` fetched with this Host header (fetch would not let a test set it). */
  async function withHost(server: TestServer, route: string, host: string): Promise<string> {
    const { request } = await import('node:http');
    const url = new URL(`${server.baseUrl}${route}`);
    return new Promise<string>((resolve, reject) => {
      request(
        { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers: { host } },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            body += chunk;
          });
          response.on('end', () => resolve(body));
        },
      )
        .on('error', reject)
        .end();
    });
  }

  it('are built on the address the server was reached at, never on the Host header', async () => {
    const server = await startServer();
    for (const route of ['/search.atom?q=trade', '/opensearch.xml']) {
      for (const host of ['evil.example', 'evil"><x>']) {
        const body = await withHost(server, route, host);
        assert.ok(!body.includes('evil'), `${route} with Host ${host}`);
        assert.ok(body.includes(server.baseUrl), `${route} links to ${server.baseUrl}`);
      }
    }
  });

  it('are built on LEDE_PUBLIC_URL when it is set', async () => {
    const server = await startServer({ publicUrl: 'https://news.example.org' });
    const feed = await withHost(server, '/search.atom?q=trade', 'evil.example');
    assert.match(
      feed,
      /<link rel="self" type="application\/atom\+xml" href="https:\/\/news\.example\.org\/search\.atom\?q=trade/,
    );
    const description = await withHost(server, '/opensearch.xml', 'evil.example');
    assert.match(description, /template="https:\/\/news\.example\.org\/search\?q=\{searchTerms\}"/);
  });

  it('strip characters XML forbids, from the query and from article titles', async () => {
    const seeds = await copyOfSeeds();
    await writeFile(
      path.join(seeds, 'control.txt'),
      'Tariffs\u0001 and \u0008quotas\n\nA story about tariffs and quotas.\n',
    );
    const server = await startServer({ seedsDir: seeds });
    const xml = await (await fetch(`${server.baseUrl}/search.atom?q=tariffs%01`)).text();
    const controls = [...xml].filter((c) => c.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(c));
    assert.deepEqual(controls, [], 'no control characters');
    const feed = parseFeed(xml);
    assert.ok(feed.items.some((item) => item.title === 'Tariffs and quotas'));
  });
});

describe('browsing a source', () => {
  it('answers an empty query with a filter on the API, the page and the feed', async () => {
    const server = await startServer({ seedsDir: await datedArchive() });
    const api = searchResponseSchema.parse(
      (await getJson(server, '/api/search?q=&source=Associated%20Press')).body,
    );
    assert.deepEqual(ids(api), ['wire-2019-03a', 'wire-2019-05']);
    assert.equal(api.hits[0]?.id, 'wire-2019-05', 'newest first');
    const page = await (await fetch(`${server.baseUrl}/search?q=&source=Associated%20Press`)).text();
    assert.equal(page.match(/<li class="hit/g)?.length, 2);
    const home = await (await fetch(`${server.baseUrl}/`)).text();
    assert.match(home, /href="\/search\?q=&(amp;)?source=Reuters"/);
    const feed = parseFeed(await (await fetch(`${server.baseUrl}/search.atom?source=Reuters`)).text());
    assert.equal(feed.items.length, 3);
  });
});
