/**
 * The index artifact on disk: the only thing the build step and the server share.
 *
 * Layout: one line of JSON (the header: format name and version, manifest, and for each section its
 * name, type, byte length and CRC-32), then the sections back to back. Text sections are JSON; number
 * sections are little-endian unsigned integers, each as narrow as its values allow (8, 16 or 32 bits;
 * see indexArrays.ts). A truncated or altered file fails the length or checksum test and is refused as
 * a whole, never half-loaded.
 *
 * Loading reads each section straight into memory of its own (a number section into the typed array
 * the index uses), so nothing is copied after reading and no file is read as one buffer: Node reads at
 * most 2 GiB at a time, and a million articles make a larger artifact.
 *
 * Writes go to a temporary file in the same folder, are flushed to disk, then renamed over the old
 * artifact, so a reader sees either the old index or the new one, and a build that dies midway leaves
 * the old one in place.
 */
import { type FileHandle, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { processExists } from '../build/processes.ts';
import { IndexError } from '../errors.ts';
import { FACET_KEYS, type FacetKey, SEARCH_FIELDS } from '../fields.ts';
import { decodeCommonPairs, encodeCommonPairs } from './commonPairs.ts';
import { type DocumentColumns, DocumentStore } from './documentStore.ts';
import {
  type IndexArray,
  type IndexArrayType,
  indexArrayOver,
  indexArrayType,
  narrowest,
} from './indexArrays.ts';
import { decodeNames, encodeNames } from './namesCodec.ts';
import type { IndexSnapshot, Manifest, SourceFile } from './snapshot.ts';
import { decodeWordDocs, encodeWordDocs } from './wordDocs.ts';

export const ARTIFACT_FORMAT = 'lede-index';
/**
 * Bumped on any change to the layout or to what a section means (5: document columns hold each facet
 * field of the registry, fields.ts, as lists; 6: number sections as narrow as their values, a CRC-32
 * per section instead of one SHA-256, the manifest's files in a section of their own; 7: the common
 * word pairs, commonPairs.ts; both were 6 on the branches that made them, so 7 keeps an index built
 * by either from loading as the other; 8: a field's length in `fieldLength` is its number of indexed
 * words, no longer MiniSearch's count of distinct terms; 9: the articles of words whose stem is far
 * more widespread, wordDocs.ts).
 */
export const ARTIFACT_VERSION = 9;

const SECTION_NAMES = [
  'documentColumns',
  'documents',
  'documentOffsets',
  'terms',
  'words',
  'wordTerm',
  'wordDocFreq',
  'streamOffsets',
  'streams',
  'tokenStarts',
  'tokenLengths',
  'postingStats',
  'fieldLength',
  'postingOffsets',
  'postingDocs',
  'postingFreqs',
  'duplicateGroups',
  // The known names (analysis/names.ts), in the section named before they were called names.
  'phrases',
  // The manifest's files, read only by a build that reuses them: a line per file in the header
  // would be parsed and checked on every load (100,000 of them at 100,000 articles).
  'files',
  'commonPairs',
  'wordDocs',
] as const;
type SectionName = (typeof SECTION_NAMES)[number];

/** What a section holds: JSON text, raw bytes, or unsigned integers of a width. */
type SectionType = 'json' | 'bytes' | IndexArrayType;

const manifestSchema = z.object({
  documentCount: z.number().int().nonnegative(),
  builtAt: z.string(),
  buildMs: z.number().nonnegative(),
  analyzerVersion: z.number().int(),
  termCount: z.number().int().nonnegative(),
  wordCount: z.number().int().nonnegative(),
});

/** The manifest as the header holds it: all but the files. */
export type ManifestSummary = Omit<Manifest, 'files'>;

const filesSchema = z.record(
  z.string(),
  z.object({ id: z.string(), contentHash: z.string(), warnings: z.array(z.string()).optional() }),
);

const sectionSchema = z.object({
  name: z.enum(SECTION_NAMES),
  type: z.enum(['json', 'bytes', 'u8', 'u16', 'u32']),
  length: z.number().int().nonnegative(),
  crc32: z.number().int().nonnegative(),
});
type SectionEntry = z.infer<typeof sectionSchema>;

const headerSchema = z.object({
  format: z.literal(ARTIFACT_FORMAT),
  version: z.number().int(),
  /** The field registry's searchable and facet fields it was built with: the streams' and columns' layout. */
  fields: z.object({ search: z.array(z.string()), facets: z.array(z.string()) }),
  manifest: manifestSchema,
  sections: z.array(sectionSchema),
});
type Header = z.infer<typeof headerSchema>;

/**
 * The document columns as JSON parsed them, checked in place. Not a zod schema, unlike the other
 * sections: zod copies every array it checks, and these are an array per article and facet (half a
 * million at 100,000 articles), which made the check and the garbage it left 10% of a cold load.
 */
function documentColumnsOf(value: unknown): DocumentColumns {
  const fail = (what: string): never => {
    throw new Error(`the document columns' ${what} are not as written`);
  };
  const record = (value ?? {}) as Partial<Record<keyof DocumentColumns, unknown>>;
  const { ids, facets, dates } = record;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) fail('ids');
  if (!Array.isArray(dates) || !dates.every((date) => date === null || typeof date === 'string'))
    fail('dates');
  for (const key of FACET_KEYS) {
    const lists = (facets as Partial<Record<FacetKey, unknown>> | undefined)?.[key];
    const valid =
      Array.isArray(lists) &&
      lists.every((list) => Array.isArray(list) && list.every((item) => typeof item === 'string'));
    if (!valid) fail(`${key} values`);
  }
  return record as DocumentColumns;
}

