/**
 * The shapes an article takes on its way from a file to the index. Shared by the loader, the cleaner,
 * the build step and the engine, so that each stage states exactly what it hands to the next.
 */

/** How a source file's text is marked up; decides how the cleaner reads it. */
export type SourceFormat = 'text' | 'markdown' | 'html';

/** What a reader needs to know about an article besides its text. */
export interface ArticleMetadata {
  /** A real headline, never a video slug or a by-line; derived from the lead when the text has none. */
  title: string;
  /** The publisher as the text names it (`CNN`, `Breitbart News`), or null when the text does not say. */
  source: string | null;
  /** Authors from the by-line, in the order given; empty when there is no by-line. */
  authors: string[];
  /** ISO 8601 calendar date (`2019-07-23`) when the text gives a full date with its year, else null. */
  date: string | null;
  /** The article's date as written (`July 19`), kept for display even when the year is unknown. */
  dateText: string | null;
  /** Where the article was published; only a sidecar file can supply it. */
  url: string | null;
}

/** An article after cleaning: metadata plus the article text without page chrome. */
export interface CleanedArticle extends ArticleMetadata {
  /** The article text, paragraphs separated by a blank line (`\n\n`), each paragraph on one line. */
  body: string;
}
