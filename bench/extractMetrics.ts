/**
 * Scores for content extraction, as extraction benchmarks compute them: the body as a bag of words
 * against the expected text's bag, and metadata fields compared after normalising what does not
 * matter to a reader (case, spacing, punctuation, the order of authors, the time of day).
 */

/**
 * The words of a text for scoring: lower-cased runs of Unicode letters, digits and `_` (Python's `\w`,
 * which the benchmarks' tokenizers use), everything else a separator.
 */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** One page's bag-of-words overlap: shared tokens (multiset intersection) and each side's count. */
export interface TokenOverlap {
  shared: number;
  predicted: number;
  expected: number;
}

/** Counts each token of a list. */
function countTokens(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/**
 * How many tokens two texts share, each token counted as often as it occurs in both.
 *
 * @example tokenOverlap('the cat the hat', 'the cat sat') // { shared: 2, predicted: 4, expected: 3 }
 */
export function tokenOverlap(predicted: string, expected: string): TokenOverlap {
  const predictedTokens = wordTokens(predicted);
  const expectedTokens = wordTokens(expected);
  const expectedCounts = countTokens(expectedTokens);
  let shared = 0;
  for (const [token, count] of countTokens(predictedTokens)) {
    shared += Math.min(count, expectedCounts.get(token) ?? 0);
  }
  return { shared, predicted: predictedTokens.length, expected: expectedTokens.length };
}

/** Precision, recall and F1 of an overlap; an empty side scores 0, two empty sides score 1. */
export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
}

/** Precision, recall and F1 of a page's (or, summed, a collection's) token overlap. */
export function precisionRecall({ shared, predicted, expected }: TokenOverlap): PrecisionRecall {
  if (predicted === 0 && expected === 0) return { precision: 1, recall: 1, f1: 1 };
  const precision = predicted === 0 ? 0 : shared / predicted;
  const recall = expected === 0 ? 0 : shared / expected;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** A text reduced to its words, lower-cased and single-spaced, for comparing titles and names. */
export function normalizeText(text: string): string {
  return wordTokens(text.normalize('NFKC')).join(' ');
}

/** Whether two titles are the same once case, spacing and punctuation are set aside. */
export function sameTitle(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && normalizeText(a) !== '' && normalizeText(a) === normalizeText(b);
}

/** Whether two author lists name the same people, in any order. */
export function sameAuthors(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map(normalizeText).filter((name) => name !== ''));
  const right = new Set(b.map(normalizeText).filter((name) => name !== ''));
  return left.size === right.size && [...left].every((name) => right.has(name));
}

/**
 * The calendar day a date or timestamp names as written (`2019-04-28 06:01:07`, `2021-03-04T09:30:00-05:00`
 * → `2019-04-28`, `2021-03-04`), without converting time zones: a page's own day is the one it prints.
 */
export function calendarDay(value: string | null): string | null {
  return value === null ? null : (/^(\d{4}-\d{2}-\d{2})/.exec(value.trim())?.[1] ?? null);
}

/** Whether two dates or timestamps fall on the same calendar day as written. */
export function sameDay(a: string | null, b: string | null): boolean {
  const day = calendarDay(a);
  return day !== null && day === calendarDay(b);
}

/** Whether two language tags name the same language (`en-US` and `en-us`; `en` and `en-GB` differ). */
export function sameLanguage(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The median and 90th percentile of a list of numbers (nearest rank), or 0 for an empty list. */
export function percentiles(values: readonly number[]): { median: number; p90: number } {
  if (values.length === 0) return { median: 0, p90: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (share: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
  return { median: rank(0.5), p90: rank(0.9) };
}