const postingStatsSchema = z.object({
  fieldCount: z.number().int().positive(),
  documentCount: z.number().int().nonnegative(),
  averageFieldLength: z.array(z.number()),
});

/** The longest header we accept; a real one is under a kilobyte and a half. */
const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * Sections always stored in 32 bits, as the snapshot types them: offsets into sections of any size,
 * and the common pairs and the word lists, whose one list each holds offsets among word ids.
 */
const UINT32_SECTIONS: ReadonlySet<SectionName> = new Set([
  'documentOffsets',
  'streamOffsets',
  'postingOffsets',
  'commonPairs',
  'wordDocs',
]);

/** Serializes a snapshot into the artifact's bytes, in parts: the header line, then each section. */
export function encodeArtifactParts(snapshot: IndexSnapshot): Buffer[] {
  const documents = snapshot.documents.encode();
  const { postings } = snapshot;
  const { files, ...manifest } = snapshot.manifest;
  const json = (value: unknown) => ({
    type: 'json' as const,
    bytes: Buffer.from(JSON.stringify(value), 'utf8'),
  });
  const numbers = (array: IndexArray) => ({ type: indexArrayType(array), bytes: numberBytes(array) });
  const sections: Record<SectionName, { type: SectionType; bytes: Buffer }> = {
    documentColumns: json(documents.columns),
    documents: { type: 'bytes', bytes: documents.bytes },
    documentOffsets: numbers(documents.offsets),
    terms: json(snapshot.terms),
    words: json(snapshot.words),
    wordTerm: numbers(snapshot.wordTerm),
    wordDocFreq: numbers(snapshot.wordDocFreq),
    streamOffsets: numbers(snapshot.streamOffsets),
    streams: numbers(snapshot.streams),
    tokenStarts: numbers(snapshot.tokenStarts),
    tokenLengths: numbers(snapshot.tokenLengths),
    postingStats: json({
      fieldCount: postings.fieldCount,
      documentCount: postings.documentCount,
      averageFieldLength: [...postings.averageFieldLength],
    }),
    fieldLength: numbers(postings.fieldLength),
    postingOffsets: numbers(postings.offsets),
    postingDocs: numbers(postings.docs),
    postingFreqs: numbers(postings.freqs),
    // Stored shifted by one (0 = no group) so the section stays an unsigned array like the others.
    duplicateGroups: numbers(narrowest(Uint32Array.from(snapshot.duplicateGroups, (group) => group + 1))),
    phrases: { type: 'json', bytes: Buffer.from(encodeNames(snapshot.names), 'utf8') },
    files: json(files),
    commonPairs: numbers(encodeCommonPairs(snapshot.commonPairs)),
    wordDocs: numbers(encodeWordDocs(snapshot.wordDocs)),
  };
  const header = {
    format: ARTIFACT_FORMAT,
    version: ARTIFACT_VERSION,
    fields: builtFields(),
    manifest,
    sections: SECTION_NAMES.map((name) => ({
      name,
      type: sections[name].type,
      length: sections[name].bytes.length,
      crc32: crc32(sections[name].bytes),
    })),
  };
  return [
    Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'),
    ...SECTION_NAMES.map((name) => sections[name].bytes),
  ];
}

