/**
 * Archives of records: a `.jsonl`/`.ndjson` file (one article a line, as JSON) or a `.csv` file (a
 * header row, then one article a record), the way datasets and CMS exports come. Each record is an
 * article with the id `<file>-<id or line>`.
 *
 * Listing an archive scans it once as a stream and keeps only where each record starts and ends, so
 * an export of gigabytes is never in memory; the build then reads each record by its offsets, in the
 * same batches as article files. A record's content hash is that of its own bytes (with the archive's
 * format, header and field mapping), so an incremental build analyzes only the records added to an
 * archive or changed in it.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { parse as parseCsvStream } from 'csv-parse';
import { FIELD_NAMES, FIELDS, type FieldName } from '../fields.ts';
import type { SourceFormat } from './article.ts';
import { parseByline } from './cleaning/byline.ts';
import { findDate } from './cleaning/dates.ts';

/** How an archive file's records are written. */
export type ArchiveFormat = 'jsonl' | 'csv';

/** File extensions read as archives of records. */
export const ARCHIVE_FORMATS: Readonly<Record<string, ArchiveFormat>> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
};

/** The article fields a record supplies: its id, the registry's text fields (fields.ts), its date and address. */
export const RECORD_FIELDS = ['id', ...FIELD_NAMES, 'date', 'url'] as const;
export type RecordField = (typeof RECORD_FIELDS)[number];

/**
 * Which column (or JSON key) each field is read from: the first of these a record has (a text field's
 * are the registry's `supplied` names). Compared without case, so `Title` and `BODY` do too. `--map
 * field=column` puts a column first.
 */
export const DEFAULT_RECORD_MAPPING: Readonly<Record<RecordField, readonly string[]>> = {
  id: ['id', '_id', 'guid', 'uuid'],
  ...(Object.fromEntries(
    FIELD_NAMES.map((name): [FieldName, readonly string[]] => [name, FIELDS[name].supplied]),
  ) as Record<FieldName, readonly string[]>),
  date: ['date', 'published', 'published_at', 'publishedat', 'pubdate', 'datepublished'],
  url: ['url', 'link', 'canonical_url'],
};

/** A record mapping with overrides applied: `{ body: 'story' }` reads the body from `story` first. */
export function recordMapping(
  overrides: Partial<Record<RecordField, string>> = {},
): Record<RecordField, readonly string[]> {
  const mapping = { ...DEFAULT_RECORD_MAPPING };
  for (const field of RECORD_FIELDS) {
    const column = overrides[field];
    if (column !== undefined) mapping[field] = [column.toLowerCase(), ...mapping[field]];
  }
  return mapping;
}

/** One archive as listed: its format and its header (CSV). */
export interface ListedArchive {
  format: ArchiveFormat;
  /** The CSV header's column names, lower-cased; null for JSON lines. */
  columns: string[] | null;
}

/** Where one record of an archive is: its byte range and the line it starts on, and its article id. */
export interface ArchiveRecordLocation {
  /** The archive's path below the seeds folder. */
  archive: string;
  start: number;
  end: number;
  line: number;
  /** `<file id>-<record id or line>` (see {@link recordId}). */
  id: string;
}

/** An archive's records, listed: where each is, and the archive's own details. */
export interface ListedRecords {
  archive: ListedArchive;
  records: ArchiveRecordLocation[];
  /**
   * Why the scan stopped before the end, with the line it stopped at (a CSV quote never closed makes
   * the rest of the file one field), or null. The records before it are listed.
   */
  stoppedAt: { line: number; reason: string } | null;
}

/** The path a record is known by in warnings and the manifest: `exports/news.jsonl:12`. */
export function recordPath(location: ArchiveRecordLocation): string {
  return `${location.archive}:${location.line}`;
}

/**
 * Scans an archive as a stream, noting where each record is and its article id (from the mapped id
 * field, else its line), without keeping the records. A CSV file is parsed, as records may span lines;
 * JSON lines are split at newlines, blank lines skipped, each parsed for its id.
 */
