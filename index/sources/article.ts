/**
 * The shapes an article takes on its way from a file to the index. Shared by the loader, the cleaner,
 * the build step and the engine, so that each stage states exactly what it hands to the next.
 */

import { ARTICLE_FIELDS, FIELDS, type FieldValues } from '../fields.ts';

/** How a source file's text is marked up; decides how the cleaner reads it. */
export type SourceFormat = 'text' | 'markdown' | 'html';

/**
 * What a reader needs to know about an article besides its text: its text fields from the registry
 * (fields.ts: the title, a real headline, never a video slug or a by-line, derived from the lead when
 * the text has none; the source as the text names it; the authors of the by-line, in order), and:
 */
export interface ArticleMetadata extends Omit<FieldValues, 'body'> {
  /** ISO 8601 calendar date (`2019-07-23`) when the text gives a full date with its year, else null. */
  date: string | null;
  /** The article's date as written (`July 19`), kept for display even when the year is unknown. */
  dateText: string | null;
  /**
   * Where the article was published, as an `http:`/`https:` address: a web page's canonical address
   * (`<link rel="canonical">`, else `og:url`), or a sidecar's `url`.
   */
  url: string | null;
}

/**
 * An article's metadata when nothing is known but its title: every other field of the registry empty,
 * no date, no address. For articles made up in code (tests, benchmarks), so a field added to the
 * registry needs no change there.
 */
export function titleOnlyMetadata(title: string): ArticleMetadata {
  const fields: Partial<Record<keyof ArticleMetadata, string | string[] | null>> = { title };
  for (const name of ARTICLE_FIELDS) if (name !== 'title') fields[name] = FIELDS[name].many ? [] : null;
  return { ...(fields as Omit<FieldValues, 'body'>), date: null, dateText: null, url: null };
}

/** Whether a web page is an article, and what decided it; see `cleaning/pageKind.ts`. */
export interface PageVerdict {
  isArticle: boolean;
  /** In a few words: `declared NewsArticle`, `link-dense index page`, `error page`… */
  reason: string;
}

/**
 * An article after cleaning: metadata plus the article text without page chrome. The optional fields
 * are what web pages declare besides; cleaning returns them, and the build does not store them yet.
 */
export interface CleanedArticle extends ArticleMetadata {
  /** The article text, paragraphs separated by a blank line (`\n\n`), each paragraph on one line. */
  body: string;
  /**
   * The publication time a web page declares, when it gives a time of day: ISO 8601 as declared, with
   * its offset when it has one (`2021-03-04T09:30:00-05:00`, `2019-04-28T06:01:07`). `date` is its day.
   */
  dateTime?: string | null;
  /** When a web page says it was last modified, as `dateTime` (or `YYYY-MM-DD` without a time). */
  dateModified?: string | null;
  /** Web pages only: whether the page is an article at all, or a section front, index or error page. */
  page?: PageVerdict;
}
