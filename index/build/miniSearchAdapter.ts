/**
 * The one place Lede uses MiniSearch. MiniSearch builds the inverted index of each shard (term → field
 * → document → term frequency, field lengths and average field lengths); {@link ExportableMiniSearch}
 * exports it into flat typed arrays, and {@link mergePostings} joins the exports of one or several
 * document ranges indexed in parallel into the artifact's {@link Postings}. Lede does not use
 * MiniSearch's `search`: the engine scores the postings itself (search/termScorer.ts), with MiniSearch's
 * BM25 formula (search/bm25.ts) but an IDF over whole documents.
 *
 * What it reaches past MiniSearch's public API for, and what tests/postings.test.ts checks on every
 * upgrade: the protected index state (`_index`, `_fieldIds`, `_documentIds`, `_fieldLength`,
 * `_documentCount`), and the private `addDocumentId` and `addFieldLength`.
 */
import MiniSearch from 'minisearch';
import type { Postings } from '../artifact/postings.ts';

/**
 * One MiniSearch index in flat arrays, its terms still strings: what a build shard hands over, so
 * indexes of consecutive document ranges can be merged into one {@link Postings}.
 */
export interface MiniSearchExport {
  documentCount: number;
  /** The length BM25 normalizes by of field `f` of document `d`, at `d * F + f` (see {@link CountedTerms.length}). */
  fieldLength: Uint32Array;
  /** The indexed terms, in MiniSearch's order. */
  terms: string[];
  /** Where the postings of `terms[i]` in field `f` start in `docs`/`freqs`: entry `i * F + f`; one extra end entry. */
  offsets: Uint32Array;
  /** Document indexes (0…documentCount-1), ascending within each (term, field). */
  docs: Uint32Array;
  freqs: Uint32Array;
}

/** One field of a document as {@link ExportableMiniSearch.addCounted} takes it. */
export interface CountedTerms {
  /** The field's distinct terms, in order of first occurrence, as numbers into the term table given. */
  termIds: readonly number[];
  /** How many times each term occurs in the field. */
  counts: readonly number[];
  /**
   * The field's length for BM25's length normalization. MiniSearch's `add` counts distinct terms; the
   * build passes the number of indexed words (stop words left out), BM25's own document length, which
   * ranked better on every collection of the development suite (BENCHMARKS.md). Default: distinct
   * terms, as `add` counts.
   */
  length?: number;
}

/**
 * The two bookkeeping steps of MiniSearch's `add` (declared private, so not in its types) that
 * {@link ExportableMiniSearch.addCounted} reuses rather than copies: numbering a new document, and
 * recording a field's length in it and in the running average.
 */
interface MiniSearchBookkeeping {
  addDocumentId(id: unknown): number;
  addFieldLength(shortId: number, fieldId: number, documentsBefore: number, length: number): void;
}

/**
 * MiniSearch that can hand over its inverted index as flat arrays. MiniSearch declares its index
 * state `protected` so that subclasses can read it; going through `toJSON()` instead first copies
 * every posting into a plain object keyed by document id strings, which took two of the fifteen
 * seconds of a two-worker BBC+Reuters build.
 */
export class ExportableMiniSearch<Document = unknown> extends MiniSearch<Document> {
  /**
   * The postings map MiniSearch keeps for (term, field), by `termId * fields + field`, once
   * {@link addCounted} has fetched it. MiniSearch reaches a term's postings by walking its radix tree,
   * comparing the term with the children of every node on the way; a build adds a term's postings once
   * per document holding it, and the walk (with the lookups of the term and field on the way) took a
   * fifth of a build worker's time at 100,000 articles.
   */
  private readonly postingsOfSlot: (Map<number, number> | undefined)[] = [];

