import assert from 'node:assert/strict';
import fs from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import ejs from 'ejs';
import { buildIndex } from '../../index/build/build.ts';
import { dateModel, timelineModel, webAddress } from '../../server/presenters.ts';
import { VIEWS_DIR } from '../../server/views.ts';
import {
  copyOfSeeds,
  datedArchive,
  SEED_IDS,
  startServer,
  type TestServer,
  temporaryFolder,
} from '../helpers.ts';

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
    assert.equal(html.match(/<li class="hit/g)?.length, 1);
    assert.match(html, /<mark>March 1 deadline<\/mark>/);
    // The other CNN page version is folded under the hit, still linked.
    assert.match(html, /<summary>1 similar article<\/summary>/);
    for (const id of [SEED_IDS.cnnTrade, SEED_IDS.cnnDavos]) {
      assert.match(html, new RegExp(`href="/articles/${id}\\?q=%22March%201%20deadline%22#first-match"`));
    }
    assert.match(html, /1 result \(2 articles, near-duplicates folded\)/);
    assert.match(html, /\d+(\.\d+)? ms/);
  });

  it('renders every page from templates compiled once, not read from disk again', async (t) => {
    const urls = ['/', searchUrl('trade'), `/articles/${SEED_IDS.cnnTrade}?q=trade`, '/no-such-page'];
    // The first time, each page's templates are read and compiled…
    for (const url of urls) await page(server, url);
    const spies = [
      // EJS reads templates through its own `fileLoader` (fs.readFileSync, taken when it loads).
      t.mock.method(ejs, 'fileLoader'),
      t.mock.method(fs, 'readFileSync'),
      t.mock.method(fs, 'existsSync'),
      t.mock.method(fs, 'statSync'),
    ];
    for (const url of urls) {
      const { html } = await page(server, url);
      assert.match(html, /<\/footer>/);
    }
    // …and never looked for again: a search page spent half its time there.
    const touched = spies
      .flatMap((spy) => spy.mock.calls.map((call) => String(call.arguments[0])))
      .filter((file) => file.startsWith(VIEWS_DIR));
    assert.deepEqual(touched, []);
  });

  it('paginates with links that keep the query', async () => {
    const first = await page(server, searchUrl('trade'));
    assert.match(first.html, /aria-label="Pagination"/);
    assert.match(first.html, /href="\/search\?q=trade&(amp;)?page=2"/);
    const last = await page(server, searchUrl('trade', '&page=2'));
    assert.equal(last.html.match(/<li class="hit/g)?.length, 2);
    assert.match(last.html, /aria-current="page"[^>]*>\s*(<span[^>]*>Page <\/span>)?2/);
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

  it('sends /search with neither words nor a filter to the home page', async () => {
    for (const url of ['/search', '/search?sort=newest']) {
      const response = await fetch(server.baseUrl + url, { redirect: 'manual' });
      assert.equal(response.status, 302, url);
      assert.equal(response.headers.get('location'), '/');
    }
    const browse = await fetch(`${server.baseUrl}/search?source=CNN`, { redirect: 'manual' });
    assert.equal(browse.status, 200);
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

describe('discovery on the results and article pages', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ seedsDir: await datedArchive() });
  });

  it('shows source and author facets as links that add and remove filters', async () => {
    const { html } = await page(server, searchUrl('quotas'));
    assert.match(html, /<aside class="refine" id="refine" aria-label="Refine results">/);
    assert.match(html, /<a href="#refine">Sort and filter ↓<\/a>/);
    assert.match(
      html,
      /href="\/search\?q=quotas&(amp;)?source=Reuters"><span class="facet-value">Reuters<\/span> <span class="facet-count">3<\/span>/,
    );
    assert.match(html, /href="\/search\?q=quotas&(amp;)?author=Ann%20Lee"/);
    const filtered = await page(server, searchUrl('quotas', '&source=Reuters'));
    assert.equal(filtered.html.match(/<li class="hit/g)?.length, 3);
    assert.match(
      filtered.html,
      /href="\/search\?q=quotas" aria-current="true"><span class="facet-value">Reuters/,
    );
    assert.match(
      filtered.html,
      /Source: Reuters<\/span> <a href="\/search\?q=quotas" aria-label="Remove filter Source: Reuters"/,
    );
  });

  it('draws the timeline as an accessible SVG whose bars filter to their month', async () => {
    const { html } = await page(server, searchUrl('quotas'));
    assert.match(html, /<svg class="timeline-chart"[^>]*role="group"/);
    assert.equal(html.match(/<a class="timeline-bar/g)?.length, 5);
    assert.match(
      html,
      /<a class="timeline-bar" href="\/search\?q=quotas&(amp;)?from=2019-03-01&(amp;)?to=2019-03-31" aria-label="March 2019: 2 articles">/,
    );
    assert.match(html, /aria-label="April 2019: 0 articles"/);
    const march = await page(server, searchUrl('quotas', '&from=2019-03-01&to=2019-03-31'));
    assert.equal(march.html.match(/<li class="hit/g)?.length, 2);
    assert.match(march.html, /Dates: March 2019/);
    assert.match(
      march.html,
      /class="timeline-bar is-selected"[^>]*aria-label="March 2019: 2 articles" aria-current="true"/,
    );
  });

  it('sorts by date with links that keep the query and filters', async () => {
    const { html } = await page(server, searchUrl('quotas', '&source=Reuters&sort=newest'));
    assert.match(
      html,
      /href="\/search\?q=quotas&(amp;)?source=Reuters&(amp;)?sort=newest" aria-current="true">Newest/,
    );
    const dates = [...html.matchAll(/<time datetime="([\d-]+)"/g)].map((m) => m[1]);
    assert.deepEqual(dates, ['2019-03-28', '2019-02-14', '2019-01-10']);
    const bad = await page(server, searchUrl('quotas', '&sort=sideways'));
    assert.equal(bad.status, 400);
    assert.match(bad.html, /sort must be one of relevance, newest, oldest/);
    const badDate = await page(server, searchUrl('quotas', '&from=2019-02-30'));
    assert.equal(badDate.status, 400);
    assert.match(badDate.html, /not a date/);
  });

  it('offers “did you mean”, an Atom feed link and folded near-duplicates', async () => {
    const typo = await page(server, searchUrl('Lighthzer tarifs'));
    assert.match(
      typo.html,
      /Did you mean <a href="\/search\?q=Lighthizer%20tariffs"><em>Lighthizer<\/em> <em>tariffs<\/em><\/a>\?/,
    );
    const { html } = await page(server, searchUrl('"March 1 deadline"'));
    assert.match(
      html,
      /<link rel="alternate" type="application\/atom\+xml"[^>]*href="\/search\.atom\?q=%22March%201%20deadline%22"/,
    );
    assert.match(html, /<details class="duplicates">\s*<summary>1 similar article<\/summary>/);
  });

  it('lists the same story elsewhere and related articles on the article page', async () => {
    const { html } = await page(server, `/articles/${SEED_IDS.cnnTrade}`);
    assert.match(html, /<h2 id="same-story-heading">The same story elsewhere<\/h2>/);
    assert.match(html, new RegExp(`href="/articles/${SEED_IDS.cnnDavos}"`));
    assert.match(html, /<h2 id="related-heading">Related articles<\/h2>/);
    assert.match(html, new RegExp(`href="/articles/${SEED_IDS.wsj}"`));
  });
});

describe('a story reprinted many times', () => {
  it('lists five versions under the hit and links to the article page for all of them', async () => {
    const folder = await temporaryFolder();
    const story = Array.from(
      { length: 8 },
      (_, i) => `Paragraph ${i} of the wire story about the harbour strike and the talks that followed.`,
    ).join(' ');
    for (let i = 0; i < 8; i += 1) {
      await writeFile(
        path.join(folder, `paper${i}.txt`),
        `Harbour strike\n\n${story} Printed in paper ${i}.\n`,
      );
    }
    const server = await startServer({ seedsDir: folder });
    const { html } = await page(server, searchUrl('harbour strike'));
    assert.match(html, /<summary>7 similar articles<\/summary>/);
    const start = html.indexOf('<details class="duplicates">');
    const listed = html.slice(start, html.indexOf('</details>', start));
    assert.equal(
      [...listed.matchAll(/<li><a href="\/articles\/paper\d\?q=harbour%20strike#first-match">/g)].length,
      5,
    );
    const all =
      /<li><a href="(\/articles\/paper\d\?q=harbour%20strike#same-story-heading)">All 8 versions of this story<\/a><\/li>/.exec(
        listed,
      );
    assert.ok(all?.[1] !== undefined, 'a link to every version');
    const article = await page(server, all[1]);
    const sameStory = article.html.slice(article.html.indexOf('id="same-story-heading"'));
    const versions = sameStory.slice(0, sameStory.indexOf('</section>'));
    assert.equal([...versions.matchAll(/<li><a href="\/articles\/paper\d/g)].length, 7);
  });
});

describe('results with every word and with some', () => {
  it('come in that order, the page marking where the second start and saying why each ranks there', async () => {
    const server = await startServer();
    const html = await (await fetch(`${server.baseUrl}/search?q=Lighthizer%20Kudlow`)).text();
    assert.match(html, /· 1 with every word ·/);
    const hits = html.split('<li class="hit').slice(1);
    assert.match(
      hits[0] ?? '',
      /<summary>Why this result\?<\/summary>\s*<p>Has every word of the query\.<\/p>/,
    );
    assert.match(
      hits[1] ?? '',
      /^ hit--first-partial">\s*<p class="tier-break">Articles with some of the words<\/p>/,
    );
    assert.match(hits[1] ?? '', /<p>Has Lighthizer; lacks Kudlow\.<\/p>/);
    assert.match(hits[0] ?? '', /<tr><th scope="row">“Kudlow” in the text<\/th><td>[\d.]+<\/td><\/tr>/);
  });
});

describe('a very long article', () => {
  let server: TestServer;
  const paragraph = (i: number) =>
    `Paragraph ${i} of the long hearing transcript, with the same words again.`;
  before(async () => {
    const seeds = await copyOfSeeds();
    const paragraphs = Array.from({ length: 3500 }, (_, i) => paragraph(i));
    paragraphs[2000] = 'Here the witness mentioned a walrus for the first time.';
    await writeFile(path.join(seeds, 'transcript.txt'), `A long transcript\n\n${paragraphs.join('\n\n')}\n`);
    server = await startServer({ seedsDir: seeds });
  });

  it('is shown in parts, the page opening at the part with the first match', async () => {
    const html = await (await fetch(`${server.baseUrl}/articles/transcript?q=walrus`)).text();
    assert.match(html, /Part 2 of 3 of a very long article/);
    assert.match(html, /<mark id="first-match">walrus<\/mark>/);
    assert.ok(html.length < 300_000, `a page of ${html.length} characters`);
    assert.match(html, /href="\/articles\/transcript\?q=walrus&(amp;)?part=1"/);
    assert.match(html, /href="\/articles\/transcript\?q=walrus&(amp;)?part=3"/);
  });

  it('links "Go to the first" to the part holding it from another part', async () => {
    const html = await (await fetch(`${server.baseUrl}/articles/transcript?q=walrus&part=1`)).text();
    assert.match(html, /Part 1 of 3/);
    assert.match(html, /href="\/articles\/transcript\?q=walrus&(amp;)?part=2#first-match">Go to the first/);
    assert.match(html, new RegExp(paragraph(0)));
    assert.doesNotMatch(html, /walrus for the first time/);
  });

  it('comes in parts from the API too', async () => {
    const response = await fetch(`${server.baseUrl}/api/articles/transcript?part=3`);
    const body = (await response.json()) as { body: string; part: number; parts: number };
    assert.deepEqual([body.part, body.parts], [3, 3]);
    assert.ok(body.body.length <= 100_000);
    assert.match(body.body, new RegExp(`${paragraph(3499)}$`));
    const short = (await (await fetch(`${server.baseUrl}/api/articles/${SEED_IDS.cnnTrade}`)).json()) as {
      part: number;
      parts: number;
    };
    assert.deepEqual([short.part, short.parts], [1, 1]);
  });
});

describe('links to the original article', () => {
  it('are only ever http(s): no javascript: or data: address becomes a link', () => {
    assert.equal(webAddress('https://example.com/a'), 'https://example.com/a');
    assert.equal(webAddress('HTTP://example.com/a'), 'HTTP://example.com/a');
    for (const url of ['javascript:alert(1)', 'data:text/html,x', ' javascript:x', 'file:///etc/passwd']) {
      assert.equal(webAddress(url), null, url);
    }
  });
});

describe('dates and the timeline, as pages show them', () => {
  it('shows a full date one way, and a date without a year as written with a tooltip saying so', () => {
    assert.deepEqual(dateModel({ date: '2019-07-23', dateText: 'July 23, 2019' }), {
      label: '23 July 2019',
      iso: '2019-07-23',
      title: null,
    });
    assert.deepEqual(dateModel({ date: null, dateText: 'July 19' }), {
      label: 'July 19',
      iso: null,
      title: 'The year is not known: the article gives only “July 19”.',
    });
    assert.equal(dateModel({ date: null, dateText: null }), null);
  });

  it('labels months with their year, centres a single period and spaces labels apart', () => {
    const bucket = (period: string, count: number) => ({
      period,
      from: `${period}-01`,
      to: `${period}-28`,
      count,
      selected: false,
    });
    const one = timelineModel(
      { granularity: 'month', buckets: [bucket('2019-07', 1)], undated: 0 },
      { q: 'x' },
    );
    assert.deepEqual(
      one?.ticks.map((tick) => tick.text),
      ['Jul 2019'],
    );
    const [bar] = one?.bars ?? [];
    assert.ok(bar !== undefined && Math.abs(bar.x + bar.width / 2 - 50) < 0.1, 'in the middle');
    const months = Array.from({ length: 30 }, (_, i) =>
      bucket(`${2019 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, i),
    );
    const many = timelineModel({ granularity: 'month', buckets: months, undated: 0 }, { q: 'x' });
    const ticks = many?.ticks ?? [];
    assert.equal(ticks.at(-1)?.text, 'Jun 2021', 'the last period is labelled');
    for (const [i, tick] of ticks.entries()) {
      assert.match(tick.text, /^[A-Z][a-z]{2} \d{4}$/);
      const next = ticks[i + 1];
      if (next !== undefined) assert.ok(next.x - tick.x >= 10, `${tick.text} and ${next.text} apart`);
    }
    assert.ok(ticks.filter((tick) => tick.narrow).length <= 5, 'fewer on a narrow screen');
  });
});
