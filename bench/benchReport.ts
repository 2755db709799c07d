/**
 * The benchmark's report: the figures as one JSON-able object, the ratios and target checks derived
 * from them, and the Markdown tables printed to stdout (which paste straight into BENCHMARKS.md).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { PROJECT_ROOT } from '../index/paths.ts';
import { MINISEARCH_ALIKE } from './benchEngines.ts';
import { type FreshBuildResult, renderFreshBuilds } from './benchFreshBuild.ts';
import type { HttpResult } from './benchHttp.ts';
import { median } from './benchMeasure.ts';
import { QUERY_CLASS_DESCRIPTIONS, QUERY_CLASSES, type QueryClass } from './benchQueries.ts';
import type { EngineResult, PairedBuilds } from './benchRun.ts';

/** The machine the figures come from. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  totalMemoryBytes: number;
  node: string;
  platform: string;
  /** Whether memory was read after a forced full garbage collection. */
  gc: boolean;
}

/** Which Lede was measured: others change the engine while baselines are taken. */
export interface SourceInfo {
  /** Short commit id, or null outside a git checkout. */
  commit: string | null;
  /** Files under `index/` and `server/` changed since that commit when the run started. */
  uncommitted: string[];
}

/** What was indexed. */
export interface CorpusSummary {
  name: string;
  parts: { name: string; kind: string; articles: number }[];
  articles: number;
  /** Characters of title and body text, all articles. */
  characters: number;
}

/** Lede ÷ raw MiniSearch for the headline figures. */
export interface Ratios {
  build: number | null;
  load: number | null;
  size: number | null;
  memory: number | null;
  p50: Record<QueryClass, number | null>;
  p99: Record<QueryClass, number | null>;
}

/** One performance target and whether this run meets it. */
export interface TargetCheck {
  target: string;
  /** What this run measured, in words. */
  measured: string;
  /** null when the run did not measure it (engine or HTTP part skipped). */
  met: boolean | null;
}

/** Everything one `npm run bench` measured. */
export interface BenchReport {
  command: string;
  startedAt: string;
  totalSeconds: number;
  machine: MachineInfo;
  source: SourceInfo;
  /** 1-minute load average at start and end: above the core count, other work shared the CPUs. */
  loadAverage: { start: number; end: number };
  corpus: CorpusSummary;
  queries: {
    perClass: number;
    /** Timed passes asked for; see each engine's `rounds` for those made. */
    rounds: number;
    /** Builds per engine at most; the median is reported. */
    builds: number;
    /** No further build once an engine's builds took this long. */
    buildBudgetMs: number;
    /** Cold loads per engine at most; the median is reported. */
    loads: number;
    /** No further load once an engine's loads took this long. */
    loadBudgetMs: number;
    examples: Record<QueryClass, string[]>;
  };
  /** Fresh-process builds (benchFreshBuild.ts), or null when skipped. */
  fresh: FreshBuildResult | null;
  engines: EngineResult[];
  /** Lede's and raw MiniSearch's builds, timed in turns (Lede first in the pair's figures). */
  buildPairs: PairedBuilds | null;
  ratios: Ratios | null;
  /** Lede ÷ MiniSearch asked for the same matching (prefix and fuzzy search), when both ran. */
  alikeRatios: Ratios | null;
  http: HttpResult | null;
  /** Why there are no HTTP figures, when there are none. */
  httpNote: string | null;
  targets: TargetCheck[];
}

/** The machine running this process. */
export function machineInfo(gc: boolean): MachineInfo {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    totalMemoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    gc,
  };
}

/**
 * The machine and its load over a run, as one sentence for the scripts that print a single section:
 * `loadAtStart` is `os.loadavg()[0]` when the run began; the load now is its end.
 */
export function machineAndLoad(loadAtStart: number): string {
  return (
    `Machine: ${os.cpus().length} cores, ${formatGiB(os.totalmem())} GiB, Node ${process.version}; ` +
    `load average (1 min) ${loadAtStart.toFixed(1)} at start, ${(os.loadavg()[0] ?? 0).toFixed(1)} at end.`
  );
}

/** The commit and uncommitted engine/server files, read with read-only git commands. */
export function sourceInfo(): SourceInfo {
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const commit = git(['rev-parse', '--short', 'HEAD']).trim();
    const uncommitted = git(['--no-optional-locks', 'status', '--porcelain', '--', 'index', 'server'])
      .split('\n')
      .map((line) => line.slice(3).trim())
      .filter((line) => line !== '');
    return { commit, uncommitted };
  } catch {
    return { commit: null, uncommitted: [] };
  }
}

