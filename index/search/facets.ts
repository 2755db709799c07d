/**
 * Filters and facets over a query's matches: which articles a facet field's filter (source, author…:
 * see the field registry, fields.ts) or a date filter keeps, how many matching articles each value and
 * period has, and the timeline of matches.
 *
 * Facet counts are disjunctive, as a reader expects from a sidebar: a dimension's counts apply every
 * *other* active filter but not its own, so with `source=CNN` selected the source list still shows
 * how many articles Reuters has and the reader can switch. Pure functions over per-article columns;
 * facetCounts.ts counts them.
 */
import { QueryError } from '../errors.ts';
import { FACET_KEYS, type FacetKey, perFacet } from '../fields.ts';
import { remembered } from './remembered.ts';

/**
 * What a search is narrowed to: for each facet, articles with any of these values (compared without
 * case or accents); and a date range. Empty lists and nulls mean "no filter".
 */
export type SearchFilters = Record<FacetKey, readonly string[]> & {
  /** First day included, `YYYY-MM-DD` (normalised by {@link dateBound}). */
  from: string | null;
  /** Last day included, `YYYY-MM-DD`. */
  to: string | null;
};

export const NO_FILTERS: SearchFilters = { ...perFacet((): readonly string[] => []), from: null, to: null };

/** One value of a facet and how many matching articles have it. */
export interface FacetCount {
  value: string;
  count: number;
  /** True when the value is one of the active filters. */
  selected: boolean;
}

/** How long the timeline's periods are. */
export type TimelineGranularity = 'month' | 'year' | 'decade' | 'century' | 'millennium';

/**
 * A period of the timeline: a month (`2019-07`), a year (`2019`), or a span of years from its first to
 * its last (`1990–1999`, with an en dash) for decades and longer.
 */
export interface TimelineBucket {
  period: string;
  /** First and last day of the period, ready to use as `from` and `to` filters. */
  from: string;
  to: string;
  count: number;
  /** True when the period lies inside the active date filter. */
  selected: boolean;
}

/** How matching articles spread over time. */
export interface Timeline {
  /**
   * Months for spans up to {@link MAX_MONTH_BUCKETS} months, else the shortest of years, decades,
   * centuries and millennia that draws at most {@link MAX_YEAR_BUCKETS} bars.
   */
  granularity: TimelineGranularity;
  /** Every period from the earliest to the latest dated match, empty ones included. */
  buckets: TimelineBucket[];
  /** Matching articles whose text gives no full date. */
  undated: number;
}

/** The values of each facet among the matches, and the timeline. */
export type Facets = Record<FacetKey, FacetCount[]> & { timeline: Timeline };

/** Per-article values the filters read, by document index: each facet's values, and the dates. */
export interface FacetColumns {
  facets: Readonly<Record<FacetKey, readonly (readonly string[])[]>>;
  dates: readonly (string | null)[];
}

/** A span longer than this many months is drawn by year: 36 bars still read as months, 200 do not. */
export const MAX_MONTH_BUCKETS = 36;
/**
 * Most bars drawn by year or longer periods: an archive spanning centuries (or one bad date) is drawn
 * by decade or century, never as thousands of bars.
 */
export const MAX_YEAR_BUCKETS = 40;
/** Years per period, for the granularities longer than a month. */
const YEARS_PER_PERIOD = [
  ['year', 1],
  ['decade', 10],
  ['century', 100],
  ['millennium', 1000],
] as const;
/** Most values listed per facet; the long tail of one-off bylines is not a useful filter. */
export const MAX_FACET_VALUES = 20;

/** The bit of a document's failed-filter mask for the date filter; facet `i` has bit `2 ** i`. */
export const DATE_FAILS = 2 ** FACET_KEYS.length;

