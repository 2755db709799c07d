import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { PROJECT_ROOT } from '../index/paths.ts';
import { startServer, type TestServer } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(PROJECT_ROOT, 'tests', 'artifacts');
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') {
  throw new Error(
    `Chromium is required in CI but was not found at ${CHROMIUM}; .ci/run installs it with apt-get.`,
  );
}

describe('in a real browser', { skip: available ? false : `no Chromium at ${CHROMIUM}` }, () => {
  let browser: Browser;
  let server: TestServer;
  before(async () => {
    server = await startServer();
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
    assert.equal(await page.locator('li.hit').count(), 2);
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
    assert.equal(await page.locator('li.hit').count(), 2);
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
