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
import { createIndexArray, typeFor } from '../artifact/indexArrays.ts';
import type { AnalyzedDocument, FieldTokens, IndexSnapshot } from '../artifact/snapshot.ts';
import { FIELD_INDEX, SEARCH_FIELDS } from '../fields.ts';
import {
  type CountedTerms,
  ExportableMiniSearch,
  type MiniSearchExport,
  mergePostings,
} from './miniSearchAdapter.ts';
import { type ShardTokens, TokenColumns } from './tokenColumns.ts';

/** One range of documents indexed on its own: its words numbered locally, its own MiniSearch. */
export interface ShardIndex {
  /** The shard's articles, serialized, in consecutive ranges. */
  documents: DocumentRange[];
  /** Where each article came from, for the manifest, with what its analysis repaired. */
  files: { relativePath: string; contentHash: string; warnings?: string[] }[];
  /** The shard's distinct folded words, sorted. */
  words: string[];
  /** The stem (index term) of each word. */
  stems: string[];
  /** Per shard word: number of the shard's documents containing it. */
  wordDocFreq: Uint32Array;
  /** Every token of every (document, field), in order, its word as a shard word id. */
  tokens: ShardTokens;
  /** Where each (document, field) stream starts in the token arrays: entry `doc * F + field`; one extra end entry. */
  streamOffsets: Uint32Array;
  /**
   * The shard's MiniSearch index, as the exports of the MiniSearch of each run of
   * {@link DOCUMENTS_PER_POSTINGS_PART} documents, in order; document indexes local to each part.
   */
  miniSearch: MiniSearchExport[];
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
 * How a shard builder cuts its work into parts. The index is the same at any sizes; tests make them
 * small to cross every boundary.
 */
export interface ShardPartSizes {
  /** Documents per MiniSearch ({@link DOCUMENTS_PER_POSTINGS_PART}). */
  postingsPartSize?: number;
  /** Tokens per chunk of the token columns (see tokenColumns.ts). */
  tokensPerChunk?: number;
}

/**
 * Indexes analyzed documents (in the order given) as one shard; `bodyShingles` are theirs, when the
 * caller has made them already.
 */
export function indexShard(
  analyzed: readonly AnalyzedDocument[],
  bodyShingles?: BodyShingles,
  sizes: ShardPartSizes = {},
): ShardIndex {
  const builder = new ShardBuilder({ shingle: bodyShingles === undefined, ...sizes });
  for (const doc of analyzed) builder.add(doc);
  return builder.finish(bodyShingles);
}

/**
 * Documents kept back at a time before they are serialized and shingled together: enough that each
 * such step is one call over several documents, few enough that their text and tokens stay young
 * garbage. At 256 they lived through collections of the young generation and were moved to the old
 * one, which grew until its next full collection: a fresh BBC+Reuters build peaked at 731–736 MB,
 * against 620–657 MB at 16, 32 or 64 (3 runs each; 100,000 articles: 1,858 against 1,778 MB), with
 * the same CPU time within this machine's noise.
 */
const DOCUMENTS_PER_CHUNK = 32;

/**
 * Documents per MiniSearch: every so many, the builder exports its MiniSearch's postings to flat arrays
 * and starts a new one. MiniSearch keeps a posting as a map entry, several times the 8 bytes of its
 * export, and at 100,000 articles the two workers' MiniSearch indexes were most of a build's peak
 * memory; merging the parts gives the same postings (mergePostings joins consecutive ranges).
 */
const DOCUMENTS_PER_POSTINGS_PART = 8192;

/** What a merged shard's parts are left as (see {@link mergeShards}). */
const EMPTY_WORDS = new Uint32Array(0);
const EMPTY_LENGTHS = new Uint16Array(0);
const EMPTY_SHINGLES: BodyShingles = {
  wordCounts: new Uint32Array(0),
  offsets: new Int32Array(1),
  shingles: new Uint32Array(0),
  signatures: new Uint32Array(0),
};

/** The tokens of a field a document lacks. */
const EMPTY_TOKENS: FieldTokens = { words: [], starts: [], lengths: [] };

/**
 * A shard indexed as its documents arrive, one at a time, in document order: each document's tokens
 * go into growing typed arrays and its terms into MiniSearch at once, and every
 * {@link DOCUMENTS_PER_CHUNK} documents are serialized and shingled, so a build never holds every
 * analyzed document (their words as strings, in arrays of numbers), only what the index keeps of them.
 * {@link finish} gives exactly what indexing all the documents at once would.
 */
export class ShardBuilder {
  private readonly fieldCount = SEARCH_FIELDS.length;
  /** Word → its id in order of first appearance; renumbered in sorted order by {@link finish}. */
  private readonly wordIds = new Map<string, number>();
  /** Per word id: its stem, and the id of its ranked term (-1 for a stop word, not in MiniSearch). */
  private readonly stems: string[] = [];
  private readonly rankedTermOfWord: number[] = [];
  private readonly wordDocFreq: number[] = [];
  private readonly lastDocOfWord: number[] = [];
  /** Ranked terms, numbered in order of first appearance, to count a field's terms in an array. */
  private readonly rankedTerms: string[] = [];
  private readonly rankedTermIds = new Map<string, number>();
  private termCounts = new Uint32Array(1024);
  // The tokens, in typed arrays: 10 bytes a token, where arrays of numbers would take 24 and keep
  // the garbage collector busy.
  private readonly tokens: TokenColumns;
  private streamCount = 0;
  private streamOffsets = new Uint32Array(1024);
  private miniSearch = new ExportableMiniSearch(miniSearchOptions);
  /** Exports of the MiniSearch of each full run of documents before the current one. */
  private readonly postingsParts: MiniSearchExport[] = [];
  /** The index of the current MiniSearch's first document. */
  private postingsPartStart = 0;
  private readonly files: ShardIndex['files'] = [];
  private readonly documents: DocumentRange[] = [];
  private readonly shingles: BodyShingles[] = [];
  private pending: AnalyzedDocument[] = [];
  private documentCount = 0;

