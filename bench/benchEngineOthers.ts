/**
 * The competitors behind the benchmark interface, each with its documented defaults: raw MiniSearch
 * (Lede's own index library, bare), Lunr, Orama and FlexSearch. Each indexes `title` and `text` of the
 * same articles Lede reads, and gets the query with Lede's `"` and `*` removed where it lacks them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  create,
  insertMultiple,
  load as oramaLoad,
  save as oramaSave,
  search as oramaSearch,
} from '@orama/orama';
import { Document as FlexDocumentIndex, type Id as FlexId } from 'flexsearch';
import lunr from 'lunr';
import MiniSearch from 'minisearch';
import { type EngineAdapter, MINISEARCH_ALIKE } from './benchEngines.ts';
import { stripSyntax } from './benchQueries.ts';
import type { NewsArticle } from './corpora.ts';

/** A document as the competitors index it. */
interface PlainDocument {
  id: number;
  title: string;
  text: string;
  // FlexSearch's document type wants an index signature; the others do not mind one.
  [key: string]: string | number;
}

function plainDocuments(articles: readonly NewsArticle[]): PlainDocument[] {
  return articles.map((article, id) => ({ id, title: article.title, text: article.body }));
}

const MINISEARCH_OPTIONS = { fields: ['title', 'text'] };

function buildMiniSearch(articles: readonly NewsArticle[]): MiniSearch<PlainDocument> {
  const index = new MiniSearch<PlainDocument>(MINISEARCH_OPTIONS);
  index.addAll(plainDocuments(articles));
  return index;
}

/** Raw MiniSearch: default options, `addAll`, bare `search(q)` (OR of terms, no prefix, no fuzzy). */
export function miniSearchEngine(workDir: string): EngineAdapter {
  const file = path.join(workDir, 'minisearch.json');
  let index: MiniSearch<PlainDocument> | null = null;
  return {
    name: 'MiniSearch',
    asked:
      'query with `"` and `*` stripped; `search(q)` with default options (OR, no prefix, no fuzzy), all results',
    notes: ['size = `JSON.stringify(index)`; load = read file + `MiniSearch.loadJSON`'],
    async build(articles) {
      index = buildMiniSearch(articles);
    },
    async save() {
      const json = JSON.stringify(index);
      await writeFile(file, json);
      return Buffer.byteLength(json);
    },
    async load() {
      index = null;
      index = MiniSearch.loadJSON<PlainDocument>(await readFile(file, 'utf8'), MINISEARCH_OPTIONS);
    },
    search(query) {
      if (index === null) throw new Error('MiniSearch: search before build');
      return index.search(stripSyntax(query.text)).length;
    },
    release() {
      index = null;
    },
  };
}

/**
 * Raw MiniSearch asked for the matching Lede does per class, so those classes compare like for like:
 * prefix search for `prefix*` queries, fuzzy search (MiniSearch's documented 0.2) for typo and no-hit
 * queries, where Lede looks for near spellings of unknown words; bare `search(q)` for the others.
 */
export function miniSearchAlikeEngine(): EngineAdapter {
  let index: MiniSearch<PlainDocument> | null = null;
  return {
    name: MINISEARCH_ALIKE,
    asked:
      'query with `"` and `*` stripped; `search(q, { prefix: true })` for prefix queries, `search(q, { fuzzy: 0.2 })` for typo and nohit queries, `search(q)` otherwise; all results',
    notes: ['the same index as MiniSearch, built again; not saved or loaded'],
    async build(articles) {
      index = buildMiniSearch(articles);
    },
    search(query) {
      if (index === null) throw new Error('MiniSearch: search before build');
      const options =
        query.cls === 'prefix'
          ? { prefix: true }
          : query.cls === 'typo' || query.cls === 'nohit'
            ? { fuzzy: 0.2 }
            : {};
      return index.search(stripSyntax(query.text), options).length;
    },
    release() {
      index = null;
    },
  };
}

