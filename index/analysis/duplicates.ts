/**
 * Near-duplicate detection at build time: which articles are versions of the same text, so search can
 * show one result per group ("1 similar article") instead of the same story twice.
 *
 * Each body becomes the set of its word 5-shingles (every run of five consecutive folded words). Two
 * documents are near-duplicates when most of the shorter one's shingles also occur in the longer one
 * (containment), and groups are the transitive closure of those pairs. Comparing every pair would be
 * quadratic, so candidates come from MinHash with LSH banding, and every candidate is verified against
 * the exact shingle sets before it is grouped: an LSH false positive costs time, never a wrong group.
 *
 * Pure and deterministic: fixed hash seeds, no randomness, the same input always gives the same groups.
 *
 * @example
 * findDuplicateGroups([bodyWordsA, bodyWordsB, bodyWordsC]) // Int32Array [0, 0, -1]: A and B are one group
 */

/** How near-duplicates are found; every field has a documented default in {@link defaultDuplicateOptions}. */
export interface DuplicateOptions {
  /** Words per shingle. */
  shingleSize: number;
  /** Smallest containment (shared shingles ÷ the smaller document's shingles) that makes a pair. */
  threshold: number;
  /** Smallest ratio of the smaller document's shingle count to the larger's for a pair to count. */
  minLengthRatio: number;
  /** Documents with fewer body words never group with anything. */
  minWords: number;
  /**
   * When the smaller document of a pair has fewer words than this, all of its shingles must occur in
   * the other (containment 1) instead of {@link threshold}.
   */
  strictBelowWords: number;
  /** LSH bands: a pair is a candidate when all rows of at least one band agree. */
  bands: number;
  /** MinHash values per band. The signature has `bands × rows` values. */
  rows: number;
}

/**
 * Defaults, measured on the seeds, BBC (2,225 articles) and Reuters-21578 (19,043 stories) with
 * `bench/benchDuplicates.ts`:
 *
 * - `shingleSize: 5` — folded words with stop words kept, so a shingle is a fragment of a sentence:
 *   specific enough that different reports of the same news share almost none (seeds 000, 002, 003 and
 *   004, four outlets on the US–China trade talks, share at most 0.6% of their shingles), short enough
 *   that one edited word disturbs only five shingles.
 * - `threshold: 0.8`, on containment rather than Jaccard — the versions a reader wants folded often
 *   differ in length: a page that kept its chrome (seed 001 before cleaning holds all of seed 000 plus
 *   80% more), a wire story refiled with more paragraphs, a first take cut short. Jaccard punishes the
 *   length difference (a version holding two thirds of the text scores at most 0.67, however exact);
 *   containment does not. Seed 000 with one of its 17 paragraphs replaced scores 0.96, with its
 *   paragraphs reversed 0.90, with every 40th word changed 0.88; a changed word removes up to five
 *   shingles, so 0.8 tolerates about one in 25. A rewritten follow-up can fall just below it (BBC's
 *   "Talks aim to avert pension strike" and "Stalemate in pension strike talks": 0.79).
 * - `minLengthRatio: 1/3` — containment alone folds a short text into any long one that reproduces it,
 *   and through transitivity joins unrelated stories in one group via a roundup quoting them: Reuters'
 *   "Commodity highlights" contains whole briefs, and one food-stocks analysis has a share-offer story
 *   spliced onto its end. Requiring the smaller text to have at least a third of the larger's shingles
 *   stops excerpts and costs 38 of 861 pairs on BBC+Reuters (lede-only briefs of a long story). It also
 *   puts a floor under the Jaccard of any pair that may group (0.8 × ⅓ ÷ (1 + ⅓ − 0.8 × ⅓) = 0.25), so
 *   LSH can be sized to find them all rather than some by luck.
 * - `minWords: 20` — under about 20 words (16 shingles) a body is a stub, not an article: "No body",
 *   a caption, a paywall notice. Stubs of the same boilerplate would all be one group, and with a
 *   handful of shingles one shared phrase reaches any threshold.
 * - `strictBelowWords: 50` — wire briefs are templates: "Fed adds reserves via customer repurchases"
 *   on different days, or three banks each raising the prime rate, differ by one number or name, which
 *   in 40 words leaves containment at 0.8–0.9 although they are different news. Short texts therefore
 *   group only when one is contained entirely in the other (refilings, corrections with a note added).
 * - `bands: 32, rows: 2` — a pair is a candidate when both values of one band agree, with probability
 *   1 − (1 − J²)^32 for Jaccard J: 87% at the floor of 0.25, 95% at 0.3, 99% at 0.36, all but certain
 *   from 0.5; 8% at J = 0.05, where stories merely share phrases, so few candidates need verifying.
 *   Against an exact all-pairs computation on BBC+Reuters it found all 823 pairs (24 of them below
 *   J = 0.4), in about 0.4 s of CPU for 21,268 articles.
 */
