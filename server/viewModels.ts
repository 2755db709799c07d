/**
 * What each template receives. Templates only loop and branch over these; every string ending in
 * `Html` is already escaped by the core (its only markup is `<mark>`), every other string is plain text
 * that the template escapes with `<%= %>`.
 */
import type { ArticleFields } from '../index/fields.ts';
import type { TimelineGranularity } from '../index/search/facets.ts';

/** Fields every page has: the `<title>`, the query in the search box, and what the index holds. */
export interface LayoutModel {
  /** The document title, naming the query where there is one (`“March 1 deadline” – Lede`). */
  pageTitle: string;
  /** The query shown in the search box ('' when none). */
  query: string;
  /** Short summary for the header and the home page. */
  stats: { documentCount: number; sources: { name: string; count: number; href: string }[] };
}

/** A date as pages show it (see presenters.ts `dateModel`). */
export interface DateModel {
  /** `23 July 2019`, or the date as the article wrote it when it gave no year (`July 19`). */
  label: string;
  /** ISO date for `<time datetime>`; null when the year is unknown. */
  iso: string | null;
  /** Tooltip for a date without a year, saying so; null for a full date. */
  title: string | null;
}

/** A link to another article (a near-duplicate or a related story). */
export interface ArticleLinkModel {
  id: string;
  title: string;
  href: string;
  source: string | null;
  date: DateModel | null;
}

/** `/`: the search box and what is indexed. */
export type HomeModel = LayoutModel;

/** One hit on the results page. */
/** A result as the page shows it: its text fields (fields.ts) and what the page adds. */
export interface HitModel extends ArticleFields {
  id: string;
  titleHtml: string;
  /** Link to the article page, carrying the query and scrolling to the first match. */
  href: string;
  date: DateModel | null;
  snippetHtml: string;
  /** The same story elsewhere, folded under this hit ("1 similar article"): the best few. */
  duplicates: ArticleLinkModel[];
  /** All of them, listed or not. */
  duplicateCount: number;
  /** The article page's list of every version of the story. */
  allVersionsHref: string;
  /** "Why this result?", or null when the search was not explained. */
  why: WhyModel | null;
  /** The first hit, below those with every word, that has only some of them. */
  firstWithSomeWords: boolean;
}

/** Why a hit ranks where it does: whether it has every word, and the parts of its score. */
export interface WhyModel {
  summary: string;
  /** What adds to (or takes from) the score, biggest first, in points. */
  parts: { label: string; points: string }[];
  score: string;
}

/** A facet value as a link that adds or removes it as a filter. */
export interface FacetLinkModel {
  value: string;
  count: number;
  selected: boolean;
  href: string;
}

/** One bar of the timeline chart: across in percent of the chart's width, down in pixels. */
export interface TimelineBarModel {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The clickable column behind the bar (its whole slot, gap included). */
  columnX: number;
  columnWidth: number;
  hitY: number;
  hitHeight: number;
  /** The focus ring around the column: it stands off the bar, so it shows even on the tallest. */
  ring: { y: number; height: number };
  count: number;
  /** `July 2019: 3 articles`, for the link's accessible name and tooltip. */
  label: string;
  /** The search filtered to this period. */
  href: string;
  selected: boolean;
  /** Another period is selected. */
  dimmed: boolean;
}

/** The timeline chart of the results page. */
export interface TimelineModel {
  /** Height in pixels; the chart is as wide as the page. */
  height: number;
  /** y of the axis line. */
  baseline: number;
  /** y of the labels' baseline. */
  tickY: number;
  granularity: TimelineGranularity;
  /** One sentence describing the chart, for screen readers. */
  summary: string;
  bars: TimelineBarModel[];
  /** Period labels (`Jul 2019`) at x percent; only those with `narrow` are shown on a narrow screen. */
  ticks: { x: number; anchor: 'start' | 'middle' | 'end'; text: string; narrow: boolean }[];
  undated: number;
  /** Removes the date filter, when one is active. */
  clearHref: string | null;
}

/** An active filter, shown with a link that removes it. */
export interface ActiveFilterModel {
  label: string;
  removeHref: string;
}

/** A page link in the pagination bar. */
export interface PageLink {
  number: number;
  href: string;
  current: boolean;
}

/** `/search?q=…`: results, or a message for a query that could not run. */
export interface SearchPageModel extends LayoutModel {
  /** Set when the query could not run (empty, too long, only exclusions): shown instead of results. */
  error: string | null;
  result: {
    total: number;
    tookMs: number;
    /** True when no article had every word and these are articles with any of them. */
    fallback: boolean;
    /** How the query was interpreted (fallback, near spellings, ignored common words). */
    notices: string[];
    hits: HitModel[];
    /** 1-based rank of the first and last hit shown. */
    from: number;
    to: number;
    /** Matching articles, near-duplicates counted (`total` folds them). */
    articles: number;
    /** Results with every word of the query (the first ones); the rest have some. */
    allWords: number;
    /** “Did you mean”: the corrected query as HTML (corrected words in `<em>`) and its link. */
    suggestion: { html: string; href: string } | null;
    /** Each facet of the field registry (fields.ts), in its order: its values as links. */
    facets: { key: string; label: string; values: FacetLinkModel[] }[];
    timeline: TimelineModel | null;
    activeFilters: ActiveFilterModel[];
    /** Removes every filter, when any is active. */
    clearFiltersHref: string | null;
    sortLinks: { label: string; href: string; current: boolean }[];
  } | null;
  /** The Atom feed of this search, or null when the query cannot run. */
  feedHref: string | null;
  pagination: {
    page: number;
    pageCount: number;
    previousHref: string | null;
    nextHref: string | null;
    pages: PageLink[];
  } | null;
}

/** `/articles/:id?q=…`: the cleaned article with every match marked. */
export interface ArticlePageModel extends LayoutModel {
  article: ArticleFields & {
    id: string;
    date: DateModel | null;
    /** The original publication's address, when a sidecar gave one. */
    sourceUrl: string | null;
    /** One HTML string per paragraph; the first mark has `id="first-match"`. */
    paragraphsHtml: string[];
    /** How many matches are marked in the whole article (0 without a query). */
    matches: number;
    /** Where "Go to the first" leads: this page's first mark, or the part holding the first match. */
    firstMatchHref: string;
  };
  /** Links between the parts of a very long article, or null for an article shown whole. */
  parts: { current: number; count: number; previousHref: string | null; nextHref: string | null } | null;
  /** The same story in other files (near-duplicates). */
  duplicates: ArticleLinkModel[];
  /** Other stories most like this one. */
  related: ArticleLinkModel[];
  /** Back to the results this article was opened from, or null when opened without a query. */
  backHref: string | null;
}

/** 404 and 500 pages. */
export interface ErrorPageModel extends LayoutModel {
  status: number;
  heading: string;
  message: string;
}

/** `/search.atom?q=…`: an Atom feed; every string is plain text the template escapes. */
export interface FeedModel {
  /** A permanent IRI for the feed: the search's address without its order. */
  id: string;
  title: string;
  selfHref: string;
  alternateHref: string;
  /** RFC 3339 timestamps. */
  updated: string;
  entries: {
    id: string;
    title: string;
    href: string;
    updated: string;
    published: string | null;
    authors: string[];
    source: string | null;
    /** The snippet as HTML, escaped once more by the template, as `type="html"` requires. */
    summaryHtml: string;
  }[];
}