/** The artifact of a snapshot, as one buffer. */
export function encodeArtifact(snapshot: IndexSnapshot): Buffer {
  return Buffer.concat(encodeArtifactParts(snapshot));
}

/**
 * Parses artifact bytes into a snapshot. Throws {@link IndexError} (`index_corrupt` or
 * `index_version`) with a message saying how to recover; never returns a partial snapshot.
 */
export function decodeArtifact(bytes: Buffer, source = 'the index artifact'): IndexSnapshot {
  const newline = bytes.subarray(0, MAX_HEADER_BYTES).indexOf(0x0a);
  if (newline <= 0) throw corrupt(source, 'it has no header');
  const header = parseHeader(bytes.subarray(0, newline), source);
  checkLength(header, bytes.length - newline - 1, source);
  const sections = new Map<SectionName, LoadedSection>();
  const memory = sectionsIn(sectionMemory(header.sections), header.sections, source);
  let offset = newline + 1;
  for (const [i, entry] of header.sections.entries()) {
    const section = memory[i] as LoadedSection;
    section.bytes.set(bytes.subarray(offset, offset + entry.length));
    offset += entry.length;
    checkSection(entry, section, source);
    sections.set(entry.name, section);
  }
  return snapshotOf(header, sections, source);
}

/** Reads and decodes the artifact at `filePath`; a missing file is `index_missing`. */
export async function readArtifact(filePath: string): Promise<IndexSnapshot> {
  return (await loadArtifact(filePath, 'private')).snapshot;
}

/**
 * An artifact loaded into memory that other threads can read: its sections in one shared buffer and
 * the header that says where each is. Posted to a worker thread, it becomes a snapshot there
 * ({@link snapshotOfShared}) over the same memory: the index's numbers and articles are not copied,
 * only its lists of strings and the article columns are decoded again (7 MB of JS heap for
 * BBC+Reuters, whose index takes 87 MB).
 */
export interface SharedArtifact {
  header: Header;
  memory: SharedArrayBuffer;
  source: string;
}

/** {@link readArtifact} into memory other threads can share: the snapshot and its shared form. */
export async function readSharedArtifact(
  filePath: string,
): Promise<{ snapshot: IndexSnapshot; shared: SharedArtifact }> {
  const { snapshot, header, memory } = await loadArtifact(filePath, 'shared');
  return {
    snapshot,
    shared: { header, memory: memory as SharedArrayBuffer, source: `The index at ${filePath}` },
  };
}

/**
 * The snapshot of an artifact another thread loaded and checked ({@link readSharedArtifact}), over
 * the same memory. The index is read-only once loaded, so threads share it without locks.
 */
export function snapshotOfShared({ header, memory, source }: SharedArtifact): IndexSnapshot {
  const sections = new Map<SectionName, LoadedSection>();
  const loaded = sectionsIn(memory, header.sections, source);
  for (const [i, entry] of header.sections.entries()) sections.set(entry.name, loaded[i] as LoadedSection);
  return snapshotOf(header, sections, source);
}

async function loadArtifact(
  filePath: string,
  memoryKind: 'private' | 'shared',
): Promise<{ snapshot: IndexSnapshot; header: Header; memory: ArrayBufferLike }> {
  const source = `The index at ${filePath}`;
  return withArtifact(filePath, async (handle, header, headerLength) => {
    const sections = new Map<SectionName, LoadedSection>();
    // Each section read straight into the memory the index keeps: no whole-file buffer, no copy after.
    const memory = sectionMemory(header.sections, memoryKind);
    const loaded = sectionsIn(memory, header.sections, source);
    // All sections are asked for at once and each is checked as it arrives: the reads run on libuv's
    // threads, so the checksums (a tenth of loading 100,000 articles) overlap the reading.
    let position = headerLength;
    const arrivals = header.sections.map((entry, i) => {
      const section = loaded[i] as LoadedSection;
      const at = position;
      position += entry.length;
      sections.set(entry.name, section);
      return readFully(handle, section.bytes, at).then(() => checkSection(entry, section, source));
    });
    await Promise.all(arrivals);
    return { snapshot: snapshotOf(header, sections, source), header, memory };
  });
}

