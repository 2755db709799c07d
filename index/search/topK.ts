/**
 * The `k` best of `count` candidates without sorting them all: a bounded min-heap, O(count · log k).
 * Ranking a common word's 20,000 matches for one page of results is the case it exists for.
 */

/**
 * Indexes `0…count-1` of the `k` highest scores, best first; equal scores keep the lower `tieBreak`
 * first, so results are stable across runs and builds.
 */
export function topK(
  count: number,
  k: number,
  score: (i: number) => number,
  tieBreak: (i: number) => number,
): number[] {
  const limit = Math.min(k, count);
  if (limit <= 0) return [];
  // Each score read once into an array: the heap compares keys many times per candidate, and calling
  // `score` for every comparison was most of the cost of ranking a common word's matches.
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i += 1) keys[i] = score(i);
  // `worse(a, b)`: a ranks below b.
  const worse = (a: number, b: number) => {
    const difference = (keys[a] as number) - (keys[b] as number);
    return difference < 0 || (difference === 0 && tieBreak(a) > tieBreak(b));
  };
  const order = (a: number, b: number) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0);
  // Few enough to sort outright (a rare word's handful of matches): no heap to keep.
  if (count <= limit) return Array.from({ length: count }, (_, i) => i).sort(order);
  const heap: number[] = [];
  const siftUp = (start: number) => {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(heap[i] as number, heap[parent] as number)) break;
      [heap[i], heap[parent]] = [heap[parent] as number, heap[i] as number];
      i = parent;
    }
  };
  const siftDown = () => {
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && worse(heap[left] as number, heap[smallest] as number)) smallest = left;
      if (right < heap.length && worse(heap[right] as number, heap[smallest] as number)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest] as number, heap[i] as number];
      i = smallest;
    }
  };
  for (let i = 0; i < limit; i += 1) {
    heap.push(i);
    siftUp(i);
  }
  for (let i = limit; i < count; i += 1) {
    // Most candidates of a long list score below the heap's worst: one key comparison turns them away.
    const worst = heap[0] as number;
    if ((keys[i] as number) < (keys[worst] as number)) continue;
    if (worse(worst, i)) {
      heap[0] = i;
      siftDown();
    }
  }
  return heap.sort(order);
}