export const defaultDuplicateOptions: Readonly<DuplicateOptions> = {
  shingleSize: 5,
  threshold: 0.8,
  minLengthRatio: 1 / 3,
  minWords: 20,
  strictBelowWords: 50,
  bands: 32,
  rows: 2,
};

/** Exact similarity of two bodies' shingle sets; for tuning and explaining {@link DuplicateOptions}. */
export interface ShingleSimilarity {
  /** Shared shingles ÷ all distinct shingles of both. */
  jaccard: number;
  /** Shared shingles ÷ the smaller set's shingles: how much of the shorter text the longer one holds. */
  containment: number;
  /** Distinct shingles of each document, in argument order. */
  shingles: [number, number];
}

/** Resolves and checks options; a bad value is a programming error, so it throws at once. */
function resolveOptions(options: Partial<DuplicateOptions>): DuplicateOptions {
  const settings = { ...defaultDuplicateOptions, ...options };
  const positiveIntegers = ['shingleSize', 'bands', 'rows'] as const;
  for (const name of positiveIntegers) {
    if (!Number.isInteger(settings[name]) || settings[name] < 1)
      throw new RangeError(`${name} must be a positive integer, not ${settings[name]}`);
  }
  if (!(settings.threshold > 0 && settings.threshold <= 1))
    throw new RangeError(`threshold must be in (0, 1], not ${settings.threshold}`);
  if (!(settings.minLengthRatio >= 0 && settings.minLengthRatio <= 1))
    throw new RangeError(`minLengthRatio must be in [0, 1], not ${settings.minLengthRatio}`);
  return settings;
}

/** MurmurHash3's finalizer: a bijection on 32 bits whose output bits each depend on every input bit. */
function mix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A word's 32-bit key: FNV-1a over its UTF-16 units, pre-scrambled as MurmurHash3 scrambles a block.
 * From the word alone, not from the order words are met, so a document's shingles do not depend on
 * which other documents are in the build. Computed per occurrence: news words are short, and hashing
 * a few characters is faster than looking the word up in a cache.
 */
function wordKey(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i += 1) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h = Math.imul(h, 0xcc9e2d51);
  h = (h << 15) | (h >>> 17);
  return Math.imul(h, 0x1b873593);
}

/**
 * Writes the hash of every `size`-word shingle of `words` into `out` from `at`, in text order, with
 * repeats; returns how many were written (`words.length − size + 1`, or 0 when shorter than `size`).
 * The shingle hash is MurmurHash3_x86_32 over its words' keys.
 */
function writeShingles(
  words: readonly string[],
  size: number,
  scratch: Int32Array,
  out: Uint32Array,
  at: number,
): number {
  const count = words.length - size + 1;
  if (count <= 0) return 0;
  for (let i = 0; i < words.length; i += 1) scratch[i] = wordKey(words[i] as string);
  for (let i = 0; i < count; i += 1) {
    let h = 0x2545f491;
    for (let j = i; j < i + size; j += 1) {
      h ^= scratch[j] as number;
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
    out[at + i] = mix32(h ^ (size * 4));
  }
  return count;
}

/** Sorts `hashes` in place and moves the distinct values to its front; returns how many there are. */
function sortUnique(hashes: Uint32Array): number {
  hashes.sort();
  let unique = 0;
  for (let i = 0; i < hashes.length; i += 1) {
    const value = hashes[i] as number;
    if (unique === 0 || value !== hashes[unique - 1]) {
      hashes[unique] = value;
      unique += 1;
    }
  }
  return unique;
}

/**
 * Shared values of two sorted distinct arrays, or any number below `needed` as soon as `needed` is out
 * of reach: most LSH candidates share little, and this stops them early.
 */
function countShared(a: Uint32Array, b: Uint32Array, needed = 0): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared += 1;
      i += 1;
      j += 1;
    } else {
      if (x < y) i += 1;
      else j += 1;
      if (shared + Math.min(a.length - i, b.length - j) < needed) return shared;
    }
  }
  return shared;
}

