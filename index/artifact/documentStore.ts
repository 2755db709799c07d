/**
 * The stored articles of an index. A loaded index keeps each article as its JSON bytes and parses one
 * only when it is shown (a page of hits, an article page), so a cold start does not parse every
 * article's text; the few fields needed across all articles (ids, sources, dates) are kept as columns.
 */
import { type FacetKey, facetField, fieldValues, perFacet } from '../fields.ts';
import type { CleanedArticle } from '../sources/article.ts';

/** An article as stored in the index: cleaned text and metadata plus where it came from. */
export interface StoredDocument extends CleanedArticle {
  /** The file name without extension (`000_f4e733550bd64f5d`); unique in an index. */
  id: string;
  /** Path below the seeds folder, `/`-separated. */
  relativePath: string;
  /** SHA-256 of the file (and sidecar) bytes it was built from. */
  contentHash: string;
}

/**
 * Per-article fields read for every article at load: lookups by id, filters and facet counts (each
 * facet field's values as a list per article, see fields.ts), dates.
 */
export interface DocumentColumns {
  ids: string[];
  facets: Record<FacetKey, string[][]>;
  dates: (string | null)[];
}

/** The columns of these articles. */
function columnsOf(documents: readonly StoredDocument[]): DocumentColumns {
  return {
    ids: documents.map((document) => document.id),
    facets: perFacet((key) => documents.map((document) => [...fieldValues(document[facetField(key)])])),
    dates: documents.map((document) => document.date),
  };
}

/** Serialized form: one JSON text per article, back to back, with where each starts. */
export interface EncodedDocuments {
  columns: DocumentColumns;
  bytes: Buffer;
  /** Byte offset of article `i`'s JSON; one extra end entry. */
  offsets: Uint32Array;
}

/**
 * Articles by index (0…count-1). Over serialized articles, each access parses the article again
 * (about 7 µs for a Reuters story): parsed articles are not kept, so a server's memory stays the
 * index's. Kept, every article a search had shown stayed in memory for the life of the process: 21 MB
 * more after 15,000 searches of BBC+Reuters (pages 1 to 5 of the benchmark's 3,002 queries), on the
 * way to the size of every article's text, in a process the same speed either way.
 */
export class DocumentStore {
  private constructor(
    readonly columns: DocumentColumns,
    private readonly source: { bytes: Buffer; offsets: Uint32Array } | null,
    /** The articles themselves, for a store over articles in memory. */
    private readonly documents: StoredDocument[] | null,
  ) {}

  /** A store over articles already in memory (a fresh build). */
  static fromDocuments(documents: StoredDocument[]): DocumentStore {
    return new DocumentStore(columnsOf(documents), null, documents);
  }

  /** A store over serialized articles (a loaded artifact). */
  static fromEncoded({ columns, bytes, offsets }: EncodedDocuments): DocumentStore {
    if (offsets.length !== columns.ids.length + 1) throw new Error('document offsets do not match the ids');
    return new DocumentStore(columns, { bytes, offsets }, null);
  }

  get count(): number {
    return this.columns.ids.length;
  }

  /** The article at `index`; throws RangeError outside 0…count-1. */
  get(index: number): StoredDocument {
    if (!Number.isInteger(index) || index < 0 || index >= this.count)
      throw new RangeError(`no document ${index}`);
    const held = this.documents?.[index];
    if (held !== undefined) return held;
    if (this.source === null) throw new RangeError(`no document ${index}`);
    const start = this.source.offsets[index] ?? 0;
    const end = this.source.offsets[index + 1] ?? start;
    return JSON.parse(this.source.bytes.toString('utf8', start, end)) as StoredDocument;
  }

  /** Every article, parsed (for a rebuild that reuses them). */
  all(): StoredDocument[] {
    return Array.from({ length: this.count }, (_, index) => this.get(index));
  }

  /** The serialized form, for the artifact; a store over serialized articles returns them as they are. */
  encode(): EncodedDocuments {
    if (this.source !== null) return { columns: this.columns, ...this.source };
    const { columns, bytes, offsets } = encodeDocuments(this.all());
    return { columns, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), offsets };
  }
}

/** Serialized articles whose bytes are an array of their own, so they can move to another thread. */
export type DocumentRange = Omit<EncodedDocuments, 'bytes'> & { bytes: Uint8Array };

/** Serializes articles: what a build worker sends, so the main thread neither copies nor encodes them. */
export function encodeDocuments(documents: readonly StoredDocument[]): DocumentRange {
  const parts = documents.map((document) => Buffer.from(JSON.stringify(document), 'utf8'));
  const offsets = new Uint32Array(parts.length + 1);
  parts.forEach((part, i) => {
    offsets[i + 1] = (offsets[i] ?? 0) + part.length;
  });
  // Not Buffer.concat: a small result would share Node's buffer pool, which must not be transferred.
  const bytes = new Uint8Array(offsets[parts.length] ?? 0);
  parts.forEach((part, i) => {
    bytes.set(part, offsets[i]);
  });
  return { columns: columnsOf(documents), bytes, offsets };
}

/**
 * The serialized articles of consecutive ranges as one. Consumes the ranges: each range's bytes are let
 * go of once copied (its entry in `ranges` is replaced by an empty one), so the ranges and the whole
 * are not both held (at a million articles, 1.3 GB each).
 */
export function concatDocumentRanges(ranges: DocumentRange[]): EncodedDocuments {
  const count = ranges.reduce((sum, range) => sum + range.columns.ids.length, 0);
  const offsets = new Uint32Array(count + 1);
  let first = 0;
  let firstByte = 0;
  for (const range of ranges) {
    const n = range.columns.ids.length;
    for (let i = 1; i <= n; i += 1) offsets[first + i] = (range.offsets[i] ?? 0) + firstByte;
    first += n;
    firstByte += range.bytes.length;
  }
  return {
    columns: {
      ids: ranges.flatMap((range) => range.columns.ids),
      facets: perFacet((key) => ranges.flatMap((range) => range.columns.facets[key])),
      dates: ranges.flatMap((range) => range.columns.dates),
    },
    bytes: joinConsumingBytes(ranges),
    offsets,
  };
}

function joinConsumingBytes(ranges: DocumentRange[]): Buffer {
  const joined = Buffer.allocUnsafe(ranges.reduce((sum, range) => sum + range.bytes.length, 0));
  let at = 0;
  ranges.forEach((range, i) => {
    joined.set(range.bytes, at);
    at += range.bytes.length;
    ranges[i] = { ...range, bytes: new Uint8Array(0) };
  });
  return joined;
}
