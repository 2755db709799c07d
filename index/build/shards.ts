/**
 * The index of a range of documents ("shard"), and the merge of consecutive shards into the parts of
 * one snapshot. A full build of a large collection indexes its shards on worker threads, one per core,
 * and merges them; a small or incremental build indexes all its documents as one shard on the main
 * thread. Both go through {@link mergeShards}, and merging shards gives exactly what one shard of all
 * their documents gives: same words, streams, postings and statistics.
 *
 * Every array of a shard is either a typed array or a list of strings, so a shard crosses from a
 * worker to the main thread as a structured clone with its typed arrays transferred, not copied.
 */
import type { Options } from 'minisearch';
import { STOP_WORDS, stemWord } from '../analysis/analyzer.ts';
import { type BodyShingles, concatBodyShingles, shingleBodies } from '../analysis/duplicates.ts';
import {
  concatDocumentRanges,
  type DocumentRange,
  type EncodedDocuments,
  encodeDocuments,
} from '../artifact/documentStore.ts';
import type { AnalyzedDocument, IndexSnapshot } from '../artifact/snapshot.ts';
import { FIELD_INDEX, SEARCH_FIELDS } from '../fields.ts';
import {
  type CountedTerms,
  ExportableMiniSearch,
  type MiniSearchExport,
  mergePostings,
} from './miniSearchAdapter.ts';

/** One range of documents indexed on its own: its words numbered locally, its own MiniSearch. */
export interface ShardIndex {
  /** The shard's articles, serialized. */
  documents: DocumentRange;
  /** Where each article came from, for the manifest, with what its analysis repaired. */
  files: { relativePath: string; contentHash: string; warnings?: string[] }[];
  /** The shard's distinct folded words, sorted. */
  words: string[];
  /** The stem (index term) of each word. */
  stems: string[];
  /** Per shard word: number of the shard's documents containing it. */
  wordDocFreq: Uint32Array;
  /** Every token of every (document, field), in order, as shard word ids. */
  tokenWords: Uint32Array;
  tokenStarts: Uint32Array;
  /** Token lengths as written, capped at 65,535. */
  tokenLengths: Uint16Array;
  /** Where each (document, field) stream starts in the token arrays: entry `doc * F + field`; one extra end entry. */
  streamOffsets: Uint32Array;
  /** The shard's MiniSearch index, its document indexes local to the shard. */
  miniSearch: MiniSearchExport;
  /** The bodies' shingles and signatures, for near-duplicate detection over all shards. */
  bodyShingles: BodyShingles;
}

/**
 * MiniSearch receives documents as the analyzer's terms, counted ({@link ExportableMiniSearch.addCounted}),
 * never as text: its own tokenizer and term processing are not used, which keeps one analyzer.
 */
const miniSearchOptions: Options<unknown> = {
  fields: [...SEARCH_FIELDS],
  idField: 'id',
  autoVacuum: false,
};

/**
 * Numbers the distinct index terms of a vocabulary in order of first appearance: `stems[w]` is word
 * `w`'s term, `wordTerm[w]` its number, `terms` the distinct terms by number.
 */
function numberTerms(stems: readonly string[]): {
  terms: string[];
  termIds: Map<string, number>;
  wordTerm: Uint32Array;
} {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const wordTerm = new Uint32Array(stems.length);
  stems.forEach((term, wordId) => {
    let termId = termIds.get(term);
    if (termId === undefined) {
      termId = terms.length;
      terms.push(term);
      termIds.set(term, termId);
    }
    wordTerm[wordId] = termId;
  });
  return { terms, termIds, wordTerm };
}

/** The bodies' words of analyzed documents, as near-duplicate detection reads them. */
export function shingleAnalyzedBodies(analyzed: readonly AnalyzedDocument[]): BodyShingles {
  return shingleBodies(analyzed.map((doc) => doc.fields[FIELD_INDEX.body]?.words ?? []));
}

/**
 * Indexes analyzed documents (in the order given) as one shard; `bodyShingles` are theirs, when the
 * caller has made them already.
 */