  /**
   * Adds a document given as each field's distinct terms and how often each occurs, leaving MiniSearch
   * in exactly the state `add` leaves it in for a document whose fields hold those terms that many
   * times (same postings, term frequencies, field lengths and average field lengths; the lengths differ
   * only when a field's `length` is given). `add` visits the postings of a term once per occurrence;
   * the analyzer has counted them already, and a news article repeats its words: on BBC this visits
   * postings half as often, and skips joining each field's terms into a string for the tokenizer to
   * split again. `fields` follows the `fields` option's order; null is a field the document lacks.
   * `terms` numbers the terms: the same table for every document added. Stored fields are not
   * supported (the build stores none), nor is removing documents from an index built this way.
   */
  addCounted(id: unknown, fields: readonly (CountedTerms | null)[], terms: readonly string[]): void {
    const internals = this as unknown as MiniSearchBookkeeping;
    if (this._idToShortId.has(id)) throw new Error(`MiniSearch: duplicate ID ${String(id)}`);
    const shortId = internals.addDocumentId(id);
    const fieldCount = this._options.fields.length;
    this._options.fields.forEach((field, f) => {
      const counted = fields[f];
      if (counted === null || counted === undefined) return;
      const fieldId = this._fieldIds[field] ?? f;
      const length = counted.length ?? counted.termIds.length;
      internals.addFieldLength(shortId, fieldId, this._documentCount - 1, length);
      const { termIds, counts } = counted;
      for (let t = 0; t < termIds.length; t += 1) {
        const slot = (termIds[t] ?? 0) * fieldCount + f;
        let postings = this.postingsOfSlot[slot];
        if (postings === undefined) {
          postings = this.fetchPostings(terms[termIds[t] ?? 0] ?? '', fieldId);
          this.postingsOfSlot[slot] = postings;
        }
        postings.set(shortId, counts[t] ?? 1);
      }
    });
  }

  /** The postings of `term` in field `fieldId`, added to MiniSearch's tree and maps when new, as `add` adds them. */
  private fetchPostings(term: string, fieldId: number): Map<number, number> {
    const termData = this._index.fetch(term, () => new Map());
    let postings = termData.get(fieldId);
    if (postings === undefined) {
      postings = new Map();
      termData.set(fieldId, postings);
    }
    return postings;
  }

  /**
   * The index as flat arrays, for documents added with ids 0…n-1 in that order and never removed
   * (anything else is an error); `fields` gives the field order to use.
   */
  exportPostings(fields: readonly string[]): MiniSearchExport {
    const fieldCount = fields.length;
    const fieldOrder = fields.map((field) => this._fieldIds[field]);
    const documentCount = this._documentCount;
    // Then short ids equal ids, and each term's postings are in document order: MiniSearch adds a
    // document's terms when it adds the document, and its maps keep insertion order.
    for (const [shortId, id] of this._documentIds) {
      if (shortId !== id) throw new Error('MiniSearch documents must be added with ids 0…n-1, in order');
    }

    const fieldLength = new Uint32Array(documentCount * fieldCount);
    for (const [doc, lengths] of this._fieldLength) {
      fieldOrder.forEach((fieldId, f) => {
        fieldLength[doc * fieldCount + f] = fieldId === undefined ? 0 : (lengths[fieldId] ?? 0);
      });
    }

    const entries = [...this._index];
    const terms = new Array<string>(entries.length);
    const offsets = new Uint32Array(entries.length * fieldCount + 1);
    let total = 0;
    entries.forEach(([term, data], i) => {
      terms[i] = term;
      fieldOrder.forEach((fieldId, f) => {
        offsets[i * fieldCount + f] = total;
        total += fieldId === undefined ? 0 : (data.get(fieldId)?.size ?? 0);
      });
    });
    offsets[entries.length * fieldCount] = total;
    const docs = new Uint32Array(total);
    const freqs = new Uint32Array(total);
    let cursor = 0;
    for (const [, data] of entries) {
      for (const fieldId of fieldOrder) {
        const postings = fieldId === undefined ? undefined : data.get(fieldId);
        if (postings === undefined) continue;
        for (const [doc, frequency] of postings) {
          docs[cursor] = doc;
          freqs[cursor] = frequency;
          cursor += 1;
        }
      }
    }
    return { documentCount, fieldLength, terms, offsets, docs, freqs };
  }
}

