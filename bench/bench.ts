/**
 * `npm run bench`: Lede against raw MiniSearch, Lunr, Orama and FlexSearch on the same articles, plus
 * Lede's HTTP server under load. Prints Markdown tables (progress goes to stderr, so stdout can be
 * redirected into a file as is).
 *
 *   npm run bench -- [--corpus PATH]... [--scale N] [--queries N] [--rounds N] [--fresh-rounds N]
 *                    [--skip-fresh] [--http-seconds S] [--skip-http]
 *                    [--engines lede,minisearch,minisearch-alike,lunr,orama,flexsearch] [--json FILE] [--keep]
 *
 * Without `--corpus` it runs on `seeds/` replicated with variation, so it works on any checkout.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ledeEngine } from './benchEngineLede.ts';
import {
  flexSearchEngine,
  lunrEngine,
  miniSearchAlikeEngine,
  miniSearchEngine,
  oramaEngine,
} from './benchEngineOthers.ts';
import { type EngineAdapter, MINISEARCH_ALIKE } from './benchEngines.ts';
import { type FreshBuildResult, freshBuilds } from './benchFreshBuild.ts';
import { DISTINCT_QUERIES, distinctQueries, type HttpResult, runHttp } from './benchHttp.ts';
import { gcAvailable, median } from './benchMeasure.ts';
import { generateQueries, QUERY_CLASSES, type QueryClass } from './benchQueries.ts';
import {
  type BenchReport,
  checkTargets,
  machineInfo,
  ratiosOf,
  renderMarkdown,
  renderMethod,
  sourceInfo,
} from './benchReport.ts';
import { type EngineResult, pairedBuilds, runEngine } from './benchRun.ts';
import { type CorpusPart, combineParts, loadCorpusPart, writeCorpus } from './corpora.ts';
import { scaledArticles } from './corporaScaled.ts';
import { replicatedSeeds } from './corporaSeeds.ts';

/**
 * Builds per engine (median reported): this machine's other tenants move a single build by 20–30%,
 * more than the differences measured… (Lede and raw MiniSearch, whose ratio is a target, are built
 * this many times in turns instead: see `pairedBuilds`.)
 */
const BUILDS = 3;

/** …but once an engine's builds have taken this long, one more would only stretch the run. */
const BUILD_BUDGET_MS = 45_000;

/** Cold loads per engine (median reported): loads are quick next to builds, so a few are affordable… */
const COLD_LOADS = 3;

/** …but once an engine's loads have taken this long, one more would only stretch the run. */
const LOAD_BUDGET_MS = 5_000;

/** Longest the timed query passes of one engine may take before further passes are skipped. */
const QUERY_BUDGET_MS = 10_000;

const ENGINE_NAMES = ['lede', 'minisearch', 'minisearch-alike', 'lunr', 'orama', 'flexsearch'] as const;
type EngineName = (typeof ENGINE_NAMES)[number];

const USAGE = `Usage: npm run bench -- [options]

  --corpus PATH       a folder of articles (seeds/, bbc/), Reuters-21578 (reut2-*.sgm) or BEIR (corpus.jsonl);
                      repeat to combine corpora (default: seeds/ replicated to ~2,000 articles)
  --scale N           the corpus copied with variation to N articles (see bench/corporaScaled.ts)
  --fresh-rounds N    fresh-process builds of Lede and of MiniSearch, in turns (default 3)
  --skip-fresh        leave out the fresh-process builds
  --queries N         queries per class (default 100)
  --rounds N          timed passes over the query mix after one warm-up pass (default 3)
  --http-seconds S    autocannon duration per HTTP target (default 5)
  --skip-http         leave out the HTTP part
  --engines LIST      comma-separated subset of ${ENGINE_NAMES.join(',')} (default all)
  --json FILE         also write every figure as JSON
  --keep              keep the temporary folder (article files, index artifacts)
  --help`;

