/**
 * The index as data: what a build produces, what the artifact stores and what the engine searches.
 * A snapshot is immutable once assembled; rebuilding makes a new one.
 *
 * It holds MiniSearch's inverted index (terms → documents, for BM25) as compact postings, and each
 * document's words in order per field ("token streams", as word ids). Phrase matching and proximity
 * read those streams instead of re-analyzing article text, and a lexicon of folded words serves prefix
 * and typo expansion.
 */
import MiniSearch, { type Options } from 'minisearch';
import { STOP_WORDS, stemWord } from './analyzer.ts';
import type { CleanedArticle } from './article.ts';
import { DocumentStore } from './documentStore.ts';
import { findDuplicateGroups } from './duplicates.ts';
import { FIELD_INDEX, SEARCH_FIELDS } from './fields.ts';
import { extractPhrases, type PhraseEntry } from './phrases.ts';
import { type Postings, postingsFromMiniSearch } from './postings.ts';

/** Bumped whenever analysis changes, so an incremental build never reuses streams made differently. */
export const ANALYZER_VERSION = 2;

/** An article as stored in the index: cleaned text and metadata plus where it came from. */
export interface StoredDocument extends CleanedArticle {
  /** The file name without extension (`000_f4e733550bd64f5d`); unique in an index. */
  id: string;
  /** Path below the seeds folder, `/`-separated. */
  relativePath: string;
  /** SHA-256 of the file (and sidecar) bytes it was built from. */
  contentHash: string;
}

/** What a build records about itself; stored in the artifact header and shown by `/healthz`. */
export interface Manifest {
  documentCount: number;
  /** ISO timestamp of the end of the build. */
  builtAt: string;
  buildMs: number;
  analyzerVersion: number;
  termCount: number;
  wordCount: number;
  /** Content hash and id per source file, keyed by its path below the seeds folder. */
  files: Record<string, { id: string; contentHash: string }>;
}

/** One field's tokens as the analyzer found them: folded words and where each stands in the text. */
export interface FieldTokens {
  words: string[];
  /** UTF-16 offset of each word in the field's text. */
  starts: number[];
  /** UTF-16 length of each word as written. */
  lengths: number[];
}

/** An analyzed document on its way into a snapshot: the tokens of each field, in order. */
export interface AnalyzedDocument {
  document: StoredDocument;
  /** One entry per field of {@link SEARCH_FIELDS}, stop words included. */
  fields: FieldTokens[];
}

/** A complete, immutable index. */
export interface IndexSnapshot {
  manifest: Manifest;
  documents: DocumentStore;
  /** Term id → index term (stemmed). */
  terms: string[];
  /** Word id → folded word, sorted, so a prefix is a contiguous range. */
  words: string[];
  /** Word id → term id. */
  wordTerm: Uint32Array;
  /** Word id → number of documents containing the word. */
  wordDocFreq: Uint32Array;
  /** Where each (document, field) stream starts in `streams`: entry `doc * fields + field`; one extra end entry. */
  streamOffsets: Uint32Array;
  /** All token streams, concatenated, as word ids. */
  streams: Uint32Array;
  /** For each entry of `streams`, where the word starts in its field's text, so snippets need no re-analysis. */
  tokenStarts: Uint32Array;
  /** For each entry of `streams`, the word's length as written (capped at 65,535). */
  tokenLengths: Uint16Array;
  /** MiniSearch's index of the ranked (non-stop) terms, by term id. */
  postings: Postings;
  /**
   * Near-duplicate group of each document: -1 when it has none, else the index of the group's first
   * document, so documents with the same number carry the same story.
   */
  duplicateGroups: Int32Array;
  /** Known multi-word names (`Robert Lighthizer`) with their document counts, for autocomplete. */
  phrases: PhraseEntry[];
}

/** What MiniSearch indexes per document: numeric id and each field's ranked terms joined by spaces. */
interface MiniSearchDocument {
  id: number;
  title: string;
  body: string;
  source: string;
  authors: string;
}

/**
 * MiniSearch receives terms already produced by the analyzer, so its own tokenizer only splits on
 * the spaces we joined them with, and its term processing is the identity. This keeps one analyzer.
 */
const miniSearchOptions: Options<MiniSearchDocument> = {
  fields: [...SEARCH_FIELDS],
  idField: 'id',
  tokenize: (text: string): string[] => (text === '' ? [] : text.split(' ')),
  processTerm: (term: string): string => term,
  autoVacuum: false,
};

function createMiniSearch(): MiniSearch<MiniSearchDocument> {
  return new MiniSearch<MiniSearchDocument>(miniSearchOptions);
}

/**
 * Assembles a snapshot from analyzed documents (in the order given, which becomes the document
 * order). Pure apart from the timestamp the caller passes in the manifest fields.
 */
