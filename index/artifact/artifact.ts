/**
 * The index artifact on disk: the only thing the build step and the server share.
 *
 * Layout: one line of JSON (the header: format name and version, manifest, the byte length of each
 * section and a SHA-256 of everything after the header), then the sections back to back. Text
 * sections are JSON; number sections are little-endian uint32 or uint16. A truncated or altered file fails the
 * length or checksum test and is refused as a whole, never half-loaded.
 *
 * Writes go to a temporary file in the same folder, are flushed to disk, then renamed over the old
 * artifact, so a reader sees either the old index or the new one, and a build that dies midway leaves
 * the old one in place.
 */
import { createHash } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { processExists } from '../build/processes.ts';
import { IndexError } from '../errors.ts';
import { FACET_KEYS, perFacet, SEARCH_FIELDS } from '../fields.ts';
import { decodeCommonPairs, encodeCommonPairs } from './commonPairs.ts';
import { DocumentStore } from './documentStore.ts';
import { decodeNames, encodeNames } from './namesCodec.ts';
import type { IndexSnapshot } from './snapshot.ts';

export const ARTIFACT_FORMAT = 'lede-index';
/**
 * Bumped on any change to the layout or to what a section means (5: document columns hold each facet
 * field of the registry, fields.ts, as lists; 6: the common word pairs, commonPairs.ts).
 */
export const ARTIFACT_VERSION = 6;

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
  // The known names (analysis/names.ts), in the section named before they were called names: an
  // index built earlier loads as it is.
  'phrases',
  'commonPairs',
] as const;
type SectionName = (typeof SECTION_NAMES)[number];

const manifestSchema = z.object({
  documentCount: z.number().int().nonnegative(),
  builtAt: z.string(),
  buildMs: z.number().nonnegative(),
  analyzerVersion: z.number().int(),
  termCount: z.number().int().nonnegative(),
  wordCount: z.number().int().nonnegative(),
  files: z.record(
    z.string(),
    z.object({ id: z.string(), contentHash: z.string(), warnings: z.array(z.string()).optional() }),
  ),
});

