/**
 * The `section` field: the demonstration that a field is one entry in the registry (index/fields.ts)
 * and the lines that show it. A web page declares it (`articleSection`), a sidecar or an archive
 * record may give it, a query can name it, and it is a facet and a filter on the page and in the API.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { searchResponseSchema } from '../../server/apiSchemas.ts';
import { copyOfSeeds, startServer, type TestServer } from '../helpers.ts';

function page(headline: string, section: string, text: string, language = 'en'): string {
  const jsonLd = JSON.stringify({ '@type': 'NewsArticle', headline, articleSection: section });
  return `<html lang="${language}"><head><title>${headline}</title><script type="application/ld+json">${jsonLd}</script></head><body><article><h1>${headline}</h1><p>${text}</p><p>${text}</p></article></body></html>`;
}

describe('the section field', () => {
  let server: TestServer;
  before(async () => {
    const seeds = await copyOfSeeds();
    await writeFile(
      path.join(seeds, 'markets.html'),
      page('Markets rally on trade hopes', 'Business', 'Stocks rose as trade talks resumed in Beijing.'),
    );
    await writeFile(
      path.join(seeds, 'football.html'),
      page('Cup final goes to penalties', 'Sport', 'The trade of a striker decided the season.', 'en-GB'),
    );
    await writeFile(path.join(seeds, 'tariffs.txt'), 'Tariff talks\n\nTrade officials met on tariffs.\n');
    await writeFile(path.join(seeds, 'tariffs.json'), JSON.stringify({ section: 'Business' }));
    server = await startServer({ seedsDir: seeds });
  });

  async function search(query: string) {
    const response = await fetch(`${server.baseUrl}/api/search?${query}`);
    assert.equal(response.status, 200);
    return searchResponseSchema.parse(await response.json());
  }

  it('comes from a page’s articleSection or a sidecar, and is in every hit', async () => {
    const result = await search('q=trade');
    const sections = Object.fromEntries(result.hits.map((hit) => [hit.id, hit.section]));
    assert.equal(sections.markets, 'Business');
    assert.equal(sections.football, 'Sport');
    assert.equal(sections.tariffs, 'Business');
  });

  it('comes with the language a page declares, itself a facet and filter', async () => {
    const result = await search('q=trade');
    const languages = Object.fromEntries(result.hits.map((hit) => [hit.id, hit.language]));
    assert.deepEqual([languages.markets, languages.football, languages.tariffs], ['en', 'en-GB', null]);
    assert.deepEqual(
      (await search('q=trade&language=en-gb')).hits.map((hit) => hit.id),
      ['football'],
    );
  });

  it('can be named in a query: section:sport', async () => {
    assert.deepEqual(
      (await search('q=trade%20section:sport')).hits.map((hit) => hit.id),
      ['football'],
    );
  });

  it('is a facet and a filter in the API', async () => {
    const all = await search('q=trade');
    assert.deepEqual(
      all.facets.sections.map((facet) => [facet.value, facet.count]),
      [
        ['Business', 2],
        ['Sport', 1],
      ],
    );
    const business = await search('q=trade&section=business');
    assert.deepEqual(business.hits.map((hit) => hit.id).sort(), ['markets', 'tariffs']);
    assert.deepEqual(business.filters.sections, ['business']);
  });

  it('is a facet on the results page, and shown with each result and on the article page', async () => {
    const html = await (await fetch(`${server.baseUrl}/search?q=trade`)).text();
    assert.match(html, /<h2 id="facet-sections">Sections<\/h2>/);
    assert.match(html, /href="\/search\?q=trade&(amp;)?section=Business"/);
    assert.match(html, /<span class="section">Sport<\/span>/);
    const filtered = await (await fetch(`${server.baseUrl}/search?q=trade&section=Sport`)).text();
    assert.match(filtered, /Section: Sport/);
    const article = await (await fetch(`${server.baseUrl}/articles/markets`)).text();
    assert.match(article, /<span class="section">Business<\/span>/);
  });
});
