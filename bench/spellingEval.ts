/**
 * `npm run spelling-eval -- --corpus PATH`: how often "Did you mean" suggests the words a user meant.
 * Builds Lede over the corpus, then takes pairs of neighbouring words from its articles (a word of 3
 * letters or more, then one of 5 or more, neither a common function word), misspells the second with
 * one slip a typist makes (a letter left out, a wrong letter, two neighbouring letters swapped; never
 * the first or last letter), searches the pair and compares the suggestion with the pair as written.
 * Pairs and slips are drawn from a seeded generator, so every run asks the same queries.
 *
 *   npm run spelling-eval -- --corpus PATH [--corpus PATH]... [--pairs N] [--seed N] [--examples N]
 *
 * Prints how many suggestions were the words meant, other words, or none, and examples of the others.
 * A pair whose misspelling is itself a word of the archive is kept: a real query may do that too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { buildIndex } from '../index/build/build.ts';
import { SearchEngine } from '../index/search/engine.ts';
import { Rng } from './benchRandom.ts';
import { positiveInteger } from './cliArguments.ts';
import { combineParts, loadCorpusPart, type NewsArticle, writeCorpus } from './corpora.ts';
import { misspell } from './misspell.ts';

interface SpellingEvalOptions {
  corpus: string[];
  pairs: number;
  seed: number;
  examples: number;
}

/** One misspelt query and what was suggested for it. */
export interface SpellingOutcome {
  query: string;
  meant: string;
  suggested: string | null;
}

/** Words too common to be worth misspelling in a test: a user rarely types them wrong and alone. */
const FUNCTION_WORDS = new Set(
  (
    'the of and to in a for on that is was with said by at from as it be has have he will its are an ' +
    'were would which this but not had been they also their more than after his who mr about over into ' +
    'up out there what when where while these those other could should'
  ).split(' '),
);

/** Misspelt pairs of neighbouring words from `articles`, `count` of them (fewer when none can be found). */
export function misspeltPairs(
  articles: readonly NewsArticle[],
  count: number,
  rng: Rng,
): { query: string; meant: string }[] {
  const pairs: { query: string; meant: string }[] = [];
  for (let attempt = 0; pairs.length < count && attempt < count * 100; attempt += 1) {
    const words =
      rng
        .pick(articles)
        .body.toLowerCase()
        .match(/[a-z]+/g) ?? [];
    if (words.length < 2) continue;
    const at = rng.int(words.length - 1);
    const first = words[at] ?? '';
    const second = words[at + 1] ?? '';
    if (first.length < 3 || second.length < 5 || FUNCTION_WORDS.has(first) || FUNCTION_WORDS.has(second)) {
      continue;
    }
    const slipped = misspell(second, rng);
    if (slipped !== null) pairs.push({ query: `${first} ${slipped}`, meant: `${first} ${second}` });
  }
  return pairs;
}

/** The suggestion Lede makes for each misspelt pair. */
export function suggestionsFor(
  engine: SearchEngine,
  pairs: readonly { query: string; meant: string }[],
): SpellingOutcome[] {
  return pairs.map(({ query, meant }) => ({
    query,
    meant,
    suggested: engine.search(query, { limit: 1 }).suggestion?.query ?? null,
  }));
}

async function main(): Promise<void> {
  const options = new Command('lede-spelling-eval')
    .description('How often "Did you mean" suggests the words meant, for misspelt pairs of words.')
    .requiredOption('--corpus <path...>', 'a corpus (as npm run bench takes them); repeat for several')
    .option('--pairs <n>', 'misspelt pairs to ask', positiveInteger, 400)
    .option('--seed <n>', 'seed of the pairs and slips', positiveInteger, 7)
    .option('--examples <n>', 'wrong suggestions to print', positiveInteger, 20)
    .showHelpAfterError()
    .parse()
    .opts<SpellingEvalOptions>();
  const parts = [];
  for (const corpusPath of options.corpus) parts.push(await loadCorpusPart(corpusPath));
  const corpus = combineParts(parts);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'lede-spelling-'));
  try {
    const corpusDir = path.join(workDir, 'articles');
    await writeCorpus(corpus, corpusDir);
    const report = await buildIndex({
      seedsDir: corpusDir,
      outPath: path.join(workDir, 'lede-index.bin'),
      full: true,
    });
    const engine = new SearchEngine(report.snapshot, { resultCacheEntries: 0 });
    const outcomes = suggestionsFor(
      engine,
      misspeltPairs(corpus.articles, options.pairs, new Rng(options.seed)),
    );
    const right = outcomes.filter((o) => o.suggested === o.meant).length;
    const none = outcomes.filter((o) => o.suggested === null).length;
    const wrong = outcomes.filter((o) => o.suggested !== null && o.suggested !== o.meant);
    console.log(
      `${corpus.articles.length.toLocaleString('en-US')} articles, ${outcomes.length} misspelt pairs (seed ${options.seed}): ` +
        `${right} suggested as meant, ${wrong.length} suggested otherwise, ${none} without a suggestion`,
    );
    for (const { query, meant, suggested } of wrong.slice(0, options.examples)) {
      console.log(`  ${query} → ${suggested} (meant: ${meant})`);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
