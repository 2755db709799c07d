/**
 * Ranking metrics as BEIR reports them (through pytrec_eval / trec_eval): nDCG@k with linear gains,
 * MRR@k and Recall@k. Pure functions of one query's ranking and judgments, so they can be checked
 * against hand-computed cases and reused by any runner.
 *
 * Conventions shared by all of them:
 * - a document is relevant when its judged grade is above 0; unjudged documents count as grade 0;
 * - a document id repeated in a ranking counts at its first rank only (a run cannot score twice);
 * - a query with nothing relevant judged scores 0 (the caller usually leaves such queries out).
 */

/** One query's relevance judgments: document id → graded relevance (above 0 means relevant). */
export type Judgments = ReadonlyMap<string, number>;

/**
 * Normalized discounted cumulative gain over the first `k` ranks: Σ grade / log2(rank + 1), divided
 * by the same sum for the ideal ordering of this query's judgments. Gains are the grades themselves
 * (not 2^grade − 1), as in trec_eval's `ndcg_cut`, which is what BEIR publishes.
 *
 * @example ndcgAtK(['a', 'b'], new Map([['b', 1]]), 10) // 1 / log2(3) ≈ 0.631
 */
export function ndcgAtK(ranking: readonly string[], judgments: Judgments, k = 10): number {
  const ideal = [...judgments.values()]
    .filter((grade) => grade > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idealDcg = discountedSum(ideal);
  if (idealDcg === 0) return 0;
  const gains = topK(ranking, k).map((id) => Math.max(0, judgments.get(id) ?? 0));
  return discountedSum(gains) / idealDcg;
}

/**
 * Reciprocal rank of the first relevant document within the first `k` ranks, 0 when none is there.
 * Averaged over queries this is MRR@k.
 *
 * @example reciprocalRankAtK(['a', 'b'], new Map([['b', 1]]), 10) // 0.5
 */
export function reciprocalRankAtK(ranking: readonly string[], judgments: Judgments, k = 10): number {
  const rank = topK(ranking, k).findIndex((id) => (judgments.get(id) ?? 0) > 0);
  return rank === -1 ? 0 : 1 / (rank + 1);
}

/**
 * Share of the query's relevant documents found within the first `k` ranks, whatever their grade.
 *
 * @example recallAtK(['a', 'b'], new Map([['b', 1], ['c', 2]]), 100) // 0.5
 */
export function recallAtK(ranking: readonly string[], judgments: Judgments, k = 100): number {
  const relevant = relevantIds(judgments);
  if (relevant.length === 0) return 0;
  const found = topK(ranking, k).filter((id) => (judgments.get(id) ?? 0) > 0).length;
  return found / relevant.length;
}

/** The judged documents with a grade above 0, most relevant first (ties by id, for stable output). */
export function relevantIds(judgments: Judgments): string[] {
  return [...judgments]
    .filter(([, grade]) => grade > 0)
    .sort(([a, gradeA], [b, gradeB]) => gradeB - gradeA || (a < b ? -1 : a > b ? 1 : 0))
    .map(([id]) => id);
}

/** Arithmetic mean; 0 for no values, so an empty run reports 0 rather than NaN. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Gains discounted by log2(rank + 1), rank counted from 1. */
function discountedSum(gains: readonly number[]): number {
  return gains.reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);
}

/** The first `k` distinct ids of a ranking. */
function topK(ranking: readonly string[], k: number): string[] {
  return [...new Set(ranking)].slice(0, k);
}
