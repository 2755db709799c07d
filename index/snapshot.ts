/**
 * The index as data: what a build produces, what the artifact stores and what the engine searches.
 * A snapshot is immutable once assembled; rebuilding makes a new one.
 *
 * It holds MiniSearch's inverted index (terms → documents, for BM25) as compact postings, and each
 * document's words in order per field ("token streams", as word ids). Phrase matching and proximity
 * read those streams instead of re-analyzing article text, and a lexicon of folded words serves prefix
 * and typo expansion.
 */
import type { WordColumns } from './analyzer.ts';
import type { CleanedArticle } from './article.ts';
import { phraseSource } from './articleAnalysis.ts';
import { DocumentStore } from './documentStore.ts';
import { groupDuplicates } from './duplicates.ts';
import { SEARCH_FIELDS } from './fields.ts';
import { type PhraseEntry, phrasesOfSources } from './phrases.ts';
import type { Postings } from './postings.ts';
import { indexShard, mergeShards, type ShardIndex } from './shards.ts';

/**
 * Bumped whenever cleaning or analysis changes what a file becomes, so an incremental build never reuses
 * documents or streams made differently (3: wire copy's wrapped lines joined, stricter datelines;
 * 4: words over 64 characters left out, linear Markdown rules, metadata bounded; 5: NLTK's stop words,
 * no stem shorter than three letters; 6: web pages cleaned from Readability's main content, with the
 * metadata they declare).
 */
export const ANALYZER_VERSION = 6;

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

/**
 * Assembles a snapshot from analyzed documents (in the order given, which becomes the document
 * order). Pure apart from the timestamp the caller passes in the manifest fields.
 */
export function assembleSnapshot(
  analyzed: readonly AnalyzedDocument[],
  build: { builtAt: string; buildMs: number },
  phrases?: PhraseEntry[],
): IndexSnapshot {
  const known = phrases ?? phrasesOfSources(analyzed.map(phraseSource));
  return snapshotFromShards([indexShard(analyzed)], build, known);
}

/**
 * Assembles a snapshot from the shards of consecutive document ranges, in document order: the same
 * snapshot {@link assembleSnapshot} makes of all their documents at once. `duplicateGroups`, when
 * given, are the groups of the shards' body shingles, worked out elsewhere.
 */
export function snapshotFromShards(
  shards: readonly ShardIndex[],
  build: { builtAt: string; buildMs: number },
  phrases: PhraseEntry[],
  duplicateGroups?: Int32Array,
): IndexSnapshot {
  const merged = mergeShards(shards);
  const { files } = merged;
  return {
    manifest: {
      documentCount: files.length,
      builtAt: build.builtAt,
      buildMs: build.buildMs,
      analyzerVersion: ANALYZER_VERSION,
      termCount: merged.terms.length,
      wordCount: merged.words.length,
      files: Object.fromEntries(
        files.map(({ relativePath, id, contentHash, warnings }) => [
          relativePath,
          warnings === undefined ? { id, contentHash } : { id, contentHash, warnings },
        ]),
      ),
    },
    documents: DocumentStore.fromEncoded(merged.documents),
    terms: merged.terms,
    words: merged.words,
    wordTerm: merged.wordTerm,
    wordDocFreq: merged.wordDocFreq,
    streamOffsets: merged.streamOffsets,
    streams: merged.streams,
    tokenStarts: merged.tokenStarts,
    tokenLengths: merged.tokenLengths,
    postings: merged.postings,
    phrases,
    duplicateGroups: duplicateGroups ?? groupDuplicates(merged.bodyShingles),
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
  const document = snapshot.documents.get(docIndex);
  const warnings = snapshot.manifest.files[document.relativePath]?.warnings;
  return {
    document,
    fields: SEARCH_FIELDS.map((_, field) => fieldTokensOf(snapshot, docIndex, field)),
    ...(warnings === undefined ? {} : { warnings }),
  };
}
