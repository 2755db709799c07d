/**
 * `npx tsx bench/evalLosses.ts --dataset DIR [--dataset DIR …]`: where, and why, Lede ranks worse than
 * the reference BM25 (`referenceBm25.ts`). For each collection it builds both engines as
 * `npm run eval` does, runs every judged query, and prints (Markdown, on stdout):
 *
 * - counts over all queries of the suspects of issue #15: how Lede read the query (all words required,
 *   the any-word fallback, common words as a phrase, an error), relevant documents cut because they
 *   lack a required word, queries over 32 clauses or 1,000 characters, repeated words, function words
 *   Lede requires, `OR` read as an operator, `U.S.`/`US`, invisible format characters;
 * - the `--top` queries (default 15) where Lede's nDCG@10 falls furthest below BM25's, each with how it
 *   was read, its relevant documents (rank in Lede and in BM25, the query words each lacks) and Lede's
 *   first results;
 * - for attribution, each query's nDCG@10 under variants that switch one of Lede's ranking features
 *   off through its existing options (proximity, coordination, typo expansion, title boost 1 or 0), and
 *   under BM25 asked as Lede reads the query (each word once; only the first 32 words), with the
 *   collection's mean for each.
 *
 * A diagnostic for people, not a tuning tool: the variants are there to say why a query lost, and
 * nothing here changes how either engine ranks by default.
 */
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { analyze, type Token } from '../index/analyzer.ts';
import { defaultEngineOptions, type EngineOptions, SearchEngine } from '../index/engine.ts';
import { QueryError } from '../index/errors.ts';
import { type Clause, type ParsedQuery, parseQuery } from '../index/queryParser.ts';
import { BeirDatasetError, type JudgedQuery, judgedQueries, readBeirDataset } from './beirDataset.ts';
import type { CorpusArticle } from './corpus.ts';
import { ndcgAtK } from './evalMetrics.ts';
import { buildEvalIndex, RETRIEVE_DEPTH } from './evalRun.ts';
import {
  bm25Terms,
  defaultBm25Parameters,
  LUCENE_ENGLISH_STOP_WORDS,
  ReferenceBm25,
} from './referenceBm25.ts';

/**
 * English function words that Lucene's 33 stop words leave out (`has`, `have`, `its`, `being`, `what`,
 * `which`, `from`, …): NLTK's classic 127-word English stop list minus Lucene's words. Lede requires
 * them like any other word; BM25 gives them a low IDF.
 */
const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers ' +
    'herself it its itself they them their theirs themselves what which who whom this that these those am is ' +
    'are was were be been being have has had having do does did doing a an the and but if or because as until ' +
    'while of at by for with about against between into through during before after above below to from up ' +
    'down in out on off over under again further then once here there when where why how all any both each ' +
    'few more most other some such no nor not only own same so than too very s t can will just don should now'
  )
    .split(' ')
    .filter((word) => !LUCENE_ENGLISH_STOP_WORDS.has(word)),
);

/** Lede with one ranking feature switched off, through its ordinary options. */
const LEDE_VARIANTS: readonly { name: string; overrides: Partial<EngineOptions> }[] = [
  { name: 'no proximity', overrides: { proximityWeight: 0, typedPhraseWeight: 0 } },
  { name: 'no coordination', overrides: { coordinationExponent: 0 } },
  { name: 'no typo expansion', overrides: { fuzzyBelowDocFreq: 0 } },
  { name: 'title boost 1', overrides: { fieldBoosts: { ...defaultEngineOptions.fieldBoosts, title: 1 } } },
  // Untitled documents (MED, NPL) get a title derived from their first sentence; 0 leaves it unscored.
  { name: 'title boost 0', overrides: { fieldBoosts: { ...defaultEngineOptions.fieldBoosts, title: 0 } } },
];

/** BM25 asked the query as Lede reads it, one difference at a time. */
const BM25_VARIANTS: readonly { name: string; rewrite: (text: string) => string }[] = [
  { name: 'each word once', rewrite: eachWordOnce },
  { name: 'first 32 words', rewrite: firstWords },
];

/** The query with every word whose BM25 term was already seen left out: Lede counts a repeat once. */
function eachWordOnce(text: string): string {
  const seen = new Set<string>();
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => {
      const [term] = bm25Terms(word);
      if (term === undefined) return false;
      if (seen.has(term)) return false;
      seen.add(term);
      return true;
    })
    .join(' ');
}

