/**
 * Turns engine results into what templates and the API show: links that carry the query, date labels,
 * pagination. Pure functions, so the pages and the JSON API present results the same way.
 */

import type { StoredDocument } from '../index/artifact/documentStore.ts';
import { articleFieldsOf, type SearchField } from '../index/fields.ts';
import { articleHref, type SearchLink, searchHref } from '../index/render/links.ts';
import { markedHtml } from '../index/render/markedHtml.ts';
import type { SearchEngine } from '../index/search/engine.ts';
import type { Timeline } from '../index/search/facets.ts';
import type { DuplicateRef, Explanation, ScorePart, SearchHit } from '../index/search/results.ts';
import type {
  ArticleLinkModel,
  DateModel,
  HitModel,
  LayoutModel,
  PageLink,
  TimelineModel,
  WhyModel,
} from './viewModels.ts';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2019-07-23` → `23 July 2019`; falls back to the date as written, or null. */
export function dateLabel(document: Pick<StoredDocument, 'date' | 'dateText'>): string | null {
  const match = document.date === null ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(document.date);
  if (match === null) return document.dateText;
  const [, year, month, day] = match;
  return `${Number(day)} ${MONTHS[Number(month) - 1] ?? ''} ${year}`;
}

/**
 * A date as every page shows it: `23 July 2019`, in a `<time>`. A date the article gives without a year
 * is shown as written (`July 19`), with a tooltip saying the year is not known. Null without a date.
 */
export function dateModel(document: Pick<StoredDocument, 'date' | 'dateText'>): DateModel | null {
  const label = dateLabel(document);
  if (label === null) return null;
  const full = document.date !== null && /^\d{4}-\d{2}-\d{2}$/.test(document.date);
  return {
    label,
    iso: full ? document.date : null,
    title: full ? null : `The year is not known: the article gives only “${label}”.`,
  };
}

/** A web address fit to link to: `http(s)` only, so an archive can never make a `javascript:` link. */
export function webAddress(url: string | null): string | null {
  return url !== null && /^https?:\/\//i.test(url) ? url : null;
}

/** A link to an article, with the query to highlight when there is one. */
export function articleLinkModel(reference: DuplicateRef, query = ''): ArticleLinkModel {
  return {
    id: reference.id,
    title: reference.title,
    href: articleHref(reference.id, query),
    source: reference.source,
    date: dateModel(reference),
  };
}

/** A hit as the results page shows it. */
export function hitModel(hit: SearchHit, query: string): HitModel {
  return {
    id: hit.id,
    ...articleFieldsOf(hit),
    titleHtml: markedHtml(hit.titleMarks),
    href: articleHref(hit.id, query),
    date: dateModel(hit),
    snippetHtml: markedHtml(hit.snippet),
    duplicates: hit.duplicates.map((duplicate) => articleLinkModel(duplicate, query)),
    duplicateCount: hit.duplicateCount,
    allVersionsHref: articleHref(hit.id, query, 'same-story-heading'),
    why: hit.explanation === undefined ? null : whyModel(hit.explanation),
    firstWithSomeWords: false,
  };
}

const FIELD_LABELS: Readonly<Record<SearchField, string>> = {
  title: 'headline',
  body: 'text',
  source: 'source',
  authors: 'by-line',
  section: 'section',
};

/** "Why this result?": an explanation in words and points, the biggest part first. */
export function whyModel(explanation: Explanation): WhyModel {
  const points = (value: number) => (Math.round(value * 100) / 100).toLocaleString('en-US');
  const parts = explanation.parts
    .filter((part) => Math.abs(part.value) >= 0.005)
    .sort((a, b) => b.value - a.value)
    .map((part) => ({ label: scorePartLabel(part), points: points(part.value) }));
  return {
    summary:
      explanation.tier === 'all words'
        ? 'Has every word of the query.'
        : `Has ${explanation.matched.join(', ')}; lacks ${explanation.missing.join(', ')}.`,
    parts,
    score: points(explanation.score),
  };
}

/** What a part of a score counts, in words. */
function scorePartLabel(part: ScorePart): string {
  switch (part.kind) {
    case 'term':
      return `“${part.clause}” in the ${FIELD_LABELS[part.field]}`;
    case 'phrase':
      return `the phrase ${part.clause}`;
    case 'coordination':
      return `has ${Math.round(part.share * 100)}% of what the query asks (weighed by rarity)`;
    case 'proximity':
      return part.wholePhrase
        ? 'the words stand together, as typed'
        : `${Math.round(part.pairs * 100)}% of the words stand next to each other`;
  }
}

/** Page links around the current page: first, last, and two either side, at most 7. */
export function pageLinks(link: SearchLink | string, page: number, pageCount: number): PageLink[] {
  const numbers = new Set([1, pageCount]);
  for (let n = page - 2; n <= page + 2; n += 1) if (n >= 1 && n <= pageCount) numbers.add(n);
  return [...numbers]
    .sort((a, b) => a - b)
    .map((number) => ({ number, href: searchHref(link, number), current: number === page }));
}

const SHORT_MONTHS = MONTHS.map((month) => month.slice(0, 3));

/** `2019-07` → `July 2019`; `2019` and `1990–1999` stay as they are. */
export function periodLabel(period: string): string {
  const [year, month] = period.split('-');
  return month === undefined ? (year ?? period) : `${MONTHS[Number(month) - 1] ?? month} ${year}`;
}

/**
 * A period's label under its bar: `Jul 2019`, `2019`, `1990s`. Months always carry their year, so a
 * label never reads like a day (`Jul 19` could be the 19th).
 */
function tickLabel(period: string, granularity: Timeline['granularity']): string {
  if (granularity === 'month') {
    return `${SHORT_MONTHS[Number(period.slice(5, 7)) - 1] ?? ''} ${period.slice(0, 4)}`;
  }
  return granularity === 'decade' ? `${period.slice(0, 4)}s` : period.slice(0, 4);
}

/**
 * The chart's geometry. Across, in percent of its width, so the SVG fills any width without scaling
 * its text (labels stay 12 px on a phone); down, in pixels.
 */
const CHART = {
  height: 120,
  top: 18,
  bottom: 24,
  /** Widest a period's column may be; fewer periods are centred rather than stretched. */
  maxSlot: 7.5,
  /** The share of its column a bar fills; the rest is the gap to the next. */
  barShare: 0.78,
  /** Least distance between two labels' centres, and between those still shown on a narrow screen. */
  tickSpacing: 11,
  narrowTickSpacing: 22,
  /** How far the focus ring stands off the column, above and below. */
  ringOffset: 4,
} as const;

/**
 * Labels spaced at least `spacing` apart, from the first; the last period is always labelled, in place
 * of the label before it when the two would be too close.
 */
function spacedTicks<T extends { x: number }>(candidates: T[], spacing: number): T[] {
  const chosen: T[] = [];
  for (const candidate of candidates) {
    const previous = chosen.at(-1);
    if (previous === undefined || candidate.x - previous.x >= spacing) chosen.push(candidate);
  }
  const last = candidates.at(-1);
  if (last !== undefined && chosen.at(-1) !== last) {
    if (chosen.length > 1 && last.x - (chosen.at(-1)?.x ?? 0) < spacing) chosen.pop();
    chosen.push(last);
  }
  return chosen;
}

/**
 * The timeline as a bar chart: one bar per period, its height proportional to the count, each bar a
 * link that filters the search to its period (keeping the query and other filters), labelled for
 * screen readers. A few periods are drawn as narrow bars in the middle; labels are spaced so they never
 * overlap, with fewer on a narrow screen (`narrow: false` ticks are hidden there).
 */
export function timelineModel(timeline: Timeline, link: SearchLink): TimelineModel | null {
  const { buckets } = timeline;
  if (buckets.length === 0) return null;
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const slot = Math.min(CHART.maxSlot, 100 / buckets.length);
  const left = (100 - slot * buckets.length) / 2;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const anySelected = buckets.some((bucket) => bucket.selected);
  const bars = buckets.map((bucket, i) => {
    const height = bucket.count === 0 ? 0 : Math.max(2, (bucket.count / max) * plotHeight);
    const label = periodLabel(bucket.period);
    const x = left + i * slot;
    return {
      x: round(x + (slot * (1 - CHART.barShare)) / 2),
      y: round(CHART.top + plotHeight - height),
      width: round(slot * CHART.barShare),
      height: round(height),
      // The whole column is the click target, not only the (maybe tiny) bar.
      columnX: round(x),
      columnWidth: round(slot),
      hitY: CHART.top,
      hitHeight: plotHeight,
      ring: {
        y: CHART.top - CHART.ringOffset,
        height: plotHeight + 2 * CHART.ringOffset,
      },
      count: bucket.count,
      label: `${label}: ${bucket.count.toLocaleString('en-US')} ${bucket.count === 1 ? 'article' : 'articles'}`,
      href: searchHref({ ...link, from: bucket.from, to: bucket.to }),
      selected: bucket.selected,
      dimmed: anySelected && !bucket.selected,
    };
  });
  const candidates = buckets.map((bucket, i) => ({
    x: round(left + i * slot + slot / 2),
    text: tickLabel(bucket.period, timeline.granularity),
  }));
  const ticks = spacedTicks(candidates, CHART.tickSpacing);
  const narrow = new Set(spacedTicks(ticks, CHART.narrowTickSpacing));
  const first = buckets[0];
  const final = buckets.at(-1);
  return {
    height: CHART.height,
    baseline: CHART.height - CHART.bottom,
    tickY: CHART.height - 7,
    granularity: timeline.granularity,
    summary: `Matching articles by ${timeline.granularity}, ${periodLabel(first?.period ?? '')} to ${periodLabel(final?.period ?? '')}; the highest ${timeline.granularity} has ${max.toLocaleString('en-US')}.`,
    bars,
    ticks: ticks.map((tick) => {
      // A label by either edge is aligned with its column's edge, so it is not cut off.
      const anchor = tick.x < 8 ? 'start' : tick.x > 92 ? 'end' : 'middle';
      const shift = anchor === 'start' ? -slot / 2 : anchor === 'end' ? slot / 2 : 0;
      return { x: round(tick.x + shift), anchor, text: tick.text, narrow: narrow.has(tick) };
    }),
    undated: timeline.undated,
    clearHref: anySelected || link.from || link.to ? searchHref({ ...link, from: null, to: null }) : null,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

const statsByEngine = new WeakMap<SearchEngine, LayoutModel['stats']>();

/** The header and home page summary: how many articles, from which sources (most articles first). */
export function layoutModel(engine: SearchEngine, pageTitle: string, query: string): LayoutModel {
  let stats = statsByEngine.get(engine);
  if (stats === undefined) {
    const sources = engine.sources().map(({ name, count }) => ({
      name,
      count,
      // Browses the source, newest first: a filter with no words.
      href: searchHref({ q: '', sources: [name] }),
    }));
    stats = { documentCount: engine.documentCount, sources };
    statsByEngine.set(engine, stats);
  }
  return { pageTitle, query, stats };
}

/** `“March 1 deadline” – Lede`: page titles name the query. */
export function queryTitle(query: string, suffix = 'Lede'): string {
  const shown = query.length > 60 ? `${query.slice(0, 60)}…` : query;
  return `“${shown}” – ${suffix}`;
}
