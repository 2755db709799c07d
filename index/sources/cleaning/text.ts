/**
 * The plain-text cleaner that every format ends in. Each line of the text gets one role — chrome,
 * headline, by-line, timestamp, dateline or article text — and only article text becomes the body;
 * the other roles supply the metadata.
 */
import type { CleanedArticle } from '../article.ts';
import { type BudgetCheck, UNLIMITED_BUDGET } from './budget.ts';
import { type Byline, parseByline } from './byline.ts';
import { findChromeLines, isClosingChrome } from './chrome.ts';
import { type Dateline, matchDateline } from './dateline.ts';
import { type FoundDate, parseTimestampLine } from './dates.ts';
import { collapseSpaces, type Line, toLines, toParagraphs } from './lines.ts';
import { findOutletIn, findReportingOutlet, knownOutlet, outletForEmail } from './outlets.ts';
import { deriveTitle, looksLikeHeadline } from './title.ts';

/** How the text to clean was produced. */
export interface TextCleaningOptions {
  /** Join the lines of a block wrapped at a fixed width into one paragraph (plain text files). */
  detectWrapping: boolean;
  /** A headline already known from markup; the line repeating it is dropped and it becomes the title. */
  knownTitle?: string | null;
  /** Checked between stages and lines (see budget.ts); none by default. */
  budget?: BudgetCheck;
  /**
   * For a web page, its `<h1>` (null when it has none): the first line is then the headline only when it
   * repeats it. A web page's text is its main content, whose first line is a heading, a list item or
   * a paragraph of the article whatever its shape; only plain text opens with an unmarked headline.
   */
  pageHeading?: string | null;
}

type Role = 'text' | 'chrome' | 'title' | 'byline' | 'timestamp' | 'dateline';

/** One text being cleaned: its lines (the first one without its dateline once cut) and their roles. */
interface Draft {
  lines: Line[];
  roles: Role[];
}

/** By-lines sit among the first few lines that are not chrome. */
const BYLINE_WINDOW = 6;
/** A dateline opens one of the first few lines of text; what precedes it is leftover chrome. */
const DATELINE_WINDOW = 3;
/** A line this long right under a candidate headline is body text, so the candidate stands alone. */
const BODY_LINE_LENGTH = 120;

/** Indices of the lines that currently have a role, in order; only the first `limit` when given. */
function indicesWithRole(draft: Draft, role: Role, limit = Number.POSITIVE_INFINITY): number[] {
  const indices: number[] = [];
  const { roles } = draft;
  for (let i = 0; i < roles.length && indices.length < limit; i += 1) {
    if (roles[i] === role) indices.push(i);
  }
  return indices;
}

/** The first line that currently has a role, or undefined. */
function firstWithRole(draft: Draft, role: Role): number | undefined {
  const i = draft.roles.indexOf(role);
  return i === -1 ? undefined : i;
}

/** The last line that currently has a role, or undefined. */
function lastWithRole(draft: Draft, role: Role): number | undefined {
  const i = draft.roles.lastIndexOf(role);
  return i === -1 ? undefined : i;
}

/** Finds the by-line among the first lines that are not chrome and marks it. */
function markByline(draft: Draft): [Byline | null, number] {
  const window: number[] = [];
  for (let i = 0; i < draft.roles.length && window.length < BYLINE_WINDOW; i += 1) {
    if (draft.roles[i] !== 'chrome') window.push(i);
  }
  for (const i of window) {
    // Wrapped text can put "by" at the start of a line in mid-sentence: `… made` / `by President Reagan.`
    if (continuesPreviousLine(draft.lines, i)) continue;
    const byline = parseByline(draft.lines[i]?.text ?? '');
    if (byline === null) continue;
    draft.roles[i] = 'byline';
    return [byline, i];
  }
  return [null, -1];
}

/** Whether line `i` opens in lowercase right under another line of its block: the same sentence, wrapped. */
function continuesPreviousLine(lines: readonly Line[], i: number): boolean {
  const line = lines[i];
  const previous = lines[i - 1];
  return line !== undefined && previous?.block === line.block && /^\p{Ll}/u.test(line.text);
}