/** The first 32 space-separated pieces that hold a word: Lede's query parser uses no more clauses. */
function firstWords(text: string): string {
  return text
    .split(/\s+/)
    .filter((piece) => analyze(piece).length > 0)
    .slice(0, 32)
    .join(' ');
}

interface LossOptions {
  dataset: string[];
  split: string;
  top: number;
  bm25K1: number;
  bm25B: number;
}

const program = new Command('lede-eval-losses')
  .description('Where Lede ranks worse than the reference BM25 on BEIR-layout datasets, and why.')
  .option('--dataset <dir>', 'BEIR-layout dataset folder (required); repeat it for several', collect, [])
  .option('--split <name>', 'qrels split to evaluate', 'test')
  .option('--top <n>', 'losses listed per collection', positiveInteger, 15)
  .option('--bm25-k1 <n>', "the reference BM25's k1", nonNegative, defaultBm25Parameters.k1)
  .option('--bm25-b <n>', "the reference BM25's b", nonNegative, defaultBm25Parameters.b)
  .showHelpAfterError();

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('expected a number ≥ 0.');
  return n;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1.');
  return n;
}

/** How Lede read a query. */
type Mode = 'all words' | 'any word' | 'common-word phrase' | 'error';

/** A relevant document, where each engine ranked it, and which query clauses it lacks. */
interface RelevantDoc {
  id: string;
  /** 1-based rank in Lede's first 100, or null. */
  ledeRank: number | null;
  /** 1-based rank in BM25's full ranking, or null when it has no query term. */
  bm25Rank: number | null;
  /** Whether Lede matched it at all: known exactly for all-words queries (every page read), else null. */
  matched: boolean | null;
  /** The query's clause groups it has none of (each by its first clause), read from its text. */
  lacking: Clause[];
  groups: number;
}

/** One query's facts, for both the counts and the listing. */
interface QueryFacts {
  query: JudgedQuery;
  mode: Mode;
  parsed: ParsedQuery | null;
  notices: string[];
  total: number;
  ledeNdcg: number;
  bm25Ndcg: number;
  /** nDCG@10 under each of {@link LEDE_VARIANTS} and {@link BM25_VARIANTS}, by name. */
  variants: Map<string, number>;
  /** All words matched only thanks to a typo expansion: without it, Lede falls back to any word. */
  allWordsThroughTypos: boolean;
  /**
   * Relevant documents that have every part of a hyphenated query word, but not side by side: Lede
   * reads `activator-inhibitor` as a phrase and gives them nothing for it, BM25 scores the parts.
   */
  hyphenPartsApart: number;
  ledeTop: string[];
  relevant: RelevantDoc[];
  /** Non-stop query words typed more than once (Lede counts each once, BM25 as often as typed). */
  repeated: string[];
  /** Required words that are function words outside Lucene's list. */
  functionWords: string[];
  truncated: boolean;
  orOperator: boolean;
  excluded: boolean;
  unitedStates: boolean;
  formatCharacters: boolean;
  tooLong: boolean;
}

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<LossOptions>();
  if (options.dataset.length === 0) program.error('error: give at least one --dataset DIR.');
  const parameters = { k1: options.bm25K1, b: options.bm25B };
  for (const dir of options.dataset) {
    let dataset: Awaited<ReturnType<typeof readBeirDataset>>;
    try {
      dataset = await readBeirDataset(path.resolve(dir), options.split);
    } catch (error) {
      if (!(error instanceof BeirDatasetError)) throw error;
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    const { queries } = judgedQueries(dataset);
    console.error(`${dataset.name}: building Lede and BM25 over ${dataset.corpus.length} documents…`);
    const index = await buildEvalIndex(dataset.corpus);
    const engine = new SearchEngine(index.snapshot);
    const variants = LEDE_VARIANTS.map(({ name, overrides }) => ({
      name,
      engine: new SearchEngine(index.snapshot, overrides),
    }));
    const bm25 = new ReferenceBm25(
      dataset.corpus.map((a) => ({ id: a.id, title: a.title, text: a.body })),
      parameters,
    );
    const articles = new Map(dataset.corpus.map((article) => [article.id, article]));
    const toCorpusId = (id: string) => index.corpusIds.get(id) ?? id;
    console.error(`${dataset.name}: running ${queries.length} queries…`);
    const facts = queries.map((query) => queryFacts(query, engine, variants, bm25, articles, toCorpusId));
    console.log(report(dataset.name, facts, articles, options.top, parameters));
  }
}

