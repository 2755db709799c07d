/**
 * Phrase extraction and suggestion on real corpora: how long extraction takes at build time, how many
 * names it keeps, how long the suggester takes to rebuild at load, and how long one call takes.
 *
 *   npx tsx bench/benchNames.ts [--corpus PATH]... [--top N]
 *   npx tsx bench/benchNames.ts --corpus ../shared/corpora/bbc/bbc --corpus ../shared/corpora/reuters21578
 *
 * Each `--corpus` (default: `seeds/`) is measured alone and, when there are several, all together.
 * Articles are cleaned as the build cleans them (headline on the first line) before the clock starts.
 */
import { parseArgs } from 'node:util';
import { extractNames, type NameEntry } from '../index/analysis/names.ts';
import { decodeNames, encodeNames } from '../index/artifact/namesCodec.ts';
import { DEFAULT_SEEDS_DIR } from '../index/paths.ts';
import { NameSuggester } from '../index/search/nameSuggester.ts';
import { cleanArticle } from '../index/sources/cleaning.ts';
import { latencyStats, median, timed } from './benchMeasure.ts';
import { Rng } from './benchRandom.ts';
import { type CorpusPart, loadCorpusPart } from './corpora.ts';

/** Timed repetitions of extraction and of suggester construction (median reported). */
const EXTRACTION_RUNS = 3;
const CONSTRUCTION_RUNS = 7;
/** Prefixes typed per length 1–6, and the suggestions asked for each. */
const PREFIXES_PER_LENGTH = 100;
const SUGGESTION_LIMIT = 8;

/** Prefixes as a user types them: the start of a name's word (any word), in the name's own case. */
function typedPrefixes(texts: readonly string[]): string[] {
  const random = new Rng(42);
  const prefixes: string[] = [];
  for (let length = 1; length <= 6; length += 1) {
    for (let i = 0; i < PREFIXES_PER_LENGTH; i += 1) {
      const text = texts[random.int(texts.length)] ?? '';
      const words = text.split(' ');
      const from = words.slice(random.int(words.length)).join(' ');
      prefixes.push(from.slice(0, length));
    }
  }
  return prefixes;
}

function documentsOf(parts: readonly CorpusPart[]): { title: string; body: string }[] {
  return parts.flatMap((part) =>
    part.articles.map((article) => cleanArticle(`${article.title}\n\n${article.body}\n`, 'text')),
  );
}

async function measure(name: string, parts: readonly CorpusPart[], top: number): Promise<void> {
  const documents = documentsOf(parts);
  const extractionMs: number[] = [];
  let names: NameEntry[] = [];
  for (let run = 0; run < EXTRACTION_RUNS; run += 1) {
    const { value, ms } = await timed(() => extractNames(documents));
    names = value;
    extractionMs.push(ms);
  }
  const encoded = encodeNames(names);
  const decodeMs: number[] = [];
  const constructionMs: number[] = [];
  let suggester = new NameSuggester([]);
  // The first construction runs cold, as at index load; the later ones show the warm cost.
  for (let run = 0; run < CONSTRUCTION_RUNS; run += 1) {
    const decoded = await timed(() => decodeNames(encoded));
    decodeMs.push(decoded.ms);
    const built = await timed(() => new NameSuggester(decoded.value));
    suggester = built.value;
    constructionMs.push(built.ms);
  }
  const prefixes = typedPrefixes(names.map((name) => name.text));
  for (const prefix of prefixes) suggester.suggest(prefix, SUGGESTION_LIMIT);
  const callMs: number[] = [];
  const callMsByLength = new Map<number, number[]>();
  for (const prefix of prefixes) {
    const started = performance.now();
    suggester.suggest(prefix, SUGGESTION_LIMIT);
    const ms = performance.now() - started;
    callMs.push(ms);
    const byLength = callMsByLength.get(prefix.length) ?? [];
    byLength.push(ms);
    callMsByLength.set(prefix.length, byLength);
  }
  const microseconds = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;
  const calls = latencyStats(callMs);

  console.log(`## ${name}: ${documents.length} articles`);
  console.log(`extraction: median ${median(extractionMs).toFixed(0)} ms of ${EXTRACTION_RUNS} runs`);
  console.log(`names kept: ${names.length}; encoded ${(encoded.length / 1024).toFixed(0)} KiB`);
  console.log(
    `decodeNames: first ${(decodeMs[0] ?? 0).toFixed(1)} ms, median ${median(decodeMs).toFixed(1)} ms`,
  );
  console.log(
    `new NameSuggester: first (cold) ${(constructionMs[0] ?? 0).toFixed(1)} ms, median ${median(constructionMs).toFixed(1)} ms`,
  );
  console.log(
    `suggest(prefix, ${SUGGESTION_LIMIT}) over ${calls.count} prefixes of 1–6 characters: p50 ${microseconds(calls.p50)}, p99 ${microseconds(calls.p99)}, max ${microseconds(calls.max)}`,
  );
  for (const [length, timings] of [...callMsByLength].sort(([a], [b]) => a - b)) {
    const stats = latencyStats(timings);
    console.log(`  ${length} character(s): p50 ${microseconds(stats.p50)}, p99 ${microseconds(stats.p99)}`);
  }
  console.log(`top ${top}:`);
  for (const name of names.slice(0, top)) console.log(`  ${name.docFreq}\t${name.text}`);
  for (const prefix of ['s', 'lig', 'tony b', 'blair', 'bank of', 'exch']) {
    const texts = suggester.suggest(prefix, 5).map((entry) => entry.text);
    console.log(`  suggest(${JSON.stringify(prefix)}) → ${texts.join(' | ')}`);
  }
  console.log('');
}

const { values } = parseArgs({
  options: { corpus: { type: 'string', multiple: true }, top: { type: 'string', default: '30' } },
});
const corpora = values.corpus ?? [DEFAULT_SEEDS_DIR];
const top = Number(values.top);
const parts = await Promise.all(corpora.map((corpusPath) => loadCorpusPart(corpusPath)));
for (const part of parts) await measure(part.name, [part], top);
if (parts.length > 1) await measure(parts.map((part) => part.name).join('+'), parts, top);
