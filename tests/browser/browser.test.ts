import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../index/paths.ts';
import { datedArchive, SEED_IDS, startServer, type TestServer } from '../helpers.ts';

/*
 * Browser globals that the page-side callbacks below use: the project is typed for Node, without the
 * DOM library, and these run in the page. Longer page-side code is passed as a string.
 */
declare const window: { innerHeight: number; innerWidth: number };
declare function getComputedStyle(element: unknown): {
  display: string;
  fontSize: string;
  fontWeight: string;
  stroke: string;
  strokeWidth: string;
  fill: string;
  backgroundColor: string;
};

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(PROJECT_ROOT, 'tests', 'artifacts');
/** The README's screenshot, rewritten by `LEDE_UPDATE_SCREENSHOTS=1 npm test`. */
const README_SCREENSHOT = path.join(PROJECT_ROOT, 'tests', 'screenshots', 'results.png');
const AXE_SOURCE = readFileSync(path.join(PROJECT_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') {
  throw new Error(
    `Chromium is required in CI but was not found at ${CHROMIUM}; .ci/run installs it with apt-get.`,
  );
}

/** The screens every page behaviour is checked on: a laptop and a phone, each light and dark. */
const SCREENS = [
  { width: 1280, height: 900, colorScheme: 'light' },
  { width: 1280, height: 900, colorScheme: 'dark' },
  { width: 390, height: 844, colorScheme: 'light' },
  { width: 390, height: 844, colorScheme: 'dark' },
] as const;
type Screen = (typeof SCREENS)[number];
const screenName = (screen: Screen) => `${screen.width} px, ${screen.colorScheme}`;

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Where an element is on the screen (its bounding box) and the screen's size. */
async function boxOf(
  page: Page,
  selector: string,
): Promise<Box & { innerHeight: number; innerWidth: number }> {
  const box = await page
    .locator(selector)
    .first()
    .evaluate((element) => {
      const { top, bottom, left, right } = element.getBoundingClientRect();
      return { top, bottom, left, right, innerHeight: window.innerHeight, innerWidth: window.innerWidth };
    });
  return box;
}

/** Whether the element is wholly on the screen. */
async function inView(page: Page, selector: string): Promise<boolean> {
  const box = await boxOf(page, selector);
  return box.top >= 0 && box.bottom <= box.innerHeight && box.left >= 0 && box.right <= box.innerWidth;
}

/**
 * Waits until the page stops scrolling (a fragment scroll, smooth or not, has landed): the same
 * position five times in a row, 50 ms apart. Polled from here, so it works with JavaScript off too.
 */
async function settled(page: Page): Promise<void> {
  let last = -1;
  for (let still = 0, tries = 0; still < 5 && tries < 100; tries += 1) {
    const y = await page.evaluate<number>('window.scrollY');
    still = y === last ? still + 1 : 0;
    last = y;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until `read()` gives `expected`, polling from here (the page's CSP forbids evaluating strings
 * in it, which Playwright's waitForFunction would do).
 */
async function until<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!isDeepStrictEqual(value, expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await read();
  }
  assert.deepEqual(value, expected);
}

/** axe-core's violations on the page as it is now, one line each. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated by the test, not loaded by the page: the CSP (rightly) allows no inline script.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate<string[]>(`axe.run().then((result) =>
    result.violations.map((v) => v.id + ': ' + v.nodes.map((node) => node.target.join(' ')).join(', ')))`);
}

/** WCAG contrast ratio of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r = 0, g = 0, bl = 0] = (color.match(/[\d.]+/g) ?? []).map(Number).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

// Without a browser (outside CI) the suite is one skipped test, so the summary's `skipped` count says so.
if (!available) it('in a real browser', { skip: `no Chromium at ${CHROMIUM}` }, () => {});

describe('in a real browser', { skip: !available }, () => {
  let browser: Browser;
  /** The seeds plus dated wire stories: filters, facets and a timeline of several months. */
  let archive: TestServer;
  /** The seeds as they ship: what a new user sees first. */
  let seeds: TestServer;
  before(async () => {
    archive = await startServer({ seedsDir: await datedArchive() });
    seeds = await startServer();
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

  /** A page in a context of its own on `screen` (JavaScript on unless said otherwise). */
  async function open(screen: Screen, javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: screen.width, height: screen.height },
      colorScheme: screen.colorScheme,
      javaScriptEnabled,
    });
    const page = await context.newPage();
    page.on('close', () => {
      context.close().catch(() => {});
    });
    return page;
  }

  it('searches for a phrase from the home page, sees marked results and opens an article', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${archive.baseUrl}/`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'home.png'), fullPage: true });
    await page.getByLabel('Search articles').first().fill('"March 1 deadline"');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    assert.equal(await page.locator('li.hit').count(), 1);
    const marks = await page.locator('li.hit .snippet mark').allTextContents();
    assert.ok(marks.includes('March 1 deadline'), `marks: ${marks.join(' | ')}`);
    assert.equal(await page.locator('#q').inputValue(), '"March 1 deadline"');
    assert.match(await page.title(), /March 1 deadline/);

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
    await page.goto(`${archive.baseUrl}/`);
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
    await page.goto(`${archive.baseUrl}/`);
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
    await page.goto(`${archive.baseUrl}/search?q=trade`);
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    assert.equal(await page.evaluate('document.activeElement?.id'), 'q');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'results-narrow.png'), fullPage: true });
    await page.close();
  });

  it('takes the README’s screenshot of the seeds as they ship', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`${seeds.baseUrl}/search?q=trade+talks`);
    assert.equal(await page.locator('li.hit').count(), 4);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'results.png') });
    if (process.env.LEDE_UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: README_SCREENSHOT });
    await page.close();
  });

  for (const screen of SCREENS) {
    describe(`the first hour, at ${screenName(screen)}`, () => {
      const shot = (name: string) =>
        path.join(SCREENSHOTS, `${name}-${screen.width}-${screen.colorScheme}.png`);

      it('opens an article at a match near the top with the headline, the way back and the search box in view', async () => {
        const page = await open(screen);
        await page.goto(`${seeds.baseUrl}/articles/${SEED_IDS.breitbart}?q=tariffs#first-match`);
        await settled(page);
        await page.screenshot({ path: shot('article-near') });
        assert.equal(await page.evaluate('window.scrollY'), 0, 'the page stays at the top');
        for (const selector of ['h1', 'p.back a', '#q', 'mark#first-match']) {
          assert.ok(await inView(page, selector), `${selector} is on the screen`);
        }
        await page.close();
      });

      it('opens an article at a match far down with the match brought into view', async () => {
        const page = await open(screen);
        await page.goto(`${seeds.baseUrl}/articles/${SEED_IDS.washingtonPost}?q=theatrics#first-match`);
        await settled(page);
        assert.ok((await page.evaluate<number>('window.scrollY')) > 0, 'the page scrolled');
        assert.ok(await inView(page, 'mark#first-match'), 'the match is on the screen');
        // With what leads to it above: the match is not at the very top of the screen.
        assert.ok((await boxOf(page, 'mark#first-match')).top > screen.height / 3);
        await page.close();
      });

      it('draws the timeline legibly: one period in the middle, year-long labels of 12 px apart, a focus ring that shows', async () => {
        const page = await open(screen);
        await page.goto(`${seeds.baseUrl}/search?q=trade`);
        const chart = await boxOf(page, 'svg.timeline-chart');
        const bar = await boxOf(page, '.timeline-value');
        const middle = (chart.left + chart.right) / 2;
        assert.ok(Math.abs((bar.left + bar.right) / 2 - middle) < 2, 'the one bar stands in the middle');
        assert.ok(bar.right - bar.left < (chart.right - chart.left) / 10, 'a narrow bar, not a slab');
        assert.deepEqual(await page.locator('.timeline-tick').allTextContents(), ['Jul 2019']);

        await page.goto(`${archive.baseUrl}/search?q=trade+talks`);
        const ticks = await page.locator('.timeline-tick').evaluateAll((elements) =>
          elements
            .filter((element) => getComputedStyle(element).display !== 'none')
            .map((element) => {
              const { left, right } = element.getBoundingClientRect();
              return { left, right, text: element.textContent, size: getComputedStyle(element).fontSize };
            }),
        );
        assert.ok(ticks.length >= 2, `${ticks.length} labels`);
        for (const [i, tick] of ticks.entries()) {
          assert.match(tick.text ?? '', /^[A-Z][a-z]{2} \d{4}$/);
          assert.equal(tick.size, '12px');
          assert.ok(tick.left >= 0 && tick.right <= screen.width, `${tick.text} is on the screen`);
          const next = ticks[i + 1];
          if (next) assert.ok(tick.right + 4 <= next.left, `${tick.text} and ${next.text} apart`);
        }

        const heights = await page
          .locator('.timeline-value')
          .evaluateAll((rects) => rects.map((rect) => rect.getBoundingClientRect().height));
        const tallest = page.locator('a.timeline-bar').nth(heights.indexOf(Math.max(...heights)));
        await page.keyboard.press('Shift');
        await tallest.focus();
        assert.ok(await tallest.evaluate((element) => element.matches(':focus-visible')));
        const look = await tallest.evaluate((element) => {
          const ring = element.querySelector('.timeline-ring');
          const value = element.querySelector('.timeline-value');
          const column = element.querySelector('.timeline-hit');
          // No named functions in here: tsx would name them with a helper the page does not have.
          const [ringBox, barBox] = [ring.getBoundingClientRect(), value.getBoundingClientRect()];
          return {
            ring: getComputedStyle(ring).stroke,
            ringWidth: Number.parseFloat(getComputedStyle(ring).strokeWidth),
            bar: getComputedStyle(value).fill,
            column: getComputedStyle(column).fill,
            page: getComputedStyle(element.ownerDocument.body).backgroundColor,
            ringEdges: { top: ringBox.top, left: ringBox.left, right: ringBox.right },
            barEdges: { top: barBox.top, left: barBox.left, right: barBox.right },
          };
        });
        await page.screenshot({ path: shot('timeline-focus') });
        assert.ok(look.ringWidth >= 2);
        assert.notEqual(look.ring, look.bar, 'not the bar’s own colour');
        // The ring runs on the page and the focused column, apart from the bar: it must stand out there.
        assert.ok(contrast(look.ring, look.page) >= 3, `ring ${look.ring} on page ${look.page}`);
        assert.ok(contrast(look.ring, look.column) >= 3, `ring ${look.ring} on column ${look.column}`);
        assert.ok(look.ringEdges.top <= look.barEdges.top - 3, 'above the tallest bar, with a gap');
        assert.ok(look.ringEdges.left + 1 < look.barEdges.left, 'left of the bar, with a gap');
        assert.ok(look.ringEdges.right - 1 > look.barEdges.right, 'right of the bar, with a gap');
        await page.close();
      });

      it('shows every date one way, and a date without a year as written, saying so', async () => {
        const page = await open(screen);
        const fullDate =
          /^\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/;
        await page.goto(`${seeds.baseUrl}/search?q=trade`);
        const dates = await page.locator('li.hit time').allTextContents();
        assert.deepEqual(dates, ['23 July 2019']);
        const partial = page.locator('li.hit .date');
        assert.equal(await partial.evaluate((element) => element.firstChild?.textContent), 'July 19');
        assert.match(
          (await partial.getAttribute('title')) ?? '',
          /The year is not known: the article gives only “July 19”/,
        );
        assert.match((await partial.textContent()) ?? '', /\(year unknown\)/);
        await page.goto(`${seeds.baseUrl}/articles/${SEED_IDS.wsj}`);
        for (const text of await page.locator('time').allTextContents()) assert.match(text, fullDate);
        assert.match(
          (await page.locator('#related-heading + ul .date').first().getAttribute('title')) ?? '',
          /year is not known/,
        );
        await page.close();
      });

      it('offers each suggestion once, with what was typed in bold', async () => {
        const page = await open(screen);
        await page.goto(`${seeds.baseUrl}/`);
        const box = page.getByRole('combobox', { name: 'Search articles' });
        await box.pressSequentially('lighth', { delay: 30 });
        // The list for what is typed now, not for a part of it typed before.
        const typed = () => page.getByRole('option').first().locator('mark').allTextContents();
        await until(typed, ['Lighth']);
        const options = await page.getByRole('option').allTextContents();
        assert.equal(options.filter((text) => /lighthizer/i.test(text)).length, 1, options.join(' | '));
        assert.match(options[0] ?? '', /^Robert Lighthizer/);
        const mark = page.getByRole('option').first().locator('mark');
        assert.ok(Number(await mark.evaluate((element) => getComputedStyle(element).fontWeight)) >= 700);
        await box.fill('');
        await box.pressSequentially('trade ta', { delay: 30 });
        await until(typed, ['trade ta']);
        assert.match((await page.getByRole('option').first().textContent()) ?? '', /^trade talks/);
        await page.close();
      });

      it('keeps the sort orders on one line, notices next to “Did you mean”, and /search alone at home', async () => {
        const page = await open(screen);
        await page.goto(`${seeds.baseUrl}/search?q=Lighthzer+tarifs`);
        const tops = await page
          .locator('.sort-links a')
          .evaluateAll((links) => links.map((link) => Math.round(link.getBoundingClientRect().top)));
        assert.equal(tops.length, 3);
        assert.equal(new Set(tops).size, 1, `sort links at ${tops.join(', ')}`);
        const order = await page.evaluate(`(() => {
          const notices = document.querySelector('ul.notices');
          const timeline = document.querySelector('.timeline');
          return {
            afterDidYouMean: document.querySelector('.did-you-mean')?.nextElementSibling === notices,
            beforeTimeline: Boolean(notices.compareDocumentPosition(timeline) & Node.DOCUMENT_POSITION_FOLLOWING),
          };
        })()`);
        assert.deepEqual(order, { afterDidYouMean: true, beforeTimeline: true });
        await page.screenshot({ path: shot('notices') });
        await page.goto(`${seeds.baseUrl}/search`);
        assert.equal(new URL(page.url()).pathname, '/');
        assert.equal(await page.locator('.page-home').count(), 1);
        await page.close();
      });

      it('updates the results as you type without loading a page, and Back returns to the previous ones', async () => {
        const page = await open(screen);
        await page.goto(`${seeds.baseUrl}/search?q=trade`);
        assert.equal(await page.locator('li.hit').count(), 4);
        const marker = 'this page was never reloaded';
        await page.evaluate(`window.marker = '${marker}'`);
        const historyLength = await page.evaluate<number>('history.length');
        const box = page.locator('#q');
        await box.fill('');
        await box.pressSequentially('Lighth', { delay: 40 });
        const search = () => page.evaluate<string>('location.search');
        await until(search, '?q=Lighth');
        assert.match((await page.locator('main h1').textContent()) ?? '', /No articles match/);
        await box.pressSequentially('izer', { delay: 40 });
        await until(search, '?q=Lighthizer');
        await page.locator('li.hit').first().waitFor();
        const marks = await page.locator('li.hit .snippet mark').allTextContents();
        assert.ok(marks.length > 0 && marks.every((mark) => /^lighthizer$/i.test(mark)), marks.join(' | '));
        assert.match(await page.title(), /Lighthizer/);
        assert.equal(await box.inputValue(), 'Lighthizer');
        assert.equal(await page.evaluate('window.marker'), marker, 'no page was loaded');
        assert.equal(await page.evaluate('history.length'), historyLength + 1, 'one entry for the typing');
        const announced = await page.locator('p[aria-live="polite"]').textContent();
        assert.match(announced ?? '', /^\d+ results?\b/);
        assert.deepEqual(await accessibilityViolations(page), []);
        await page.screenshot({ path: shot('instant') });

        await page.goBack();
        await until(search, '?q=trade');
        await until(() => page.locator('li.hit').count(), 4);
        assert.equal(await box.inputValue(), 'trade');
        assert.match(await page.title(), /“trade”/);
        assert.equal(await page.evaluate('window.marker'), marker, 'Back loaded no page');
        await page.close();
      });

      it('has no accessibility violations on the home, results and article pages', async () => {
        const page = await open(screen);
        for (const url of ['/', '/search?q=Lighthzer+tarifs', `/articles/${SEED_IDS.wsj}?q=trade`]) {
          await page.goto(seeds.baseUrl + url);
          assert.deepEqual(await accessibilityViolations(page), [], url);
        }
        await page.close();
      });

      it('works without JavaScript as it always has', async () => {
        const page = await open(screen, false);
        await page.goto(`${seeds.baseUrl}/search?q=trade`);
        assert.equal(await page.locator('li.hit').count(), 4);
        assert.equal(await page.locator('#q').getAttribute('role'), null, 'a plain search box');
        await page.locator('#q').fill('Lighthizer');
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/search\?q=Lighthizer$/);
        assert.ok((await page.locator('li.hit').count()) > 0);
        await page.locator('li.hit h2 a').first().click();
        await page.waitForURL(/\/articles\//);
        await settled(page);
        for (const selector of ['h1', 'p.back a', 'mark#first-match']) {
          assert.ok(await inView(page, selector), `${selector} is on the screen`);
        }
        await page.close();
      });
    });
  }
});