function queryFacts(
  query: JudgedQuery,
  engine: SearchEngine,
  ledeVariants: readonly { name: string; engine: SearchEngine }[],
  bm25: ReferenceBm25,
  articles: ReadonlyMap<string, CorpusArticle>,
  toCorpusId: (id: string) => string,
): QueryFacts {
  const text = query.text;
  let parsed: ParsedQuery | null = null;
  let mode: Mode = 'error';
  let notices: string[] = [];
  let total = 0;
  let ledeRanking: string[] = [];
  let matchedSet: Set<string> | null = null;
  try {
    parsed = parseQuery(text);
    const result = engine.search(text, { limit: RETRIEVE_DEPTH });
    notices = result.notices;
    total = result.total;
    ledeRanking = result.hits.map((hit) => toCorpusId(hit.id));
    const commonPhrase = notices.some((notice) => notice.startsWith('Searched for the common words'));
    mode = result.fallback ? 'any word' : commonPhrase ? 'common-word phrase' : 'all words';
    if (mode === 'all words') matchedSet = allMatches(engine, text, result.total, toCorpusId);
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    notices = [error.message];
  }
  const bm25Ranking = bm25.search(text).map((hit) => hit.id);
  const variants = new Map<string, number>();
  let allWordsThroughTypos = false;
  for (const variant of ledeVariants) {
    let ranking: string[] = [];
    try {
      const result = variant.engine.search(text, { limit: RETRIEVE_DEPTH });
      ranking = result.hits.map((hit) => toCorpusId(hit.id));
      if (variant.name === 'no typo expansion' && mode === 'all words' && result.fallback) {
        allWordsThroughTypos = true;
      }
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
    }
    variants.set(variant.name, ndcgAtK(ranking, query.judgments, 10));
  }
  for (const variant of BM25_VARIANTS) {
    const ranking = bm25.search(variant.rewrite(text)).map((hit) => hit.id);
    variants.set(`BM25 ${variant.name}`, ndcgAtK(ranking, query.judgments, 10));
  }
  const bm25Ranks = new Map(bm25Ranking.map((id, i) => [id, i + 1]));
  const groups = parsed?.groups ?? [];
  const relevant = [...query.judgments]
    .filter(([, grade]) => grade > 0)
    .map(([id]): RelevantDoc => {
      const article = articles.get(id);
      const lacking = article === undefined ? [] : lackingGroups(article, groups);
      const rank = ledeRanking.indexOf(id);
      return {
        id,
        ledeRank: rank === -1 ? null : rank + 1,
        bm25Rank: bm25Ranks.get(id) ?? null,
        matched: matchedSet === null ? null : matchedSet.has(id),
        lacking,
        groups: groups.length,
      };
    })
    .sort((a, b) => (a.bm25Rank ?? Number.POSITIVE_INFINITY) - (b.bm25Rank ?? Number.POSITIVE_INFINITY));

  const counts = new Map<string, number>();
  for (const token of analyze(text))
    if (!token.stop) counts.set(token.word, (counts.get(token.word) ?? 0) + 1);
  const required = mode === 'all words' ? groups.filter((group) => group.length === 1).flat() : [];
  return {
    query,
    mode,
    parsed,
    notices,
    total,
    ledeNdcg: ndcgAtK(ledeRanking, query.judgments, 10),
    bm25Ndcg: ndcgAtK(bm25Ranking, query.judgments, 10),
    variants,
    allWordsThroughTypos,
    hyphenPartsApart: relevant.filter((r) => {
      const article = articles.get(r.id);
      return article !== undefined && r.lacking.some((clause) => partsApart(article, clause));
    }).length,
    ledeTop: ledeRanking.slice(0, 10),
    relevant,
    repeated: [...counts].filter(([, n]) => n > 1).map(([word]) => word),
    functionWords: required
      .filter((clause) => clause.kind === 'word' && FUNCTION_WORDS.has(clause.word))
      .map((clause) => clause.text),
    truncated: notices.some((notice) => notice.startsWith('Only the first')),
    orOperator: /(^|\s)OR(\s|$)/.test(text),
    excluded: (parsed?.excluded.length ?? 0) > 0,
    unitedStates: /\bU\.S\.|\bUS\b/.test(text),
    formatCharacters: /\p{Cf}/u.test(text),
    tooLong: text.length > 1000,
  };
}