/**
 * A document's shingle set as a bitmap, for {@link countPossiblyShared}: about 8 bits per shingle,
 * rounded up to a power of two (so a shingle's bit is its hash's low bits), from 512 bits (a word
 * brief) to 16,384 (a long report).
 */
function shingleBitmap(hashes: Uint32Array): Uint32Array {
  let bits = 512;
  while (bits < hashes.length * 8 && bits < 16384) bits *= 2;
  const bitmap = new Uint32Array(bits / 32);
  const mask = bits - 1;
  for (let i = 0; i < hashes.length; i += 1) {
    const bit = (hashes[i] as number) & mask;
    bitmap[bit >>> 5] = (bitmap[bit >>> 5] as number) | (1 << (bit & 31));
  }
  return bitmap;
}

/**
 * How many of `hashes` have their bit set in another set's {@link shingleBitmap}: at least how many
 * they share with it (a shared shingle always finds its bit), a few more through shingles that merely
 * collide. Any number below `needed` as soon as `needed` is out of reach. Reading one bit per shingle
 * without a branch is several times faster than merging two sorted sets, whose comparisons the
 * processor cannot predict, and rules out most candidate pairs before that merge.
 */
function countPossiblyShared(hashes: Uint32Array, bitmap: Uint32Array, needed: number): number {
  const mask = bitmap.length * 32 - 1;
  const allowedMisses = hashes.length - needed;
  let found = 0;
  for (let i = 0; i < hashes.length; i += 1) {
    const bit = (hashes[i] as number) & mask;
    found += ((bitmap[bit >>> 5] as number) >>> (bit & 31)) & 1;
    // Checked every 32 shingles, so the loop itself stays free of branches that depend on the data.
    if ((i & 31) === 31 && i + 1 - found > allowedMisses) return found;
  }
  return found;
}

/**
 * Exact Jaccard and containment of two bodies' shingle sets (folded words in order, as in
 * {@link findDuplicateGroups}). Quadratic use over a collection is what `findDuplicateGroups` avoids;
 * this is for measuring pairs.
 */
export function shingleSimilarity(
  a: readonly string[],
  b: readonly string[],
  options: Partial<DuplicateOptions> = {},
): ShingleSimilarity {
  const { shingleSize } = resolveOptions(options);
  const scratch = new Int32Array(Math.max(a.length, b.length));
  const sets = [a, b].map((words) => {
    const hashes = new Uint32Array(Math.max(0, words.length - shingleSize + 1));
    writeShingles(words, shingleSize, scratch, hashes, 0);
    return hashes.subarray(0, sortUnique(hashes));
  });
  const [setA, setB] = sets as [Uint32Array, Uint32Array];
  const shared = countShared(setA, setB);
  const union = setA.length + setB.length - shared;
  const smaller = Math.min(setA.length, setB.length);
  return {
    jaccard: union === 0 ? 0 : shared / union,
    containment: smaller === 0 ? 0 : shared / smaller,
    shingles: [setA.length, setB.length],
  };
}

/**
 * MinHash signatures by one-permutation hashing: the hash range is cut into `size` equal bins and each
 * bin keeps the smallest shingle hash falling in it. One hash per shingle instead of one per shingle
 * and signature value (`size` times less work), with the same property LSH needs: two documents agree
 * on a bin with probability about their Jaccard similarity. A bin no shingle falls in borrows the value
 * of the first filled bin along a probe sequence that depends on the bin alone ("optimal
 * densification", Shrivastava 2017), so two documents missing the same bin borrow alike.
 */
