/**
 * `npx tsx bench/benchDiscovery.ts --index PATH`: what the discovery features cost on a built index —
 * search with facets, filters and date sort against a bare search, autocomplete, related articles and
 * spelling suggestions. In-process, warm, each query's time with `performance.now()`.
 *
 * Build the index first, e.g. `npm run index -- --seeds DIR --out /tmp/big.bin`.
 */
import { Command } from 'commander';
import { readArtifact } from '../index/artifact/artifact.ts';
import { SearchEngine } from '../index/search/engine.ts';

const program = new Command('bench-discovery')
  .requiredOption('--index <path>', 'a Lede index artifact')
  .option('--rounds <n>', 'timed passes', (value) => Number(value), 5);

const WORDS = ['said', 'market', 'oil prices', 'government', 'bank rate', 'election', 'company profit'];
const PREFIXES = ['s', 'th', 'gov', 'pres', 'oil pr', 'tony bl', 'gordon', 'bank of', 'new y', 'prime min'];
const TYPOS = ['goverment', 'electon resuts', 'footbal', 'compnay profits', 'Tony Blaire'];

/** p50 and p99 of the per-call milliseconds of `calls`, after one warm-up pass. */
function measure(calls: (() => unknown)[], rounds: number): { p50: number; p99: number } {
  for (const call of calls) call();
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const call of calls) {
      const started = performance.now();
      call();
      times.push(performance.now() - started);
    }
  }
  times.sort((a, b) => a - b);
  const at = (share: number) => times[Math.min(times.length - 1, Math.floor(share * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  const { index, rounds } = program.parse().opts<{ index: string; rounds: number }>();
  const loadStarted = performance.now();
  // The result cache off: each operation is repeated, and what is measured is computing it.
  const engine = new SearchEngine(await readArtifact(index), { resultCacheEntries: 0 });
  const loadMs = performance.now() - loadStarted;
  const firstCompletion = performance.now();
  engine.complete('a', 8);
  const suggesterMs = performance.now() - firstCompletion;
  const sampleIds = sampleArticleIds(engine);
  const topSource = engine.sources()[0]?.name ?? '';
  const rows: [string, { p50: number; p99: number }][] = [
    [
      'search, bare',
      measure(
        WORDS.map((q) => () => engine.search(q)),
        rounds,
      ),
    ],
    [
      'search + facets',
      measure(
        WORDS.map((q) => () => engine.search(q, { facets: true })),
        rounds,
      ),
    ],
    [
      `search + facets + source filter (${topSource})`,
      measure(
        WORDS.map((q) => () => engine.search(q, { facets: true, filters: { sources: [topSource] } })),
        rounds,
      ),
    ],
    [
      'search sorted newest + facets',
      measure(
        WORDS.map((q) => () => engine.search(q, { sort: 'newest', facets: true })),
        rounds,
      ),
    ],
    [
      'search with misspellings (suggestion)',
      measure(
        TYPOS.map((q) => () => engine.search(q)),
        rounds,
      ),
    ],
    [
      'autocomplete (8)',
      measure(
        PREFIXES.map((p) => () => engine.complete(p, 8)),
        rounds,
      ),
    ],
    [
      'related articles (5)',
      measure(
        sampleIds.map((id) => () => engine.related(id)),
        rounds,
      ),
    ],
  ];
  console.log(
    `Index: ${engine.documentCount.toLocaleString('en-US')} articles, loaded in ${loadMs.toFixed(0)} ms; first completion (builds the name index) ${suggesterMs.toFixed(1)} ms.\n`,
  );
  console.log('| Operation | p50 ms | p99 ms |\n| --- | --- | --- |');
  for (const [label, { p50, p99 }] of rows)
    console.log(`| ${label} | ${p50.toFixed(3)} | ${p99.toFixed(3)} |`);
}

/** A hundred article ids: the best matches of words common in news, for the related-articles timing. */
function sampleArticleIds(engine: SearchEngine): string[] {
  return engine.search('said OR year OR new', { limit: 100 }).hits.map((hit) => hit.id);
}

await main();