/**
 * Checks the artifact at `filePath` as {@link readArtifact} does (header, version, length, every
 * section's checksum) without loading it: the sections pass through a small buffer. Returns its
 * manifest (without the files). For a process that must know the index is usable but does not serve
 * it, such as the server's primary process in cluster mode.
 */
export async function checkArtifact(filePath: string): Promise<ManifestSummary> {
  const source = `The index at ${filePath}`;
  return withArtifact(filePath, async (handle, header, headerLength) => {
    const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
    let position = headerLength;
    for (const entry of header.sections) {
      let checksum = 0;
      for (let done = 0; done < entry.length; ) {
        const want = Math.min(buffer.length, entry.length - done);
        const { bytesRead } = await handle.read(buffer, 0, want, position + done);
        if (bytesRead === 0) throw corrupt(source, 'it ends early (truncated?)');
        checksum = crc32(buffer.subarray(0, bytesRead), checksum);
        done += bytesRead;
      }
      position += entry.length;
      if (checksum !== entry.crc32)
        throw corrupt(source, `its ${entry.name} section does not match its checksum`);
    }
    return header.manifest;
  });
}

/**
 * Opens the artifact, reads and checks its header and its length, and runs `use` on it; turns a
 * missing file into `index_missing` and a file that cannot be read into `index_corrupt`.
 */
async function withArtifact<T>(
  filePath: string,
  use: (handle: FileHandle, header: Header, headerLength: number) => Promise<T>,
): Promise<T> {
  const source = `The index at ${filePath}`;
  let handle: FileHandle;
  try {
    handle = await open(filePath, 'r');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      throw new IndexError('index_missing', `No index at ${filePath}. Build one with \`npm run index\`.`);
    }
    throw new IndexError('index_corrupt', `The index at ${filePath} could not be read: ${String(error)}.`);
  }
  try {
    const { size } = await handle.stat();
    const headerBytes = await readHeaderLine(handle, Math.min(size, MAX_HEADER_BYTES));
    if (headerBytes === null) throw corrupt(source, 'it has no header');
    const header = parseHeader(headerBytes, source);
    const headerLength = headerBytes.length + 1;
    checkLength(header, size - headerLength, source);
    return await use(handle, header, headerLength);
  } catch (error) {
    if (error instanceof IndexError) throw error;
    throw new IndexError('index_corrupt', `The index at ${filePath} could not be read: ${String(error)}.`);
  } finally {
    await handle.close();
  }
}

/** The header line's bytes (without its newline), or null when there is no newline in `limit` bytes. */
async function readHeaderLine(handle: FileHandle, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let read = 0;
  while (read < limit) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, limit - read));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, read);
    if (bytesRead === 0) break;
    const newline = chunk.subarray(0, bytesRead).indexOf(0x0a);
    if (newline >= 0) {
      chunks.push(chunk.subarray(0, newline));
      return newline === 0 && chunks.length === 1 ? null : Buffer.concat(chunks);
    }
    chunks.push(chunk.subarray(0, bytesRead));
    read += bytesRead;
  }
  return null;
}

/** Reads `into.length` bytes at `position`, in pieces as large as one read may be. */
async function readFully(handle: FileHandle, into: Buffer, position: number): Promise<void> {
  const MAX_READ = 1024 * 1024 * 1024;
  for (let done = 0; done < into.length; ) {
    const { bytesRead } = await handle.read(
      into,
      done,
      Math.min(MAX_READ, into.length - done),
      position + done,
    );
    if (bytesRead === 0) throw new Error('the file ended early');
    done += bytesRead;
  }
}