function writeSignature(
  hashes: Uint32Array,
  size: number,
  filled: Uint8Array,
  signatures: Uint32Array,
  at: number,
): void {
  filled.fill(0);
  for (let i = 0; i < hashes.length; i += 1) {
    const hash = hashes[i] as number;
    const bin = Math.floor((hash * size) / 0x100000000);
    if (filled[bin] === 0 || hash < (signatures[at + bin] as number)) {
      signatures[at + bin] = hash;
      filled[bin] = 1;
    }
  }
  for (let bin = 0; bin < size; bin += 1) {
    if (filled[bin] === 1) continue;
    // Ends: at least one bin is filled, and the probes are spread pseudo-randomly over all bins.
    for (let attempt = 1; ; attempt += 1) {
      const probe = mix32(Math.imul(bin + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x7feb352d)) % size;
      if (filled[probe] === 1) {
        signatures[at + bin] = signatures[at + probe] as number;
        break;
      }
    }
  }
}

/**
 * Union–find over document indexes. A union hangs the higher root under the lower one, so every root
 * is its set's lowest index: exactly the group number {@link findDuplicateGroups} reports.
 */
class DisjointSets {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i += 1) this.parent[i] = i;
  }

  find(item: number): number {
    let node = item;
    while (this.parent[node] !== node) {
      const grandparent = this.parent[this.parent[node] as number] as number;
      this.parent[node] = grandparent;
      node = grandparent;
    }
    return node;
  }

  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA < rootB) this.parent[rootB] = rootA;
    else if (rootB < rootA) this.parent[rootA] = rootB;
  }
}

/**
 * LSH buckets for all bands at once: entries (one per document and band) by band key, each bucket a
 * linked list through its entries, newest first. The band is mixed into the key, so one table serves
 * every band. Open addressing in typed arrays, because a general Map of this many keys costs more than
 * all the rest of the search.
 */
class LshBuckets {
  private readonly keys: Uint32Array;
  private readonly heads: Int32Array;
  private readonly links: Int32Array;
  private readonly mask: number;

  constructor(entries: number) {
    let capacity = 16;
    while (capacity < entries * 1.5) capacity *= 2;
    this.keys = new Uint32Array(capacity);
    this.heads = new Int32Array(capacity).fill(-1);
    this.links = new Int32Array(entries);
    this.mask = capacity - 1;
  }

  /** Puts `entry` in the bucket of `key`; returns the entry added to that bucket before it, or -1. */
  add(key: number, entry: number): number {
    let slot = key & this.mask;
    while (this.heads[slot] !== -1 && this.keys[slot] !== key) slot = (slot + 1) & this.mask;
    const previous = this.heads[slot] as number;
    this.keys[slot] = key;
    this.heads[slot] = entry;
    this.links[entry] = previous;
    return previous;
  }

  /** The entry added to the same bucket before `entry`, or -1. */
  next(entry: number): number {
    return this.links[entry] as number;
  }
}

/**
 * How many earlier entries of its bucket a document is compared with per band, most recent first. On
 * BBC and Reuters no walk is longer than 22. Longer ones come from many texts on one template
 * (thousands of daily briefs that differ by a number), where comparing every pair is quadratic: 8,000
 * such briefs take 13 s without the cap, 0.5 s with it. A near-duplicate further back than
 * this in every band the pair shares is missed, but in such a bucket the template has usually joined
 * it to a nearer copy already.
 */
const MAX_BUCKET_WALK = 64;

/**
 * Groups near-duplicate documents. `documents[i]` is document i's body as folded words in order, stop
 * words included (`documentFields(document)[FIELD_INDEX.body].words`). Returns, for each document, -1
 * when it has no near-duplicate, otherwise its group number: the index of the group's first document.
 *
 * A pair is a near-duplicate when, with the smaller of their shingle sets S and the larger L, |S| is
 * at least `minLengthRatio × |L|` and S shares at least `threshold` of its shingles with L (all of
 * them when S's document has fewer than `strictBelowWords` words). Documents under `minWords` words
 * never group. Groups are the transitive closure of such pairs. Pairs are found through LSH, so a
 * near-duplicate pair of low Jaccard similarity can be missed (see {@link defaultDuplicateOptions});
 * a pair that is not near-duplicate is never grouped.
 *
 * @example findDuplicateGroups([page, sameStoryRefiled, otherStory]) // Int32Array [0, 0, -1]
 */
