import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { CleanedArticle } from '../../index/sources/article.ts';
import { boundMarkup, MAX_DEPTH } from '../../index/sources/cleaning/boundedMarkup.ts';
import { cleanArticle } from '../../index/sources/cleaning.ts';

const PAGES = new URL('../fixtures/pages/', import.meta.url);

function page(file: string): string {
  return readFileSync(new URL(file, PAGES), 'utf8');
}

function cleanPage(file: string): CleanedArticle {
  return cleanArticle(page(file), 'html');
}

function paragraphsOf(article: CleanedArticle): string[] {
  return article.body.split('\n\n');
}

/** A minimal page around a head and a body of one long paragraph, so Readability has an article. */
function html(head: string, body = ''): string {
  const text =
    'The council approved the budget on Tuesday after a long debate about road repairs, bus routes and the cost of heating the town’s schools through a winter that forecasters expect to be colder than the last. Councillors from every group spoke.';
  return `<!DOCTYPE html><html><head>${head}</head><body><article>${body}<p>${text}</p></article></body></html>`;
}

function depth(markup: string): number {
  let deepest = 0;
  let open = 0;
  for (const [, closing] of markup.matchAll(/<(\/?)(?!br|meta|link|hr|img|input)[a-z][a-z0-9-]*[^>]*>/g)) {
    open += closing === '/' ? -1 : 1;
    deepest = Math.max(deepest, open);
  }
  return deepest;
}

describe('main content of a web page', () => {
  it('keeps every block of an article split by an advert, a promotion and a sign-up box', () => {
    // Readability alone keeps the first block (three paragraphs) and loses the five after the promotion.
    const article = cleanPage('split-article.html');
    const paragraphs = paragraphsOf(article);
    assert.equal(paragraphs.length, 8);
    assert.match(paragraphs[0] ?? '', /^The harbour council voted on Wednesday night/);
    assert.match(paragraphs[3] ?? '', /^Opponents had argued/);
    assert.match(paragraphs[7] ?? '', /^Work on the foundations is due to begin next summer/);
    for (const chrome of [
      'Advertisement',
      'Most read',
      'Ferry timetable',
      'Sign up',
      'Subscribe',
      'Weather',
      '©',
    ]) {
      assert.ok(!article.body.includes(chrome), `kept "${chrome}"`);
    }
  });

  it('leaves out a reader discussion longer than the article, whatever its class names', () => {
    // Readability alone appends the 148 comments to the article.
    const article = cleanPage('long-comments.html');
    assert.equal(paragraphsOf(article).length, 3);
    assert.match(article.body, /Homeowners will not be charged/);
    for (const chrome of [
      '148 comments',
      'riverwatcher',
      'Finally.',
      'Leave a comment',
      'All rights reserved',
    ]) {
      assert.ok(!article.body.includes(chrome), `kept "${chrome}"`);
    }
  });

  it('leaves out a discussion named only by its class, and one announced only by its heading', () => {
    const named = page('long-comments.html').replace('<h2 class="conversation-title">148 comments</h2>', '');
    const announced = page('long-comments.html').replace('class="conversation" id="readers"', '');
    for (const markup of [named, announced]) {
      const article = cleanArticle(markup, 'html');
      assert.equal(paragraphsOf(article).length, 3);
      assert.ok(!article.body.includes('riverwatcher'));
    }
  });

  it('keeps every post of a live blog, newest first, without the page around it', () => {
    const article = cleanPage('live-blog.html');
    const headings = paragraphsOf(article).filter((paragraph) => paragraph.split(' ').length < 10);
    assert.deepEqual(headings, [
      'Analysis: a night of low turnout and narrow margins',
      'Recount ordered in Westgate ward',
      'Greens take their first seat on the council',
      'First result declared',
      'Ballot boxes arrive at the count',
      'Polls have closed',
    ]);
    assert.match(article.body, /talks between the group leaders are likely to begin over the weekend/);
    for (const chrome of [
      'More politics',
      'What the new boundaries mean',
      'Regional Media Group',
      'Business',
    ]) {
      assert.ok(!article.body.includes(chrome), `kept "${chrome}"`);
    }
  });

  it('leaves out the related stories inside the article container and its share prompt', () => {
    const article = cleanPage('related-links.html');
    assert.equal(paragraphsOf(article).length, 5);
    assert.match(paragraphsOf(article)[4] ?? '', /^The first of the new trains/);
    for (const chrome of [
      'Further reading',
      'Electrification of the coastal line',
      'Share this article',
      'Facebook',
    ]) {
      assert.ok(!article.body.includes(chrome), `kept "${chrome}"`);
    }
  });

  it('keeps an article whose paragraphs are full of links, without the navigation and sidebar', () => {
    const article = cleanPage('article-many-links.html');
    assert.equal(paragraphsOf(article).length, 4);
    assert.match(article.body, /flood of January 2014/);
    for (const chrome of ['Most read', 'Sections', 'Advertise with us', 'Home']) {
      assert.ok(!article.body.includes(chrome), `kept "${chrome}"`);
    }
  });

  it('falls back to the page text when Readability finds less than a brief', () => {
    const article = cleanArticle(
      '<html><body><nav>Home | World</nav><main><p>Rates held.</p><ul><li>Bonds rose.</li></ul></main><footer>© Ledger</footer></body></html>',
      'html',
    );
    assert.equal(article.body, 'Rates held.\n\nBonds rose.');
  });
});