/** Parses and checks the header line: format, version and fields first, so an old index says so. */
function parseHeader(bytes: Buffer, source: string): Header {
  let headerJson: unknown;
  try {
    headerJson = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw corrupt(source, 'its header is not valid JSON');
  }
  const format = z.object({ format: z.literal(ARTIFACT_FORMAT), version: z.number() }).safeParse(headerJson);
  if (!format.success) throw corrupt(source, 'it is not a Lede index');
  if (format.data.version !== ARTIFACT_VERSION) {
    throw new IndexError(
      'index_version',
      `${source} has format version ${format.data.version}, but this Lede reads version ${ARTIFACT_VERSION}. Rebuild it with \`npm run index -- --full\`.`,
    );
  }
  const header = headerSchema.safeParse(headerJson);
  if (!header.success) throw corrupt(source, 'its header is incomplete');
  // An index built with other fields (one added to or removed from the registry) has other streams and
  // columns: it is refused like another version, not misread.
  const fields = builtFields();
  if (JSON.stringify(header.data.fields) !== JSON.stringify(fields)) {
    throw new IndexError(
      'index_version',
      `${source} was built with the fields ${describeFields(header.data.fields)}, but this Lede has ${describeFields(fields)}. Rebuild it with \`npm run index -- --full\`.`,
    );
  }
  const names = header.data.sections.map((section) => section.name);
  if (names.length !== SECTION_NAMES.length || SECTION_NAMES.some((name, i) => names[i] !== name))
    throw corrupt(source, 'its sections are not those of this format');
  return header.data;
}

/** Refuses a file whose sections do not add up to what follows the header. */
function checkLength(header: Header, payloadLength: number, source: string): void {
  const expected = header.sections.reduce((sum, section) => sum + section.length, 0);
  if (payloadLength !== expected) {
    throw corrupt(
      source,
      `it holds ${payloadLength} bytes of data where ${expected} were written (truncated?)`,
    );
  }
}

/** A section in memory: its bytes, and for a number section the typed array they are the memory of. */
interface LoadedSection {
  bytes: Buffer;
  numbers: IndexArray | null;
}

/** Sections start at multiples of this in their memory, so every number section's typed array is aligned. */
const SECTION_ALIGNMENT = 4;

/**
 * Memory for every section, in order (see {@link sectionsIn}), shared when other threads are to read
 * it. One allocation for them all, not one per section: V8 answers each large allocation outside its
 * heap with a full collection ("external memory pressure"), and at 100,000 articles those were a fifth
 * of a cold load.
 */
function sectionMemory(
  entries: readonly SectionEntry[],
  kind: 'private' | 'shared' = 'private',
): ArrayBufferLike {
  const size = entries.reduce((offset, entry) => alignedOffset(offset + entry.length), 0);
  return kind === 'shared' ? new SharedArrayBuffer(size) : new ArrayBuffer(size);
}

const alignedOffset = (offset: number) => Math.ceil(offset / SECTION_ALIGNMENT) * SECTION_ALIGNMENT;

/**
 * The sections laid out in `memory` ({@link sectionMemory}), in order: a number section's typed array
 * (read into through a byte view of it), or bytes.
 */
function sectionsIn(
  memory: ArrayBufferLike,
  entries: readonly SectionEntry[],
  source: string,
): LoadedSection[] {
  let offset = 0;
  return entries.map((entry) => {
    const at = offset;
    offset = alignedOffset(offset + entry.length);
    const bytes = Buffer.from(memory, at, entry.length);
    if (entry.type === 'json' || entry.type === 'bytes') return { bytes, numbers: null };
    const width = entry.type === 'u8' ? 1 : entry.type === 'u16' ? 2 : 4;
    if (entry.length % width !== 0)
      throw corrupt(source, `its ${entry.name} section is not a list of numbers`);
    return { bytes, numbers: indexArrayOver(entry.type, memory, at, entry.length / width) };
  });
}

/** Checks a section read against its checksum, and puts its numbers in this machine's byte order. */
function checkSection(entry: SectionEntry, section: LoadedSection, source: string): void {
  if (crc32(section.bytes) !== entry.crc32)
    throw corrupt(source, `its ${entry.name} section does not match its checksum`);
  if (!LITTLE_ENDIAN && section.numbers !== null) fromLittleEndian(section.numbers);
}