/** A facet value as compared: case, accents and spacing do not matter (`?source=cnn` is CNN). */
export function facetKey(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

const DATE_BOUND = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * A `from` or `to` filter as a full day: `2019` is the first (or last) day of 2019, `2019-07` of July.
 * Throws {@link QueryError} (`invalid_filter`) for anything else, so `?from=yesterday` is a clear 400.
 */
export function dateBound(value: string, side: 'from' | 'to'): string {
  const match = DATE_BOUND.exec(value.trim());
  const month = match?.[2] === undefined ? null : Number(match[2]);
  const day = match?.[3] === undefined ? null : Number(match[3]);
  const year = match?.[1] ?? '';
  const validMonth = month === null || (month >= 1 && month <= 12);
  const validDay = day === null || (month !== null && day >= 1 && day <= daysInMonth(Number(year), month));
  if (match === null || !validMonth || !validDay) {
    throw new QueryError(
      'invalid_filter',
      `“${value}” is not a date the “${side}” filter understands; use YYYY, YYYY-MM or YYYY-MM-DD.`,
    );
  }
  const mm = month ?? (side === 'from' ? 1 : 12);
  const dd = day ?? (side === 'from' ? 1 : daysInMonth(Number(year), mm));
  return `${year}-${pad(mm)}-${pad(dd)}`;
}

/**
 * Checks a filter set as a whole: dates normalised, `from` not after `to`. Throws
 * {@link QueryError} (`invalid_filter`) otherwise.
 */
export function normalizeFilters(filters: Partial<SearchFilters>): SearchFilters {
  const from = filters.from ? dateBound(filters.from, 'from') : null;
  const to = filters.to ? dateBound(filters.to, 'to') : null;
  if (from !== null && to !== null && from > to) {
    throw new QueryError('invalid_filter', `The date range starts (${from}) after it ends (${to}).`);
  }
  const clean = (values: readonly string[] | undefined) =>
    values === undefined || values.length === 0
      ? []
      : [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))].slice(0, 20);
  // Object.assign, not a spread: spreading a record built at run time costs 5 µs a search in V8.
  return Object.assign(
    perFacet((key) => clean(filters[key])),
    { from, to },
  );
}

export function hasFilters(filters: SearchFilters): boolean {
  return FACET_KEYS.some((key) => filters[key].length > 0) || filters.from !== null || filters.to !== null;
}

/**
 * A function telling, for a document, which filters it fails as a bit mask (0 when it passes all).
 * Keys are compared folded, so the columns' own spelling need not be typed exactly.
 */
export function filterTest(columns: FacetColumns, filters: SearchFilters): (doc: number) => number {
  const active = FACET_KEYS.flatMap((key, i) =>
    filters[key].length === 0
      ? []
      : [{ bit: 2 ** i, values: columns.facets[key], wanted: new Set(filters[key].map(facetKey)) }],
  );
  const { from, to } = filters;
  // A pass over matches sees the same few values again and again.
  const keyOf = remembered(facetKey);
  return (doc) => {
    let fails = 0;
    for (const { bit, values, wanted } of active) {
      if (!(values[doc] ?? []).some((value) => wanted.has(keyOf(value)))) fails |= bit;
    }
    if (from !== null || to !== null) {
      const date = columns.dates[doc] ?? null;
      if (date === null || (from !== null && date < from) || (to !== null && date > to)) fails |= DATE_FAILS;
    }
    return fails;
  };
}

/**
 * One facet's list from its counts by folded value: most frequent first (ties alphabetical), selected
 * values always kept (facetCounts.ts counts them).
 */