export function findDuplicateGroups(
  documents: readonly (readonly string[])[],
  options: Partial<DuplicateOptions> = {},
): Int32Array {
  return groupDuplicates(shingleBodies(documents, options), options);
}

/**
 * The per-document half of {@link findDuplicateGroups}: each body's word count, shingle hashes and
 * MinHash signature. A document's entries depend on its words alone, so the bodies of a collection
 * can be shingled in parts (on build workers) and the parts joined with {@link concatBodyShingles}.
 */
export interface BodyShingles {
  /** Words per document. */
  wordCounts: Uint32Array;
  /** Where each document's shingle hashes start in `shingles`; one extra end entry. */
  offsets: Int32Array;
  shingles: Uint32Array;
  /** `bands × rows` values per document. */
  signatures: Uint32Array;
}

/** Shingles and signs bodies (folded words in order, stop words included); see {@link BodyShingles}. */
export function shingleBodies(
  documents: readonly (readonly string[])[],
  options: Partial<DuplicateOptions> = {},
): BodyShingles {
  const settings = resolveOptions(options);
  const count = documents.length;
  // At least one shingle per document that takes part, whatever the options.
  const minWords = Math.max(settings.minWords, settings.shingleSize);

  // All shingle hashes in one typed array, document after document, and 4 bytes per signature value:
  // about 4 bytes a word plus 256 a document with the defaults.
  const wordCounts = new Uint32Array(count);
  const offsets = new Int32Array(count + 1);
  let longest = 0;
  for (let doc = 0; doc < count; doc += 1) {
    const words = (documents[doc] as readonly string[]).length;
    wordCounts[doc] = words;
    const shingles = words >= minWords ? words - settings.shingleSize + 1 : 0;
    offsets[doc + 1] = (offsets[doc] as number) + shingles;
    longest = Math.max(longest, words);
  }
  const shingles = new Uint32Array(offsets[count] as number);
  const signatureSize = settings.bands * settings.rows;
  const signatures = new Uint32Array(count * signatureSize);
  const scratch = new Int32Array(longest);
  const filled = new Uint8Array(signatureSize);
  for (let doc = 0; doc < count; doc += 1) {
    const start = offsets[doc] as number;
    const end = offsets[doc + 1] as number;
    if (end === start) continue;
    writeShingles(documents[doc] as readonly string[], settings.shingleSize, scratch, shingles, start);
    writeSignature(shingles.subarray(start, end), signatureSize, filled, signatures, doc * signatureSize);
  }
  return { wordCounts, offsets, shingles, signatures };
}

/** The shingles of consecutive document ranges as one, in order. */
export function concatBodyShingles(parts: readonly BodyShingles[]): BodyShingles {
  const count = parts.reduce((sum, part) => sum + part.wordCounts.length, 0);
  const offsets = new Int32Array(count + 1);
  let first = 0;
  let firstShingle = 0;
  for (const part of parts) {
    const n = part.wordCounts.length;
    for (let i = 1; i <= n; i += 1) offsets[first + i] = (part.offsets[i] ?? 0) + firstShingle;
    first += n;
    firstShingle += part.shingles.length;
  }
  const join = (arrays: Uint32Array[]) => {
    const joined = new Uint32Array(arrays.reduce((sum, array) => sum + array.length, 0));
    let at = 0;
    for (const array of arrays) {
      joined.set(array, at);
      at += array.length;
    }
    return joined;
  };
  return {
    wordCounts: join(parts.map((part) => part.wordCounts)),
    offsets,
    shingles: join(parts.map((part) => part.shingles)),
    signatures: join(parts.map((part) => part.signatures)),
  };
}

