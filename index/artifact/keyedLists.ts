/**
 * Lists of numbers stored back to back under ascending keys, as the common-word pairs
 * (commonPairs.ts) and the word lists (wordDocs.ts) keep their articles, and how the artifact packs
 * such arrays into one section.
 */

/** Where `value` stands in the ascending `sorted` (binary search), or -1 when it is not there. */
export function sortedIndexOf(sorted: Uint32Array, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = sorted[middle] ?? 0;
    if (found < value) low = middle + 1;
    else if (found > value) high = middle - 1;
    else return middle;
  }
  return -1;
}

/**
 * The list under `key` (its entries `offsets[i]…offsets[i + 1]` of `values`, `i` being where `key`
 * stands in the ascending `keys`), as a view; null when `keys` lacks it.
 */
export function keyedList(
  keys: Uint32Array,
  offsets: Uint32Array,
  values: Uint32Array,
  key: number,
): Uint32Array | null {
  const at = sortedIndexOf(keys, key);
  return at < 0 ? null : values.subarray(offsets[at] ?? 0, offsets[at + 1] ?? 0);
}

/** `header` then every one of `parts`, back to back, as one list of numbers. */
export function packed(header: readonly number[], parts: readonly Uint32Array[]): Uint32Array {
  const encoded = new Uint32Array(header.length + parts.reduce((sum, part) => sum + part.length, 0));
  encoded.set(header);
  let at = header.length;
  for (const part of parts) {
    encoded.set(part, at);
    at += part.length;
  }
  return encoded;
}