export function facetList(
  counts: Map<string, { value: string; count: number }>,
  selected: readonly string[],
): FacetCount[] {
  const selectedKeys = new Set(selected.map(facetKey));
  const list = [...counts]
    .map(([key, { value, count }]) => ({ value, count, selected: selectedKeys.has(key) }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  const shown = list.slice(0, MAX_FACET_VALUES);
  for (const item of list.slice(MAX_FACET_VALUES)) if (item.selected) shown.push(item);
  // A selected value with no match under the other filters still shows, at 0, so it can be cleared.
  for (const value of selected) {
    if (!list.some((item) => facetKey(item.value) === facetKey(value))) {
      shown.push({ value, count: 0, selected: true });
    }
  }
  return shown;
}

/** Buckets by month, or by year (or decade, century…) for long spans, from the first to the last dated match. */
export function timeline(
  dateCounts: ReadonlyMap<string, number>,
  undated: number,
  filters: Pick<SearchFilters, 'from' | 'to'>,
): Timeline {
  // The first and last dates, not a sort: dates are `YYYY-MM-DD`, so they order as strings, and a
  // query's matches can have hundreds of distinct dates.
  let firstDate: string | undefined;
  let lastDate: string | undefined;
  for (const date of dateCounts.keys()) {
    if (firstDate === undefined || date < firstDate) firstDate = date;
    if (lastDate === undefined || date > lastDate) lastDate = date;
  }
  if (firstDate === undefined || lastDate === undefined)
    return { granularity: 'month', buckets: [], undated };
  const first = firstDate.slice(0, 7);
  const last = lastDate.slice(0, 7);
  const selectedRange = (from: string, to: string) =>
    (filters.from !== null || filters.to !== null) &&
    (filters.from === null || filters.from <= from) &&
    (filters.to === null || to <= filters.to);
  if (monthIndex(last) - monthIndex(first) + 1 <= MAX_MONTH_BUCKETS) {
    const firstMonth = monthIndex(first);
    const counts = new Array<number>(monthIndex(last) - firstMonth + 1).fill(0);
    for (const [date, count] of dateCounts) {
      const slot = monthIndex(date) - firstMonth;
      counts[slot] = (counts[slot] ?? 0) + count;
    }
    const buckets = counts.map((count, slot): TimelineBucket => {
      const { period, from, to } = monthPeriod(firstMonth + slot);
      return { period, from, to, count, selected: selectedRange(from, to) };
    });
    return { granularity: 'month', buckets, undated };
  }
  const firstYear = Number(first.slice(0, 4));
  const lastYear = Number(last.slice(0, 4));
  const [granularity, years] =
    YEARS_PER_PERIOD.find(
      ([, width]) => Math.floor(lastYear / width) - Math.floor(firstYear / width) + 1 <= MAX_YEAR_BUCKETS,
    ) ?? (['millennium', 1000] as const);
  const counts = new Map<number, number>();
  for (const [date, count] of dateCounts) {
    const start = Math.floor(Number(date.slice(0, 4)) / years);
    counts.set(start, (counts.get(start) ?? 0) + count);
  }
  const buckets = range(Math.floor(firstYear / years), Math.floor(lastYear / years)).map(
    (index): TimelineBucket => {
      const { period, from, to } = yearsPeriod(years, index);
      return { period, from, to, count: counts.get(index) ?? 0, selected: selectedRange(from, to) };
    },
  );
  return { granularity, buckets, undated };
}

/** A period's name and first and last days, without its count. */
type Period = Pick<TimelineBucket, 'period' | 'from' | 'to'>;

/**
 * The month with this index (year × 12 + month − 1). Remembered: every search with dated matches
 * draws the same few months again, and working out their first and last days (a `Date` each) was
 * half the time of a timeline.
 */
const monthPeriod = remembered((index: number): Period => {
  const period = monthName(index);
  return { period, from: dateBound(period, 'from'), to: dateBound(period, 'to') };
});

/** The `index`th period of `years` years; remembered, as {@link monthPeriod}. */
const yearPeriods = new Map<number, (index: number) => Period>();
function yearsPeriod(years: number, index: number): Period {
  let periods = yearPeriods.get(years);
  if (periods === undefined) {
    periods = remembered((start: number): Period => {
      const first = yearName(start * years);
      const end = yearName(start * years + years - 1);
      return {
        period: years === 1 ? first : `${first}–${end}`,
        from: dateBound(first, 'from'),
        to: dateBound(end, 'to'),
      };
    });
    yearPeriods.set(years, periods);
  }
  return periods(index);
}

function monthIndex(yearMonth: string): number {
  return Number(yearMonth.slice(0, 4)) * 12 + Number(yearMonth.slice(5, 7)) - 1;
}

function monthName(index: number): string {
  return `${yearName(Math.floor(index / 12))}-${pad((index % 12) + 1)}`;
}

/** A year as four digits (`0001`), as dates and filters write it. */
function yearName(year: number): string {
  return String(year).padStart(4, '0');
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
