/**
 * Dates as news pages write them. Only by-lines, datelines and timestamp lines are ever searched: a
 * date inside a sentence or a photo caption is what the article talks about, not when it was published.
 */

/** A date found in a line, as written and, when it names its year, as an ISO calendar date. */
export interface FoundDate {
  /** The date as the text writes it (`July 19`, `Jul. 23, 2019`, `2019-07-23`). */
  text: string;
  /** `YYYY-MM-DD` when the year is given and the day exists, else null. */
  iso: string | null;
  /** Offset of the date in the searched line. */
  index: number;
}

const MONTH_NUMBERS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** A month name, full or abbreviated with or without a dot (`July`, `Jul.`, `Sept.`). */
export const MONTH_PATTERN =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';

const MONTH_DAY_YEAR = new RegExp(
  `\\b(${MONTH_PATTERN})\\s(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s(\\d{4})\\b)?`,
  'i',
);
const DAY_MONTH_YEAR = new RegExp(
  `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s(${MONTH_PATTERN})(?:,?\\s(\\d{4})\\b)?`,
  'i',
);
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})(?!\d)/;
const DIGIT = /\d/;

/** Builds `YYYY-MM-DD` if the day exists in that month of that year (no 31 June, no 29 February 2019). */
function toIsoDate(year: number, month: number, day: number): string | null {
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function monthNumber(name: string): number {
  return MONTH_NUMBERS[name.slice(0, 3).toLowerCase()] ?? 0;
}

function isoFromParts(year: string | undefined, month: number, day: string | undefined): string | null {
  if (year === undefined || day === undefined) return null;
  return toIsoDate(Number(year), month, Number(day));
}

function matchMonthDay(line: string): FoundDate | null {
  const match = MONTH_DAY_YEAR.exec(line);
  if (match === null) return null;
  const [text, month = '', day, year] = match;
  return { text, iso: isoFromParts(year, monthNumber(month), day), index: match.index };
}

function matchDayMonth(line: string): FoundDate | null {
  const match = DAY_MONTH_YEAR.exec(line);
  if (match === null) return null;
  const [text, day, month = '', year] = match;
  return { text, iso: isoFromParts(year, monthNumber(month), day), index: match.index };
}

function matchIso(line: string): FoundDate | null {
  const match = line.includes('-') ? ISO_DATE.exec(line) : null;
  if (match === null) return null;
  const [text, year, month, day] = match;
  return { text, iso: isoFromParts(year, Number(month), day), index: match.index };
}

/** The first date written in a line, in any of the accepted forms, or null. */
export function findDate(line: string): FoundDate | null {
  // Every accepted form has a digit: the day, the year or all of an ISO date.
  if (!DIGIT.test(line)) return null;
  let best: FoundDate | null = null;
  // The earliest date wins, then the longest; on a tie the form tried first.
  for (const date of [matchMonthDay(line), matchDayMonth(line), matchIso(line)]) {
    if (date === null) continue;
    const better =
      best === null ||
      date.index < best.index ||
      (date.index === best.index && date.text.length > best.text.length);
    if (better) best = date;
  }
  return best;
}

/**
 * Words that may surround the date on a timestamp line: a label, a weekday, a clock time, a time zone.
 * Whatever is left after removing them and the date must be punctuation for the line to be a timestamp.
 */
const TIMESTAMP_NOISE = [
  /\b(?:last updated|first published|originally published|updated|published|posted|modified|date)\b:?/gi,
  /\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b\.?/gi,
  /\b\d{1,2}(?::\d{2}){1,2}(?:\s?[ap]\.?m\.?)?/gi,
  /\b\d{1,2}\s?[ap]\.?m\.?/gi,
  /\b(?:ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|GMT|UTC|BST|CET|CEST|HKT|JST|IST)\b/g,
  /\b(?:at|on)\b/gi,
];

/**
 * The date of a timestamp line (`July 23, 2019 15:53 ET (19:53 GMT)`, `Updated 10:15 AM ET, Tue July
 * 23, 2019`), or null when the line says anything besides the date.
 */
export function parseTimestampLine(line: string): FoundDate | null {
  const date = findDate(line);
  if (date === null) return null;
  let rest = line.slice(0, date.index) + line.slice(date.index + date.text.length);
  for (const noise of TIMESTAMP_NOISE) rest = rest.replace(noise, ' ');
  return /^[\s,.;:|()/–—-]*$/.test(rest) ? date : null;
}

/** A date a page declares in its markup: the calendar day, and the full timestamp when it has a time. */
export interface DeclaredDate {
  /** `YYYY-MM-DD`, the day as the page writes it (no time-zone conversion). */
  date: string;
  /** ISO 8601 with the time as declared (`2021-03-04T09:30:00-05:00`), or null for a bare day. */
  dateTime: string | null;
}

/**
 * Machine-readable timestamps as pages declare them: `2021-03-04`, `2021-03-04T09:30:00-05:00`,
 * `2019-04-28 06:01:07`, `2017-11-16T14:15+0000`, `2015-03-27T13:07:55.096Z`. Anchored at both ends
 * and without nested repetition, so it runs in linear time on any attribute value.
 */
const DECLARED_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?\s?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
/** The compact forms some publishers use: `20170113` and `20170113000004`. */
const COMPACT_TIMESTAMP = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/;

/** `+0000` or `+00` → `+00:00`; `z` → `Z`. */
function normalizeOffset(offset: string | undefined): string {
  if (offset === undefined) return '';
  if (offset.toUpperCase() === 'Z') return 'Z';
  const digits = offset.slice(1).replace(':', '');
  return `${offset[0]}${digits.slice(0, 2)}:${digits.length > 2 ? digits.slice(2, 4) : '00'}`;
}

/** Whether hours, minutes and seconds make a time of day. */
function isTimeOfDay(hours: string, minutes: string, seconds: string): boolean {
  return Number(hours) <= 23 && Number(minutes) <= 59 && Number(seconds) <= 59;
}

/**
 * Reads a date a page declares (a meta tag's content, JSON-LD's `datePublished`, `<time datetime>`):
 * the ISO forms and their common variants, else a written date with its year (`April 28, 2019`).
 * Null when the value names no full date.
 */
export function parseDeclaredDate(value: string): DeclaredDate | null {
  const text = value.trim();
  if (text.length > 64) return null;
  const iso = DECLARED_TIMESTAMP.exec(text) ?? COMPACT_TIMESTAMP.exec(text);
  if (iso !== null) {
    const [, year = '', month = '', day = '', hours, minutes, seconds = '00', offset] = iso;
    const date = toIsoDate(Number(year), Number(month), Number(day));
    if (date === null) return null;
    if (hours === undefined || minutes === undefined || !isTimeOfDay(hours, minutes, seconds)) {
      return { date, dateTime: null };
    }
    return { date, dateTime: `${date}T${hours}:${minutes}:${seconds}${normalizeOffset(offset)}` };
  }
  const written = findDate(text);
  const date = written?.iso ?? null;
  return date === null ? null : { date, dateTime: null };
}
