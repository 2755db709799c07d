/**
 * Datelines: the place, date and outlet that open an article's first paragraph — "(CNN) — ",
 * "WASHINGTON -- ", "BEIJING, July 23 (Reuters) - ". They say where the story was filed, which is
 * metadata, so they are cut off the body.
 */
import { MONTH_PATTERN } from './dates.ts';
import { knownOutlet } from './outlets.ts';

/** A dateline found at the start of a line. */
export interface Dateline {
  /** How many characters of the line the dateline (and the space after it) takes. */
  length: number;
  /** The outlet in parentheses (`(CNN)`), as the gazetteer names it when known. */
  outlet: string | null;
  /** A date in the dateline (`July 23`), as written. */
  dateText: string | null;
}

/** A place in capitals: `WASHINGTON`, `NEW YORK`, `ST. LOUIS`. */
const CITY = "(?=[A-Z.'’ -]{3})[A-Z][A-Z.'’-]*(?:\\s[A-Z][A-Z.'’-]*){0,3}";
/** The region after a city: `China`, `Calif.`, `D.C.`. */
const REGION = "[A-Z][A-Za-z.'’-]*(?:\\s[A-Z][A-Za-z.'’-]*){0,2}";
const DAY = `${MONTH_PATTERN}\\s\\d{1,2}`;
const PLACE = `${CITY}(?:,\\s${REGION})?(?:,\\s(${DAY}))?`;
/** An outlet in parentheses: `(CNN)`, `(Reuters)`, `(CNN Business)`. */
const OUTLET = "\\(([A-Z][A-Za-z&.'’]*(?:\\s[A-Z][A-Za-z&.'’]*){0,3})\\)";

/** `(CNN) — `, `WASHINGTON (Reuters) - `, and CNN's dash-less `(CNN)President…`. */
const OUTLET_DATELINE = new RegExp(`^(?:${PLACE}\\s+)?${OUTLET}\\s*(?:(?:--|[—–-])\\s*|(?=[A-Z“"‘']|$))`);
/** A dateline ending in a dash, which an outlet the gazetteer does not know needs. */
const ENDS_IN_DASH = /(?:--|[—–-])\s*$/;
/**
 * Editorial notes a wire puts in parentheses where an outlet would stand, before a headline:
 * `(CORRECTED) - MOBIL <MOB> TO UPGRADE REFINERY UNIT`. Part of the headline, not a source.
 */
const EDITORIAL_NOTES = 'CORRECTED|CORRECTION|REFILED?|REPEAT|RPT|UPDATED?|RECASTS?|ADDS?|FIXES';
const EDITORIAL_NOTE = new RegExp(`^(?:${EDITORIAL_NOTES})$`, 'i');
/** An editorial note opening a line, with its dash: `(CORRECTED) - `. */
export const EDITORIAL_NOTE_PREFIX = new RegExp(`^\\((?:${EDITORIAL_NOTES})\\)\\s*(?:--|[—–-])\\s*`, 'i');
/** `WASHINGTON -- `, `NEW YORK — `, `LONDON - `: a place alone needs a dash to be a dateline. */
const PLACE_DATELINE = new RegExp(`^${PLACE}\\s*(?:--|[—–]|\\s-)\\s*`);

/**
 * The dateline opening a line, or null. With `placeAllowed` false only the outlet form counts, for
 * lines that are not known to be the first paragraph, where a capitalised word and a dash prove little.
 */
export function matchDateline(line: string, placeAllowed: boolean): Dateline | null {
  const withOutlet = OUTLET_DATELINE.exec(line);
  if (withOutlet !== null) {
    const [text, dateText, outlet = ''] = withOutlet;
    const known = knownOutlet(outlet);
    // Any other word in parentheses needs the dash: `EXXON (XON) SEES SYNFUELS ROLE` is a headline with
    // a ticker, `GMAC (Australia) Finance Ltd is issuing` a sentence, neither a dateline.
    if (known !== null) return { length: text.length, outlet: known, dateText: dateText ?? null };
    if (ENDS_IN_DASH.test(text) && !EDITORIAL_NOTE.test(outlet))
      return { length: text.length, outlet, dateText: dateText ?? null };
  }
  const placeOnly = placeAllowed ? PLACE_DATELINE.exec(line) : null;
  if (placeOnly === null) return null;
  const [text, dateText] = placeOnly;
  return { length: text.length, outlet: null, dateText: dateText ?? null };
}
