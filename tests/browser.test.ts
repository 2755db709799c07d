import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { PROJECT_ROOT } from '../index/paths.ts';
import { datedArchive, startServer, type TestServer } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(PROJECT_ROOT, 'tests', 'artifacts');
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') {
  throw new Error(
    `Chromium is required in CI but was not found at ${CHROMIUM}; .ci/run installs it with apt-get.`,
  );
}

// Without a browser (outside CI) the suite is one skipped test, so the summary's `skipped` count says so.
if (!available) it('in a real browser', { skip: `no Chromium at ${CHROMIUM}` }, () => {});

describe('in a real browser', { skip: !available }, () => {
  let browser: Browser;
  let server: TestServer;
  before(async () => {
    server = await startServer({ seedsDir: await datedArchive() });
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  after(async () => {
    await browser?.close();
  });

  it('searches for a phrase from the home page, sees marked results and opens an article', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.baseUrl}/`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'home.png'), fullPage: true });
    await page.getByLabel('Search articles').first().fill('"March 1 deadline"');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    assert.equal(await page.locator('li.hit').count(), 1);
    const marks = await page.locator('li.hit .snippet mark').allTextContents();
    assert.ok(marks.includes('March 1 deadline'), `marks: ${marks.join(' | ')}`);
    assert.equal(await page.locator('#q').inputValue(), '"March 1 deadline"');
    assert.match(await page.title(), /March 1 deadline/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'results.png'), fullPage: true });

    await page.locator('li.hit h2 a').first().click();
    await page.waitForURL(/\/articles\//);
    assert.equal(await page.locator('mark#first-match').textContent(), 'March 1 deadline');
    assert.ok(await page.locator('mark#first-match').isVisible());
    await page.screenshot({ path: path.join(SCREENSHOTS, 'article.png') });
    await page.getByRole('link', { name: /back to results/i }).click();
    await page.waitForURL(/\/search\?q=/);
    assert.equal(await page.locator('li.hit').count(), 1);
    await page.close();
  });

  it('completes as you type, picks a suggestion by keyboard, filters by source and by a timeline bar', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`${server.baseUrl}/`);
    const box = page.getByRole('combobox', { name: 'Search articles' });
    await box.pressSequentially('trade ta', { delay: 30 });
    const listbox = page.getByRole('listbox', { name: 'Suggestions' });
    await listbox.waitFor();
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    const options = await listbox.getByRole('option').allTextContents();
    const wanted = options.findIndex((text) => text.startsWith('trade talks'));
    assert.ok(wanted >= 0, `options: ${options.join(' | ')}`);
    for (let i = 0; i <= wanted; i += 1) await page.keyboard.press('ArrowDown');
    const active = await box.getAttribute('aria-activedescendant');
    assert.equal(await page.locator(`#${active}`).getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=trade\+talks$/);
    assert.equal(await box.inputValue(), 'trade talks');
    const allHits = await page.locator('li.hit').count();
    assert.ok(allHits >= 8, `${allHits} hits`);

    await page
      .getByRole('navigation', { name: 'Sources' })
      .getByRole('link', { name: /^Reuters/ })
      .click();
    await page.waitForURL(/source=Reuters/);
    assert.equal(await page.locator('li.hit').count(), 3);
    assert.ok(
      (await page.locator('li.hit .source').allTextContents()).every((source) => source === 'Reuters'),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'discovery.png') });

    await page.getByRole('link', { name: 'March 2019: 1 article' }).click();
    await page.waitForURL(/source=Reuters&from=2019-03-01&to=2019-03-31/);
    assert.equal(await page.locator('li.hit').count(), 1);
    assert.equal(await page.locator('li.hit time').getAttribute('datetime'), '2019-03-28');
    assert.ok(await page.getByText('Dates: March 2019').isVisible());
    await page.close();
  });

  it('closes the suggestions with Escape and still searches what was typed', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/`);
    const box = page.getByRole('combobox', { name: 'Search articles' });
    await box.pressSequentially('lighth', { delay: 30 });
    await page.getByRole('option', { name: /Robert Lighthizer/ }).waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=lighth$/);
    await page.close();
  });

  it('focuses the search box with the / key and fits a narrow screen', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${server.baseUrl}/search?q=trade`);
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    assert.equal(await page.evaluate('document.activeElement?.id'), 'q');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'results-narrow.png'), fullPage: true });
    await page.close();
  });
});