export async function listArchiveRecords(
  absolutePath: string,
  relativePath: string,
  archiveId: string,
  format: ArchiveFormat,
  mapping: Readonly<Record<RecordField, readonly string[]>>,
): Promise<ListedRecords> {
  const records: ArchiveRecordLocation[] = [];
  const idOf = (fields: Map<string, unknown> | null, line: number) =>
    recordId(archiveId, fields === null ? null : pickText(fields, mapping.id), line);
  if (format === 'jsonl') {
    let line = 1;
    let pending: Buffer[] = [];
    let lineStart = 0;
    let offset = 0;
    const finish = (end: number) => {
      const bytes = Buffer.concat(pending);
      pending = [];
      if (bytes.toString('latin1').trim() !== '') {
        const fields = tryJsonFields(bytes);
        records.push({ archive: relativePath, start: lineStart, end, line, id: idOf(fields, line) });
      }
    };
    for await (const chunk of createReadStream(absolutePath) as AsyncIterable<Buffer>) {
      let from = 0;
      for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, from)) {
        pending.push(chunk.subarray(from, newline));
        finish(offset + newline);
        line += 1;
        from = newline + 1;
        lineStart = offset + from;
      }
      pending.push(chunk.subarray(from));
      offset += chunk.length;
    }
    finish(offset);
    return { archive: { format, columns: null }, records, stoppedAt: null };
  }
  const stream = createReadStream(absolutePath);
  const parser = stream.pipe(
    parseCsvStream({ info: true, bom: true, relax_column_count: true, skip_empty_lines: true }),
  );
  let columns: string[] | null = null;
  let previous = { bytes: 0, lines: 0 };
  let stoppedAt: ListedRecords['stoppedAt'] = null;
  const rows = parser as AsyncIterable<{ info: { bytes: number; lines: number }; record: string[] }>;
  try {
    for await (const { info, record } of rows) {
      if (columns === null) columns = record.map((column) => column.trim().toLowerCase());
      else {
        const line = previous.lines + 1;
        const fields = new Map<string, unknown>(columns.map((column, k) => [column, record[k]]));
        records.push({
          archive: relativePath,
          start: previous.bytes,
          end: info.bytes,
          line,
          id: idOf(fields, line),
        });
      }
      previous = info;
    }
  } catch (error) {
    stream.destroy();
    stoppedAt = { line: previous.lines + 1, reason: error instanceof Error ? error.message : String(error) };
  }
  return { archive: { format, columns: columns ?? [] }, records, stoppedAt };
}

/** A JSON line's fields, or null when it is not a JSON object (reading it will say so). */
function tryJsonFields(bytes: Buffer): Map<string, unknown> | null {
  try {
    return jsonFields(bytes);
  } catch {
    return null;
  }
}

/** The first of `names` a record has a non-empty text or number for. */
function pickText(fields: Map<string, unknown>, names: readonly string[]): string | null {
  for (const name of names) {
    const value = text(fields.get(name));
    if (value !== undefined) return value;
  }
  return null;
}

/** A record read and mapped: the article's text and the metadata it supplies. */
export interface MappedRecord {
  body: string;
  format: SourceFormat;
  /** The other fields the record gives, as a sidecar would (see articleFiles.ts). */
  metadata: Record<string, string | string[]>;
}

/** Why a record could not be read, for a warning that names its file and line. */
export class RecordError extends Error {
  override readonly name = 'RecordError';
}

/**
 * Markup only HTML has, which makes a record's body a page to clean rather than text: a document type
 * or root element, an element closed (`</p>`), a tag with an attribute (`<a href="…">`), or a line
 * break as HTML writes it (`<br/>`, and `<br>` in lowercase). An opening tag alone is not enough: wire
 * copy writes company names and tickers in angle brackets (`<A/S Norske Shell>`, `<P>`, `<Div Corp>`,
 * AT&T's `<A>`, perhaps `<BR>`), and read as HTML such a story loses its paragraphs, or is dropped as a
 * page of links when `<A>` opens an anchor that never closes (10 of the 100,000 records of the scaled
 * benchmark corpus were).
 */