/**
 * Lede ÷ the engine named `versus` (raw MiniSearch by default), when both ran; `buildRatio`, when
 * given, is the build ratio measured with the two built in turns.
 */
export function ratiosOf(
  engines: readonly EngineResult[],
  versus = 'MiniSearch',
  buildRatio: number | null = null,
): Ratios | null {
  const lede = engines.find((e) => e.name === 'Lede');
  const mini = engines.find((e) => e.name === versus);
  if (lede === undefined || mini === undefined) return null;
  const divide = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
  const perClass = (key: 'p50' | 'p99') =>
    Object.fromEntries(
      QUERY_CLASSES.map((cls) => [cls, divide(lede.latency[cls][key], mini.latency[cls][key])]),
    ) as Record<QueryClass, number | null>;
  return {
    build: buildRatio ?? divide(lede.buildMs, mini.buildMs),
    load: divide(lede.loadMs, mini.loadMs),
    size: divide(lede.bytes, mini.bytes),
    memory: divide(lede.memoryBytes, mini.memoryBytes),
    p50: perClass('p50'),
    p99: perClass('p99'),
  };
}

/** The project's performance targets, checked against this run. */
export function checkTargets(
  engines: readonly EngineResult[],
  ratios: Ratios | null,
  alikeRatios: Ratios | null,
  http: HttpResult | null,
  httpNote: string,
  buildPairs: PairedBuilds | null = null,
  fresh: FreshBuildResult | null = null,
): TargetCheck[] {
  const lede = engines.find((e) => e.name === 'Lede');
  const perClass = (value: (cls: QueryClass) => string) =>
    QUERY_CLASSES.map((cls) => `${cls} ${value(cls)}`).join(', ');
  const checks: TargetCheck[] = [];
  checks.push(
    ratios === null
      ? { target: 'Lede p50 ≤ 1.2× raw MiniSearch, every class', measured: 'not measured', met: null }
      : {
          target: 'Lede p50 ≤ 1.2× raw MiniSearch, every class',
          measured: perClass(
            (cls) => `${formatRatio(ratios.p50[cls])}${mark(ok(ratios.p50[cls], (r) => r <= 1.2))}`,
          ),
          met: QUERY_CLASSES.every((cls) => ok(ratios.p50[cls], (r) => r <= 1.2)),
        },
  );
  if (alikeRatios !== null) {
    checks.push({
      target: '… the same, MiniSearch asked alike (prefix, fuzzy)',
      measured: perClass(
        (cls) => `${formatRatio(alikeRatios.p50[cls])}${mark(ok(alikeRatios.p50[cls], (r) => r <= 1.2))}`,
      ),
      met: QUERY_CLASSES.every((cls) => ok(alikeRatios.p50[cls], (r) => r <= 1.2)),
    });
  }
  checks.push(
    lede === undefined
      ? { target: 'Lede p99 < 20 ms, every class', measured: 'not measured', met: null }
      : {
          target: 'Lede p99 < 20 ms, every class',
          measured: perClass(
            (cls) => `${formatMs(lede.latency[cls].p99)} ms${mark(lede.latency[cls].p99 < 20)}`,
          ),
          met: QUERY_CLASSES.every((cls) => lede.latency[cls].p99 < 20),
        },
  );
  checks.push(
    ratios === null
      ? { target: 'Rare word p50 ≤ 2× raw MiniSearch', measured: 'not measured', met: null }
      : {
          target: 'Rare word p50 ≤ 2× raw MiniSearch',
          measured: `${formatRatio(ratios.p50.rare)}${mark(ok(ratios.p50.rare, (r) => r <= 2))}`,
          met: ok(ratios.p50.rare, (r) => r <= 2),
        },
  );
  checks.push({
    target: 'Lede cold load < 1 s (set for BBC+Reuters)',
    measured: lede?.loadMs == null ? 'not measured' : `${formatMs(lede.loadMs)} ms`,
    met: lede?.loadMs == null ? null : lede.loadMs < 1000,
  });
  const freshRatio = (values: number[] | undefined) => (values === undefined ? null : median(values));
  const cpu = freshRatio(fresh?.ratios.cpu);
  const rss = freshRatio(fresh?.ratios.rss);
  checks.push({
    target: 'Fresh-process build ≤ 1.3× fresh MiniSearch addAll (CPU, median of rounds)',
    measured:
      cpu === null
        ? 'not measured'
        : `${formatRatio(cpu)} (wall ${formatRatio(freshRatio(fresh?.ratios.wall))})`,
    met: cpu === null ? null : cpu <= 1.3,
  });
  checks.push({
    target: 'Fresh-process build peak RSS ≤ 1.5× fresh MiniSearch addAll',
    measured: rss === null ? 'not measured' : formatRatio(rss),
    met: rss === null ? null : rss <= 1.5,
  });
  checks.push({
    target: '(extra) warm in-process build ≤ 1.5× raw MiniSearch addAll',
    measured:
      ratios?.build == null
        ? 'not measured'
        : `${formatRatio(ratios.build)}` +
          (buildPairs === null
            ? ''
            : ` (the process's first builds: ${formatRatio(buildPairs.firstBuilds.first / buildPairs.firstBuilds.second)})`),
    met: ratios?.build == null ? null : ratios.build <= 1.5,
  });
  checks.push({
    target: 'HTTP /api/search, distinct queries, ≥ 35% of /healthz req/s (one process)',
    measured:
      http === null
        ? `not measured: ${httpNote}`
        : `${percent(http.ratio)}, the median of ${http.rounds} rounds in turns (${http.ratios.map(percent).join(', ')}; in the median round ${Math.round(http.search.requestsPerSecond)} ÷ ${Math.round(http.healthz.requestsPerSecond)} req/s); without the search thread ${percent(http.ratioNoThread)} (${http.ratiosNoThread.map(percent).join(', ')}); 2 processes ${percent(http.ratioTwoWorkers)} (${http.ratiosTwoWorkers.map(percent).join(', ')}); cache hits ${percent(http.cacheHitShare)}`,
    met: http === null ? null : http.ratio >= 0.35,
  });
  checks.push({
    target: '(extra) HTTP /api/search, the mix repeated (cached), ≥ 60% of /healthz req/s',
    measured:
      http === null
        ? `not measured: ${httpNote}`
        : `${Math.round(http.searchRepeated.requestsPerSecond)} ÷ ${Math.round(http.healthz.requestsPerSecond)} req/s = ${percent(http.repeatedRatio)} (cache hits ${percent(http.repeatedCacheHitShare)})`,
    met: http === null ? null : http.repeatedRatio >= 0.6,
  });
  return checks;
}