/**
 * Every article an all-words query matches, read page by page, with the near-duplicates listed under
 * each hit (up to the engine's `foldedDuplicates`; the collections here have next to none): enough to
 * tell a relevant document that ranks low from one that was never matched.
 */
function allMatches(
  engine: SearchEngine,
  text: string,
  total: number,
  toCorpusId: (id: string) => string,
): Set<string> {
  const matched = new Set<string>();
  for (let offset = 0; offset < total; offset += RETRIEVE_DEPTH) {
    for (const hit of engine.search(text, { limit: RETRIEVE_DEPTH, offset }).hits) {
      matched.add(toCorpusId(hit.id));
      for (const duplicate of hit.duplicates) matched.add(toCorpusId(duplicate.id));
    }
  }
  return matched;
}

/**
 * The query's clause groups an article has none of, read from its text with Lede's analyzer: a word
 * clause needs its term in the title or the body, a phrase its terms side by side in one of them. Typo
 * expansions are not followed, so a rare word matched through a near spelling shows as lacking.
 */
function lackingGroups(article: CorpusArticle, groups: readonly Clause[][]): Clause[] {
  const fields = [analyze(article.title), analyze(article.body)];
  return groups
    .filter((group) => !group.some((clause) => fields.some((tokens) => hasClause(tokens, clause))))
    .map((group) => group[0])
    .filter((clause) => clause !== undefined);
}

/** A phrase clause whose every term the article has, though never side by side. */
function partsApart(article: CorpusArticle, clause: Clause): boolean {
  if (clause.kind !== 'phrase') return false;
  const terms = new Set([...analyze(article.title), ...analyze(article.body)].map((token) => token.term));
  return clause.terms.every((term, i) => clause.stops[i] === true || terms.has(term));
}

function hasClause(tokens: readonly Token[], clause: Clause): boolean {
  if (clause.kind === 'word') {
    return tokens.some((token) =>
      clause.prefix ? token.word.startsWith(clause.word) : token.term === clause.term,
    );
  }
  const { terms } = clause;
  return tokens.some((_, start) => terms.every((term, i) => tokens[start + i]?.term === term));
}