interface CliOptions {
  corpora: string[];
  scale: number | null;
  freshRounds: number;
  skipFresh: boolean;
  perClass: number;
  rounds: number;
  httpSeconds: number;
  skipHttp: boolean;
  engines: EngineName[];
  json: string | null;
  keep: boolean;
}

function parseCli(argv: string[]): CliOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      corpus: { type: 'string', multiple: true },
      scale: { type: 'string' },
      'fresh-rounds': { type: 'string' },
      'skip-fresh': { type: 'boolean' },
      queries: { type: 'string' },
      rounds: { type: 'string' },
      'http-seconds': { type: 'string' },
      'skip-http': { type: 'boolean' },
      engines: { type: 'string' },
      json: { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return null;
  const positive = (text: string | undefined, fallback: number, name: string) => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`--${name} must be a positive number, got "${text}".`);
    return value;
  };
  const engines = (values.engines ?? ENGINE_NAMES.join(','))
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  for (const name of engines) {
    if (!(ENGINE_NAMES as readonly string[]).includes(name)) {
      throw new Error(`Unknown engine "${name}"; choose from ${ENGINE_NAMES.join(', ')}.`);
    }
  }
  return {
    corpora: values.corpus ?? [],
    scale: values.scale === undefined ? null : Math.round(positive(values.scale, 0, 'scale')),
    freshRounds: Math.round(positive(values['fresh-rounds'], 3, 'fresh-rounds')),
    skipFresh: values['skip-fresh'] ?? false,
    perClass: Math.round(positive(values.queries, 100, 'queries')),
    rounds: Math.round(positive(values.rounds, 3, 'rounds')),
    httpSeconds: positive(values['http-seconds'], 5, 'http-seconds'),
    skipHttp: values['skip-http'] ?? false,
    engines: engines as EngineName[],
    json: values.json ?? null,
    keep: values.keep ?? false,
  };
}

