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

/** A date the suite leaves out although the page declares it in its markup. */
function declaredDate(value: string, where: string): Correction {
  return { value, why: `the suite has no date; the page declares ${value} in ${where}` };
}

/** The corrections, checked by hand against each page's source. */
export const CORRECTIONS: Readonly<Record<string, FieldCorrections>> = {
  'ars-1': { date: declaredDate('2015-04-16T20:02:01+00:00', '<time datetime> in its by-line') },
  'bbc-1': {
    authors: { value: [], why: '"BBC News" is the publisher (og:article:author), no person is named' },
  },
  cnn: { date: declaredDate('2016-02-01 01:28:49', '<meta name="date"> and DC.date.issued') },
  'guardian-1': {
    title: {
      value: "'What is the sea telling us?': Māori tribes fearful over whale strandings",
      why: 'the suite keeps the "| Eleanor Ainge Roy" of og:title, the author\u2019s name, in the headline',
    },
  },
  heise: {
    authors: { value: [], why: '"Mac & i" is the magazine (og:site_name, DC.creator), no person is named' },
    date: declaredDate('2015-04-08T12:46:00', '<meta name="date">'),
  },
  'lemonde-1': {
    authors: {
      value: ['Martin Untersinger', 'Damien Leloup', 'Morgane Tual'],
      why: 'the suite keeps "Martin Untersinger (avec Damien Leloup et Morgane Tual)" as one name: three',
    },
    date: declaredDate('2015-05-04T13:36:31+02:00', 'the <time datetime> of its by-line'),
  },
  msn: { date: declaredDate('2016-11-15T07:00:00.000Z', 'the <time datetime> of its by-line') },
  'nytimes-1': { date: declaredDate('2017-01-13T00:00:04-05:00', '<meta property="article:published">') },
  'nytimes-2': { date: declaredDate('2016-07-29T16:42:34-04:00', '<meta property="article:published">') },
  'nytimes-3': { date: declaredDate('2019-02-21T08:00:08.000Z', '<meta property="article:published">') },
  'salon-1': {
    authors: {
      value: ['Richard (R.J.) Eskow'],
      why: 'the suite\'s "Joanna Rothkopf" signs a "most read" item; the article\'s rel="author" by-line is Eskow',
    },
  },
  'seattletimes-1': {
    authors: {
      value: ['Benjamin Romano'],
      why: "the suite's byline is the date line; the by-line names Benjamin Romano",
    },
  },
  spiceworks: {
    authors: {
      value: [],
      why: 'the suite\'s byline is "Last Updated: January 7, 2025"; the page names no author (JSON-LD name "")',
    },
  },
  telegraph: {
    date: declaredDate('2017-11-16T14:15+0000', 'microdata datePublished (<meta itemprop> and <time>)'),
  },
  'webmd-1': {
    authors: { value: ['Brenda Goodman'], why: '"MA" is her degree and "WebMD Health News" the desk' },
  },
  'webmd-2': { authors: { value: ['Kelli Miller'], why: '"WebMD Health News" is the desk, not a person' } },
  wordpress: {
    authors: {
      value: ['Sarah Gooding'],
      why: 'the suite has no byline; the post credits Sarah Gooding (rel="author", schema.org Person)',
    },
  },
  'yahoo-1': { date: declaredDate('2016-10-13T17:00:03.000Z', 'the <time datetime> of its by-line') },
  'yahoo-2': { date: declaredDate('2016-12-01T23:29:49.000Z', 'the <time datetime> of its by-line') },
  youth: { date: declaredDate('2017-03-10', '<meta name="publishdate">') },
};

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