/**
 * The second half of {@link findDuplicateGroups}: candidate pairs from the signatures' LSH bands,
 * verified on the exact shingle sets, closed transitively. Sorts parts of `shingled.shingles` in place.
 */
export function groupDuplicates(shingled: BodyShingles, options: Partial<DuplicateOptions> = {}): Int32Array {
  const settings = resolveOptions(options);
  const { wordCounts, offsets, shingles, signatures } = shingled;
  const count = wordCounts.length;
  const signatureSize = settings.bands * settings.rows;

  // Exact shingle sets are sorted lazily: only documents that become candidates are ever compared.
  // Each set is kept once made: a document meets hundreds of candidates in a corpus of variants.
  const shingleSets = new Array<Uint32Array | undefined>(count);
  const shingleSet = (doc: number): Uint32Array => {
    let set = shingleSets[doc];
    if (set === undefined) {
      const start = offsets[doc] as number;
      set = shingles.subarray(start, start + sortUnique(shingles.subarray(start, offsets[doc + 1])));
      shingleSets[doc] = set;
    }
    return set;
  };
  const bitmaps = new Array<Uint32Array | undefined>(count);
  const bitmapOf = (doc: number): Uint32Array => {
    let bitmap = bitmaps[doc];
    if (bitmap === undefined) {
      bitmap = shingleBitmap(shingleSet(doc));
      bitmaps[doc] = bitmap;
    }
    return bitmap;
  };
  const nearDuplicates = (a: number, b: number): boolean => {
    let small = shingleSet(a);
    let large = shingleSet(b);
    let smallDoc = a;
    let largeDoc = b;
    if (small.length > large.length) {
      [small, large] = [large, small];
      [smallDoc, largeDoc] = [b, a];
    }
    if (small.length < settings.minLengthRatio * large.length) return false;
    const strict = (wordCounts[smallDoc] as number) < settings.strictBelowWords;
    // The epsilon keeps a product such as 0.7 × 10 = 7.000000000000001 from rounding up to 8.
    const needed = strict ? small.length : Math.ceil(settings.threshold * small.length - 1e-9);
    return (
      countPossiblyShared(small, bitmapOf(largeDoc), needed) >= needed &&
      countShared(small, large, needed) >= needed
    );
  };

  // Document by document, each compared once with every earlier document it shares a bucket with in
  // any band; `comparedWith[other] === doc` marks those already seen for this document.
  const sets = new DisjointSets(count);
  const buckets = new LshBuckets(count * settings.bands);
  const comparedWith = new Int32Array(count).fill(-1);
  for (let doc = 0; doc < count; doc += 1) {
    if (offsets[doc + 1] === offsets[doc]) continue;
    for (let band = 0; band < settings.bands; band += 1) {
      let key = mix32(band + 0x3c6ef372);
      const at = doc * signatureSize + band * settings.rows;
      for (let row = 0; row < settings.rows; row += 1) {
        key = Math.imul(key ^ (signatures[at + row] as number), 0x9e3779b1);
        key ^= key >>> 15;
      }
      let walked = 0;
      for (
        let entry = buckets.add(mix32(key), doc * settings.bands + band);
        entry !== -1 && walked < MAX_BUCKET_WALK;
        entry = buckets.next(entry)
      ) {
        walked += 1;
        const other = Math.floor(entry / settings.bands);
        if (comparedWith[other] === doc) continue;
        comparedWith[other] = doc;
        if (sets.find(other) !== sets.find(doc) && nearDuplicates(other, doc)) sets.union(other, doc);
      }
    }
  }

  const groups = new Int32Array(count).fill(-1);
  for (let doc = 0; doc < count; doc += 1) {
    const root = sets.find(doc);
    if (root !== doc) {
      groups[doc] = root;
      groups[root] = root;
    }
  }
  return groups;
}

/** Each group's members in ascending order, keyed by group number; documents without a group are left out. */
export function groupMembers(groups: Int32Array): Map<number, number[]> {
  const members = new Map<number, number[]>();
  groups.forEach((group, doc) => {
    if (group === -1) return;
    const list = members.get(group);
    if (list === undefined) members.set(group, [doc]);
    else list.push(doc);
  });
  return members;
}
