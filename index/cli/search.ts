/**
 * `npm run search -- "March 1 deadline"`: searches the index from a terminal.
 *
 *   npm run search -- [--index PATH] [--limit N] [--offset N] [--source S]… [--author A]…
 *                     [--from DATE] [--to DATE] [--sort relevance|newest|oldest] [--json] [--explain]
 *                     <query…>
 *
 * Matches are shown in colour on a terminal and plain otherwise; `--json` prints what the JSON API
 * returns. Exit codes: 0 (also when nothing matches), 1 no usable index, 2 a query that cannot run.
 */
import path from 'node:path';
import { styleText } from 'node:util';
import { Command, InvalidArgumentError } from 'commander';
import { readArtifact } from '../artifact/artifact.ts';
import { IndexError, QueryError } from '../errors.ts';
import { FACET_FIELDS, facetField, facetOf, perFacet } from '../fields.ts';
import { DEFAULT_INDEX_PATH } from '../paths.ts';
import { searchJson } from '../render/searchJson.ts';
import { SearchEngine } from '../search/engine.ts';
import {
  type Explanation,
  type ScorePart,
  type SearchHit,
  type SearchResult,
  SORT_ORDERS,
  type SortOrder,
} from '../search/results.ts';
import type { MarkedText } from '../search/snippets.ts';

interface SearchCommandOptions {
  index: string;
  limit: number;
  offset: number;
  /** Each facet's values (`--source CNN`), under its parameter name (fields.ts). */
  [parameter: string]: unknown;
  from?: string;
  to?: string;
  sort: SortOrder;
  json: boolean;
  explain: boolean;
}

const program = new Command('lede-search')
  .description('Search the Lede index. Quote phrases: npm run search -- \'"March 1 deadline"\'')
  .argument('<query...>', 'words, "phrases", -excluded, OR, prefix*, title:/source:/author: fields')
  .option('--index <path>', 'index artifact to search', DEFAULT_INDEX_PATH)
  .option('--limit <n>', 'results to show (1-100)', positiveInteger(1, 100), 10)
  .option('--offset <n>', 'results to skip', positiveInteger(0, Number.MAX_SAFE_INTEGER), 0)
  .option('--from <date>', 'only articles dated on or after YYYY, YYYY-MM or YYYY-MM-DD')
  .option('--to <date>', 'only articles dated on or before YYYY, YYYY-MM or YYYY-MM-DD')
  .option('--sort <order>', `${SORT_ORDERS.join(', ')}`, sortOrder, 'relevance')
  .option('--json', 'print the result as JSON, as the API returns it', false)
  .option('--explain', 'show why each result ranks where it does: its tier and the parts of its score', false)
  .showHelpAfterError();

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

// A filter option for every facet of the field registry: --source, --author…
for (const field of FACET_FIELDS) {
  const { parameter, filterLabel } = facetOf(field);
  program.option(
    `--${parameter} <value>`,
    `only articles whose ${filterLabel.toLowerCase()} is this (repeat for several)`,
    collect,
    [],
  );
}

function sortOrder(value: string): SortOrder {
  const order = SORT_ORDERS.find((candidate) => candidate === value);
  if (order === undefined) throw new InvalidArgumentError(`expected one of ${SORT_ORDERS.join(', ')}.`);
  return order;
}

function positiveInteger(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    return n;
  };
}

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<SearchCommandOptions>();
  const query = (program.args as string[]).join(' ');
  let engine: SearchEngine;
  try {
    engine = new SearchEngine(await readArtifact(path.resolve(options.index)));
  } catch (error) {
    if (!(error instanceof IndexError)) throw error;
    console.error(`${styleText('red', 'error:')} ${error.message}`);
    process.exitCode = 1;
    return;
  }
  let result: SearchResult;
  try {
    result = engine.search(query, {
      limit: options.limit,
      offset: options.offset,
      filters: {
        ...perFacet((key) => options[facetOf(facetField(key)).parameter] as string[]),
        from: options.from,
        to: options.to,
      },
      sort: options.sort,
      explain: options.explain,
      // --json prints what /api/search answers, facets included.
      facets: options.json,
    });
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    console.error(`${styleText('red', 'error:')} ${error.message}`);
    process.exitCode = 2;
    return;
  }
  if (options.json) {
    const page = Math.floor(options.offset / options.limit) + 1;
    const json = searchJson(result, { q: query, page, perPage: options.limit, explain: options.explain });
    console.log(JSON.stringify(json, null, 2));
    return;
  }
  console.log(formatResult(result, process.stdout.isTTY === true));
}