/** The corpus's articles copied with variation to `size` (see corporaScaled.ts), as one part. */
function scaledPart(corpus: ReturnType<typeof combineParts>, size: number): CorpusPart {
  const first = corpus.parts[0];
  return {
    name: `${corpus.name} scaled to ${size.toLocaleString('en-US')}`,
    kind: first?.kind ?? 'articles',
    titles: first?.titles ?? 'first-line',
    articles: [...scaledArticles(corpus.articles, size)],
  };
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2));
  if (options === null) {
    console.log(USAGE);
    return;
  }
  const started = performance.now();
  const loadAverageAtStart = os.loadavg()[0] ?? 0;
  const source = sourceInfo();
  const machine = machineInfo(gcAvailable);
  log(
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}${gcAvailable ? '' : ' (no gc: memory is rough)'}`,
  );

  const parts =
    options.corpora.length === 0
      ? [await replicatedSeeds()]
      : await Promise.all(options.corpora.map((corpusPath) => loadCorpusPart(corpusPath)));
  const corpus = combineParts(
    options.scale === null ? parts : [scaledPart(combineParts(parts), options.scale)],
  );
  log(`Corpus ${corpus.name}: ${corpus.articles.length} articles`);

  const workDir = await mkdtemp(path.join(os.tmpdir(), 'lede-bench-'));
  try {
    const corpusDir = path.join(workDir, 'articles');
    await writeCorpus(corpus, corpusDir);
    const queries = generateQueries(corpus.articles, options.perClass);
    log(`Query mix: ${queries.length} queries; work folder ${workDir}`);
    let fresh: FreshBuildResult | null = null;
    if (!options.skipFresh && options.engines.includes('lede') && options.engines.includes('minisearch'))
      fresh = await freshBuilds({ corpusDir, workDir, rounds: options.freshRounds, log });

    const lede = ledeEngine(corpusDir, workDir);
    const factories: Record<EngineName, () => EngineAdapter> = {
      lede: () => lede,
      minisearch: () => miniSearchEngine(workDir),
      'minisearch-alike': () => miniSearchAlikeEngine(),
      lunr: () => lunrEngine(workDir),
      orama: () => oramaEngine(workDir),
      flexsearch: () => flexSearchEngine(workDir),
    };
    const paired =
      options.engines.includes('lede') && options.engines.includes('minisearch')
        ? await pairedBuilds(lede, miniSearchEngine(workDir), corpus.articles, BUILDS, log)
        : null;
    const pairedRuns: Partial<Record<EngineName, number[]>> = {
      lede: paired?.first,
      minisearch: paired?.second,
    };
    const engines: EngineResult[] = [];
    for (const name of ENGINE_NAMES) {
      if (!options.engines.includes(name)) continue;
      engines.push(
        await runEngine(factories[name](), corpus.articles, queries, {
          rounds: options.rounds,
          builds: BUILDS,
          pairedBuildRuns: pairedRuns[name],
          buildBudgetMs: BUILD_BUDGET_MS,
          loads: COLD_LOADS,
          loadBudgetMs: LOAD_BUDGET_MS,
          queryBudgetMs: QUERY_BUDGET_MS,
          log,
        }),
      );
    }

    let http: HttpResult | null = null;
    let httpNote = options.skipHttp ? 'skipped (--skip-http)' : 'skipped (needs the lede engine)';
    if (!options.skipHttp && options.engines.includes('lede')) {
      try {
        http = await runHttp({
          indexPath: lede.artifactPath,
          seedsDir: corpusDir,
          queries,
          // Another seed: candidates mostly unlike the mix; those in it are left out.
          distinct: distinctQueries(
            generateQueries(corpus.articles, Math.ceil((DISTINCT_QUERIES * 1.5) / QUERY_CLASSES.length), 2),
            queries,
          ),
          seconds: options.httpSeconds,
          log,
        });
      } catch (error) {
        // Minutes of engine figures are worth printing even when the server part fails.
        httpNote = `failed: ${error instanceof Error ? error.message : String(error)}`;
        log(`HTTP part ${httpNote}`);
      }
    }

    const ratios = ratiosOf(engines, 'MiniSearch', paired === null ? null : median(paired.ratios));
    const alikeRatios = ratiosOf(engines, MINISEARCH_ALIKE);
    const examples = Object.fromEntries(
      QUERY_CLASSES.map((cls) => [
        cls,
        queries
          .filter((q) => q.cls === cls)
          .slice(0, 3)
          .map((q) => q.text),
      ]),
    ) as Record<QueryClass, string[]>;
    const argv = process.argv.slice(2).join(' ');
    const report: BenchReport = {
      command: `npm run bench${argv === '' ? '' : ` -- ${argv}`}`,
      startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
      totalSeconds: (performance.now() - started) / 1000,
      machine,
      source,
      loadAverage: { start: loadAverageAtStart, end: os.loadavg()[0] ?? 0 },
      corpus: {
        name: corpus.name,
        parts: corpus.parts.map((p) => ({ name: p.name, kind: p.kind, articles: p.articles.length })),
        articles: corpus.articles.length,
        characters: corpus.articles.reduce((sum, a) => sum + a.title.length + a.body.length, 0),
      },
      queries: {
        perClass: options.perClass,
        rounds: options.rounds,
        builds: BUILDS,
        buildBudgetMs: BUILD_BUDGET_MS,
        loads: COLD_LOADS,
        loadBudgetMs: LOAD_BUDGET_MS,
        examples,
      },
      fresh,
      engines,
      buildPairs: paired,
      ratios,
      alikeRatios,
      http,
      httpNote: http === null ? httpNote : null,
      targets: checkTargets(engines, ratios, alikeRatios, http, httpNote, paired, fresh),
    };
    console.log(renderMarkdown(report));
    console.log(renderMethod(report));
    if (options.json !== null) {
      await writeFile(options.json, `${JSON.stringify(report, null, 2)}\n`);
      log(`Figures written to ${options.json}`);
    }
  } finally {
    if (options.keep) log(`Kept ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
