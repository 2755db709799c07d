/**
 * By-lines: "By Vivian Salama, Rebecca Ballhaus and Josh Zumbrun", "By Ana Swanson July 19",
 * "By Jane Doe | CNN". A line only counts as a by-line when everything after "By" reads as names, an
 * outlet, a staff role or a date, so that a sentence opening "By the time…" stays text.
 */
import { type FoundDate, findDate } from './dates.ts';
import { knownOutlet, splitTrailingOutlet, startsWithOutlet } from './outlets.ts';

/** What a by-line says. */
export interface Byline {
  /** Author names in the order given. */
  authors: string[];
  /** An outlet named in the by-line (`By Jane Doe, Reuters`), or null. */
  outlet: string | null;
  /** A date written in the by-line (`July 19`), or null. */
  date: FoundDate | null;
}

const BY_PREFIX = /^by:?\s+/i;
/** A staff role or desk in a by-line piece (`Staff Writer`, `Special to …`): such a piece is no name. */
export const STAFF_ROLE =
  /\b(?:staff|writer|reporter|correspondent|editor|contributor|columnist|bureau|chief|special to|senior|news service)\b/i;
const NAME_PARTICLE = /^(?:de|da|di|del|della|der|den|van|von|la|le|du|dos|das|bin|ibn|al|el|y|ter)$/;
const NAME_WORD = /^\p{Lu}[\p{L}'’.-]*$/u;
const DATE_LEAD_IN = /[\s,|–—-]*(?:\b(?:updated|published|posted|last updated)\b[\s,:]*)?$/i;

/** Whether a by-line piece is a person's name: one to five capitalised words, particles allowed. */
export function isPersonName(piece: string): boolean {
  const words = piece.split(' ');
  if (words.length > 5 || piece.length > 60 || /\d/.test(piece)) return false;
  const capitalised = words.filter((word) => NAME_WORD.test(word));
  const valid = words.every((word) => NAME_WORD.test(word) || NAME_PARTICLE.test(word));
  return valid && capitalised.some((word) => word.replace(/[^\p{L}]/gu, '').length >= 2);
}

/** Cuts the date, and any "Updated"-style lead-in, off the end of a by-line's names. */
function splitDate(rest: string): [names: string, date: FoundDate | null] {
  const date = findDate(rest);
  if (date === null) return [rest, null];
  return [rest.slice(0, date.index).replace(DATE_LEAD_IN, ''), date];
}

/** Sorts each comma/"and"-separated piece into the by-line's authors or outlet; false if a piece is neither. */
function collectPieces(pieces: readonly string[], byline: Byline): boolean {
  for (const piece of pieces) {
    if (piece === '' || STAFF_ROLE.test(piece)) continue;
    if (knownOutlet(piece) !== null || startsWithOutlet(piece)) {
      byline.outlet ??= knownOutlet(piece) ?? piece;
      continue;
    }
    const trailing = splitTrailingOutlet(piece);
    if (trailing !== null && isPersonName(trailing[0])) {
      byline.authors.push(trailing[0]);
      byline.outlet ??= trailing[1];
      continue;
    }
    if (!isPersonName(piece)) return false;
    byline.authors.push(piece);
  }
  return true;
}

/** Reads a by-line; null when the line is not one (no "By", or something other than names follows). */
export function parseByline(line: string): Byline | null {
  if (!BY_PREFIX.test(line) || line.length > 200) return null;
  const [names, date] = splitDate(line.replace(BY_PREFIX, ''));
  const [people = '', ...extras] = names.split(/\s+[|•·–—-]\s+|\s*\|\s*/);
  const byline: Byline = { authors: [], outlet: null, date };
  const pieces = people
    .split(/\s*,\s*|\s+and\s+|\s*&\s*/)
    .map((piece) => piece.replace(/^and\s+/, '').trim());
  if (!collectPieces([...pieces, ...extras.map((extra) => extra.trim())], byline)) return null;
  return byline.authors.length > 0 || byline.outlet !== null ? byline : null;
}
