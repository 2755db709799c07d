/**
 * What the extraction evaluation counts as right on the development suite, besides its files: which
 * pages are news pages (the metadata targets are about them), and the answers that the suite's
 * `expected-metadata.json` (Readability.js's own output) gets wrong, each with the reason, checked by
 * hand against the page. A page counts as right when an extractor matches either the suite's answer or
 * the correction, so a correction never hides a miss: it only stops a right answer counting as wrong.
 */

/**
 * The suite's news and magazine articles: pages of publishers (newspapers, broadcasters, news and
 * tech magazines, news portals) carrying one article. Blogs, documentation, fiction, encyclopaedia
 * pages and Readability's synthetic test cases are left out.
 */
export const NEWS_PAGES: ReadonlySet<string> = new Set([
  'aclu',
  'ars-1',
  'article-author-tag',
  'bbc-1',
  'bug-1255978',
  'cnet-svg-classes',
  'cnn',
  'engadget',
  'folha',
  'guardian-1',
  'heise',
  'keep-images',
  'lazy-image-2',
  'lemonde-1',
  'lifehacker-post-comment-load',
  'lifehacker-working',
  'msn',
  'nytimes-1',
  'nytimes-2',
  'nytimes-3',
  'quanta-1',
  'salon-1',
  'schema-org-context-object',
  'seattletimes-1',
  'spiceworks',
  'telegraph',
  'videos-1',
  'videos-2',
  'wapo-1',
  'webmd-1',
  'webmd-2',
  'wikia',
  'wordpress',
  'yahoo-1',
  'yahoo-2',
  'youth',
]);

/** A right answer the suite's metadata lacks or gets wrong. */
export interface Correction {
  /** Authors as a list of names (empty: the page names no person); other fields as one string or null. */
  value: string | string[] | null;
  why: string;
}

/** Corrections by page and field. */
export type FieldCorrections = Partial<
  Record<'title' | 'authors' | 'date' | 'siteName' | 'lang', Correction>
>;

/** The corrections, checked by hand against each page's source. */
export const CORRECTIONS: Readonly<Record<string, FieldCorrections>> = {};

/**
 * The people a suite byline names: "By" and "Written by"/"Edited by" lead-ins dropped, split at commas,
 * "and", "&" and line breaks. Bylines that hold something else are corrected in {@link CORRECTIONS}.
 */
export function bylineAuthors(byline: string | null): string[] {
  if (byline === null) return [];
  return byline
    .split(/\s*(?:,|&|\band\b|\n)\s*/)
    .map((piece) =>
      piece
        .replace(/^(?:written |edited )?by:?\s+/i, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((piece) => piece !== '');
}