describe('metadata a web page declares', () => {
  const jsonLd = (value: unknown) => `<script type="application/ld+json">${JSON.stringify(value)}</script>`;

  it('reads JSON-LD first, inside @graph, with a list of authors', () => {
    const article = cleanArticle(
      html(
        `${jsonLd({
          '@context': 'https://schema.org',
          '@graph': [
            { '@type': 'WebSite', name: 'The Daily Ledger' },
            {
              '@type': ['NewsArticle'],
              headline: 'Budget passes after long debate',
              author: [
                { '@type': 'Person', name: 'Ana Lima' },
                { '@type': 'Person', name: 'Ben Ode' },
              ],
              datePublished: '2024-02-06T18:30:00+01:00',
              dateModified: '2024-02-07T09:00:00+01:00',
              publisher: { '@type': 'NewsMediaOrganization', name: 'The Daily Ledger' },
              articleSection: ['Politics'],
              inLanguage: 'pt-BR',
            },
          ],
        })}<meta property="og:title" content="Budget passes | Ledger"><meta name="author" content="Someone Else">` +
          '<meta property="article:published_time" content="2024-01-01T00:00:00Z"><meta property="article:section" content="Money">',
      ),
      'html',
    );
    assert.equal(article.title, 'Budget passes after long debate');
    assert.deepEqual(article.authors, ['Ana Lima', 'Ben Ode']);
    assert.equal(article.date, '2024-02-06');
    assert.equal(article.dateTime, '2024-02-06T18:30:00+01:00');
    assert.equal(article.dateModified, '2024-02-07T09:00:00+01:00');
    assert.equal(article.source, 'The Daily Ledger');
    assert.equal(article.section, 'Politics');
    assert.equal(article.language, 'pt-BR');
  });

  it('takes an Organization author for the source, never for a person', () => {
    const article = cleanArticle(
      html(
        jsonLd({
          '@type': 'Article',
          headline: 'Obama speaks on gun laws',
          author: { '@type': 'Organization', name: 'BBC News' },
        }),
      ),
      'html',
    );
    assert.deepEqual(article.authors, []);
    assert.equal(article.source, 'BBC');
  });

  it('reads OpenGraph and article:* tags when there is no JSON-LD', () => {
    const article = cleanArticle(
      html(
        '<meta property="og:title" content="Tide gates rise for the first time"><meta property="og:site_name" content="Coastal Ledger">' +
          '<meta property="article:published_time" content="2019-04-28 06:01:07"><meta property="article:section" content="Environment">' +
          '<meta property="og:locale" content="en_GB"><meta property="og:url" content="https://ledger.example/tide-gates">',
      ),
      'html',
    );
    assert.equal(article.title, 'Tide gates rise for the first time');
    assert.equal(article.source, 'Coastal Ledger');
    assert.equal(article.date, '2019-04-28');
    assert.equal(article.dateTime, '2019-04-28T06:01:07');
    assert.equal(article.section, 'Environment');
    assert.equal(article.language, 'en-GB');
    assert.equal(article.url, 'https://ledger.example/tide-gates');
  });

  it('reads the author from byl, parsely, sailthru and Dublin Core tags, without "By" or roles', () => {
    const cases: [string, string[]][] = [
      ['<meta name="byl" content="By JEFFREY GETTLEMAN">', ['JEFFREY GETTLEMAN']],
      ['<meta name="parsely-author" content="Daniel Whitcombe">', ['Daniel Whitcombe']],
      ['<meta name="sailthru.author" content="Jane Doe, Staff Writer">', ['Jane Doe']],
      [
        '<meta name="DC.creator" content="Martin Untersinger (avec Damien Leloup et Morgane Tual)">',
        ['Martin Untersinger', 'Damien Leloup', 'Morgane Tual'],
      ],
      [
        '<meta name="author" content="By Brenda Goodman, MA, jane@example.com https://example.com/brenda">',
        ['Brenda Goodman'],
      ],
      ['<meta name="author" content="Our Foreign Staff">', []],
    ];
    for (const [head, authors] of cases)
      assert.deepEqual(cleanArticle(html(head), 'html').authors, authors, head);
  });

  it('reads dates from meta tags and <time datetime>, keeping the time when there is one', () => {
    const nyt = cleanArticle(html('<meta name="ptime" content="20170113000004">'), 'html');
    assert.equal(nyt.date, '2017-01-13');
    assert.equal(nyt.dateTime, '2017-01-13T00:00:04');
    const timed = cleanArticle(
      html(
        '',
        '<p class="byline">By <a rel="author" href="/staff/dan">Dan Goodin</a> <time datetime="2015-04-16T20:02:01+0000">Apr 16</time></p>',
      ),
      'html',
    );
    assert.equal(timed.date, '2015-04-16');
    assert.equal(timed.dateTime, '2015-04-16T20:02:01+00:00');
    assert.deepEqual(timed.authors, ['Dan Goodin']);
    const day = cleanArticle(html('<meta name="parsely-pub-date" content="2022-06-14">'), 'html');
    assert.equal(day.date, '2022-06-14');
    assert.equal(day.dateTime, null);
  });

  it('falls back to the visible by-line when the page declares no author', () => {
    const article = cleanArticle(html('', '<p>By Lena Kovács and Tom Ade, Reuters</p>'), 'html');
    assert.deepEqual(article.authors, ['Lena Kovács', 'Tom Ade']);
    assert.equal(article.source, 'Reuters');
  });

  it('keeps only an absolute http(s) canonical address, preferring <link rel="canonical"> to og:url', () => {
    const canonical =
      '<link rel="canonical" href="https://ledger.example/a"><meta property="og:url" content="https://ledger.example/b">';
    assert.equal(cleanArticle(html(canonical), 'html').url, 'https://ledger.example/a');
    for (const bad of ['javascript:alert(1)', '/relative/path', '//ledger.example/x', 'data:text/html,hi']) {
      const head = `<link rel="canonical" href="${bad}"><meta property="og:url" content="${bad}">`;
      assert.equal(cleanArticle(html(head), 'html').url, null, bad);
    }
  });

  it('reads the language from <html lang>, else JSON-LD inLanguage, else og:locale', () => {
    const withLang = html('<meta property="og:locale" content="fr_FR">').replace(
      '<html>',
      '<html lang="de">',
    );
    assert.equal(cleanArticle(withLang, 'html').language, 'de');
    assert.equal(
      cleanArticle(html(jsonLd({ '@type': 'NewsArticle', inLanguage: 'es' })), 'html').language,
      'es',
    );
    assert.equal(cleanArticle(html('<meta property="og:locale" content="fr_FR">'), 'html').language, 'fr-FR');
    assert.equal(
      cleanArticle(html('<meta property="og:locale" content="not a tag">'), 'html').language,
      null,
    );
  });

  it('reads the fixtures’ declared metadata', () => {
    const split = cleanPage('split-article.html');
    assert.deepEqual(split.authors, ['Priya Raman']);
    assert.equal(split.title, 'Harbour council approves flood barrier after decade of delays');
    assert.equal(split.dateTime, '2023-11-02T08:15:00+00:00');
    const related = cleanPage('related-links.html');
    assert.deepEqual(related.authors, ['Lena Kovács']);
    assert.equal(related.date, '2021-03-08');
    assert.equal(related.section, 'Rail');
    assert.equal(related.url, 'https://transit.example/rail/forty-new-trains');
    const live = cleanPage('live-blog.html');
    assert.deepEqual(live.authors, ['Tomás Ferreira', 'Hannah Okafor']);
    assert.equal(live.source, 'Northern Post');
  });
});