const headerSchema = z.object({
  format: z.literal(ARTIFACT_FORMAT),
  version: z.number().int(),
  /** The field registry's searchable and facet fields it was built with: the streams' and columns' layout. */
  fields: z.object({ search: z.array(z.string()), facets: z.array(z.string()) }),
  manifest: manifestSchema,
  sections: z.array(z.object({ name: z.enum(SECTION_NAMES), length: z.number().int().nonnegative() })),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const documentColumnsSchema = z.object({
  ids: z.array(z.string()),
  facets: z.object(perFacet(() => z.array(z.array(z.string())))),
  dates: z.array(z.string().nullable()),
});

const postingStatsSchema = z.object({
  fieldCount: z.number().int().positive(),
  documentCount: z.number().int().nonnegative(),
  averageFieldLength: z.array(z.number()),
});

/** The longest header we accept; a real one is a few KiB per thousand files. */
const MAX_HEADER_BYTES = 64 * 1024 * 1024;

/** Serializes a snapshot into the artifact's bytes, in parts: the header line, then each section. */
export function encodeArtifactParts(snapshot: IndexSnapshot): Buffer[] {
  const documents = snapshot.documents.encode();
  const { postings } = snapshot;
  const sections: Record<SectionName, Buffer> = {
    documentColumns: jsonBytes(documents.columns),
    documents: documents.bytes,
    documentOffsets: numberBytes(documents.offsets),
    terms: jsonBytes(snapshot.terms),
    words: jsonBytes(snapshot.words),
    wordTerm: numberBytes(snapshot.wordTerm),
    wordDocFreq: numberBytes(snapshot.wordDocFreq),
    streamOffsets: numberBytes(snapshot.streamOffsets),
    streams: numberBytes(snapshot.streams),
    tokenStarts: numberBytes(snapshot.tokenStarts),
    tokenLengths: numberBytes(snapshot.tokenLengths),
    postingStats: jsonBytes({
      fieldCount: postings.fieldCount,
      documentCount: postings.documentCount,
      averageFieldLength: [...postings.averageFieldLength],
    }),
    fieldLength: numberBytes(postings.fieldLength),
    postingOffsets: numberBytes(postings.offsets),
    postingDocs: numberBytes(postings.docs),
    postingFreqs: numberBytes(postings.freqs),
    // Stored shifted by one (0 = no group) so the section stays an unsigned array like the others.
    duplicateGroups: numberBytes(Uint32Array.from(snapshot.duplicateGroups, (group) => group + 1)),
    phrases: Buffer.from(encodeNames(snapshot.names), 'utf8'),
    commonPairs: numberBytes(encodeCommonPairs(snapshot.commonPairs)),
  };
  const payload = SECTION_NAMES.map((name) => sections[name]);
  const checksum = createHash('sha256');
  for (const section of payload) checksum.update(section);
  const header = {
    format: ARTIFACT_FORMAT,
    version: ARTIFACT_VERSION,
    fields: builtFields(),
    manifest: snapshot.manifest,
    sections: SECTION_NAMES.map((name) => ({ name, length: sections[name].length })),
    sha256: checksum.digest('hex'),
  };
  return [Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), ...payload];
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
  let headerJson: unknown;
  try {
    headerJson = JSON.parse(bytes.subarray(0, newline).toString('utf8'));
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
  const payload = bytes.subarray(newline + 1);
  const expectedLength = header.data.sections.reduce((sum, section) => sum + section.length, 0);
  if (payload.length !== expectedLength) {
    throw corrupt(
      source,
      `it holds ${payload.length} bytes of data where ${expectedLength} were written (truncated?)`,
    );
  }
  if (createHash('sha256').update(payload).digest('hex') !== header.data.sha256) {
    throw corrupt(source, 'its checksum does not match its contents');
  }
  const sections = new Map<SectionName, Buffer>();
  let offset = 0;
  for (const section of header.data.sections) {
    sections.set(section.name, payload.subarray(offset, offset + section.length));
    offset += section.length;
  }
  try {
    const stats = postingStatsSchema.parse(parseJson(sections, 'postingStats'));
    const duplicateGroups = Int32Array.from(
      parseNumbers(sections, 'duplicateGroups', 32),
      (group) => group - 1,
    );
    if (duplicateGroups.length !== stats.documentCount)
      throw new Error('duplicate groups do not match the articles');
    return {
      manifest: header.data.manifest,
      documents: DocumentStore.fromEncoded({
        columns: documentColumnsSchema.parse(parseJson(sections, 'documentColumns')),
        bytes: section(sections, 'documents'),
        offsets: parseNumbers(sections, 'documentOffsets', 32),
      }),
      terms: parseJson(sections, 'terms') as string[],
      words: parseJson(sections, 'words') as string[],
      wordTerm: parseNumbers(sections, 'wordTerm', 32),
      wordDocFreq: parseNumbers(sections, 'wordDocFreq', 32),
      streamOffsets: parseNumbers(sections, 'streamOffsets', 32),
      streams: parseNumbers(sections, 'streams', 32),
      tokenStarts: parseNumbers(sections, 'tokenStarts', 32),
      tokenLengths: parseNumbers(sections, 'tokenLengths', 16),
      postings: {
        fieldCount: stats.fieldCount,
        documentCount: stats.documentCount,
        averageFieldLength: Float64Array.from(stats.averageFieldLength),
        fieldLength: parseNumbers(sections, 'fieldLength', 32),
        offsets: parseNumbers(sections, 'postingOffsets', 32),
        docs: parseNumbers(sections, 'postingDocs', 32),
        freqs: parseNumbers(sections, 'postingFreqs', 32),
      },
      commonPairs: decodeCommonPairs(parseNumbers(sections, 'commonPairs', 32)),
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

/** Writes every byte of `parts` in order: `writev`, like `write`, may write less than it was given. */
async function writeAll(handle: FileHandle, parts: readonly Buffer[]): Promise<void> {
  let pending = parts.filter((part) => part.length > 0);
  while (pending.length > 0) {
    let { bytesWritten } = await handle.writev(pending);
    const rest: Buffer[] = [];
    for (const part of pending) {
      if (bytesWritten >= part.length) bytesWritten -= part.length;
      else {
        rest.push(part.subarray(bytesWritten));
        bytesWritten = 0;
      }
    }
    pending = rest;
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

/** Reads and decodes the artifact at `filePath`; a missing file is `index_missing`. */
export async function readArtifact(filePath: string): Promise<IndexSnapshot> {
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      throw new IndexError('index_missing', `No index at ${filePath}. Build one with \`npm run index\`.`);
    }
    throw new IndexError('index_corrupt', `The index at ${filePath} could not be read: ${String(error)}.`);
  }
  return decodeArtifact(bytes, `The index at ${filePath}`);
}

function corrupt(source: string, why: string): IndexError {
  return new IndexError(
    'index_corrupt',
    `${source} is damaged: ${why}. Rebuild it with \`npm run index -- --full\`.`,
  );
}

function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** Whether this machine stores numbers little-endian, as the artifact does (every common CPU). */
const LITTLE_ENDIAN = endianness() === 'LE';

function section(sections: Map<SectionName, Buffer>, name: SectionName): Buffer {
  const bytes = sections.get(name);
  if (bytes === undefined) throw new Error(`missing section ${name}`);
  return bytes;
}

function parseJson(sections: Map<SectionName, Buffer>, name: SectionName): unknown {
  return JSON.parse(section(sections, name).toString('utf8'));
}

/** Unsigned integer arrays stored in the artifact, with how to make one and how to write one value. */
type NumberArray = Uint32Array | Uint16Array;
const NUMBER_CODECS = {
  32: { create: (length: number) => new Uint32Array(length), write: 'writeUInt32LE', read: 'readUInt32LE' },
  16: { create: (length: number) => new Uint16Array(length), write: 'writeUInt16LE', read: 'readUInt16LE' },
} as const;

/** Little-endian bytes of a number array: the array's own memory where the machine is little-endian. */
function numberBytes(array: NumberArray): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  const width = array.BYTES_PER_ELEMENT;
  const bytes = Buffer.alloc(array.length * width);
  const write = NUMBER_CODECS[width === 4 ? 32 : 16].write;
  for (let i = 0; i < array.length; i += 1) bytes[write](array[i] ?? 0, i * width);
  return bytes;
}

/** A section as numbers: one aligned copy of the bytes (a typed array needs aligned memory). */
function parseNumbers<Bits extends 32 | 16>(
  sections: Map<SectionName, Buffer>,
  name: SectionName,
  bits: Bits,
): ReturnType<(typeof NUMBER_CODECS)[Bits]['create']> {
  const bytes = section(sections, name);
  const width = bits / 8;
  if (bytes.length % width !== 0) throw new Error(`section ${name} is not a list of numbers`);
  const codec = NUMBER_CODECS[bits];
  const array = codec.create(bytes.length / width) as ReturnType<(typeof NUMBER_CODECS)[Bits]['create']>;
  if (LITTLE_ENDIAN) {
    new Uint8Array(array.buffer).set(bytes);
    return array;
  }
  for (let i = 0; i < array.length; i += 1) array[i] = bytes[codec.read](i * width);
  return array;
}