/** Marks lines that are nothing but a date and time; returns each one's date. */
function markTimestamps(draft: Draft): Map<number, FoundDate> {
  const timestamps = new Map<number, FoundDate>();
  for (const i of indicesWithRole(draft, 'text')) {
    const date = parseTimestampLine(draft.lines[i]?.text ?? '');
    if (date === null) continue;
    draft.roles[i] = 'timestamp';
    timestamps.set(i, date);
  }
  return timestamps;
}

function sameText(a: string, b: string): boolean {
  return collapseSpaces(a).toLowerCase() === collapseSpaces(b).toLowerCase();
}

/** Marks the line repeating a headline known from markup, if one of the first lines does; true if found. */
function markKnownTitle(draft: Draft, title: string): boolean {
  const repeat = indicesWithRole(draft, 'text', BYLINE_WINDOW).find((i) =>
    sameText(draft.lines[i]?.text ?? '', title),
  );
  if (repeat !== undefined) draft.roles[repeat] = 'title';
  return repeat !== undefined;
}

/**
 * Whether the line at `i` stands as a headline in its surroundings: nothing but metadata under it in
 * its block, or a long body line; and not sitting right under chrome, as a playlist's clip titles do.
 */
function standsAlone(draft: Draft, i: number): boolean {
  const { lines, roles } = draft;
  const line = lines[i];
  const next = lines[i + 1];
  const previous = lines[i - 1];
  if (line === undefined) return false;
  if (previous !== undefined && previous.block === line.block && roles[i - 1] === 'chrome') return false;
  if (next === undefined || next.block !== line.block) return true;
  return roles[i + 1] === 'byline' || roles[i + 1] === 'timestamp' || next.text.length >= BODY_LINE_LENGTH;
}

/**
 * Marks the headline: the first line of text, if it is shaped like one, stands alone and comes before
 * any by-line (on a web page: if it repeats the page's `<h1>`). Returns its text, or null when the text
 * opens without a headline.
 */
function markHeadline(draft: Draft, bylineIndex: number, pageHeading: string | undefined): string | null {
  const first = firstWithRole(draft, 'text');
  if (first === undefined || (bylineIndex >= 0 && first > bylineIndex)) return null;
  const text = draft.lines[first]?.text ?? '';
  const isHeadline =
    pageHeading === undefined
      ? looksLikeHeadline(text) && matchDateline(text, true) === null && standsAlone(draft, first)
      : sameText(text, pageHeading);
  if (isHeadline) draft.roles[first] = 'title';
  return isHeadline ? text : null;
}

/**
 * Finds the dateline opening one of the first lines of text and cuts it off; lines of text before it
 * are leftovers of the page around the article. Only the very first line may have a place-only
 * dateline ("WASHINGTON -- "), since later ones need the outlet form ("(CNN) — ") to be sure.
 */
function stripDateline(draft: Draft): Dateline | null {
  const candidates = indicesWithRole(draft, 'text', DATELINE_WINDOW);
  for (const [k, i] of candidates.entries()) {
    const line = draft.lines[i];
    const dateline = line === undefined ? null : matchDateline(line.text, k === 0);
    if (line === undefined || dateline === null) continue;
    for (const before of candidates.slice(0, k)) draft.roles[before] = 'chrome';
    const rest = line.text.slice(dateline.length).trim();
    if (rest === '') draft.roles[i] = 'dateline';
    else draft.lines[i] = { ...line, text: rest };
    return dateline;
  }
  return null;
}

/** Drops author bios and sign-offs from the end of the body. */
function dropClosingChrome(paragraphs: string[], authors: readonly string[]): string[] {
  let end = paragraphs.length;
  while (end > 0 && isClosingChrome(paragraphs[end - 1] ?? '', authors)) end -= 1;
  return paragraphs.slice(0, end);
}

/** The texts of the chrome lines, where wire footers name their outlet. */
function chromeTexts(draft: Draft): string[] {
  return indicesWithRole(draft, 'chrome').map((i) => draft.lines[i]?.text ?? '');
}