/** The snapshot of checked sections. */
function snapshotOf(
  header: Header,
  sections: Map<SectionName, LoadedSection>,
  source: string,
): IndexSnapshot {
  try {
    const stats = postingStatsSchema.parse(parseJson(sections, 'postingStats'));
    const groups = numbersOf(sections, 'duplicateGroups');
    const duplicateGroups = Int32Array.from(groups, (group) => group - 1);
    if (duplicateGroups.length !== stats.documentCount)
      throw new Error('duplicate groups do not match the articles');
    return {
      manifest: withLazyFiles(header.manifest, section(sections, 'files'), source),
      documents: DocumentStore.fromEncoded({
        columns: documentColumnsOf(parseJson(sections, 'documentColumns')),
        bytes: section(sections, 'documents'),
        offsets: uint32Of(sections, 'documentOffsets'),
      }),
      terms: parseJson(sections, 'terms') as string[],
      words: parseJson(sections, 'words') as string[],
      wordTerm: numbersOf(sections, 'wordTerm'),
      wordDocFreq: numbersOf(sections, 'wordDocFreq'),
      streamOffsets: uint32Of(sections, 'streamOffsets'),
      streams: numbersOf(sections, 'streams'),
      tokenStarts: numbersOf(sections, 'tokenStarts'),
      tokenLengths: numbersOf(sections, 'tokenLengths'),
      postings: {
        fieldCount: stats.fieldCount,
        documentCount: stats.documentCount,
        averageFieldLength: Float64Array.from(stats.averageFieldLength),
        fieldLength: numbersOf(sections, 'fieldLength'),
        offsets: uint32Of(sections, 'postingOffsets'),
        docs: numbersOf(sections, 'postingDocs'),
        freqs: numbersOf(sections, 'postingFreqs'),
      },
      commonPairs: decodeCommonPairs(uint32Of(sections, 'commonPairs')),
      wordDocs: decodeWordDocs(uint32Of(sections, 'wordDocs')),
      duplicateGroups,
      names: decodeNames(section(sections, 'phrases').toString('utf8')),
    };
  } catch (error) {
    if (error instanceof IndexError) throw error;
    throw corrupt(
      source,
      `a section could not be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/**
 * The manifest with its `files` read from their section when first asked for: only a build that reuses
 * documents reads them, so a server loading the index never parses them.
 */
function withLazyFiles(summary: ManifestSummary, bytes: Buffer, source: string): Manifest {
  let files: Record<string, SourceFile> | undefined;
  const manifest = { ...summary } as Manifest;
  Object.defineProperty(manifest, 'files', {
    enumerable: true,
    get: () => {
      if (files === undefined) {
        const parsed = filesSchema.safeParse(safeJson(bytes));
        if (!parsed.success) throw corrupt(source, 'its list of files could not be read');
        files = parsed.data;
      }
      return files;
    },
  });
  return manifest;
}

function safeJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
}

/** The searchable and facet fields of the registry (fields.ts), as an artifact records them. */
function builtFields(): { search: string[]; facets: string[] } {
  return { search: [...SEARCH_FIELDS], facets: [...FACET_KEYS] };
}

function describeFields({ search, facets }: { search: string[]; facets: string[] }): string {
  return `${search.join(', ')} (facets ${facets.join(', ')})`;
}

/** Writes a snapshot atomically: temp file in the same folder, fsync, rename over `filePath`. */
export async function writeArtifact(filePath: string, snapshot: IndexSnapshot): Promise<number> {
  // Written part by part: joining them first would copy the whole artifact (84 MB on BBC+Reuters) twice.
  const parts = encodeArtifactParts(snapshot);
  const bytes = parts.reduce((sum, part) => sum + part.length, 0);
  await mkdir(path.dirname(filePath), { recursive: true });
  const temporaryPath = `${filePath}.${process.pid}.${Date.now()}.tmp`;
  try {
    const handle = await open(temporaryPath, 'w');
    try {
      await writeAll(handle, parts);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporaryPath, filePath);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
  await removeAbandonedTemporaries(filePath);
  return bytes;
}

/**
 * Most bytes handed to one write. A `writev` of a whole artifact over 2 GiB (1,000,000 articles) came
 * back with its count of bytes written wrapped to 32 bits, and the loop that writes the rest wrote
 * tens of gigabytes until the disk was full; a gigabyte at a time, checked, cannot.
 */
const MAX_WRITE_BYTES = 1024 * 1024 * 1024;

/** Writes every byte of `parts` in order; a write may write less than it was given. */
export async function writeAll(handle: Pick<FileHandle, 'write'>, parts: readonly Buffer[]): Promise<void> {
  for (const part of parts) {
    for (let done = 0; done < part.length; ) {
      const length = Math.min(MAX_WRITE_BYTES, part.length - done);
      const { bytesWritten } = await handle.write(part, done, length);
      if (!(bytesWritten > 0 && bytesWritten <= length))
        throw new Error(`a write of ${length} bytes reported ${bytesWritten} written`);
      done += bytesWritten;
    }
  }
}

/**
 * Deletes the temporary files (`<artifact>.<pid>.<time>.tmp`) that builds killed midway left beside
 * `filePath`: a process stopped by SIGKILL or a power cut never gets to remove its own. Only files whose
 * process is gone: a build still writing, in another server worker say, keeps its file. Best effort.
 */
async function removeAbandonedTemporaries(filePath: string): Promise<void> {
  const folder = path.dirname(filePath);
  const prefix = `${path.basename(filePath)}.`;
  for (const name of await readdir(folder).catch(() => [])) {
    const pid = name.startsWith(prefix)
      ? /^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length))?.[1]
      : undefined;
    if (pid === undefined || processExists(Number(pid))) continue;
    await rm(path.join(folder, name), { force: true }).catch(() => {});
  }
}

function corrupt(source: string, why: string): IndexError {
  return new IndexError(
    'index_corrupt',
    `${source} is damaged: ${why}. Rebuild it with \`npm run index -- --full\`.`,
  );
}

/** Whether this machine stores numbers little-endian, as the artifact does (every common CPU). */
const LITTLE_ENDIAN = endianness() === 'LE';

function section(sections: Map<SectionName, LoadedSection>, name: SectionName): Buffer {
  const loaded = sections.get(name);
  if (loaded === undefined) throw new Error(`missing section ${name}`);
  return loaded.bytes;
}

function parseJson(sections: Map<SectionName, LoadedSection>, name: SectionName): unknown {
  return JSON.parse(section(sections, name).toString('utf8'));
}

function numbersOf(sections: Map<SectionName, LoadedSection>, name: SectionName): IndexArray {
  const numbers = sections.get(name)?.numbers;
  if (numbers === null || numbers === undefined) throw new Error(`section ${name} is not a list of numbers`);
  return numbers;
}

/** A section of 32-bit numbers (UINT32_SECTIONS). */
function uint32Of(sections: Map<SectionName, LoadedSection>, name: SectionName): Uint32Array {
  const numbers = numbersOf(sections, name);
  if (!(numbers instanceof Uint32Array) || !UINT32_SECTIONS.has(name))
    throw new Error(`section ${name} is not a list of 32-bit numbers`);
  return numbers;
}

/** Little-endian bytes of a number array: the array's own memory where the machine is little-endian. */
function numberBytes(array: IndexArray): Buffer {
  if (LITTLE_ENDIAN || array instanceof Uint8Array)
    return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  const bytes = Buffer.alloc(array.byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = array.BYTES_PER_ELEMENT;
  for (let i = 0; i < array.length; i += 1) {
    if (width === 2) view.setUint16(i * 2, array[i] ?? 0, true);
    else view.setUint32(i * 4, array[i] ?? 0, true);
  }
  return bytes;
}

/** Puts numbers read as little-endian bytes into this (big-endian) machine's order, in place. */
function fromLittleEndian(array: IndexArray): void {
  if (array instanceof Uint8Array) return;
  const view = new DataView(array.buffer, array.byteOffset, array.byteLength);
  for (let i = 0; i < array.length; i += 1)
    array[i] = array instanceof Uint16Array ? view.getUint16(i * 2, true) : view.getUint32(i * 4, true);
}