  /** `shingle: false` leaves the bodies' shingles to the caller (see {@link finish}). */
  constructor(private readonly options: { shingle: boolean } & ShardPartSizes = { shingle: true }) {
    this.tokens = new TokenColumns(options.tokensPerChunk);
  }

  /** Indexes the next document. */
  add(doc: AnalyzedDocument): void {
    const docIndex = this.documentCount;
    this.documentCount += 1;
    const fields: CountedTerms[] = [];
    for (let field = 0; field < this.fieldCount; field += 1) {
      this.addStream();
      const tokens = doc.fields[field] ?? EMPTY_TOKENS;
      const { words, starts, lengths } = tokens;
      const seen: number[] = [];
      for (let t = 0; t < words.length; t += 1) {
        const id = this.wordId(words[t] ?? '');
        this.tokens.push(id, starts[t] ?? 0, lengths[t] ?? 0);
        if (this.lastDocOfWord[id] !== docIndex) {
          this.lastDocOfWord[id] = docIndex;
          this.wordDocFreq[id] = (this.wordDocFreq[id] ?? 0) + 1;
        }
        const termId = this.rankedTermOfWord[id] ?? -1;
        if (termId < 0) continue;
        if (this.termCounts[termId] === 0) seen.push(termId);
        this.termCounts[termId] = (this.termCounts[termId] ?? 0) + 1;
      }
      // The field's terms in order of first occurrence, as MiniSearch's `add` would meet them, and
      // their counts, which are cleared for the next field on the way.
      let indexedWords = 0;
      const counts = seen.map((termId) => {
        const termCount = this.termCounts[termId] ?? 0;
        this.termCounts[termId] = 0;
        indexedWords += termCount;
        return termCount;
      });
      // BM25's length of the field: its indexed words (stop words are not), not MiniSearch's distinct terms.
      fields.push({ termIds: seen, counts, length: indexedWords });
    }
    if (
      docIndex - this.postingsPartStart ===
      (this.options.postingsPartSize ?? DOCUMENTS_PER_POSTINGS_PART)
    ) {
      this.postingsParts.push(this.miniSearch.exportPostings(SEARCH_FIELDS));
      this.miniSearch = new ExportableMiniSearch(miniSearchOptions);
      this.postingsPartStart = docIndex;
    }
    this.miniSearch.addCounted(docIndex - this.postingsPartStart, fields, this.rankedTerms);
    const { document, warnings } = doc;
    this.files.push({
      relativePath: document.relativePath,
      contentHash: document.contentHash,
      ...(warnings === undefined || warnings.length === 0 ? {} : { warnings }),
    });
    this.pending.push(doc);
    if (this.pending.length === DOCUMENTS_PER_CHUNK) this.flush();
  }

