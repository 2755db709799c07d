/**
 * The `k` best of `count` candidates without sorting them all: the k-th best score found by
 * quickselect over a copy of the scores (linear on average), then the candidates above it sorted.
 * Ranking a common word's 20,000 matches for one page of results is the case it exists for.
 *
 * A bounded min-heap did it before, in O(count · log k): 2–2.5 times slower for the best 200 of
 * 2,000 to 15,000 candidates in random order (proximity re-ranks 200), 10–20% slower for the best 10,
 * though over the benchmark's queries the difference did not show; and a score that is not a number
 * had no consistent place in its order, so such a candidate could take the page.
 */

/**
 * Indexes `0…count-1` of the `k` highest scores, best first; equal scores keep the lower `tieBreak`
 * first, so results are stable across runs and builds. A score that is not a number ranks last.
 */
export function topK(
  count: number,
  k: number,
  score: (i: number) => number,
  tieBreak: (i: number) => number,
): number[] {
  const limit = Math.min(k, count);
  if (limit <= 0) return [];
  // Each score read once into an array: the selection and the sort compare keys many times.
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i += 1) {
    const key = score(i);
    keys[i] = Number.isNaN(key) ? Number.NEGATIVE_INFINITY : key;
  }
  const order = (a: number, b: number) =>
    (keys[b] as number) - (keys[a] as number) || tieBreak(a) - tieBreak(b);
  // Few enough to sort outright (a rare word's handful of matches).
  if (count <= limit) return Array.from({ length: count }, (_, i) => i).sort(order);
  const threshold = kthSmallest(keys.slice(), count - limit);
  // Fewer than `limit` score above the threshold, and at least `limit` score as much: the rest of the
  // page comes from those equal to it, lowest `tieBreak` first.
  const chosen: number[] = [];
  const ties: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const key = keys[i] as number;
    if (key > threshold) chosen.push(i);
    else if (key === threshold) ties.push(i);
  }
  if (chosen.length < limit) chosen.push(...lowestTieBreaks(ties, limit - chosen.length, tieBreak));
  return chosen.sort(order);
}

/**
 * The `wanted` of `ties` with the lowest `tieBreak`, in no order: selected, not sorted, since a lone
 * common word ties every one of its matches (86,000 for `the` at 100,000 articles), and sorting them
 * all by a tie-break that reads each article's date took that search from 13 to 23 ms.
 */
function lowestTieBreaks(ties: number[], wanted: number, tieBreak: (i: number) => number): number[] {
  if (ties.length <= wanted) return ties;
  // A plain loop: `Float64Array.from` with a mapping function iterates, several times slower.
  const keys = new Float64Array(ties.length);
  for (let t = 0; t < ties.length; t += 1) keys[t] = tieBreak(ties[t] as number);
  const cut = kthSmallest(keys.slice(), wanted - 1);
  const lowest: number[] = [];
  for (let t = 0; t < ties.length; t += 1) if ((keys[t] as number) < cut) lowest.push(ties[t] as number);
  for (let t = 0; lowest.length < wanted && t < ties.length; t += 1) {
    if (keys[t] === cut) lowest.push(ties[t] as number);
  }
  return lowest;
}

/** The value that would stand at `target` if `values` were sorted ascending; reorders `values` (Hoare's quickselect). */
function kthSmallest(values: Float64Array, target: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1] as number;
    let i = low;
    let j = high;
    while (i <= j) {
      while ((values[i] as number) < pivot) i += 1;
      while ((values[j] as number) > pivot) j -= 1;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else break;
  }
  return values[target] as number;
}
