/**
 * The load test's query mix: the benchmark's classes (words, phrases, common-word phrases, prefixes, typos, rare words, no-hit,
 * function words alone),
 * which every engine understands, plus the syntax only Lede has and readers use: `OR`, exclusions and
 * field filters. Drawn from the indexed articles with a seeded PRNG, so a re-run sends the same queries.
 */
import type { StoredDocument } from '../index/artifact/documentStore.ts';
import { generateQueries, QUERY_CLASSES } from './benchQueries.ts';
import { hashSeed, Rng } from './benchRandom.ts';

/** The query kinds of the load test, in table order. */
export const LOAD_QUERY_KINDS = [...QUERY_CLASSES, 'or', 'exclusion', 'field'] as const;

/** A kind of query in the load test. */
export type LoadQueryKind = (typeof LOAD_QUERY_KINDS)[number];

/** One query of the mix, in Lede's syntax. */
export interface LoadQuery {
  kind: LoadQueryKind;
  text: string;
}

/** `perKind` queries of each kind (fewer distinct ones on a tiny corpus, then repeated), shuffled. */
export function loadTestQueries(documents: readonly StoredDocument[], perKind: number): LoadQuery[] {
  const articles = documents.map((document) => ({
    id: document.id,
    title: document.title,
    body: document.body,
  }));
  const base = generateQueries(articles, perKind);
  const rng = new Rng(hashSeed(`lede-loadtest:${documents.length}`));
  const words = base.filter((query) => query.cls === 'word').map((query) => query.text);
  const queries: LoadQuery[] = base.map((query) => ({ kind: query.cls, text: query.text }));
  if (words.length > 0) {
    const vocabulary = [...new Set(words.flatMap((text) => text.split(' ')))];
    for (let i = 0; i < perKind; i += 1) {
      queries.push({ kind: 'or', text: `${rng.pick(words)} OR ${rng.pick(words)}` });
      const kept = rng.pick(words);
      // Excluding one of the query's own words would only ever find nothing.
      const others = vocabulary.filter((word) => !kept.split(' ').includes(word));
      if (others.length > 0) queries.push({ kind: 'exclusion', text: `${kept} -${rng.pick(others)}` });
    }
  }
  const filters = fieldFilters(documents, words);
  for (let i = 0; i < perKind && filters.length > 0; i += 1) {
    queries.push({ kind: 'field', text: rng.pick(filters) });
  }
  return rng.shuffle(queries);
}

/** `source:CNN`, `source:"Washington Post"`, `author:Swanson` and `title:word` from the articles. */
function fieldFilters(documents: readonly StoredDocument[], words: readonly string[]): string[] {
  const filters = new Set<string>();
  const quoted = (value: string) => (/\s/.test(value) ? `"${value}"` : value);
  for (const document of documents) {
    if (document.source !== null && document.source.trim() !== '') {
      filters.add(`source:${quoted(document.source.trim())}`);
    }
    for (const author of document.authors) {
      const surname = author.trim().split(/\s+/).at(-1);
      if (surname !== undefined && /^\p{L}+$/u.test(surname)) filters.add(`author:${surname}`);
    }
    const titleWords = new Set(document.title.toLowerCase().match(/\p{L}+/gu) ?? []);
    for (const word of words) {
      const first = word.split(' ')[0] ?? '';
      if (titleWords.has(first)) filters.add(`title:${first}`);
    }
  }
  return [...filters];
}