function report(
  name: string,
  facts: readonly QueryFacts[],
  articles: ReadonlyMap<string, CorpusArticle>,
  top: number,
  parameters: { k1: number; b: number },
): string {
  const lines: string[] = [`## ${name}: Lede against BM25 k1=${parameters.k1} b=${parameters.b}`, ''];
  const count = (test: (f: QueryFacts) => boolean) => facts.filter(test).length;
  const listed = (test: (f: QueryFacts) => boolean) => {
    const matching = facts.filter(test);
    if (matching.length === 0) return '0';
    const each = matching.map(
      (f) => `${f.query.id}: Lede ${f.ledeNdcg.toFixed(3)}, BM25 ${f.bm25Ndcg.toFixed(3)}`,
    );
    return `${matching.length} (${each.join('; ')})`;
  };
  const n = facts.length;
  const byMode = (mode: Mode) => facts.filter((f) => f.mode === mode);
  const allWords = byMode('all words');
  const lower = facts.filter((f) => f.ledeNdcg < f.bm25Ndcg).length;
  const higher = facts.filter((f) => f.ledeNdcg > f.bm25Ndcg).length;
  lines.push(
    `- ${n} queries; nDCG@10 Lede below BM25 on ${lower}, above on ${higher}, equal on ${n - lower - higher}.`,
    `- Lede read ${allWords.length} with all words required, ${byMode('any word').length} with the any-word fallback, ` +
      `${byMode('common-word phrase').length} as a phrase of common words, ${byMode('error').length} not at all (error).`,
  );

  const meanNdcg = (list: readonly QueryFacts[], pick: (f: QueryFacts) => number) =>
    list.reduce((sum, f) => sum + pick(f), 0) / Math.max(1, list.length);
  const fallbacks = byMode('any word');
  lines.push(
    `- Mean nDCG@10 on the ${allWords.length} all-words queries: Lede ${meanNdcg(allWords, (f) => f.ledeNdcg).toFixed(3)}, ` +
      `BM25 ${meanNdcg(allWords, (f) => f.bm25Ndcg).toFixed(3)}; on the ${fallbacks.length} fallback queries: ` +
      `Lede ${meanNdcg(fallbacks, (f) => f.ledeNdcg).toFixed(3)}, BM25 ${meanNdcg(fallbacks, (f) => f.bm25Ndcg).toFixed(3)}. ` +
      `${count((f) => f.allWordsThroughTypos)} all-words queries match all their words only through a typo expansion.`,
  );

  const cutQueries = allWords.filter((f) => f.relevant.some((r) => r.matched === false));
  const cutDocs = allWords.flatMap((f) => f.relevant.filter((r) => r.matched === false));
  const cutOneWord = cutDocs.filter((r) => r.lacking.length === 1).length;
  const cutInBm25Top10 = cutDocs.filter((r) => r.bm25Rank !== null && r.bm25Rank <= 10).length;
  const relevantInAllWords = allWords.reduce((sum, f) => sum + f.relevant.length, 0);
  const lackingFunctionWord = cutDocs.filter((r) =>
    r.lacking.some((clause) => clause.kind === 'word' && FUNCTION_WORDS.has(clause.word)),
  ).length;
  const lackingPhrase = cutDocs.filter((r) => r.lacking.some((clause) => clause.kind === 'phrase')).length;
  const unexplained = cutDocs.filter((r) => r.lacking.length === 0).length;
  lines.push(
    `- All words or nothing: in ${cutQueries.length} of the ${allWords.length} all-words queries, relevant documents ` +
      `lacking a required word were cut (never matched): ${cutDocs.length} of their ${relevantInAllWords} relevant ` +
      `documents; ${cutOneWord} of those lack exactly one word, ${lackingFunctionWord} lack a function word ` +
      `outside Lucene's list, ${lackingPhrase} a hyphenated word read as a phrase` +
      `${unexplained > 0 ? `, ${unexplained} lack none by this check (matched through no clause Lede reports)` : ''}; ` +
      `BM25 ranks ${cutInBm25Top10} of the cut documents in its top 10.`,
  );

  const missedAt100 = facts.flatMap((f) =>
    f.relevant.filter((r) => r.ledeRank === null && r.bm25Rank !== null && r.bm25Rank <= RETRIEVE_DEPTH),
  );
  const missedCut = missedAt100.filter((r) => r.matched === false).length;
  lines.push(
    `- Recall@100: ${missedAt100.length} relevant documents are in BM25's first 100 and not in Lede's; ` +
      `${missedCut} of them were cut by all-words matching, the other ${missedAt100.length - missedCut} matched ` +
      'but ranked below 100 (or, for fallback queries, lacked every word Lede searched).',
  );

  const withFunctionWords = allWords.filter((f) => f.functionWords.length > 0);
  lines.push(
    `- Over 32 clauses (later words dropped): ${listed((f) => f.truncated)}; over 1,000 characters (rejected): ` +
      `${count((f) => f.tooLong)}; a non-stop word typed twice or more (counted once): ${count((f) => f.repeated.length > 0)}.`,
    `- All-words queries requiring a function word outside Lucene's list: ${withFunctionWords.length} ` +
      `(${[...new Set(withFunctionWords.flatMap((f) => f.functionWords.map((w) => w.toLowerCase())))].join(', ') || 'none'}).`,
    `- Query syntax in plain text: uppercase OR read as an operator in ${listed((f) => f.orOperator)}; ` +
      `-word read as an exclusion in ${listed((f) => f.excluded)}; \`U.S.\`/\`US\` in ${listed((f) => f.unitedStates)}; ` +
      `invisible format characters in ${listed((f) => f.formatCharacters)}.`,
    `- Hyphenated query words (read by Lede as phrases): relevant documents with all the parts of one, not side by ` +
      `side, ${facts.reduce((sum, f) => sum + f.hyphenPartsApart, 0)} in ${count((f) => f.hyphenPartsApart > 0)} queries.`,
    '',
  );

  lines.push(`| nDCG@10, mean | ${facts.length} queries |`, '| --- | ---: |');
  const average = (values: readonly number[]) =>
    values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
  lines.push(`| Lede | ${average(facts.map((f) => f.ledeNdcg)).toFixed(4)} |`);
  for (const name of variantNames()) {
    const label = name.startsWith('BM25 ') ? name : `Lede ${name}`;
    lines.push(`| ${label} | ${average(facts.map((f) => f.variants.get(name) ?? 0)).toFixed(4)} |`);
  }
  lines.push(`| BM25 | ${average(facts.map((f) => f.bm25Ndcg)).toFixed(4)} |`, '');

  const losses = facts
    .filter((f) => f.ledeNdcg < f.bm25Ndcg)
    .sort(
      (a, b) => b.bm25Ndcg - b.ledeNdcg - (a.bm25Ndcg - a.ledeNdcg) || a.query.id.localeCompare(b.query.id),
    )
    .slice(0, top);
  lines.push(`### The ${losses.length} largest losses`, '');
  losses.forEach((f, i) => {
    lines.push(...describeLoss(i + 1, f, articles), '');
  });
  return lines.join('\n');
}