  /**
   * The shard. `bodyShingles`, when the builder was told not to shingle, are the documents'
   * shingles, made by the caller.
   */
  finish(bodyShingles?: BodyShingles): ShardIndex {
    this.flush();
    this.addStream();
    const provisional = [...this.wordIds.keys()];
    const order = provisional
      .map((_, id) => id)
      .sort((a, b) => {
        const x = provisional[a] ?? '';
        const y = provisional[b] ?? '';
        return x < y ? -1 : x > y ? 1 : 0;
      });
    const sortedId = new Uint32Array(order.length);
    order.forEach((id, sorted) => {
      sortedId[id] = sorted;
    });
    return {
      documents: this.documents,
      files: this.files,
      words: order.map((id) => provisional[id] ?? ''),
      stems: order.map((id) => this.stems[id] ?? ''),
      wordDocFreq: Uint32Array.from(order, (id) => this.wordDocFreq[id] ?? 0),
      tokens: this.tokens.finish(sortedId),
      streamOffsets: this.streamOffsets.subarray(0, this.streamCount),
      miniSearch: [...this.postingsParts, this.miniSearch.exportPostings(SEARCH_FIELDS)],
      bodyShingles: bodyShingles ?? concatBodyShingles(this.shingles),
    };
  }

  /** Starts the next (document, field) stream at the current token. */
  private addStream(): void {
    if (this.streamCount === this.streamOffsets.length) {
      const larger = new Uint32Array(this.streamOffsets.length * 2);
      larger.set(this.streamOffsets);
      this.streamOffsets = larger;
    }
    this.streamOffsets[this.streamCount] = this.tokens.count;
    this.streamCount += 1;
  }

  /** The id of a word, numbering it (and its term) when it is new. */
  private wordId(word: string): number {
    let id = this.wordIds.get(word);
    if (id !== undefined) return id;
    id = this.wordIds.size;
    this.wordIds.set(word, id);
    const stem = stemWord(word);
    this.stems.push(stem);
    this.wordDocFreq.push(0);
    this.lastDocOfWord.push(-1);
    // Stop words are in positions and phrases but not in MiniSearch.
    if (STOP_WORDS.has(word)) this.rankedTermOfWord.push(-1);
    else {
      let termId = this.rankedTermIds.get(stem);
      if (termId === undefined) {
        termId = this.rankedTerms.length;
        this.rankedTerms.push(stem);
        this.rankedTermIds.set(stem, termId);
        if (termId === this.termCounts.length) {
          const larger = new Uint32Array(termId * 2);
          larger.set(this.termCounts);
          this.termCounts = larger;
        }
      }
      this.rankedTermOfWord.push(termId);
    }
    return id;
  }