export function assembleSnapshot(
  analyzed: readonly AnalyzedDocument[],
  build: { builtAt: string; buildMs: number },
  phrases?: PhraseEntry[],
): IndexSnapshot {
  const unique = new Set<string>();
  for (const doc of analyzed)
    for (const field of doc.fields) for (const word of field.words) unique.add(word);
  const wordList = [...unique].sort();
  const wordIds = new Map(wordList.map((word, id) => [word, id]));
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const wordTerm = new Uint32Array(wordList.length);
  const stopWord = new Uint8Array(wordList.length);
  wordList.forEach((word, wordId) => {
    const term = stemWord(word);
    let termId = termIds.get(term);
    if (termId === undefined) {
      termId = terms.length;
      terms.push(term);
      termIds.set(term, termId);
    }
    wordTerm[wordId] = termId;
    stopWord[wordId] = STOP_WORDS.has(word) ? 1 : 0;
  });

  const fieldCount = SEARCH_FIELDS.length;
  const totalTokens = analyzed.reduce(
    (sum, doc) => sum + doc.fields.reduce((s, f) => s + f.words.length, 0),
    0,
  );
  const streams = new Uint32Array(totalTokens);
  const tokenStarts = new Uint32Array(totalTokens);
  const tokenLengths = new Uint16Array(totalTokens);
  const streamOffsets = new Uint32Array(analyzed.length * fieldCount + 1);
  const wordDocFreq = new Uint32Array(wordList.length);
  const lastDocOfWord = new Int32Array(wordList.length).fill(-1);
  const miniSearch = createMiniSearch();
  const miniSearchDocs: MiniSearchDocument[] = [];
  let cursor = 0;

  analyzed.forEach((doc, docIndex) => {
    const rankedFields: string[] = [];
    for (let field = 0; field < fieldCount; field += 1) {
      streamOffsets[docIndex * fieldCount + field] = cursor;
      const ranked: string[] = [];
      const tokens = doc.fields[field] ?? { words: [], starts: [], lengths: [] };
      for (let t = 0; t < tokens.words.length; t += 1) {
        const wordId = wordIds.get(tokens.words[t] ?? '') ?? 0;
        streams[cursor] = wordId;
        tokenStarts[cursor] = tokens.starts[t] ?? 0;
        tokenLengths[cursor] = Math.min(tokens.lengths[t] ?? 0, 0xffff);
        cursor += 1;
        if (lastDocOfWord[wordId] !== docIndex) {
          lastDocOfWord[wordId] = docIndex;
          wordDocFreq[wordId] = (wordDocFreq[wordId] ?? 0) + 1;
        }
        if (stopWord[wordId] === 0) ranked.push(terms[wordTerm[wordId] ?? 0] ?? '');
      }
      rankedFields.push(ranked.join(' '));
    }
    miniSearchDocs.push({
      id: docIndex,
      title: rankedFields[0] ?? '',
      body: rankedFields[1] ?? '',
      source: rankedFields[2] ?? '',
      authors: rankedFields[3] ?? '',
    });
  });
  streamOffsets[analyzed.length * fieldCount] = cursor;
  miniSearch.addAll(miniSearchDocs);
  const postings = postingsFromMiniSearch(miniSearch, SEARCH_FIELDS, termIds, terms.length);

  const documents = analyzed.map((doc) => doc.document);
  return {
    manifest: {
      documentCount: documents.length,
      builtAt: build.builtAt,
      buildMs: build.buildMs,
      analyzerVersion: ANALYZER_VERSION,
      termCount: terms.length,
      wordCount: wordList.length,
      files: Object.fromEntries(
        documents.map((document) => [
          document.relativePath,
          { id: document.id, contentHash: document.contentHash },
        ]),
      ),
    },
    documents: DocumentStore.fromDocuments(documents),
    terms,
    words: wordList,
    wordTerm,
    wordDocFreq,
    streamOffsets,
    streams,
    tokenStarts,
    tokenLengths,
    postings,
    phrases: phrases ?? extractPhrases(documents),
    duplicateGroups: findDuplicateGroups(analyzed.map((doc) => doc.fields[FIELD_INDEX.body]?.words ?? [])),
  };
}

/** The tokens of one document's field, read back from the streams (no re-analysis). */
function fieldTokensOf(snapshot: IndexSnapshot, docIndex: number, field: number): FieldTokens {
  const fieldCount = SEARCH_FIELDS.length;
  const start = snapshot.streamOffsets[docIndex * fieldCount + field] ?? 0;
  const end = snapshot.streamOffsets[docIndex * fieldCount + field + 1] ?? start;
  const tokens: FieldTokens = { words: [], starts: [], lengths: [] };
  for (let i = start; i < end; i += 1) {
    tokens.words.push(snapshot.words[snapshot.streams[i] ?? 0] ?? '');
    tokens.starts.push(snapshot.tokenStarts[i] ?? 0);
    tokens.lengths.push(snapshot.tokenLengths[i] ?? 0);
  }
  return tokens;
}

/** A document's analysis as stored in a snapshot, for reuse by an incremental build. */
export function analyzedDocumentOf(snapshot: IndexSnapshot, docIndex: number): AnalyzedDocument {
  return {
    document: snapshot.documents.get(docIndex),
    fields: SEARCH_FIELDS.map((_, field) => fieldTokensOf(snapshot, docIndex, field)),
  };
}