function describeLoss(rank: number, f: QueryFacts, articles: ReadonlyMap<string, CorpusArticle>): string[] {
  const tags = [
    f.mode,
    f.allWordsThroughTypos ? 'all words only through a typo expansion' : '',
    f.truncated ? 'truncated at 32 clauses' : '',
    f.orOperator ? 'OR operator' : '',
    f.excluded ? 'exclusion' : '',
    f.repeated.length > 0 ? `repeated: ${f.repeated.join(', ')}` : '',
    f.functionWords.length > 0 ? `requires function words: ${f.functionWords.join(', ')}` : '',
    f.unitedStates ? 'U.S./US' : '',
  ].filter((tag) => tag !== '');
  const relevantIds = new Set(f.relevant.map((r) => r.id));
  const lines = [
    `${rank}. **${f.query.id}** nDCG@10 Lede ${f.ledeNdcg.toFixed(3)}, BM25 ${f.bm25Ndcg.toFixed(3)} ` +
      `(${tags.join('; ')}; ${f.total} results)`,
    `   query: ${f.query.text}`,
  ];
  if (f.parsed !== null) lines.push(`   read as: ${describeGroups(f.parsed)}`);
  const variants = variantNames()
    .filter((name) => !name.endsWith('32 words') || f.truncated)
    .map((name) => `${name} ${(f.variants.get(name) ?? 0).toFixed(3)}`);
  lines.push(`   nDCG@10 with: ${variants.join(' · ')}`);
  for (const notice of f.notices) lines.push(`   notice: ${notice}`);
  for (const r of f.relevant.slice(0, 6)) {
    const state = r.matched === false ? 'cut' : r.ledeRank === null ? 'Lede >100' : `Lede ${r.ledeRank}`;
    // Under the fallback any word will do, so what a document lacks matters less than how much it has.
    const lacks =
      f.mode !== 'all words'
        ? `; has ${r.groups - r.lacking.length}/${r.groups} query words`
        : r.lacking.length === 0
          ? ''
          : `; lacks ${r.lacking.map(clauseName).join(', ')}`;
    lines.push(
      `   relevant ${r.id}: ${state}, BM25 ${r.bm25Rank ?? '—'}${lacks}: ${preview(articles.get(r.id))}`,
    );
  }
  if (f.relevant.length > 6) lines.push(`   … and ${f.relevant.length - 6} more relevant`);
  f.ledeTop.slice(0, 3).forEach((id, i) => {
    const mark = relevantIds.has(id) ? ' (relevant)' : '';
    lines.push(`   Lede ${i + 1}: ${id}${mark}: ${preview(articles.get(id))}`);
  });
  return lines;
}

function variantNames(): string[] {
  return [...LEDE_VARIANTS.map((v) => v.name), ...BM25_VARIANTS.map((v) => `BM25 ${v.name}`)];
}

function clauseName(clause: Clause): string {
  return clause.kind === 'word' ? clause.word : `"${clause.terms.join(' ')}"`;
}

function describeGroups(parsed: ParsedQuery): string {
  const groups = parsed.groups.map((group) =>
    group
      .map((clause) => (clause.kind === 'phrase' ? `"${clause.terms.join(' ')}"` : clause.term))
      .join(' | '),
  );
  const excluded = parsed.excluded.map((clause) => `-${clause.text}`);
  return [...groups, ...excluded].join(' · ');
}

function preview(article: CorpusArticle | undefined): string {
  if (article === undefined) return '(not in the corpus)';
  const text = `${article.title === '' ? '' : `${article.title} — `}${article.body}`.replace(/\s+/g, ' ');
  return text.length > 110 ? `${text.slice(0, 110)}…` : text;
}

await main();