function formatResult(result: SearchResult, color: boolean): string {
  const lines: string[] = [];
  for (const notice of result.notices) lines.push(paint(color, 'yellow', notice));
  if (result.suggestion !== null)
    lines.push(`Did you mean: ${paint(color, 'bold', result.suggestion.query)}`);
  if (result.total === 0) {
    // Say which filters are on: with them, "nothing matches" may mean "nothing matches here".
    const { sources, authors, from, to } = result.filters;
    const filters = [
      ...sources.map((source) => `source ${source}`),
      ...authors.map((author) => `author ${author}`),
      ...(from === null ? [] : [`from ${from}`]),
      ...(to === null ? [] : [`to ${to}`]),
    ];
    const within = filters.length === 0 ? '' : ` with these filters: ${filters.join(', ')}`;
    lines.push(`No articles match ${result.query}${within}.`);
    return lines.join('\n');
  }
  const folded = result.articles === result.total ? '' : `, ${result.articles} articles with near-duplicates`;
  const complete =
    result.allWords > 0 && result.allWords < result.total ? `, ${result.allWords} with every word` : '';
  lines.push(
    `${result.total} ${result.total === 1 ? 'result' : 'results'}${folded}${complete} (${result.tookMs} ms)`,
    '',
  );
  result.hits.forEach((hit, i) => {
    lines.push(...formatHit(hit, i + 1, color), '');
  });
  return lines.join('\n').trimEnd();
}

function formatHit(hit: SearchHit, rank: number, color: boolean): string[] {
  const byline = [hit.source, hit.authors.join(', '), hit.date ?? hit.dateText, `score ${hit.score}`, hit.id]
    .filter((part) => part !== null && part !== '')
    .join(' · ');
  return [
    `${rank}. ${paint(color, 'bold', hit.title)}`,
    `   ${paint(color, 'dim', byline)}`,
    `   ${terminalMarks(hit.snippet, color)}`,
    ...hit.duplicates.map(
      (duplicate) => `   ${paint(color, 'dim', `≈ same story: ${duplicate.title} · ${duplicate.id}`)}`,
    ),
    ...(hit.duplicateCount > hit.duplicates.length
      ? [`   ${paint(color, 'dim', `≈ and ${hit.duplicateCount - hit.duplicates.length} more versions`)}`]
      : []),
    ...(hit.explanation === undefined ? [] : formatExplanation(hit.explanation, color)),
  ];
}

/** `--explain`: the hit's tier and the parts of its score, one a line, adding up to the score. */
function formatExplanation(explanation: Explanation, color: boolean): string[] {
  const tier =
    explanation.tier === 'all words'
      ? 'every word of the query'
      : `some words: has ${explanation.matched.join(', ')}; lacks ${explanation.missing.join(', ')}`;
  const describe = (part: ScorePart): string => {
    switch (part.kind) {
      case 'term':
        return `${part.term} in ${part.field} (for ${part.clause})`;
      case 'phrase':
        return `phrase of common words ${part.clause}`;
      case 'coordination':
        return `coordination: ${(part.share * 100).toFixed(0)}% of the query's weight matched`;
      case 'proximity':
        return `proximity: ${(part.pairs * 100).toFixed(0)}% of word pairs adjacent${part.wholePhrase ? ', all as typed' : ''}`;
    }
  };
  return [
    `   ${paint(color, 'dim', `why: ${tier}`)}`,
    ...explanation.parts.map((part) =>
      paint(color, 'dim', `     ${signed(part.value).padStart(9)}  ${describe(part)}`),
    ),
    `   ${paint(color, 'dim', `  = ${explanation.score.toFixed(3).padStart(9)}`)}`,
  ];
}

/** `+0.839`, `-0.285`: a score part with its sign. */
function signed(value: number): string {
  return `${value < 0 ? '-' : '+'}${Math.abs(value).toFixed(3)}`;
}

/** A snippet as terminal text: its marks in bold yellow on a colour terminal, plain otherwise. */
function terminalMarks(marked: MarkedText, color: boolean): string {
  if (!color) return marked.text;
  let out = '';
  let cursor = 0;
  for (const mark of marked.marks) {
    out +=
      marked.text.slice(cursor, mark.start) +
      styleText(['bold', 'yellow'], marked.text.slice(mark.start, mark.end));
    cursor = mark.end;
  }
  return out + marked.text.slice(cursor);
}

function paint(color: boolean, style: Parameters<typeof styleText>[0], text: string): string {
  return color ? styleText(style, text) : text;
}

await main();
