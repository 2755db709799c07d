/**
 * MiniSearch's inverted index in a compact, load-fast form, and its BM25+ scoring.
 *
 * MiniSearch builds the index (term → field → document → term frequency, field lengths and average
 * field lengths); {@link postingsFromMiniSearch} exports it through MiniSearch's public `toJSON()` into
 * flat typed arrays. Loading those is a matter of pointing at bytes, where `MiniSearch.loadJSON`
 * rebuilds millions of Map entries; scoring them is a tight loop without the per-document objects
 * MiniSearch's `search` allocates. {@link bm25} is MiniSearch's formula, so scores are the same.
 */
import type MiniSearch from 'minisearch';

/** One field's postings of every term, stored term by term, documents ascending. */
export interface Postings {
  /** Number of searchable fields (`F`). */
  fieldCount: number;
  documentCount: number;
  /** Average length of each field over all documents, in ranked terms. */
  averageFieldLength: Float64Array;
  /** Length of field `f` of document `d` at `d * F + f`. */
  fieldLength: Uint32Array;
  /** Where the postings of term `t` in field `f` start in `docs`/`freqs`: entry `t * F + f`; one extra end entry. */
  offsets: Uint32Array;
  /** Document indexes, ascending within each (term, field). */
  docs: Uint32Array;
  /** Term frequency for the matching entry of `docs`. */
  freqs: Uint32Array;
}

/** MiniSearch's BM25+ parameters: saturation `k`, length normalization `b`, lower bound `d`. */
export interface Bm25Parameters {
  k: number;
  b: number;
  d: number;
}

/**
 * MiniSearch's BM25+ score of one term in one field of one document (`calcBM25Score` in MiniSearch):
 * `matching` is how many documents have the term in that field.
 */
export function bm25(
  termFrequency: number,
  matching: number,
  documentCount: number,
  fieldLength: number,
  averageFieldLength: number,
  { k, b, d }: Bm25Parameters,
): number {
  const inverseDocumentFrequency = Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
  return (
    inverseDocumentFrequency *
    (d + (termFrequency * (k + 1)) / (termFrequency + k * (1 - b + (b * fieldLength) / averageFieldLength)))
  );
}

/** The part of MiniSearch's serialized form (`toJSON()`, serialization version 2) that we read. */
interface MiniSearchJson {
  documentCount: number;
  documentIds: Record<string, number>;
  fieldIds: Record<string, number>;
  fieldLength: Record<string, number[]>;
  averageFieldLength: number[];
  index: [string, Record<string, Record<string, number>>][];
  serializationVersion: number;
}

/**
 * Exports a MiniSearch index whose document ids are document indexes 0…n-1, added in that order and
 * never removed, into {@link Postings},
 * with term ids taken from `termIds` (terms MiniSearch has that `termIds` lacks are an error).
 * `fields` gives the field order to use.
 */
export function postingsFromMiniSearch<Document>(
  miniSearch: MiniSearch<Document>,
  fields: readonly string[],
  termIds: ReadonlyMap<string, number>,
  termCount: number,
): Postings {
  const json = miniSearch.toJSON() as unknown as MiniSearchJson;
  if (json.serializationVersion !== 2) {
    throw new Error(`Unsupported MiniSearch serialization version ${json.serializationVersion}`);
  }
  const fieldCount = fields.length;
  const fieldOrder = fields.map((field) => json.fieldIds[field]);
  // Documents added in order, with ids 0…n-1 and nothing removed, get the same short ids, and
  // MiniSearch's maps keep insertion order: postings then arrive in document order, ready to copy.
  for (const [shortId, id] of Object.entries(json.documentIds)) {
    if (Number(shortId) !== id)
      throw new Error('MiniSearch documents must be added with ids 0…n-1, in order');
  }
  const toIndex = (shortId: string) => Number(shortId);

  const fieldLength = new Uint32Array(json.documentCount * fieldCount);
  for (const [shortId, lengths] of Object.entries(json.fieldLength)) {
    const doc = toIndex(shortId);
    fieldOrder.forEach((fieldId, f) => {
      fieldLength[doc * fieldCount + f] = fieldId === undefined ? 0 : (lengths[fieldId] ?? 0);
    });
  }
  const averageFieldLength = Float64Array.from(fieldOrder, (fieldId) =>
    fieldId === undefined ? 0 : (json.averageFieldLength[fieldId] ?? 0),
  );

  // Count first, so each array is allocated once at its final size.
  const counts = new Uint32Array(termCount * fieldCount);
  const entries: { termId: number; byField: (Record<string, number> | undefined)[] }[] = [];
  for (const [term, data] of json.index) {
    const termId = termIds.get(term);
    if (termId === undefined) throw new Error(`MiniSearch has a term the analyzer did not produce: ${term}`);
    const byField = fieldOrder.map((fieldId) => (fieldId === undefined ? undefined : data[fieldId]));
    byField.forEach((docs, f) => {
      let count = 0;
      for (const _ in docs) count += 1;
      counts[termId * fieldCount + f] = count;
    });
    entries.push({ termId, byField });
  }
  const offsets = new Uint32Array(termCount * fieldCount + 1);
  for (let i = 0; i < counts.length; i += 1) offsets[i + 1] = (offsets[i] ?? 0) + (counts[i] ?? 0);
  const total = offsets[termCount * fieldCount] ?? 0;
  const docs = new Uint32Array(total);
  const freqs = new Uint32Array(total);
  for (const { termId, byField } of entries) {
    byField.forEach((postings, f) => {
      if (postings === undefined) return;
      let cursor = offsets[termId * fieldCount + f] ?? 0;
      // Integer-like keys enumerate in ascending order: document order.
      for (const shortId in postings) {
        docs[cursor] = toIndex(shortId);
        freqs[cursor] = postings[shortId] ?? 0;
        cursor += 1;
      }
    });
  }
  return {
    fieldCount,
    documentCount: json.documentCount,
    averageFieldLength,
    fieldLength,
    offsets,
    docs,
    freqs,
  };
}
