/** What a search returns: the public shapes of results, hits, explanations, completions and articles. */
import type { ArticleFields, SearchField } from '../fields.ts';
import type { Facets, SearchFilters } from './facets.ts';
import type { MarkedText } from './snippets.ts';
import type { SpellingSuggestion } from './spelling.ts';

/** How results are ordered: by relevance, or by article date (undated articles last). */
export type SortOrder = 'relevance' | 'newest' | 'oldest';

export const SORT_ORDERS = ['relevance', 'newest', 'oldest'] as const satisfies readonly SortOrder[];

/** Which page of results to return, narrowed and ordered how. */
export interface SearchOptions {
  /** Hits per page, 1 to `maxLimit` (default 10). */
  limit?: number;
  /** Hits to skip (default 0). */
  offset?: number;
  /** Source, author and date filters (default none). Invalid dates throw {@link QueryError}. */
  filters?: Partial<SearchFilters>;
  /** Default `relevance` (`newest` when browsing: an empty query with filters). */
  sort?: SortOrder;
  /** Count matches per source, author and period (default false: a bare search skips the work). */
  facets?: boolean;
  /** Give each hit the parts of its score ({@link SearchHit.explanation}; default false). */
  explain?: boolean;
}

/** Another article of a hit's near-duplicate group that also matches. */
export interface DuplicateRef {
  id: string;
  title: string;
  source: string | null;
  date: string | null;
  dateText: string | null;
}

/** One result: the article's metadata (its text fields, fields.ts), its score and its best passage. */
export interface SearchHit extends ArticleFields {
  id: string;
  /** The title with its matches to mark. */
  titleMarks: MarkedText;

  date: string | null;
  dateText: string | null;
  url: string | null;
  score: number;
  /** The best passage (or two) of the body, with its matches to mark. */
  snippet: MarkedText;
  /**
   * The near-duplicates of this article that also match (the same story in another page version or
   * outlet), shown folded under it; best first, at most `foldedDuplicates` of them.
   */
  duplicates: DuplicateRef[];
  /** How many near-duplicates also match, listed or not (a wire story may run in hundreds of papers). */
  duplicateCount: number;
  /** Why it ranks where it does, with `explain: true`; else absent. */
  explanation?: Explanation;
}

/**
 * Why a hit ranks where it does. Results are ordered by `tier` first (those with every word of the
 * query above those with some), then by score; the parts add up to the score.
 */
export interface Explanation {
  tier: 'all words' | 'some words';
  /** The query's words and phrases this article has, and those it lacks (as typed). */
  matched: string[];
  missing: string[];
  parts: ScorePart[];
  score: number;
}

/** One part of a score. */
export type ScorePart =
  | {
      /** BM25 of one index term in one field (with the field's boost, and the clause's weight). */
      kind: 'term';
      term: string;
      field: SearchField;
      /** The word or phrase of the query it scores for, as typed. */
      clause: string;
      value: number;
    }
  | {
      /** A phrase of common words only (`"to be or not to be"`): no word of it is ranked, so it counts 1. */
      kind: 'phrase';
      clause: string;
      value: number;
    }
  | {
      /** The term scores scaled by the IDF-weighted share of the query matched, minus the term scores. */
      kind: 'coordination';
      share: number;
      value: number;
    }
  | {
      /** The gain for words standing together as typed: the share of word pairs adjacent, the whole run. */
      kind: 'proximity';
      pairs: number;
      wholePhrase: boolean;
      value: number;
    };

/** A page of results and how the query was read. */
export interface SearchResult {
  query: string;
  /** Number of results (all pages): matching articles, near-duplicates folded into one. */
  total: number;
  /** Number of matching articles, near-duplicates counted. */
  articles: number;
  hits: SearchHit[];
  /** The filters applied, normalised (dates as full days). */
  filters: SearchFilters;
  sort: SortOrder;
  /** Counts by source, author and period for the query (with `facets: true`), else null. */
  facets: Facets | null;
  /** The query with misspelt words replaced by the index's likeliest spelling, or null. */
  suggestion: SpellingSuggestion | null;
  /**
   * Results (near-duplicates folded) that have every word of the query; they come first, and the rest
   * have some of the words. Equals `total` when every result has them all.
   */
  allWords: number;
  /** True when no article had every word and the results are those with any of them. */
  fallback: boolean;
  /** How the query was interpreted, in sentences for the user. */
  notices: string[];
  tookMs: number;
}

/** A completion of what has been typed, for search-as-you-type. */
export interface Completion {
  /** The whole query with the completion in place of the last word(s). */
  text: string;
  /** The completed word or known phrase. */
  completion: string;
  kind: 'word' | 'phrase';
  /** Articles containing it. */
  count: number;
}

/** One part of an article with a query's matches marked: what the article page shows. */
export interface HighlightedArticle {
  /** The part's paragraphs, each with its matches to mark. */
  paragraphs: MarkedText[];
  /** Matches in the whole article. */
  matches: number;
  /** Which part this is (1-based), of how many; one for all but very long articles. */
  part: number;
  parts: number;
  /** The part holding the first match, or null when nothing matches. */
  firstMatchPart: number | null;
}

/** Similar articles for the article page. */
export interface RelatedArticle extends DuplicateRef {
  score: number;
}