describe('pages that are not articles', () => {
  it('recognises a section front of teasers', () => {
    assert.deepEqual(cleanPage('section-front.html').page, {
      isArticle: false,
      reason: 'list of headlines (12 headline links, no prose)',
    });
  });

  it('recognises a tag page, declared or not', () => {
    const declared = page('tag-page.html');
    assert.deepEqual(cleanArticle(declared, 'html').page, {
      isArticle: false,
      reason: 'declared listing page',
    });
    const undeclared = declared.replace(/<script type="application\/ld\+json">[^<]*<\/script>/, '');
    assert.equal(cleanArticle(undeclared, 'html').page?.isArticle, false);
    assert.match(cleanArticle(undeclared, 'html').page?.reason ?? '', /^link-dense index page/);
  });

  it('recognises a 404 page', () => {
    assert.deepEqual(cleanPage('not-found.html').page, { isArticle: false, reason: 'error page' });
  });

  it('keeps a real article with many links, and articles that declare themselves', () => {
    assert.deepEqual(cleanPage('article-many-links.html').page, {
      isArticle: true,
      reason: 'main content found',
    });
    assert.deepEqual(cleanPage('live-blog.html').page, {
      isArticle: true,
      reason: 'declared LiveBlogPosting',
    });
    assert.deepEqual(cleanPage('split-article.html').page, {
      isArticle: true,
      reason: 'declared og:type article',
    });
  });

  it('gives no verdict for plain text and Markdown', () => {
    assert.equal(cleanArticle('Headline here\n\nSome text.', 'text').page, undefined);
  });
});