/** The outlet of the first staff e-mail address in a sign-off ("Write to … at …@wsj.com"). */
function signOffOutlet(chrome: readonly string[]): string | null {
  for (const line of chrome) {
    for (const [email] of line.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)) {
      const outlet = outletForEmail(email);
      if (outlet !== null) return outlet;
    }
  }
  return null;
}

/** The outlet a wire footer names: "(END) Dow Jones Newswires", then "© 2020 Reuters". */
function footerOutlet(chrome: readonly string[]): string | null {
  for (const line of chrome) {
    const wire = /^\(END\)\s*(.+)$/.exec(line)?.[1];
    if (wire !== undefined) return knownOutlet(wire) ?? wire;
  }
  for (const line of chrome) {
    if (/^(?:copyright|©|\(c\))/i.test(line)) {
      const outlet = findOutletIn(line);
      if (outlet !== null) return outlet;
    }
  }
  return null;
}

/**
 * Timestamp dates in the head or foot of the text, where a publication time is printed; a date-only
 * line between paragraphs of text is a section heading, not the article's date.
 */
function publicationTimestamps(draft: Draft, timestamps: Map<number, FoundDate>): FoundDate[] {
  const first = firstWithRole(draft, 'text') ?? Number.POSITIVE_INFINITY;
  const last = lastWithRole(draft, 'text') ?? Number.NEGATIVE_INFINITY;
  return [...timestamps].filter(([i]) => i < first || i > last).map(([, date]) => date);
}

/** The article's date: the first candidate that gives a full date, else the first one at all. */
function chooseDate(candidates: readonly (FoundDate | null)[]): Pick<CleanedArticle, 'date' | 'dateText'> {
  const found = candidates.filter((date): date is FoundDate => date !== null);
  const best = found.find((date) => date.iso !== null) ?? found[0];
  return { date: best?.iso ?? null, dateText: best?.text ?? null };
}

/** Cleans a plain text: body without chrome, and the metadata its head, by-line and footer give. */
export function cleanText(text: string, options: TextCleaningOptions): CleanedArticle {
  const budget = options.budget ?? UNLIMITED_BUDGET;
  const lines = toLines(text, budget);
  budget.check();
  const chromeLines = findChromeLines(lines, budget);
  const draft: Draft = { lines, roles: chromeLines.map((chrome) => (chrome ? 'chrome' : 'text')) };
  budget.check();
  const [byline, bylineIndex] = markByline(draft);
  const timestamps = markTimestamps(draft);
  budget.check();
  const knownTitle = options.knownTitle ?? null;
  // A page's own headline line may differ from its og:title; it is still a headline, not body text.
  const repeated = knownTitle !== null && markKnownTitle(draft, knownTitle);
  const headline =
    repeated || options.pageHeading === null ? null : markHeadline(draft, bylineIndex, options.pageHeading);
  const dateline = stripDateline(draft);
  const authors = byline?.authors ?? [];
  const bodyLines: Line[] = [];
  for (const i of indicesWithRole(draft, 'text')) {
    const line = draft.lines[i];
    if (line !== undefined) bodyLines.push(line);
  }
  budget.check();
  const paragraphs = dropClosingChrome(toParagraphs(bodyLines, options.detectWrapping, budget), authors);
  budget.check();
  const chrome = chromeTexts(draft);
  const source =
    dateline?.outlet ??
    byline?.outlet ??
    signOffOutlet(chrome) ??
    footerOutlet(chrome) ??
    findReportingOutlet(paragraphs);
  const datelineDate = dateline?.dateText ? { text: dateline.dateText, iso: null, index: 0 } : null;
  return {
    title: knownTitle ?? headline ?? deriveTitle(paragraphs[0]),
    source,
    authors,
    ...chooseDate([...publicationTimestamps(draft, timestamps), byline?.date ?? null, datelineDate]),
    url: null,
    section: null,
    language: null,
    body: paragraphs.join('\n\n'),
  };
}
