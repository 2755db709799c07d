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
    return { length: text.length, outlet: knownOutlet(outlet) ?? outlet, dateText: dateText ?? null };
  }
  const placeOnly = placeAllowed ? PLACE_DATELINE.exec(line) : null;
  if (placeOnly === null) return null;
  const [text, dateText] = placeOnly;
  return { length: text.length, outlet: null, dateText: dateText ?? null };
}
