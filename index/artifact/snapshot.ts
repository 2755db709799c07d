/**
 * The index as data: what a build produces, what the artifact stores and what the engine searches.
 * A snapshot is immutable once assembled; rebuilding makes a new one.
 *
 * It holds MiniSearch's inverted index (terms → documents, for BM25) as compact postings, and each
 * document's words in order per field ("token streams", as word ids). Phrase matching and proximity
 * read those streams instead of re-analyzing article text, and a lexicon of folded words serves prefix
 * and typo expansion.
 */
import type { WordColumns } from '../analysis/analyzer.ts';
import type { NameEntry } from '../analysis/names.ts';
import type { CommonPairs } from './commonPairs.ts';
import type { DocumentStore, StoredDocument } from './documentStore.ts';
import type { IndexArray } from './indexArrays.ts';
import type { Postings } from './postings.ts';
import type { WordDocs } from './wordDocs.ts';

/**
 * Bumped whenever cleaning or analysis changes what a file becomes, so an incremental build never reuses
 * documents or streams made differently (3: wire copy's wrapped lines joined, stricter datelines;
 * 4: words over 64 characters left out, linear Markdown rules, metadata bounded; 5: NLTK's stop words,
 * no stem shorter than three letters; 6: web pages cleaned from Readability's main content, with the
 * metadata they declare; 7: an archive record's body read as HTML only when it has markup only HTML
 * has, not for a ticker in angle brackets).
 */
export const ANALYZER_VERSION = 7;

/** What a build records about itself; stored in the artifact header and shown by `/healthz`. */
export interface Manifest {
  documentCount: number;
  /** ISO timestamp of the end of the build. */
  builtAt: string;
  buildMs: number;
  analyzerVersion: number;
  termCount: number;
  wordCount: number;
  /**
   * Content hash and id per source file, keyed by its path below the seeds folder, with the warnings
   * its analysis gave (a date dropped, a word too long), so a build that reuses it says them again.
   */
  files: Record<string, SourceFile>;
}

/** Where a document came from, as the manifest records it. */
export interface SourceFile {
  id: string;
  contentHash: string;
  /** What was repaired in analyzing it, each naming the file; absent when nothing was. */
  warnings?: string[];
}

/** One field's tokens as the analyzer found them: folded words and where each stands in the text. */
export type FieldTokens = WordColumns;

/** An analyzed document on its way into a snapshot: the tokens of each field, in order. */
export interface AnalyzedDocument {
  document: StoredDocument;
  /** One entry per field of {@link SEARCH_FIELDS}, stop words included. */
  fields: FieldTokens[];
  /** What analysis repaired, each naming the file (see {@link SourceFile.warnings}). */
  warnings?: string[];
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
  wordTerm: IndexArray;
  /** Word id → number of documents containing the word. */
  wordDocFreq: IndexArray;
  /** Where each (document, field) stream starts in `streams`: entry `doc * fields + field`; one extra end entry. */
  streamOffsets: Uint32Array;
  /** All token streams, concatenated, as word ids. */
  streams: IndexArray;
  /** For each entry of `streams`, where the word starts in its field's text, so snippets need no re-analysis. */
  tokenStarts: IndexArray;
  /** For each entry of `streams`, the word's length as written (capped at 65,535). */
  tokenLengths: IndexArray;
  /** MiniSearch's index of the ranked (non-stop) terms, by term id. */
  postings: Postings;
  /** The articles of each adjacent pair of common words, so phrases of common words stay cheap. */
  commonPairs: CommonPairs;
  /** The articles of each word whose stem is far more widespread, so quoted phrases of it stay cheap. */
  wordDocs: WordDocs;
  /**
   * Near-duplicate group of each document: -1 when it has none, else the index of the group's first
   * document, so documents with the same number carry the same story.
   */
  duplicateGroups: Int32Array;
  /** Known multi-word names (`Robert Lighthizer`) with their document counts, for autocomplete. */
  names: NameEntry[];
}
