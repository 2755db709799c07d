/**
 * The unsigned integer arrays of an index, each as narrow as its values allow: a word id, a position in
 * a field or a term frequency fits in 16 or 8 bits in most collections, and an index is mostly such
 * arrays (on BBC+Reuters, 10 bytes a token in 32 and 16 bits, 7 in the narrowest widths). Readers
 * index them like any array; which width an array has depends on the collection.
 */

/** An array of unsigned integers in 8, 16 or 32 bits. */
export type IndexArray = Uint8Array | Uint16Array | Uint32Array;

/** The width of each element of an {@link IndexArray}, as the artifact names it. */
export type IndexArrayType = 'u8' | 'u16' | 'u32';

/** The largest of the values (0 for none). */
export function largestOf(values: IndexArray): number {
  let largest = 0;
  for (let i = 0; i < values.length; i += 1) if ((values[i] ?? 0) > largest) largest = values[i] ?? 0;
  return largest;
}

/** The narrowest width that holds every value up to `largest`. */
export function typeFor(largest: number): IndexArrayType {
  return largest <= 0xff ? 'u8' : largest <= 0xffff ? 'u16' : 'u32';
}

/** The values in the narrowest array that holds them all (the array itself when that is its width). */
export function narrowest(values: IndexArray): IndexArray {
  const type = typeFor(largestOf(values));
  if (type === indexArrayType(values)) return values;
  const narrowed = createIndexArray(type, values.length);
  narrowed.set(values);
  return narrowed;
}

/** The element width of an array, as the artifact names it. */
export function indexArrayType(array: IndexArray): IndexArrayType {
  return array instanceof Uint8Array ? 'u8' : array instanceof Uint16Array ? 'u16' : 'u32';
}

/** A new array of `length` zeros of the given width. */
export function createIndexArray(type: IndexArrayType, length: number): IndexArray {
  if (type === 'u8') return new Uint8Array(length);
  if (type === 'u16') return new Uint16Array(length);
  return new Uint32Array(length);
}

/** An array of the given width over `length` elements of `buffer` from byte `byteOffset` (aligned to it). */
export function indexArrayOver(
  type: IndexArrayType,
  buffer: ArrayBufferLike,
  byteOffset: number,
  length: number,
): IndexArray {
  if (type === 'u8') return new Uint8Array(buffer, byteOffset, length);
  if (type === 'u16') return new Uint16Array(buffer, byteOffset, length);
  return new Uint32Array(buffer, byteOffset, length);
}