/**
 * Joins the exports of MiniSearch indexes over consecutive document ranges (in document order) into
 * the postings one MiniSearch over all the documents would have: each part's document indexes are
 * shifted by the documents before it, and the average field lengths are recomputed the way MiniSearch
 * keeps them (a running mean updated per document), so they are the same floating-point numbers.
 * Term ids come from `termIds`; a term it lacks is an error.
 */
export function mergePostings(
  parts: readonly MiniSearchExport[],
  fieldCount: number,
  termIds: ReadonlyMap<string, number>,
  termCount: number,
): Postings {
  const partTermIds = parts.map((part) =>
    Uint32Array.from(part.terms, (term) => {
      const termId = termIds.get(term);
      if (termId === undefined)
        throw new Error(`MiniSearch has a term the analyzer did not produce: ${term}`);
      return termId;
    }),
  );
  // Count first, so each array is allocated once at its final size.
  const offsets = new Uint32Array(termCount * fieldCount + 1);
  parts.forEach((part, p) => {
    const ids = partTermIds[p] ?? new Uint32Array(0);
    for (let i = 0; i < ids.length; i += 1) {
      for (let f = 0; f < fieldCount; f += 1) {
        const slot = (ids[i] ?? 0) * fieldCount + f + 1;
        const count = (part.offsets[i * fieldCount + f + 1] ?? 0) - (part.offsets[i * fieldCount + f] ?? 0);
        offsets[slot] = (offsets[slot] ?? 0) + count;
      }
    }
  });
  for (let i = 1; i < offsets.length; i += 1) offsets[i] = (offsets[i] ?? 0) + (offsets[i - 1] ?? 0);
  const total = offsets[termCount * fieldCount] ?? 0;
  const docs = new Uint32Array(total);
  const freqs = new Uint32Array(total);
  const next = offsets.slice(0, termCount * fieldCount);
  const documentCount = parts.reduce((sum, part) => sum + part.documentCount, 0);
  const fieldLength = new Uint32Array(documentCount * fieldCount);
  let firstDoc = 0;
  parts.forEach((part, p) => {
    const ids = partTermIds[p] ?? new Uint32Array(0);
    for (let i = 0; i < ids.length; i += 1) {
      for (let f = 0; f < fieldCount; f += 1) {
        const slot = (ids[i] ?? 0) * fieldCount + f;
        let cursor = next[slot] ?? 0;
        const end = part.offsets[i * fieldCount + f + 1] ?? 0;
        for (let q = part.offsets[i * fieldCount + f] ?? 0; q < end; q += 1) {
          docs[cursor] = (part.docs[q] ?? 0) + firstDoc;
          freqs[cursor] = part.freqs[q] ?? 0;
          cursor += 1;
        }
        next[slot] = cursor;
      }
    }
    fieldLength.set(part.fieldLength, firstDoc * fieldCount);
    firstDoc += part.documentCount;
  });
  return {
    fieldCount,
    documentCount,
    averageFieldLength: runningAverageFieldLength(fieldLength, fieldCount, documentCount),
    fieldLength,
    offsets,
    docs,
    freqs,
  };
}

/**
 * MiniSearch's average field lengths, computed as MiniSearch does while adding documents one by one
 * (`avg = (avg * n + length) / (n + 1)`), so the result is bit for bit what it would hold.
 */
function runningAverageFieldLength(
  fieldLength: Uint32Array,
  fieldCount: number,
  documentCount: number,
): Float64Array {
  const averages = new Float64Array(fieldCount);
  for (let doc = 0; doc < documentCount; doc += 1) {
    for (let f = 0; f < fieldCount; f += 1) {
      averages[f] = ((averages[f] ?? 0) * doc + (fieldLength[doc * fieldCount + f] ?? 0)) / (doc + 1);
    }
  }
  return averages;
}