function percent(share: number): string {
  return Number.isNaN(share) ? '–' : `${(share * 100).toFixed(1)}%`;
}

function ok(value: number | null, test: (value: number) => boolean): boolean {
  return value !== null && test(value);
}

function mark(met: boolean): string {
  return met ? ' ✓' : ' ✗';
}

/** The report as Markdown: machine, corpus, the engines table with ratios, hit rates, HTTP, targets. */
export function renderMarkdown(report: BenchReport): string {
  const lines: string[] = [];
  const { machine, corpus } = report;
  lines.push(`## ${corpus.name}: ${corpus.articles.toLocaleString('en-US')} articles`, '');
  lines.push(`Command: \`${report.command}\``, '');
  lines.push(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${formatGiB(machine.totalMemoryBytes)} GiB RAM, Node ${machine.node}, ${machine.platform}` +
      `${machine.gc ? '' : ' (no forced GC: memory figures are rough)'}.`,
    '',
  );
  const { source, loadAverage } = report;
  const sourceText =
    source.commit === null
      ? 'not a git checkout'
      : `commit ${source.commit}${source.uncommitted.length === 0 ? '' : ` + uncommitted changes to ${source.uncommitted.join(', ')}`}`;
  lines.push(
    `Lede: ${sourceText}. Load average (1 min) at start / end: ${loadAverage.start.toFixed(1)} / ${loadAverage.end.toFixed(1)}` +
      `${Math.max(loadAverage.start, loadAverage.end) > machine.cores ? ' (other work shared the CPUs: figures are pessimistic)' : ''}.`,
    '',
  );
  const shortRuns = report.engines.filter((e) => e.rounds < report.queries.rounds);
  lines.push(
    `Corpus: ${corpus.parts.map((p) => `${p.name} (${p.kind}, ${p.articles.toLocaleString('en-US')})`).join(' + ')}; ` +
      `${(corpus.characters / 1e6).toFixed(1)} M characters of text. ` +
      `Queries: ${report.queries.perClass} per class, 1 warm-up pass + ${report.queries.rounds} timed passes, each query's median taken` +
      `${shortRuns.length === 0 ? '' : ` (${shortRuns.map((e) => `${e.name}: ${e.rounds}`).join(', ')}, within the time budget)`}. ` +
      `Run took ${Math.round(report.totalSeconds)} s.`,
    '',
  );

  if (report.fresh !== null) {
    lines.push(renderFreshBuilds(report.fresh));
    lines.push(
      "In-process figures follow (the benchmark process running every engine in turn). Their **Build ms** is an extra figure: a build in a process that has built before (warm JIT, Lede's worker pool kept), which `npm run index` and the server's rebuilds never are; the fresh-process table above is what users meet.",
      '',
    );
  }

  const header = [
    'Engine',
    'Build ms',
    'Size MB',
    'Load ms',
    'Memory MB',
    ...QUERY_CLASSES.map((cls) => `${cls} p50 / p99 / mean ms`),
  ];
  const rows = report.engines.map((e) => [
    e.name,
    formatMs(e.buildMs),
    e.bytes === null ? '–' : (e.bytes / 1e6).toFixed(1),
    e.loadMs === null ? '–' : formatMs(e.loadMs),
    (e.memoryBytes / 1e6).toFixed(1),
    ...QUERY_CLASSES.map(
      (cls) =>
        `${formatMs(e.latency[cls].p50)} / ${formatMs(e.latency[cls].p99)} / ${formatMs(e.latency[cls].mean)}`,
    ),
  ]);
  const ratios = report.ratios;
  if (ratios !== null) {
    rows.push([
      '**Lede ÷ MiniSearch**',
      formatRatio(ratios.build),
      formatRatio(ratios.size),
      formatRatio(ratios.load),
      formatRatio(ratios.memory),
      ...QUERY_CLASSES.map(
        (cls) => `p50 ${formatRatio(ratios.p50[cls])} / p99 ${formatRatio(ratios.p99[cls])}`,
      ),
    ]);
  }
  const alike = report.alikeRatios;
  if (alike !== null) {
    rows.push([
      `**Lede ÷ ${MINISEARCH_ALIKE}**`,
      '–',
      '–',
      '–',
      '–',
      ...QUERY_CLASSES.map(
        (cls) => `p50 ${formatRatio(alike.p50[cls])} / p99 ${formatRatio(alike.p99[cls])}`,
      ),
    ]);
  }
  lines.push(markdownTable(header, rows), '');
  const lede = report.engines.find((e) => e.name === 'Lede');
  if (lede !== undefined) {
    lines.push(
      `Lede's loaded index: ${(lede.heapBytes / 1e6).toFixed(1)} MB JS heap + ${(lede.externalBytes / 1e6).toFixed(1)} MB external; ` +
        `process RSS with it loaded ${(lede.rssWithIndexBytes / 1e6).toFixed(0)} MB (the benchmark process, corpus text included).`,
      '',
    );
  }

  lines.push('Share of queries with at least one hit (what each engine could answer):', '');
  lines.push(
    markdownTable(
      ['Engine', ...QUERY_CLASSES],
      report.engines.map((e) => [
        e.name,
        ...QUERY_CLASSES.map(
          (cls) =>
            `${Math.round(e.hitRate[cls] * 100)}%${e.errors[cls] > 0 ? ` (${e.errors[cls]} errors)` : ''}`,
        ),
      ]),
    ),
    '',
  );

  if (report.http !== null) {
    const { http } = report;
    lines.push(
      `HTTP (\`node dist/server/main.js\` spawned on 127.0.0.1 with its default configuration but the request log and rate limit off, so one process searches on a thread of its own and two do not, autocannon ${http.connections} connections, ${http.seconds} s per target after an untimed warm-up of 1 s and then each query of the mix once; the distinct queries and \`/healthz\` in turns, ${http.rounds} times each, the rows below from the round whose ratio is the median):`,
      '',
    );
    lines.push(
      markdownTable(
        ['Target', 'req/s', 'p50 ms', 'p99 ms', 'mean ms', 'requests', 'non-2xx', 'errors'],
        [
          http.search,
          http.searchNoThread,
          http.searchTwoWorkers,
          http.healthz,
          http.healthzNoThread,
          http.healthzTwoWorkers,
          http.searchRepeated,
          http.searchPage,
          http.articlePage,
        ].map((t) => [
          `\`${t.target}\``,
          Math.round(t.requestsPerSecond).toString(),
          formatMs(t.p50),
          formatMs(t.p99),
          formatMs(t.mean),
          t.total.toString(),
          t.non2xx.toString(),
          t.errors.toString(),
        ]),
      ),
      '',
      `Distinct-query search ÷ healthz: ${percent(http.ratio)} of the req/s on one process, the median of ${http.rounds} rounds (${http.ratios.map(percent).join(', ')}; the result cache answered ${percent(http.cacheHitShare)} of those searches: each of the ${http.distinctQueries.toLocaleString('en-US')} queries, none of them in the warm-up mix, comes back only after all the others); ${percent(http.ratioNoThread)} on one process searching on its main thread (\`LEDE_SEARCH_THREAD=false\`: ${http.ratiosNoThread.map(percent).join(', ')}), ${percent(http.ratioTwoWorkers)} on 2 processes (${http.ratiosTwoWorkers.map(percent).join(', ')}; autocannon shares the same 2 cores). Extra row: the mix of ${http.mixQueries} queries repeated, ${percent(http.repeatedCacheHitShare)} answered by the result cache, ${percent(http.repeatedRatio)} of healthz: a popular search. And the site's results page for distinct queries (\`/search\`, one process: facets, timeline and HTML besides the search), ${percent(http.pageRatio)} of healthz, ${percent(http.pageCacheHitShare)} answered by the result cache; and article pages for distinct articles (the article marked, its related articles), ${percent(http.articleRatio)} of healthz.`,
      '',
    );
  }

  if (report.httpNote !== null) lines.push(`HTTP: ${report.httpNote}.`, '');
  lines.push('Targets:', '');
  lines.push(
    markdownTable(
      ['Target', 'Measured', 'Met'],
      report.targets.map((t) => [t.target, t.measured, t.met === null ? '–' : t.met ? '✓ yes' : '✗ no']),
    ),
    '',
  );
  return lines.join('\n');
}

