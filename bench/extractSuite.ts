/**
 * A development suite for HTML extraction, in the layout of Readability.js's test pages: one folder per
 * page holding `source.html` (the page as saved), `expected.html` (the article body expected) and
 * `expected-metadata.json` (title, byline, publishedTime, siteName, lang). Read-only research data:
 * never copied into the project, never read by `npm test` or `npm start`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** What a page's `expected-metadata.json` says; each field null when it says nothing. */
export interface ExpectedMetadata {
  title: string | null;
  byline: string | null;
  publishedTime: string | null;
  siteName: string | null;
  lang: string | null;
}

/** One page of the suite. */
export interface SuitePage {
  /** The folder's name (`nytimes-1`). */
  id: string;
  source: string;
  expectedHtml: string;
  expected: ExpectedMetadata;
}

/** A suite folder that cannot be read as one. */
export class SuiteError extends Error {
  override readonly name = 'SuiteError';
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** Reads a page's expected metadata, tolerating missing fields. */
function parseExpectedMetadata(json: string, file: string): ExpectedMetadata {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new SuiteError(`${file} is not valid JSON`);
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  return {
    title: stringOrNull(record.title),
    byline: stringOrNull(record.byline),
    publishedTime: stringOrNull(record.publishedTime),
    siteName: stringOrNull(record.siteName),
    lang: stringOrNull(record.lang),
  };
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Reads every page folder of a suite (those with a `source.html` and an `expected.html`), sorted by name. */
export async function readSuite(dir: string): Promise<SuitePage[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    throw new SuiteError(`cannot read the suite folder ${dir}`);
  }
  const pages: SuitePage[] = [];
  for (const id of entries.sort()) {
    const folder = path.join(dir, id);
    const sourceFile = path.join(folder, 'source.html');
    const expectedFile = path.join(folder, 'expected.html');
    if (!(await isFile(sourceFile)) || !(await isFile(expectedFile))) continue;
    const metadataFile = path.join(folder, 'expected-metadata.json');
    const expected = (await isFile(metadataFile))
      ? parseExpectedMetadata(await readFile(metadataFile, 'utf8'), metadataFile)
      : { title: null, byline: null, publishedTime: null, siteName: null, lang: null };
    pages.push({
      id,
      source: await readFile(sourceFile, 'utf8'),
      expectedHtml: await readFile(expectedFile, 'utf8'),
      expected,
    });
  }
  if (pages.length === 0)
    throw new SuiteError(`${dir} holds no page folder with source.html and expected.html`);
  return pages;
}
