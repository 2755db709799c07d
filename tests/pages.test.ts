import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { buildIndex } from '../index/build.ts';
import { SEED_IDS, startServer, type TestServer } from './helpers.ts';

async function page(server: TestServer, url: string): Promise<{ status: number; html: string }> {
  const response = await fetch(server.baseUrl + url);
  assert.match(response.headers.get('content-type') ?? '', /text\/html/);
  return { status: response.status, html: await response.text() };
}

const searchUrl = (query: string, extra = '') => `/search?q=${encodeURIComponent(query)}${extra}`;

describe('web pages', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ pageSize: 2 });
  });

  it('/ shows a labelled search box and what is indexed', async () => {
    const { status, html } = await page(server, '/');
    assert.equal(status, 200);
    assert.match(html, /<label[^>]*for="q"/);
    assert.match(html, /<form[^>]*role="search"[^>]*action="\/search"/);
    assert.match(html, /5 articles/);
    assert.match(html, /CNN/);
    assert.match(html, /<main id="main"/);
  });

  it('/search shows ranked, highlighted results and keeps the query in the box', async () => {
    const { status, html } = await page(server, searchUrl('"March 1 deadline"'));
    assert.equal(status, 200);
    assert.match(
      html,
      /<title>“&#34;March 1 deadline&#34;” – Lede<\/title>|<title>“&quot;March 1 deadline&quot;” – Lede<\/title>/,
    );
    assert.match(html, /value="(&#34;|&quot;)March 1 deadline(&#34;|&quot;)"/);
    assert.equal(html.match(/<li class="hit/g)?.length, 2);
    assert.match(html, /<mark>March 1 deadline<\/mark>/);
    assert.match(
      html,
      new RegExp(`href="/articles/${SEED_IDS.cnnTrade}\\?q=%22March%201%20deadline%22#first-match"`),
    );
    assert.match(html, /2 articles/);
    assert.match(html, /\d+(\.\d+)? ms/);
  });

  it('paginates with links that keep the query', async () => {
    const first = await page(server, searchUrl('trade'));
    assert.match(first.html, /aria-label="Pagination"/);
    assert.match(first.html, /href="\/search\?q=trade&(amp;)?page=2"/);
    const last = await page(server, searchUrl('trade', '&page=3'));
    assert.equal(last.html.match(/<li class="hit/g)?.length, 1);
    assert.match(last.html, /aria-current="page"[^>]*>\s*3|>\s*3\s*<\/[a-z]+>/);
  });

  it('shows a clear page when nothing matches', async () => {
    const { status, html } = await page(server, searchUrl('zeppelin'));
    assert.equal(status, 200);
    assert.match(html, /No articles match/);
    assert.doesNotMatch(html, /<li class="hit/);
  });

  it('shows the fallback notice when no article has every word', async () => {
    const { html } = await page(server, searchUrl('Prasad Kudlow'));
    assert.match(html, /No article has all of the words/);
    assert.equal(html.match(/<li class="hit/g)?.length, 2);
  });

  it('answers a malformed query with status 400 and a message, the query kept', async () => {
    const { status, html } = await page(server, searchUrl('-trade'));
    assert.equal(status, 400);
    assert.match(html, /role="alert"/);
    assert.match(html, /only excludes words/);
    assert.match(html, /value="-trade"/);
    const empty = await page(server, '/search?q=');
    assert.equal(empty.status, 400);
    assert.match(empty.html, /Type a word/);
  });

  it('shows the cleaned article with every match marked, a jump target and a way back', async () => {
    const { status, html } = await page(server, `/articles/${SEED_IDS.cnnDavos}?q=Mnuchin`);
    assert.equal(status, 200);
    assert.match(html, /<mark id="first-match">Mnuchin<\/mark>/);
    assert.ok((html.match(/<mark/g)?.length ?? 0) >= 5);
    assert.match(html, /href="\/search\?q=Mnuchin"/);
    assert.doesNotMatch(html, /Now playing|Getty Images/);
    assert.match(html, /<h1[^>]*>President Donald Trump’s top negotiators/);
  });

  it('shows article metadata: source, authors and date', async () => {
    const { html } = await page(server, `/articles/${SEED_IDS.wsj}`);
    assert.match(html, /The Wall Street Journal/);
    assert.match(html, /Vivian Salama, Rebecca Ballhaus, Josh Zumbrun/);
    assert.match(html, /23 July 2019/);
  });

  it('answers 404 pages for unknown articles and routes', async () => {
    for (const url of ['/articles/nope', '/no/such/page', '/articles/..%2F..%2Fpackage.json']) {
      const { status, html } = await page(server, url);
      assert.equal(status, 404, url);
      assert.match(html, /Page not found/);
    }
  });

  it('shows article text containing markup as text', async () => {
    const hostile = await startServer();
    await writeFile(
      path.join(hostile.seedsDir, 'hostile.txt'),
      'Script <script>alert("x")</script> story\n\nThe page had <script>alert("pwned")</script> and <%= process.env %> in it.\n',
    );
    await buildIndex({ seedsDir: hostile.seedsDir, outPath: hostile.indexPath });
    await hostile.index.reloadIfChanged();
    const results = await page(hostile, searchUrl('pwned'));
    const article = await page(hostile, '/articles/hostile?q=pwned');
    for (const { html } of [results, article]) {
      assert.doesNotMatch(html, /<script>alert/);
      assert.match(html, /&lt;script&gt;alert/);
      assert.match(html, /&lt;%= process.env %&gt;/);
    }
  });

  it('offers an OpenSearch description, linked from every page', async () => {
    const response = await fetch(`${server.baseUrl}/opensearch.xml`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /application\/opensearchdescription\+xml/);
    assert.match(
      await response.text(),
      new RegExp(`template="${server.baseUrl}/search\\?q=\\{searchTerms\\}"`),
    );
    for (const url of ['/', searchUrl('trade'), `/articles/${SEED_IDS.wsj}`]) {
      assert.match(
        (await page(server, url)).html,
        /<link rel="search" type="application\/opensearchdescription\+xml"/,
      );
    }
  });

  it('serves the stylesheet, script and favicon locally', async () => {
    for (const asset of ['/assets/styles.css', '/assets/app.js', '/assets/favicon.svg']) {
      const response = await fetch(server.baseUrl + asset);
      assert.equal(response.status, 200, asset);
    }
  });
});