export function indexShard(
  analyzed: readonly AnalyzedDocument[],
  bodyShingles: BodyShingles = shingleAnalyzedBodies(analyzed),
): ShardIndex {
  const fieldCount = SEARCH_FIELDS.length;
  // Words get ids in order of first appearance, renumbered below once the vocabulary is sorted.
  const firstSeen = new Map<string, number>();
  let totalTokens = 0;
  for (const doc of analyzed) for (const field of doc.fields) totalTokens += field.words.length;
  const tokenWords = new Uint32Array(totalTokens);
  const tokenStarts = new Uint32Array(totalTokens);
  const tokenLengths = new Uint16Array(totalTokens);
  const streamOffsets = new Uint32Array(analyzed.length * fieldCount + 1);
  let cursor = 0;
  analyzed.forEach((doc, docIndex) => {
    for (let field = 0; field < fieldCount; field += 1) {
      streamOffsets[docIndex * fieldCount + field] = cursor;
      const tokens = doc.fields[field];
      if (tokens === undefined) continue;
      for (let t = 0; t < tokens.words.length; t += 1) {
        const word = tokens.words[t] ?? '';
        let id = firstSeen.get(word);
        if (id === undefined) {
          id = firstSeen.size;
          firstSeen.set(word, id);
        }
        tokenWords[cursor] = id;
        tokenStarts[cursor] = tokens.starts[t] ?? 0;
        tokenLengths[cursor] = Math.min(tokens.lengths[t] ?? 0, 0xffff);
        cursor += 1;
      }
    }
  });
  streamOffsets[analyzed.length * fieldCount] = cursor;

  const words = [...firstSeen.keys()].sort();
  const sortedId = new Uint32Array(words.length);
  words.forEach((word, id) => {
    sortedId[firstSeen.get(word) ?? 0] = id;
  });
  const stems = words.map(stemWord);
  // Ranked terms numbered: stop words are in positions and phrases but not in MiniSearch.
  const { terms, wordTerm } = numberTerms(stems);
  const rankedTermOfWord = Int32Array.from(wordTerm, (termId, id) =>
    STOP_WORDS.has(words[id] ?? '') ? -1 : termId,
  );
  const termCounts = new Uint32Array(terms.length);
  const wordDocFreq = new Uint32Array(words.length);
  const lastDocOfWord = new Int32Array(words.length).fill(-1);
  const miniSearch = new ExportableMiniSearch(miniSearchOptions);
  for (let docIndex = 0; docIndex < analyzed.length; docIndex += 1) {
    const fields: CountedTerms[] = [];
    for (let field = 0; field < fieldCount; field += 1) {
      const seen: number[] = [];
      const end = streamOffsets[docIndex * fieldCount + field + 1] ?? 0;
      for (let p = streamOffsets[docIndex * fieldCount + field] ?? 0; p < end; p += 1) {
        const id = sortedId[tokenWords[p] ?? 0] ?? 0;
        tokenWords[p] = id;
        if (lastDocOfWord[id] !== docIndex) {
          lastDocOfWord[id] = docIndex;
          wordDocFreq[id] = (wordDocFreq[id] ?? 0) + 1;
        }
        const termId = rankedTermOfWord[id] ?? -1;
        if (termId < 0) continue;
        if (termCounts[termId] === 0) seen.push(termId);
        termCounts[termId] = (termCounts[termId] ?? 0) + 1;
      }
      // The field's terms in order of first occurrence, as MiniSearch's `add` would meet them, and
      // their counts, which are cleared for the next field on the way.
      fields.push({
        terms: seen.map((termId) => terms[termId] ?? ''),
        counts: seen.map((termId) => {
          const count = termCounts[termId] ?? 0;
          termCounts[termId] = 0;
          return count;
        }),
      });
    }
    miniSearch.addCounted(docIndex, fields);
  }
  return {
    documents: encodeDocuments(analyzed.map((doc) => doc.document)),
    files: analyzed.map(({ document, warnings }) => ({
      relativePath: document.relativePath,
      contentHash: document.contentHash,
      ...(warnings === undefined || warnings.length === 0 ? {} : { warnings }),
    })),
    words,
    stems,
    wordDocFreq,
    tokenWords,
    tokenStarts,
    tokenLengths,
    streamOffsets,
    miniSearch: miniSearch.exportPostings(SEARCH_FIELDS),
    bodyShingles,
  };
}

/** The typed arrays of a shard, for posting it to another thread without copying them. */
export function shardTransferList(shard: ShardIndex): ArrayBuffer[] {
  const { miniSearch } = shard;
  return [
    shard.documents.bytes,
    shard.documents.offsets,
    shard.wordDocFreq,
    shard.tokenWords,
    shard.tokenStarts,
    shard.tokenLengths,
    shard.streamOffsets,
    miniSearch.fieldLength,
    miniSearch.offsets,
    miniSearch.docs,
    miniSearch.freqs,
    shard.bodyShingles.wordCounts,
    shard.bodyShingles.offsets,
    shard.bodyShingles.shingles,
    shard.bodyShingles.signatures,
  ].map((array) => array.buffer as ArrayBuffer);
}