  /** Serializes (and shingles) the documents kept back, and lets them go. */
  private flush(): void {
    if (this.pending.length === 0) return;
    this.documents.push(encodeDocuments(this.pending.map((doc) => doc.document)));
    if (this.options.shingle) this.shingles.push(shingleAnalyzedBodies(this.pending));
    this.pending = [];
  }
}

/** The typed arrays of a shard, for posting it to another thread without copying them. */
export function shardTransferList(shard: ShardIndex): ArrayBuffer[] {
  return [
    ...shard.documents.flatMap((range) => [range.bytes, range.offsets]),
    shard.wordDocFreq,
    ...shard.tokens.words,
    ...shard.tokens.starts,
    ...shard.tokens.lengths,
    shard.streamOffsets,
    ...shard.miniSearch.flatMap((part) => [part.fieldLength, part.offsets, part.docs, part.freqs]),
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
 *
 * Consumes the shards: each part of a shard (a chunk of its tokens, its articles, its postings, its
 * shingles) is let go of as soon as it is merged, so the shards and the merged index are not all held
 * at once. Whoever else still holds a shard object (a settled promise, a worker's message) holds an
 * emptied one. At 1,000,000 articles the merge took the build from 8.3 to 11.9 GB with every shard
 * kept, and the shards' 4.7 GB stayed until the artifact was written; emptied, the build's peak fell
 * from 13.2 to 12.2 GB.
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
  const totalTokens = shards.reduce((sum, shard) => sum + shard.tokens.count, 0);
  // Each merged array as narrow as its values, as the snapshot keeps it: merged wide and narrowed
  // after, both copies were held at the build's peak (at 100,000 articles, 150 MB).
  const streams = createIndexArray(typeFor(Math.max(0, words.length - 1)), totalTokens);
  const largest = (value: (tokens: ShardTokens) => number) =>
    typeFor(Math.max(0, ...shards.map((shard) => value(shard.tokens))));
  const tokenStarts = createIndexArray(
    largest((tokens) => tokens.largestStart),
    totalTokens,
  );
  const tokenLengths = createIndexArray(
    largest((tokens) => tokens.largestLength),
    totalTokens,
  );
  const streamOffsets = new Uint32Array(documentCount * fieldCount + 1);
  const wordDocFreq = new Uint32Array(words.length);
  let firstToken = 0;
  let firstStream = 0;
  shards.forEach((shard, s) => {
    const wordIds = shardWordIds[s] ?? new Uint32Array(0);
    const { tokens } = shard;
    let at = firstToken;
    tokens.words.forEach((chunk, c) => {
      const used = Math.min(chunk.length, firstToken + tokens.count - at);
      for (let i = 0; i < used; i += 1) streams[at + i] = wordIds[chunk[i] ?? 0] ?? 0;
      tokenStarts.set((tokens.starts[c] as Uint32Array).subarray(0, used), at);
      tokenLengths.set((tokens.lengths[c] as Uint16Array).subarray(0, used), at);
      at += used;
      tokens.words[c] = EMPTY_WORDS;
      tokens.starts[c] = EMPTY_WORDS;
      tokens.lengths[c] = EMPTY_LENGTHS;
    });
    for (let w = 0; w < wordIds.length; w += 1) {
      const id = wordIds[w] ?? 0;
      wordDocFreq[id] = (wordDocFreq[id] ?? 0) + (shard.wordDocFreq[w] ?? 0);
    }
    const streamCount = shard.files.length * fieldCount;
    for (let i = 0; i < streamCount; i += 1) {
      streamOffsets[firstStream + i] = (shard.streamOffsets[i] ?? 0) + firstToken;
    }
    firstToken += tokens.count;
    firstStream += streamCount;
  });
  streamOffsets[documentCount * fieldCount] = firstToken;

  const files = shards.flatMap((shard) => {
    const ids = shard.documents.flatMap((range) => range.columns.ids);
    return shard.files.map((file, i) => ({ id: ids[i] ?? '', ...file }));
  });
  const ranges = shards.flatMap((shard) => shard.documents);
  for (const shard of shards) shard.documents = [];
  const documents = concatDocumentRanges(ranges);
  const postings = mergePostings(
    shards.flatMap((shard) => shard.miniSearch),
    fieldCount,
    termIds,
    terms.length,
  );
  for (const shard of shards) shard.miniSearch = [];
  const bodyShingles = concatBodyShingles(shards.map((shard) => shard.bodyShingles));
  for (const shard of shards) shard.bodyShingles = EMPTY_SHINGLES;
  return {
    documents,
    files,
    terms,
    words,
    wordTerm,
    wordDocFreq,
    streamOffsets,
    streams,
    tokenStarts,
    tokenLengths,
    postings,
    bodyShingles,
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