describe('hostile markup', () => {
  /**
   * The longest a hostile page may take to clean: each cleans in well under a second alone, and a
   * quadratic step would take minutes, so the bound tells the two apart even on a machine loaded by the
   * rest of the suite.
   */
  const TIME_BOUND_MS = 5000;

  /** Cleans `markup`, timing it. */
  function timed(markup: string): { article: CleanedArticle; ms: number } {
    const started = performance.now();
    const article = cleanArticle(markup, 'html');
    return { article, ms: performance.now() - started };
  }

  for (const levels of [2_500, 100_000]) {
    it(`cleans ${levels.toLocaleString('en-US')} nested <div>s in linear time and keeps their text`, () => {
      const { article, ms } = timed(
        `<html><body>${'<div>'.repeat(levels)}<p>Deep text survives.</p>${'</div>'.repeat(levels)}</body></html>`,
      );
      assert.equal(article.body, 'Deep text survives.');
      assert.ok(ms < TIME_BOUND_MS, `${ms.toFixed(0)} ms`);
    });
  }

  it('cleans a page of 1 MB of unclosed tags', () => {
    const markup = `<html><body>${'<p><b><i><span><div><a href="/x">word '.repeat(30_000)}</body></html>`;
    assert.ok(markup.length > 1_000_000);
    const { article, ms } = timed(markup);
    assert.match(article.body, /^word/);
    assert.ok(ms < TIME_BOUND_MS, `${ms.toFixed(0)} ms`);
  });

  it('cleans attribute soup, unclosed quotes and a million "<"', () => {
    const soup = `<html><body><div ${'a="b" c=d e=\'f\' '.repeat(50_000)}>Text</div><p class="${'x '.repeat(200_000)}">Para</p></body></html>`;
    const { article, ms } = timed(soup);
    assert.equal(article.body, 'Text\n\nPara');
    assert.ok(ms < TIME_BOUND_MS, `${ms.toFixed(0)} ms`);
    for (const markup of [
      '<p>a<a href="',
      '<'.repeat(1_000_000),
      '&amp;'.repeat(200_000),
      '<title>'.repeat(100_000),
    ]) {
      assert.ok(timed(markup).ms < TIME_BOUND_MS, markup.slice(0, 10));
    }
  });

  it('never lets markup nest deeper than the limit, and writes every element closed', () => {
    const bounded = boundMarkup(`<body>${'<section><div>'.repeat(1000)}x</body>`);
    assert.equal(depth(bounded.html), MAX_DEPTH + 2);
    assert.equal(bounded.flattened, true);
    assert.equal(
      boundMarkup('<div><p>One<p>Two</div>').html,
      '<!DOCTYPE html><html><head></head><body><div><p>One</p><p>Two</p></div></body></html>',
    );
  });

  it('drops scripts, styles, comments and SVG before parsing, and keeps JSON-LD apart', () => {
    const bounded = boundMarkup(
      '<head><script type="application/ld+json">{"@type":"NewsArticle"}</script><style>p{}</style></head>' +
        '<body><!-- note --><p>Kept<script>alert("</p>")</script></p><svg><text>chart</text></svg><noscript>Enable JS</noscript></body>',
    );
    assert.deepEqual(bounded.jsonLd, ['{"@type":"NewsArticle"}']);
    assert.equal(bounded.html, '<!DOCTYPE html><html><head></head><body><p>Kept</p></body></html>');
  });
});