/** Lunr: default pipeline (stemmer, stop words); its own query syntax keeps `prefix*`. */
export function lunrEngine(workDir: string): EngineAdapter {
  const file = path.join(workDir, 'lunr.json');
  let index: lunr.Index | null = null;
  return {
    name: 'Lunr',
    asked: 'query with `"` stripped, `*` kept (Lunr wildcard); `idx.search(q)`, all results',
    notes: ['size = `JSON.stringify(index)`; load = read file + `lunr.Index.load`'],
    async build(articles) {
      const documents = plainDocuments(articles);
      index = lunr((builder) => {
        builder.ref('id');
        builder.field('title');
        builder.field('text');
        for (const document of documents) builder.add(document);
      });
    },
    async save() {
      const json = JSON.stringify(index);
      await writeFile(file, json);
      return Buffer.byteLength(json);
    },
    async load() {
      index = null;
      index = lunr.Index.load(JSON.parse(await readFile(file, 'utf8')) as object);
    },
    search(query) {
      if (index === null) throw new Error('Lunr: search before build');
      return index.search(query.text.replace(/"/g, '').trim()).length;
    },
    release() {
      index = null;
    },
  };
}

const ORAMA_SCHEMA = { title: 'string', text: 'string' } as const;

function createOrama() {
  return create({ schema: ORAMA_SCHEMA });
}

/** Orama: `create` + `insertMultiple`, `search({ term, limit: 10 })` with default tolerance. */
export function oramaEngine(workDir: string): EngineAdapter {
  const file = path.join(workDir, 'orama.json');
  let db: ReturnType<typeof createOrama> | null = null;
  return {
    name: 'Orama',
    asked:
      'query with `"` and `*` stripped; `search(db, { term, limit: 10 })` (default: all properties, tolerance 0, prefix matching on)',
    notes: ['size = `JSON.stringify(save(db))`; load = read file + `create` + `load(db, raw)`'],
    async build(articles) {
      db = createOrama();
      await insertMultiple(
        db,
        articles.map((article) => ({ title: article.title, text: article.body })),
      );
    },
    async save() {
      if (db === null) throw new Error('Orama: save before build');
      const json = JSON.stringify(oramaSave(db));
      await writeFile(file, json);
      return Buffer.byteLength(json);
    },
    async load() {
      db = null;
      const raw = JSON.parse(await readFile(file, 'utf8')) as Parameters<typeof oramaLoad>[1];
      const fresh = createOrama();
      oramaLoad(fresh, raw);
      db = fresh;
    },
    search(query) {
      if (db === null) throw new Error('Orama: search before build');
      // Synchronous without async hooks; a promise (should a plugin add one) is awaited by the timer.
      const results = oramaSearch(db, { term: stripSyntax(query.text), limit: 10 });
      return results instanceof Promise ? results.then((r) => r.count) : results.count;
    },
    release() {
      db = null;
    },
  };
}

type FlexDocument = FlexDocumentIndex<PlainDocument>;

function createFlexSearch(): FlexDocument {
  return new FlexDocumentIndex<PlainDocument>({ document: { id: 'id', index: ['title', 'text'] } });
}

/** FlexSearch: a Document index over title and text with default options, `search(q, { limit: 10 })`. */
export function flexSearchEngine(workDir: string): EngineAdapter {
  const file = path.join(workDir, 'flexsearch.json');
  let index: FlexDocument | null = null;
  return {
    name: 'FlexSearch',
    asked:
      'query with `"` and `*` stripped; `search(q, { limit: 10 })` per field (default tokenizer: whole words)',
    notes: ['size = sum of `export` chunks; load = read file + `new Document` + `import` of each chunk'],
    async build(articles) {
      index = createFlexSearch();
      for (const document of plainDocuments(articles)) index.add(document);
    },
    async save() {
      if (index === null) throw new Error('FlexSearch: save before build');
      const chunks: [string, string][] = [];
      // The handler form without a returned promise exports synchronously.
      index.export((key: string, data: string) => {
        chunks.push([key, data]);
      });
      const json = JSON.stringify(chunks);
      await writeFile(file, json);
      return chunks.reduce((sum, [key, data]) => sum + Buffer.byteLength(key) + Buffer.byteLength(data), 0);
    },
    async load() {
      index = null;
      const chunks = JSON.parse(await readFile(file, 'utf8')) as [string, string][];
      const fresh = createFlexSearch();
      for (const [key, data] of chunks) fresh.import(key, data);
      index = fresh;
    },
    search(query) {
      if (index === null) throw new Error('FlexSearch: search before build');
      const perField = index.search(stripSyntax(query.text), { limit: 10 });
      const ids = new Set<FlexId>();
      for (const field of perField) for (const id of field.result) ids.add(id);
      return ids.size;
    },
    release() {
      index = null;
    },
  };
}
