/**
 * The BM25 formula, as MiniSearch computes it, with MiniSearch's BM25+ floor `d` as an option. The
 * field lengths it is given are the fields' indexed words (see build/shards.ts), where MiniSearch
 * counts distinct terms.
 */

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
  parameters: Bm25Parameters,
): number {
  return bm25WithIdf(
    bm25Idf(matching, documentCount),
    termFrequency,
    fieldLength,
    averageFieldLength,
    parameters,
  );
}

/** BM25's inverse document frequency, the part of {@link bm25} that is the same for every document. */
export function bm25Idf(matching: number, documentCount: number): number {
  return Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
}

/**
 * {@link bm25} with its IDF worked out once per term ({@link bm25Idf}), not once per posting: the same
 * arithmetic in the same order, so the same score to the last bit.
 */
export function bm25WithIdf(
  inverseDocumentFrequency: number,
  termFrequency: number,
  fieldLength: number,
  averageFieldLength: number,
  { k, b, d }: Bm25Parameters,
): number {
  return (
    inverseDocumentFrequency *
    (d + (termFrequency * (k + 1)) / (termFrequency + k * (1 - b + (b * fieldLength) / averageFieldLength)))
  );
}