/** What every engine was asked and how its columns were measured (the same for every corpus). */
export function renderMethod(report: BenchReport): string {
  const lines = ['Query classes (examples from this corpus):', ''];
  for (const cls of QUERY_CLASSES) {
    const examples = report.queries.examples[cls].map((q) => `\`${q}\``).join(', ');
    lines.push(`- **${cls}**: ${QUERY_CLASS_DESCRIPTIONS[cls]}. E.g. ${examples}`);
  }
  lines.push(
    '',
    'Columns: **Build ms** builds the index from the articles in memory (Lede: from the article files, ' +
      `writing the artifact included), the median of up to ${report.queries.builds} builds ` +
      `(no more once an engine's builds have taken ${report.queries.buildBudgetMs / 1000} s)` +
      (report.buildPairs === null
        ? '; '
        : `, except Lede and raw MiniSearch, built in turns ${report.buildPairs.ratios.length} times each ` +
          '(Lede then MiniSearch, MiniSearch then Lede, …) after a first build of each, their build ratio ' +
          `being the median of the pairs' ratios (${report.buildPairs.ratios.map(formatRatio).join(', ')}); ` +
          `the first builds of the process, not in the pairs, took Lede ${formatMs(report.buildPairs.firstBuilds.first)} ms ` +
          `and MiniSearch ${formatMs(report.buildPairs.firstBuilds.second)} ms ` +
          `(${formatRatio(report.buildPairs.firstBuilds.first / report.buildPairs.firstBuilds.second)}); `) +
      '**Size MB** is the serialized index (Lede: the artifact); ' +
      `**Load ms** is the median of up to ${report.queries.loads} cold loads from that file ` +
      `(no more once an engine's loads have taken ${report.queries.loadBudgetMs / 1000} s); ` +
      '**Memory MB** is JS heap + external ' +
      '(Buffers, typed arrays) retained by the loaded index, after a full GC; latencies are per query, ' +
      'in-process, `performance.now()` around one call.',
    '',
    'What each engine was asked, and how its figures were taken:',
    '',
  );
  for (const engine of report.engines) {
    lines.push(`- **${engine.name}**: ${engine.asked}. ${engine.notes.join('; ')}.`);
  }
  lines.push('');
  return lines.join('\n');
}

/** A Markdown table with its columns padded to line up in a terminal too. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** Milliseconds with about three significant digits. */
export function formatMs(ms: number): string {
  if (ms >= 100) return Math.round(ms).toLocaleString('en-US');
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}

function formatRatio(ratio: number | null): string {
  if (ratio === null) return '–';
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}×`;
}

function formatGiB(bytes: number): string {
  return (bytes / 2 ** 30).toFixed(1);
}
