/**
 * What each template receives. Templates only loop and branch over these; every string ending in
 * `Html` is already escaped by the core (its only markup is `<mark>`), every other string is plain text
 * that the template escapes with `<%= %>`.
 */

/** Fields every page has: the `<title>`, the query in the search box, and what the index holds. */
export interface LayoutModel {
  /** The document title, naming the query where there is one (`“March 1 deadline” – Lede`). */
  pageTitle: string;
  /** The query shown in the search box ('' when none). */
  query: string;
  /** Short summary for the header and the home page. */
  stats: { documentCount: number; sources: { name: string; count: number; href: string }[] };
}

/** `/`: the search box and what is indexed. */
export type HomeModel = LayoutModel;

/** One hit on the results page. */
export interface HitModel {
  id: string;
  titleHtml: string;
  /** Link to the article page, carrying the query and scrolling to the first match. */
  href: string;
  source: string | null;
  authors: string[];
  /** The date for display (`23 July 2019`, or `July 19` when the year is unknown), or null. */
  dateLabel: string | null;
  /** ISO date for `<time datetime>`, or null. */
  dateIso: string | null;
  snippetHtml: string;
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
  } | null;
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
  article: {
    id: string;
    title: string;
    source: string | null;
    authors: string[];
    dateLabel: string | null;
    dateIso: string | null;
    /** The original publication's address, when a sidecar gave one. */
    sourceUrl: string | null;
    /** One HTML string per paragraph; the first mark has `id="first-match"`. */
    paragraphsHtml: string[];
    /** How many matches are marked (0 without a query). */
    matches: number;
  };
  /** Back to the results this article was opened from, or null when opened without a query. */
  backHref: string | null;
}

/** 404 and 500 pages. */
export interface ErrorPageModel extends LayoutModel {
  status: number;
  heading: string;
  message: string;
}
