/**
 * Turns engine results into what templates and the API show: links that carry the query, date labels,
 * pagination. Pure functions, so the pages and the JSON API present results the same way.
 */

import type { StoredDocument } from '../index/artifact/documentStore.ts';
import { articleFieldsOf, FACET_FIELDS, type FacetKey, facetOf, type SearchField } from '../index/fields.ts';
import { markedHtml } from '../index/render/markedHtml.ts';
import type { SearchEngine } from '../index/search/engine.ts';
import type { Timeline } from '../index/search/facets.ts';
import type { DuplicateRef, Explanation, ScorePart, SearchHit, SortOrder } from '../index/search/results.ts';
import type {
  ArticleLinkModel,
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
 * The article page's address, with the query to highlight and where to scroll: the given section, else
 * the first match when there is a query.
 */
export function articleHref(id: string, query: string, section?: string, part?: number): string {
  const base = `/articles/${encodeURIComponent(id)}`;
  const parameters = [
    ...(query === '' ? [] : [`q=${encodeURIComponent(query)}`]),
    ...(part === undefined ? [] : [`part=${part}`]),
  ];
  const fragment = section ?? (query === '' ? '' : 'first-match');
  return `${base}${parameters.length === 0 ? '' : `?${parameters.join('&')}`}${fragment === '' ? '' : `#${fragment}`}`;
}

/** A web address fit to link to: `http(s)` only, so an archive can never make a `javascript:` link. */
export function webAddress(url: string | null): string | null {
  return url !== null && /^https?:\/\//i.test(url) ? url : null;
}

/** A search as a shareable address: the query, its filters (each facet's values, dates) and its order. */
export type SearchLink = Partial<Record<FacetKey, readonly string[]>> & {
  q: string;
  from?: string | null;
  to?: string | null;
  sort?: SortOrder;
};

/**
 * The address of a search (results page by default, or its feed), with parameters in a fixed order
 * and defaults left out, so the same search always has the same URL.
 */
export function searchHref(link: SearchLink | string, page = 1, path = '/search'): string {
  const search: SearchLink = typeof link === 'string' ? { q: link } : link;
  const parts = [`q=${encodeURIComponent(search.q)}`];
  for (const field of FACET_FIELDS) {
    const { key, parameter } = facetOf(field);
    for (const value of search[key] ?? []) parts.push(`${parameter}=${encodeURIComponent(value)}`);
  }
  if (search.from) parts.push(`from=${search.from}`);
  if (search.to) parts.push(`to=${search.to}`);
  if (search.sort !== undefined && search.sort !== 'relevance') parts.push(`sort=${search.sort}`);
  if (page > 1) parts.push(`page=${page}`);
  return `${path}?${parts.join('&')}`;
}

/** The Atom feed of a search. */
export function feedHref(link: SearchLink): string {
  return searchHref(link, 1, '/search.atom');
}

/** A link to an article, with the query to highlight when there is one. */
export function articleLinkModel(reference: DuplicateRef, query = ''): ArticleLinkModel {
  return {
    id: reference.id,
    title: reference.title,
    href: articleHref(reference.id, query),
    source: reference.source,
    dateLabel: dateLabel(reference),
    dateIso: reference.date,
  };
}

/** A hit as the results page shows it. */
export function hitModel(hit: SearchHit, query: string): HitModel {
  return {
    id: hit.id,
    ...articleFieldsOf(hit),
    titleHtml: markedHtml(hit.titleMarks),
    href: articleHref(hit.id, query),
    dateLabel: dateLabel(hit),
    dateIso: hit.date,
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

/** Chart size in SVG units; the SVG scales to the page width. */
const CHART = { width: 640, height: 120, top: 18, bottom: 22, gap: 2, maxSlot: 48 } as const;

/**
 * The timeline as a bar chart: one bar per period, its height proportional to the count, each bar a
 * link that filters the search to its period (keeping the query and other filters), labelled for
 * screen readers. The first and last periods (and, when wide enough, a few between) are labelled.
 */
export function timelineModel(timeline: Timeline, link: SearchLink): TimelineModel | null {
  const { buckets } = timeline;
  if (buckets.length === 0) return null;
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  // Few periods get narrow bars from the left, not three slabs across the page.
  const slot = Math.min(CHART.maxSlot, CHART.width / buckets.length);
  const barWidth = Math.max(1, slot - CHART.gap);
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const labelEvery = Math.max(1, Math.ceil(buckets.length / 8));
  const anySelected = buckets.some((bucket) => bucket.selected);
  const bars = buckets.map((bucket, i) => {
    const height = bucket.count === 0 ? 0 : Math.max(2, (bucket.count / max) * plotHeight);
    const label = periodLabel(bucket.period);
    const shortLabel =
      timeline.granularity === 'month'
        ? `${SHORT_MONTHS[Number(bucket.period.slice(5, 7)) - 1] ?? ''} ${bucket.period.slice(2, 4)}`
        : timeline.granularity === 'decade'
          ? `${bucket.period.slice(0, 4)}s`
          : bucket.period.slice(0, 4);
    return {
      x: round(i * slot + CHART.gap / 2),
      y: round(CHART.top + plotHeight - height),
      width: round(barWidth),
      height: round(height),
      // The whole column is the click target, not only the (maybe tiny) bar.
      hitY: CHART.top,
      hitHeight: plotHeight,
      count: bucket.count,
      label: `${label}: ${bucket.count.toLocaleString('en-US')} ${bucket.count === 1 ? 'article' : 'articles'}`,
      href: searchHref({ ...link, from: bucket.from, to: bucket.to }),
      selected: bucket.selected,
      dimmed: anySelected && !bucket.selected,
      tick:
        i % labelEvery === 0 || i === buckets.length - 1
          ? { x: round(i * slot + slot / 2), text: shortLabel }
          : null,
    };
  });
  // Drop a tick that would collide with the last one.
  const ticks = bars.flatMap((bar) => (bar.tick === null ? [] : [bar.tick]));
  const last = ticks.at(-1);
  const beforeLast = ticks.at(-2);
  if (last !== undefined && beforeLast !== undefined && last.x - beforeLast.x < 48) ticks.splice(-2, 1);
  const first = buckets[0];
  const final = buckets.at(-1);
  return {
    width: CHART.width,
    height: CHART.height,
    baseline: CHART.height - CHART.bottom,
    granularity: timeline.granularity,
    summary: `Matching articles by ${timeline.granularity}, ${periodLabel(first?.period ?? '')} to ${periodLabel(final?.period ?? '')}; the highest ${timeline.granularity} has ${max.toLocaleString('en-US')}.`,
    bars,
    ticks,
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