const HTML_ONLY_MARKUP: readonly RegExp[] = [
  /<!doctype\s+html/i,
  /<html[\s>]/i,
  /<\/(?:p|div|span|a|b|i|em|strong|u|h[1-6]|li|ul|ol|dl|dt|dd|article|section|header|footer|main|nav|aside|blockquote|figure|figcaption|table|thead|tbody|tr|td|th|pre|code|body|html)\s*>/i,
  /<[a-z][a-z0-9]*\s+[a-z-]+\s*=\s*["']/i,
  /<br\s*\/>/i,
  /<br>/,
];

/** Whether a record's body is HTML (see {@link HTML_ONLY_MARKUP}) rather than text. */
function isHtmlBody(body: string): boolean {
  return HTML_ONLY_MARKUP.some((markup) => markup.test(body));
}

/**
 * Parses one record's bytes and maps its fields. Throws {@link RecordError} for a record that is not
 * JSON (or a CSV row), is not an object, or has no body.
 */
export function readRecord(
  bytes: Buffer,
  archive: ListedArchive,
  mapping: Readonly<Record<RecordField, readonly string[]>>,
): MappedRecord {
  const fields = archive.format === 'jsonl' ? jsonFields(bytes) : csvFields(bytes, archive.columns ?? []);
  const pick = (field: RecordField): unknown => {
    for (const name of mapping[field]) {
      const value = fields.get(name);
      if (value !== undefined && value !== null && value !== '') return value;
    }
    return undefined;
  };
  const body = pick('body');
  if (typeof body !== 'string' || body.trim() === '') {
    throw new RecordError(`no body (looked for ${mapping.body.join(', ')})`);
  }
  const metadata: Record<string, string | string[]> = {};
  for (const name of FIELD_NAMES) {
    if (name === 'body') continue;
    const value = FIELDS[name].many ? valueList(name, pick(name)) : text(pick(name));
    if (value !== undefined) metadata[name] = value;
  }
  const url = text(pick('url'));
  const date = isoDate(pick('date'));
  if (url !== undefined) metadata.url = url;
  if (date !== undefined) metadata.date = date;
  return { body, format: isHtmlBody(body) ? 'html' : 'text', metadata };
}

/** A JSON line's keys, lower-cased. */
function jsonFields(bytes: Buffer): Map<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new RecordError('not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new RecordError('not a JSON object');
  }
  return new Map(Object.entries(json).map(([key, value]) => [key.toLowerCase(), value]));
}

/** A CSV row's values under the header's column names. */
function csvFields(bytes: Buffer, columns: readonly string[]): Map<string, unknown> {
  const row = csvRow(bytes.toString('utf8'));
  return new Map(columns.map((column, i) => [column, row[i]]));
}

/**
 * The fields of one CSV record (RFC 4180: commas, `"quoted, fields"` with `""` for a quote, line
 * breaks inside quotes). Written here rather than asking csv-parse again: the listing's scan has already
 * found each record's bounds with it, and a parser set up per record cost 88 µs a record against a few
 * here (9 s of a build of 100,000 records). A record the scan accepted is well-formed.
 */
function csvRow(text: string): string[] {
  const fields: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const end = text.replace(/[\r\n]+$/, '').length;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1 || quote >= end) throw new RecordError('not a CSV row (a quote never closes)');
        field += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        field += '"';
        i += 1;
      }
      const comma = text.indexOf(',', i);
      i = comma === -1 || comma >= end ? end : comma;
    } else {
      const comma = text.indexOf(',', i);
      const stop = comma === -1 || comma >= end ? end : comma;
      field = text.slice(i, stop);
      i = stop;
    }
    fields.push(field);
    if (i >= end) return fields;
    i += 1;
  }
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const trimmed = String(value).trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * A field of many values from a list, or from text: authors as a by-line reads them (`Ana Swanson and
 * Alan Rappeport`), any other field split at commas and semicolons.
 */
function valueList(name: FieldName, value: unknown): string[] | undefined {
  if (Array.isArray(value)) {
    const names = value.flatMap((item) => {
      const name = text(typeof item === 'object' && item !== null && 'name' in item ? item.name : item);
      return name === undefined ? [] : [name];
    });
    return names.length > 0 ? names : undefined;
  }
  const written = text(value);
  if (written === undefined) return undefined;
  if (name !== 'authors')
    return written
      .split(/[,;]/)
      .map((part) => part.trim())
      .filter((part) => part !== '');
  const byline = parseByline(`By ${written.replace(/^by\s+/i, '')}`);
  return byline !== null && byline.authors.length > 0 ? byline.authors : [written];
}

/** A date as `YYYY-MM-DD`, from an ISO timestamp or any date the cleaner reads. */
function isoDate(value: unknown): string | undefined {
  const written = text(value);
  if (written === undefined) return undefined;
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ]|$)/.exec(written)?.[1];
  return iso ?? findDate(written)?.iso ?? undefined;
}

/** The id of an archive's record: `<file id>-<record id or line>`, unsafe characters replaced. */
function recordId(archiveId: string, own: string | null, line: number): string {
  const safe = own?.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 100);
  return `${archiveId}-${safe === undefined || safe === '' ? line : safe}`;
}

/** Whether a file name is an archive of records, and which kind. */
export function archiveFormatOf(relativePath: string): ArchiveFormat | undefined {
  return ARCHIVE_FORMATS[path.extname(relativePath).toLowerCase()];
}