/** The index structures of a snapshot, merged from its shards. */
export interface MergedShards
  extends Pick<
    IndexSnapshot,
    | 'terms'
    | 'words'
    | 'wordTerm'
    | 'wordDocFreq'
    | 'streamOffsets'
    | 'streams'
    | 'tokenStarts'
    | 'tokenLengths'
    | 'postings'
  > {
  documents: EncodedDocuments;
  files: { id: string; relativePath: string; contentHash: string; warnings?: string[] }[];
  bodyShingles: BodyShingles;
}

/**
 * Merges shards of consecutive document ranges, in document order: words become one sorted
 * vocabulary, terms are numbered in order of first appearance in it, and streams and postings are
 * renumbered and concatenated.
 */
export function mergeShards(shards: readonly ShardIndex[]): MergedShards {
  const fieldCount = SEARCH_FIELDS.length;
  const { words, shardWordIds } = mergeVocabularies(shards.map((shard) => shard.words));
  // Each word's stem, as the shards found it (they stemmed their words already).
  const stems = new Array<string>(words.length).fill('');
  shards.forEach((shard, s) => {
    const wordIds = shardWordIds[s] ?? new Uint32Array(0);
    for (let w = 0; w < wordIds.length; w += 1) stems[wordIds[w] ?? 0] = shard.stems[w] ?? '';
  });
  const { terms, termIds, wordTerm } = numberTerms(stems);

  const documentCount = shards.reduce((sum, shard) => sum + shard.files.length, 0);
  const totalTokens = shards.reduce((sum, shard) => sum + shard.tokenWords.length, 0);
  const streams = new Uint32Array(totalTokens);
  const tokenStarts = new Uint32Array(totalTokens);
  const tokenLengths = new Uint16Array(totalTokens);
  const streamOffsets = new Uint32Array(documentCount * fieldCount + 1);
  const wordDocFreq = new Uint32Array(words.length);
  let firstToken = 0;
  let firstStream = 0;
  shards.forEach((shard, s) => {
    const wordIds = shardWordIds[s] ?? new Uint32Array(0);
    for (let t = 0; t < shard.tokenWords.length; t += 1) {
      streams[firstToken + t] = wordIds[shard.tokenWords[t] ?? 0] ?? 0;
    }
    for (let w = 0; w < wordIds.length; w += 1) {
      const id = wordIds[w] ?? 0;
      wordDocFreq[id] = (wordDocFreq[id] ?? 0) + (shard.wordDocFreq[w] ?? 0);
    }
    tokenStarts.set(shard.tokenStarts, firstToken);
    tokenLengths.set(shard.tokenLengths, firstToken);
    const streamCount = shard.files.length * fieldCount;
    for (let i = 0; i < streamCount; i += 1) {
      streamOffsets[firstStream + i] = (shard.streamOffsets[i] ?? 0) + firstToken;
    }
    firstToken += shard.tokenWords.length;
    firstStream += streamCount;
  });
  streamOffsets[documentCount * fieldCount] = firstToken;

  return {
    documents: concatDocumentRanges(shards.map((shard) => shard.documents)),
    files: shards.flatMap((shard) =>
      shard.files.map((file, i) => ({ id: shard.documents.columns.ids[i] ?? '', ...file })),
    ),
    terms,
    words,
    wordTerm,
    wordDocFreq,
    streamOffsets,
    streams,
    tokenStarts,
    tokenLengths,
    postings: mergePostings(
      shards.map((shard) => shard.miniSearch),
      fieldCount,
      termIds,
      terms.length,
    ),
    bodyShingles: concatBodyShingles(shards.map((shard) => shard.bodyShingles)),
  };
}

/**
 * The union of sorted, distinct word lists, sorted, and for each list the id of each of its words in
 * the union. A k-way merge: each step takes the smallest head (code-unit order, as `sort()` uses).
 */
function mergeVocabularies(lists: readonly (readonly string[])[]): {
  words: string[];
  shardWordIds: Uint32Array[];
} {
  const words: string[] = [];
  const shardWordIds = lists.map((list) => new Uint32Array(list.length));
  const heads = lists.map(() => 0);
  for (;;) {
    let smallest: string | undefined;
    lists.forEach((list, l) => {
      const head = list[heads[l] ?? 0];
      if (head !== undefined && (smallest === undefined || head < smallest)) smallest = head;
    });
    if (smallest === undefined) break;
    const id = words.length;
    words.push(smallest);
    lists.forEach((list, l) => {
      const at = heads[l] ?? 0;
      if (list[at] === smallest) {
        (shardWordIds[l] as Uint32Array)[at] = id;
        heads[l] = at + 1;
      }
    });
  }
  return { words, shardWordIds };
}
