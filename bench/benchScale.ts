/**
 * `npm run bench:scale`: Lede on a corpus scaled to N articles (corporaScaled.ts), written as one
 * `.jsonl` archive (a million files would be a burden on any file system; Lede indexes an archive's
 * records as articles): a fresh `npm run index -- --full` process (CPU, wall, peak RSS), the artifact's
 * size, cold loads (`readArtifact` + `new SearchEngine`) and query latency per class, in this process.
 * For sizes no other engine of `npm run bench` is run at. Prints a Markdown table.
 *
 *   npm run bench:scale -- --corpus PATH [--corpus PATH]... --scale N [--queries N] [--loads N] [--keep]
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readArtifact } from '../index/artifact/artifact.ts';
import { SearchEngine } from '../index/search/engine.ts';
import { ensureCompiled, measuredProcess } from './benchFreshBuild.ts';
import { collectGarbage, latencyStats, median } from './benchMeasure.ts';
import { generateQueries, QUERY_CLASSES } from './benchQueries.ts';
import { formatMs, machineAndLoad, markdownTable } from './benchReport.ts';
import { combineParts, loadCorpusPart, writeArchive } from './corpora.ts';
import { scaledArticles } from './corporaScaled.ts';

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string', multiple: true },
      scale: { type: 'string' },
      queries: { type: 'string' },
      loads: { type: 'string' },
      keep: { type: 'boolean' },
    },
  });
  const size = Number(values.scale);
  if (!Number.isInteger(size) || size < 1)
    throw new Error('--scale N (a whole number of articles) is needed.');
  const perClass = Number(values.queries ?? 100);
  const loads = Number(values.loads ?? 2);
  const parts = await Promise.all((values.corpus ?? []).map((corpusPath) => loadCorpusPart(corpusPath)));
  if (parts.length === 0) throw new Error('--corpus PATH is needed: the articles to scale.');
  const corpus = combineParts(parts);
  ensureCompiled();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'lede-bench-scale-'));
  const loadAverage = os.loadavg()[0] ?? 0;
  try {
    const seedsDir = path.join(workDir, 'articles');
    await mkdir(seedsDir);
    log(`Writing ${size.toLocaleString('en-US')} articles scaled from ${corpus.name} to ${seedsDir}…`);
    await writeArchive(
      scaledArticles(corpus.articles, size),
      path.join(seedsDir, 'scaled.jsonl'),
      (count) => {
        if (count % 100_000 === 0) log(`  ${count.toLocaleString('en-US')} articles written`);
      },
    );
    const artifact = path.join(workDir, 'index.bin');
    log('Building in a fresh process (npm run index -- --full, compiled)…');
    const build = await measuredProcess(
      [
        path.join('dist', 'index', 'cli', 'buildIndex.js'),
        '--full',
        '--seeds',
        seedsDir,
        '--out',
        artifact,
        '--json',
      ],
      path.join(workDir, 'usage.json'),
    );
    const report = JSON.parse(build.stdout.trim().split('\n').at(-1) ?? '{}') as {
      documentCount: number;
      bytes: number;
    };
    log(`  ${(build.usage.wallMs / 1000).toFixed(1)} s, ${report.documentCount} articles`);

    const loadTimes: number[] = [];
    let engine: SearchEngine | null = null;
    for (let i = 0; i < loads; i += 1) {
      engine = null;
      await collectGarbage();
      const started = performance.now();
      engine = new SearchEngine(await readArtifact(artifact), { resultCacheEntries: 0 });
      loadTimes.push(performance.now() - started);
      log(`  cold load ${i + 1}: ${formatMs(loadTimes.at(-1) ?? 0)} ms`);
    }
    if (engine === null) throw new Error('--loads must be at least 1');
    const loaded = engine;
    const memory = process.memoryUsage();
    // Queries from the original articles: every copy keeps most of their words. The engine is first
    // warmed with another mix (seed 2), as a server in service has met other queries; then each query
    // is timed the first time it is asked, as users meet it (no result cache, near spellings looked up
    // afresh), and its median of 3 repeats is the extra, labelled "repeated" figure.
    for (const query of generateQueries(corpus.articles, perClass, 2))
      loaded.search(query.text, { limit: 10, facets: true });
    const queries = generateQueries(corpus.articles, perClass);
    const firstTimings = new Map(QUERY_CLASSES.map((cls) => [cls, [] as number[]]));
    const repeatedTimings = new Map(QUERY_CLASSES.map((cls) => [cls, [] as number[]]));
    for (const query of queries) {
      const runs: number[] = [];
      for (let round = 0; round < 4; round += 1) {
        const started = performance.now();
        loaded.search(query.text, { limit: 10, facets: true });
        runs.push(performance.now() - started);
      }
      firstTimings.get(query.cls)?.push(runs[0] ?? 0);
      repeatedTimings.get(query.cls)?.push(median(runs.slice(1)));
    }
    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    console.log(`## ${corpus.name} scaled to ${report.documentCount.toLocaleString('en-US')} articles\n`);
    console.log(
      `Command: \`npm run bench:scale -- ${process.argv.slice(2).join(' ')}\`. ${machineAndLoad(loadAverage)}\n`,
    );
    console.log(
      markdownTable(
        [
          'Build CPU s',
          'Build wall s',
          'Build peak RSS MB',
          'Artifact MB',
          'Cold load ms',
          'Server-side RSS MB',
        ],
        [
          [
            seconds(build.usage.cpuMs),
            seconds(build.usage.wallMs),
            (build.usage.peakRssBytes / 2 ** 20).toFixed(0),
            (report.bytes / 2 ** 20).toFixed(0),
            `${formatMs(median(loadTimes))} (${loadTimes.map(formatMs).join(', ')})`,
            (memory.rss / 2 ** 20).toFixed(0),
          ],
        ],
      ),
    );
    console.log('');
    console.log(
      markdownTable(
        ['Query class', 'queries', 'p50 ms', 'p99 ms', 'mean ms', 'repeated p50 / p99 ms'],
        QUERY_CLASSES.map((cls) => {
          const stats = latencyStats(firstTimings.get(cls) ?? []);
          const repeated = latencyStats(repeatedTimings.get(cls) ?? []);
          return [
            cls,
            String(firstTimings.get(cls)?.length ?? 0),
            formatMs(stats.p50),
            formatMs(stats.p99),
            formatMs(stats.mean),
            `${formatMs(repeated.p50)} / ${formatMs(repeated.p99)}`,
          ];
        }),
      ),
    );
    console.log(
      `\nQueries: ${perClass} per class drawn from the original articles (npm run bench's generator), the engine warmed first with a different mix; p50, p99 and mean time each query the first time it is asked, as users meet it; "repeated" is the median of 3 more runs of the same query (a warm figure, for comparison only). \`search(q, { limit: 10, facets: true })\` as the API asks for a first page: snippets and facet counts, result cache off. Server-side RSS: this process with the index loaded (the source corpus text included).\n`,
    );
  } finally {
    if (values.keep) log(`Kept ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
