/**
 * `npm run extract-eval -- --pages DIR`: how well Lede cleans real web pages, against Readability.js on
 * linkedom run beside it on the same pages. For each page of a development suite in Readability's
 * test-page layout (see extractSuite.ts) it scores the body as extraction benchmarks do (token F1 of
 * the body text against the text of `expected.html`), times each extractor, and checks title, authors,
 * date, site name and language against the expected metadata (with the hand-checked corrections of
 * extractTruth.ts).
 *
 *   npm run extract-eval -- --pages DIR [--json] [--rounds N] [--only ID,ID] [--out FILE]
 *
 * Timing: one untimed pass over all pages first (compiling and loading), then `--rounds` timed runs of
 * each page by each extractor, the two interleaved and their order alternated page by page; a page's
 * time is the median of its runs. Lede's time is all of `cleanArticle` (parse, metadata, content,
 * text cleaning); Readability's is linkedom's parse and `Readability.parse()`, its HTML output turned
 * into text afterwards, untimed. Per-page results go to `bench/results/extract-eval-<suite>.jsonl`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { styleText } from 'node:util';
import { Readability } from '@mozilla/readability';
import { Command } from 'commander';
import { parseHTML } from 'linkedom';
import { PROJECT_ROOT } from '../index/paths.ts';
import { subtreeText } from '../index/sources/cleaning/domText.ts';
import { knownOutlet } from '../index/sources/cleaning/outlets.ts';
import type { DomNode } from '../index/sources/cleaning/pageDocument.ts';
import { cleanArticle } from '../index/sources/cleaning.ts';
import { positiveInteger } from './cliArguments.ts';
import {
  normalizeText,
  percentiles,
  precisionRecall,
  sameAuthors,
  sameDay,
  sameLanguage,
  sameTitle,
  type TokenOverlap,
  tokenOverlap,
} from './extractMetrics.ts';
import { readSuite, SuiteError, type SuitePage } from './extractSuite.ts';
import { bylineAuthors, CORRECTIONS, type Correction, NEWS_PAGES } from './extractTruth.ts';

interface ExtractEvalOptions {
  pages: string;
  json: boolean;
  rounds: number;
  only?: string;
  out?: string;
}

const program = new Command('lede-extract-eval')
  .description('Score Lede and Readability.js on a folder of test pages (source.html, expected.html).')
  .requiredOption('--pages <dir>', 'suite folder: one folder per page')
  .option('--json', 'print one JSON object with the scores, and nothing else, on stdout', false)
  .option('--rounds <n>', 'timed runs of each page by each extractor', positiveInteger, 3)
  .option('--only <ids>', 'comma-separated page folders to run (default: all)')
  .option('--out <file>', 'where to write per-page results (JSON lines)')
  .showHelpAfterError();

/** What an extractor made of a page. */
interface Extraction {
  body: string;
  title: string | null;
  authors: string[];
  /** A date or timestamp as the extractor gives it. */
  date: string | null;
  siteName: string | null;
  lang: string | null;
}

type ExtractorName = 'lede' | 'readability';

/** Runs an extractor; returns its raw answer and the milliseconds it took. */
type TimedRun = () => { ms: number; finish: () => Extraction };

function runLede(html: string): TimedRun {
  return () => {
    const started = performance.now();
    const article = cleanArticle(html, 'html');
    const ms = performance.now() - started;
    return {
      ms,
      finish: () => ({
        body: article.body,
        title: article.title,
        authors: article.authors,
        date: article.dateTime ?? article.date,
        siteName: article.source,
        lang: article.language ?? null,
      }),
    };
  };
}

