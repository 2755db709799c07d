/**
 * `npm run index`: builds the index artifact from a folder of articles.
 *
 *   npm run index -- [--seeds DIR] [--out PATH] [--full] [--follow-links-outside] [--keep-non-articles]
 *                    [--map field=column]… [--quiet] [--json]
 *
 * Exit codes: 0 built, 1 nothing to build from (missing or empty folder) or another build still running,
 * 2 unexpected failure. With `--json`, a failure also prints `{"error":{"code","message"}}` on stdout.
 */
import path from 'node:path';
import { styleText } from 'node:util';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { type BuildReport, buildIndex, buildSummary } from '../build/build.ts';
import { BuildError } from '../errors.ts';
import { DEFAULT_INDEX_PATH, DEFAULT_SEEDS_DIR } from '../paths.ts';
import { RECORD_FIELDS, type RecordField } from '../sources/archives.ts';

interface BuildCommandOptions {
  seeds: string;
  out: string;
  full: boolean;
  followLinksOutside: boolean;
  keepNonArticles: boolean;
  map: Partial<Record<RecordField, string>>;
  quiet: boolean;
  json: boolean;
}

const program = new Command('lede-index')
  .description('Build the Lede search index from a folder of article files (.txt, .md, .html).')
  .option('--seeds <dir>', 'folder of articles, read recursively', DEFAULT_SEEDS_DIR)
  .option('--out <path>', 'where to write the index artifact', DEFAULT_INDEX_PATH)
  .option('--full', 're-analyze every file instead of reusing unchanged ones', false)
  .option(
    '--follow-links-outside',
    'also index files that symbolic links in the folder lead to outside it',
    false,
  )
  .option(
    '--keep-non-articles',
    'also index web pages that are not articles (section fronts, tag and error pages)',
    false,
  )
  .option(
    '--map <field=column>',
    `read an archive field from this column or key first (fields: ${RECORD_FIELDS.join(', ')}; repeat for several)`,
    mapping,
    {},
  )
  .option('--quiet', 'print only warnings and errors', false)
  .option('--json', 'print the build report as one line of JSON (for programs)', false)
  .showHelpAfterError();

/** `--map body=story`: adds one field's column to the mapping so far. */
function mapping(
  value: string,
  previous: Partial<Record<RecordField, string>>,
): Partial<Record<RecordField, string>> {
  const [field = '', column = ''] = value.split('=', 2).map((part) => part.trim());
  const known = RECORD_FIELDS.find((name) => name === field);
  if (known === undefined || column === '') {
    throw new InvalidArgumentError(`expected field=column with a field among ${RECORD_FIELDS.join(', ')}.`);
  }
  return { ...previous, [known]: column };
}

async function main(): Promise<void> {
  const options = program.parse().opts<BuildCommandOptions>();
  const showBar = process.stderr.isTTY && !options.quiet && !options.json;
  const bar = new SingleBar({
    format: 'Indexing [{bar}] {value}/{total} files',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  let barStarted = false;
  try {
    const report = await buildIndex({
      seedsDir: path.resolve(options.seeds),
      outPath: path.resolve(options.out),
      full: options.full,
      followLinksOutside: options.followLinksOutside,
      recordFields: options.map,
      limits: { keepNonArticles: options.keepNonArticles },
      onProgress: (done, total) => {
        if (!showBar) return;
        if (!barStarted) {
          bar.start(total, 0);
          barStarted = true;
        }
        bar.update(done);
      },
    });
    if (barStarted) bar.stop();
    for (const warning of report.warnings) console.error(`${styleText('yellow', 'warning:')} ${warning}`);
    if (report.nonArticles.length > 0 && !options.quiet) {
      const count = report.nonArticles.length.toLocaleString('en-US');
      console.error(
        `${styleText('yellow', 'note:')} ${count} web ${report.nonArticles.length === 1 ? 'page is not an article' : 'pages are not articles'} and left out (--keep-non-articles keeps them): ${report.nonArticles
          .slice(0, 5)
          .map((page) => `${page.relativePath} (${page.reason})`)
          .join(', ')}${report.nonArticles.length > 5 ? ', …' : ''}`,
      );
    }
    if (report.previousIndexProblem !== null) {
      console.error(`${styleText('yellow', 'warning:')} ${report.previousIndexProblem}`);
    }
    // The process's peak memory, worker threads included: what building this collection takes.
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    if (options.json) console.log(JSON.stringify({ ...buildSummary(report), peakRssBytes }));
    else if (!options.quiet)
      console.log(summarize(report, path.relative(process.cwd(), path.resolve(options.out)), peakRssBytes));
  } catch (error) {
    if (barStarted) bar.stop();
    const code = error instanceof BuildError ? error.code : 'build_failed';
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      `${styleText('red', 'error:')} ${error instanceof BuildError ? message : `the build failed: ${message}`}`,
    );
    // A program reading --json gets the code too, to tell the cause without parsing the message.
    if (options.json) console.log(JSON.stringify({ error: { code, message } }));
    process.exitCode = error instanceof BuildError ? 1 : 2;
  }
}

/**
 * `Indexed 5 articles (5 analyzed, 0 unchanged, 0 removed): 1,204 terms, 212 KB, 0.21 s, peak memory
 * 98 MB → index/data/…`
 */
function summarize(report: BuildReport, outPath: string, peakRssBytes: number): string {
  const number = (n: number) => n.toLocaleString('en-US');
  const size =
    report.bytes >= 1024 * 1024
      ? `${(report.bytes / 1024 / 1024).toFixed(1)} MB`
      : `${Math.ceil(report.bytes / 1024)} KB`;
  return (
    `Indexed ${number(report.documentCount)} articles (${number(report.analyzed)} analyzed, ` +
    `${number(report.reused)} unchanged, ${number(report.removed)} removed): ${number(report.termCount)} terms, ` +
    `${size}, ${(report.ms / 1000).toFixed(2)} s, peak memory ${Math.round(peakRssBytes / 1024 / 1024)} MB → ${outPath}`
  );
}

await main();
