/**
 * Putting a snapshot together from what a build made (analyzed documents, or the shards they were
 * indexed in), and taking a document's analysis back out of one for an incremental build to reuse.
 */
import { STOP_WORDS } from '../analysis/analyzer.ts';
import { groupDuplicates } from '../analysis/duplicates.ts';
import { type NameEntry, namesOfSources } from '../analysis/names.ts';
import { commonPairsOf } from '../artifact/commonPairs.ts';
import { DocumentStore } from '../artifact/documentStore.ts';
import { narrowest } from '../artifact/indexArrays.ts';
import {
  ANALYZER_VERSION,
  type AnalyzedDocument,
  type FieldTokens,
  type IndexSnapshot,
} from '../artifact/snapshot.ts';
import { wordDocsOf } from '../artifact/wordDocs.ts';
import { SEARCH_FIELDS } from '../fields.ts';
import { nameSource } from './analyzeFile.ts';
import { indexShard, mergeShards, type ShardIndex } from './shards.ts';

/**
 * Assembles a snapshot from analyzed documents (in the order given, which becomes the document
 * order). Pure apart from the timestamp the caller passes in the manifest fields.
 */
export function assembleSnapshot(
  analyzed: readonly AnalyzedDocument[],
  build: { builtAt: string; buildMs: number },
  names?: NameEntry[],
): IndexSnapshot {
  const known = names ?? namesOfSources(analyzed.map(nameSource));
  return snapshotFromShards([indexShard(analyzed)], build, known);
}

/**
 * Assembles a snapshot from the shards of consecutive document ranges, in document order: the same
 * snapshot {@link assembleSnapshot} makes of all their documents at once. `duplicateGroups`, when
 * given, are the groups of the shards' body shingles, worked out elsewhere. Takes the shards: `shards`
 * is emptied once they are merged, so their memory can go while the rest is assembled.
 */
export function snapshotFromShards(
  shards: ShardIndex[],
  build: { builtAt: string; buildMs: number },
  names: NameEntry[],
  duplicateGroups?: Int32Array,
): IndexSnapshot {
  const merged = mergeShards(shards);
  shards.length = 0;
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
    // Each array as narrow as its values allow, as the artifact stores it and a loaded index has it
    // (the streams and token arrays are merged that narrow already).
    wordTerm: narrowest(merged.wordTerm),
    wordDocFreq: narrowest(merged.wordDocFreq),
    streamOffsets: merged.streamOffsets,
    streams: merged.streams,
    tokenStarts: merged.tokenStarts,
    tokenLengths: merged.tokenLengths,
    postings: {
      ...merged.postings,
      fieldLength: narrowest(merged.postings.fieldLength),
      docs: narrowest(merged.postings.docs),
      freqs: narrowest(merged.postings.freqs),
    },
    commonPairs: commonPairsOf({ ...merged, fieldCount: SEARCH_FIELDS.length }),
    wordDocs: wordDocsOf({
      ...merged,
      fieldCount: SEARCH_FIELDS.length,
      stopWordIds: stopWordIds(merged.words),
    }),
    names,
    duplicateGroups: duplicateGroups ?? groupDuplicates(merged.bodyShingles),
  };
}

/** The ids of the stop words among a vocabulary's words. */
function stopWordIds(words: readonly string[]): number[] {
  return words.flatMap((word, id) => (STOP_WORDS.has(word) ? [id] : []));
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