/** The text of a fragment of HTML (Readability's output, `expected.html`) in the same line shape. */
function htmlText(html: string): string {
  const { document } = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`) as unknown as {
    document: { body: DomNode };
  };
  return subtreeText(document.body);
}

function runReadability(html: string): TimedRun {
  return () => {
    const started = performance.now();
    const { document } = parseHTML(html) as unknown as { document: unknown };
    const result = new Readability(document as never).parse();
    const ms = performance.now() - started;
    return {
      ms,
      finish: () => ({
        body: htmlText(result?.content ?? ''),
        title: result?.title ?? null,
        authors: bylineAuthors(result?.byline ?? null),
        date: result?.publishedTime ?? null,
        siteName: result?.siteName ?? null,
        lang: result?.lang ?? null,
      }),
    };
  };
}

const EXTRACTORS: Record<ExtractorName, (html: string) => TimedRun> = {
  lede: runLede,
  readability: runReadability,
};

/** The right answers for one page: the suite's, and the correction where there is one. */
interface Truth {
  title: string[];
  authors: string[][];
  date: string[];
  siteName: string[];
  lang: string[];
  /** Why each correction was made, for the report. */
  corrections: Record<string, string>;
}

function truthOf(page: SuitePage): Truth {
  const corrections = CORRECTIONS[page.id] ?? {};
  const answers = <T>(
    suite: T | null,
    correction: Correction | undefined,
    read: (value: Correction['value']) => T | null,
  ): T[] => {
    const values: T[] = [];
    if (correction !== undefined) {
      const corrected = read(correction.value);
      if (corrected !== null) values.push(corrected);
      // A correction that says "none" replaces the suite's answer; any other adds a right answer.
      if (corrected === null) return values;
    }
    if (suite !== null) values.push(suite);
    return values;
  };
  const asString = (value: Correction['value']) => (typeof value === 'string' ? value : null);
  const asNames = (value: Correction['value']) => (Array.isArray(value) && value.length > 0 ? value : null);
  const suiteAuthors = bylineAuthors(page.expected.byline);
  return {
    title: answers(page.expected.title, corrections.title, asString),
    authors: answers(suiteAuthors.length > 0 ? suiteAuthors : null, corrections.authors, asNames),
    date: answers(page.expected.publishedTime, corrections.date, asString),
    siteName: answers(page.expected.siteName, corrections.siteName, asString),
    lang: answers(page.expected.lang, corrections.lang, asString),
    corrections: Object.fromEntries(Object.entries(corrections).map(([field, { why }]) => [field, why])),
  };
}

/** Whether two site names are the same, or name the same known outlet (`BBC News`, `BBC`). */
function sameSite(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  if (normalizeText(a) === normalizeText(b)) return true;
  const outlet = knownOutlet(a);
  return outlet !== null && outlet === knownOutlet(b);
}

/** One extractor's result on one page, scored. */
interface PageScore {
  overlap: TokenOverlap;
  f1: number;
  precision: number;
  recall: number;
  ms: number;
  extraction: Omit<Extraction, 'body'> & { bodyWords: number };
  titleOk: boolean | null;
  authorsOk: boolean | null;
  dateOk: boolean | null;
  siteNameOk: boolean | null;
  langOk: boolean | null;
}

function scorePage(extraction: Extraction, expectedText: string, truth: Truth, ms: number): PageScore {
  const overlap = tokenOverlap(extraction.body, expectedText);
  const { f1, precision, recall } = precisionRecall(overlap);
  const check = <T>(answers: T[], ok: (answer: T) => boolean): boolean | null =>
    answers.length === 0 ? null : answers.some(ok);
  const { body, ...rest } = extraction;
  return {
    overlap,
    f1,
    precision,
    recall,
    ms,
    extraction: { ...rest, bodyWords: overlap.predicted },
    titleOk: check(truth.title, (title) => sameTitle(extraction.title, title)),
    authorsOk: check(truth.authors, (names) => sameAuthors(extraction.authors, names)),
    dateOk: check(truth.date, (date) => sameDay(extraction.date, date)),
    siteNameOk: check(truth.siteName, (site) => sameSite(extraction.siteName, site)),
    langOk: check(truth.lang, (lang) => sameLanguage(extraction.lang, lang)),
  };
}

interface PageResult {
  id: string;
  news: boolean;
  expectedWords: number;
  truth: Truth;
  scores: Record<ExtractorName, PageScore>;
}

function median(values: readonly number[]): number {
  return percentiles(values).median;
}

/** Runs both extractors on every page, interleaved, and scores them. */
function evaluate(pages: readonly SuitePage[], rounds: number): PageResult[] {
  const names = Object.keys(EXTRACTORS) as ExtractorName[];
  // Warm-up: every code path compiled and every module loaded before anything is timed.
  for (const page of pages) for (const name of names) EXTRACTORS[name](page.source)().finish();
  return pages.map((page, index) => {
    const order = index % 2 === 0 ? names : [...names].reverse();
    const times: Record<ExtractorName, number[]> = { lede: [], readability: [] };
    const last: Partial<Record<ExtractorName, () => Extraction>> = {};
    for (let round = 0; round < rounds; round += 1) {
      for (const name of order) {
        const run = EXTRACTORS[name](page.source)();
        times[name].push(run.ms);
        last[name] = run.finish;
      }
    }
    const expectedText = htmlText(page.expectedHtml);
    const truth = truthOf(page);
    const score = (name: ExtractorName) =>
      scorePage((last[name] as () => Extraction)(), expectedText, truth, median(times[name]));
    return {
      id: page.id,
      news: NEWS_PAGES.has(page.id),
      expectedWords: tokenOverlap('', expectedText).expected,
      truth,
      scores: { lede: score('lede'), readability: score('readability') },
    };
  });
}

/** One extractor's summary over a set of pages. */
interface Summary {
  pages: number;
  micro: { f1: number; precision: number; recall: number };
  mean: { f1: number; precision: number; recall: number };
  ms: { median: number; p90: number };
  newsMicroF1: number;
  title: [number, number];
  authors: [number, number];
  date: [number, number];
  siteName: [number, number];
  lang: [number, number];
}

function tally(
  results: readonly PageResult[],
  name: ExtractorName,
  field: keyof PageScore,
): [number, number] {
  const checked = results.map((result) => result.scores[name][field]).filter((ok) => ok !== null);
  return [checked.filter((ok) => ok === true).length, checked.length];
}

function summarize(results: readonly PageResult[], name: ExtractorName): Summary {
  const scores = results.map((result) => result.scores[name]);
  const sum = (list: readonly PageScore[]): TokenOverlap =>
    list.reduce(
      (total, { overlap }) => ({
        shared: total.shared + overlap.shared,
        predicted: total.predicted + overlap.predicted,
        expected: total.expected + overlap.expected,
      }),
      { shared: 0, predicted: 0, expected: 0 },
    );
  const average = (pick: (score: PageScore) => number) =>
    scores.reduce((total, score) => total + pick(score), 0) / Math.max(1, scores.length);
  const news = results.filter((result) => result.news);
  return {
    pages: results.length,
    micro: precisionRecall(sum(scores)),
    mean: {
      f1: average((score) => score.f1),
      precision: average((score) => score.precision),
      recall: average((score) => score.recall),
    },
    ms: percentiles(scores.map((score) => score.ms)),
    newsMicroF1: precisionRecall(sum(news.map((result) => result.scores[name]))).f1,
    title: tally(news, name, 'titleOk'),
    authors: tally(news, name, 'authorsOk'),
    date: tally(news, name, 'dateOk'),
    siteName: tally(news, name, 'siteNameOk'),
    lang: tally(news, name, 'langOk'),
  };
}

function ratio([right, total]: [number, number]): string {
  return total === 0 ? '–' : `${right}/${total} (${((100 * right) / total).toFixed(0)}%)`;
}

function formatTable(summaries: Record<ExtractorName, Summary>, suite: string, rounds: number): string {
  const { lede, readability } = summaries;
  const rows: [string, string, string][] = [
    ['', 'Lede', 'Readability.js'],
    ['body F1 (micro)', lede.micro.f1.toFixed(3), readability.micro.f1.toFixed(3)],
    ['body precision (micro)', lede.micro.precision.toFixed(3), readability.micro.precision.toFixed(3)],
    ['body recall (micro)', lede.micro.recall.toFixed(3), readability.micro.recall.toFixed(3)],
    ['body F1 (mean of pages)', lede.mean.f1.toFixed(3), readability.mean.f1.toFixed(3)],
    ['body precision (mean)', lede.mean.precision.toFixed(3), readability.mean.precision.toFixed(3)],
    ['body recall (mean)', lede.mean.recall.toFixed(3), readability.mean.recall.toFixed(3)],
    ['body F1 (micro, news pages)', lede.newsMicroF1.toFixed(3), readability.newsMicroF1.toFixed(3)],
    ['ms/page median', lede.ms.median.toFixed(1), readability.ms.median.toFixed(1)],
    ['ms/page p90', lede.ms.p90.toFixed(1), readability.ms.p90.toFixed(1)],
    ['title (news)', ratio(lede.title), ratio(readability.title)],
    ['authors (news with a byline)', ratio(lede.authors), ratio(readability.authors)],
    ['date (news that declare one)', ratio(lede.date), ratio(readability.date)],
    ['site name (news that name one)', ratio(lede.siteName), ratio(readability.siteName)],
    ['language (news that declare one)', ratio(lede.lang), ratio(readability.lang)],
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const lines = rows.map(([label, a, b]) =>
    `${label.padEnd(widths[0] ?? 0)}  ${a.padStart(widths[1] ?? 0)}  ${b.padStart(widths[2] ?? 0)}`.trimEnd(),
  );
  return [`${suite}: ${lede.pages} pages, ${rounds} timed runs each`, ...lines].join('\n');
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<ExtractEvalOptions>();
  const dir = path.resolve(options.pages);
  let pages: SuitePage[];
  try {
    pages = await readSuite(dir);
  } catch (error) {
    if (!(error instanceof SuiteError)) throw error;
    console.error(`${styleText('red', 'error:')} ${error.message}`);
    process.exitCode = 1;
    return;
  }
  if (options.only !== undefined) {
    const only = new Set(options.only.split(',').map((id) => id.trim()));
    pages = pages.filter((page) => only.has(page.id));
  }
  console.error(`Extracting ${pages.length} pages with Lede and Readability.js…`);
  const results = evaluate(pages, options.rounds);
  const summaries = { lede: summarize(results, 'lede'), readability: summarize(results, 'readability') };
  const suite = path.basename(dir);
  const out = path.resolve(
    options.out ?? path.join(PROJECT_ROOT, 'bench', 'results', `extract-eval-${suite}.jsonl`),
  );
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${results.map((result) => JSON.stringify(roundScores(result))).join('\n')}\n`);
  console.error(`Per-page results written to ${path.relative(process.cwd(), out) || out}`);
  console.log(
    options.json
      ? JSON.stringify({ suite, rounds: options.rounds, node: process.version, ...summaries }, null, 2)
      : formatTable(summaries, suite, options.rounds),
  );
}

/** A page's result with its scores rounded, for the per-page file. */
function roundScores(result: PageResult): PageResult {
  const scores = Object.fromEntries(
    Object.entries(result.scores).map(([name, score]) => [
      name,
      {
        ...score,
        f1: round(score.f1, 4),
        precision: round(score.precision, 4),
        recall: round(score.recall, 4),
        ms: round(score.ms, 2),
      },
    ]),
  ) as Record<ExtractorName, PageScore>;
  return { ...result, scores };
}

await main();
