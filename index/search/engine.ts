/**
 * The search engine over one immutable snapshot: parses a query, scores candidates with MiniSearch's
 * BM25+ over the snapshot's postings, checks phrases and exclusions exactly against the token streams,
 * boosts documents whose words stand together as typed, and builds highlighted snippets for the page
 * of hits.
 *
 * Scoring accumulates into typed arrays owned by the engine and reused by every query (searches are
 * synchronous, so one query never sees another's), and only the best candidates are sorted: a common
 * word matching most of the archive costs one pass over its postings, not an object per document.
 */

import { analyze, STOP_WORDS } from '../analysis/analyzer.ts';
import { PhraseSuggester } from '../analysis/names.ts';
import type { StoredDocument } from '../artifact/documentStore.ts';
import type { IndexSnapshot, Manifest } from '../artifact/snapshot.ts';
import { FIELD_BOOSTS, FIELD_INDEX, SEARCH_FIELDS } from '../fields.ts';
import { articleParts } from './articleParts.ts';
import { bm25 } from './bm25.ts';
import {
  computeFacets,
  type Facets,
  filterTest,
  hasFilters,
  normalizeFilters,
  type SearchFilters,
} from './facets.ts';
import { Lexicon } from './lexicon.ts';
import {
  containsPhrase,
  containsWords,
  proximity,
  queryPairs,
  type StreamMatcher,
  StreamMatcherIndex,
  streamSpans,
  type TermPair,
} from './positions.ts';
import { parseQuery } from './query/parser.ts';
import type { Clause, Occur, ParsedQuery, SearchField } from './query/syntax.ts';
import { ResultCache, type ResultCacheStats } from './resultCache.ts';
import {
  countMatches,
  highlightParagraphsFromSpans,
  highlightTextFromSpans,
  type Matcher,
  matcherWeights,
  snippetFromSpans,
} from './snippets.ts';
import { type SpellingSuggestion, suggestSpelling } from './spelling.ts';
import { topK } from './topK.ts';

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
  fuzzyBelowDocFreq: 3,
  fuzzyFrequencyRatio: 20,
  fuzzyWeight: 0.45,
  prefixExpansions: 50,
  prefixExpansionsPerQuery: 200,
  fuzzyExpansions: 8,
  maxLimit: 100,
  foldedDuplicates: 5,
  // A result page with its facets is a few kilobytes: a thousand of them is a few megabytes.
  resultCacheEntries: 1000,
};

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

/** One result: the article's metadata, its score and its best passage with the matches marked. */
export interface SearchHit {
  id: string;
  title: string;
  /** The title as HTML with matches in `<mark>`. */
  titleHtml: string;
  source: string | null;
  authors: string[];
  date: string | null;
  dateText: string | null;
  url: string | null;
  score: number;
  /** HTML-escaped passage whose only markup is `<mark>`. */
  snippet: string;
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

/** A clause prepared for execution: terms to score, fields to check, what to mark. */
interface CompiledClause {
  clause: Clause;
  /** The query clause it belongs to (its typed text, for explanations). */
  text: string;
  /** Field indexes the clause may match in. */
  fields: number[];
  /** Index terms with their weights: a word's exact term and expansions, or a phrase's ranked terms. */
  alternatives: Map<string, number>;
  /** The same terms as term ids (terms the index lacks are left out). */
  termWeights: { termId: number; weight: number }[];
  /** How informative the clause is: the largest IDF of its terms (0 when the index has none). */
  idf: number;
  /**
   * A phrase's ids in order (-1 for unknown ones): word ids when `exact` (a quoted phrase matches the
   * words as written), term ids otherwise; null for words.
   */
  phrase: { ids: number[]; exact: boolean } | null;
  matcher: Matcher;
}

/** A query clause prepared: its alternatives (any of which satisfies it), how it must occur, its weight. */
interface CompiledGroup {
  occur: Exclude<Occur, 'mustNot'>;
  alternatives: CompiledClause[];
}

interface CompiledQuery {
  /** Positive clauses in bit order: alternative `k` of all groups flattened has bit `k`. */
  groups: CompiledGroup[];
  excludedWords: CompiledClause[];
  excludedPhrases: CompiledClause[];
  pairs: TermPair[];
  /** The unquoted words as one phrase, so a snippet prefers the passage where they stand as typed. */
  typedPhrase: Extract<Matcher, { kind: 'phrase' }> | null;
  /** The typed phrase's term ids, for the ranking boost. */
  typedPhraseIds: number[] | null;
  notices: string[];
}

interface Candidate {
  docIndex: number;
  score: number;
  /** 1 with every word of the query, 0 with some (see {@link Explanation.tier}). */
  tier: number;
}

/** How much proximity re-ranking multiplied a candidate's score, and why. */
interface ProximityGain {
  share: number;
  whole: boolean;
  factor: number;
}

/**
 * Most positive clauses (words, phrases and their alternatives) a query evaluates: one bit each in a
 * document's 32-bit clause mask.
 */
const MAX_CLAUSES = 32;
/** Added to the sort key of matches with every word, so they rank above any with some. */
const TIER_GAP = 1e10;
/** Added to the date key of dated matches (dates are yyyymmdd, under 1e8), so they rank above undated ones. */
const DATE_GAP = 1e9;

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
  /** The part's paragraphs as HTML whose only markup is `<mark>`. */
  paragraphs: string[];
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

/** The matchers a page of hits is marked with, prepared once per query. */
interface HitMarking {
  title: StreamMatcherIndex;
  body: StreamMatcherIndex;
  bodyWeights: Map<number, number>;
}

/** What a page of hits marks when there is no query (browsing by filters): nothing. */
const NO_MARKING: HitMarking = {
  title: new StreamMatcherIndex([], 0),
  body: new StreamMatcherIndex([], 0),
  bodyWeights: new Map(),
};

/** Bit of the clause at `index` in a document's clause mask (queries have at most {@link MAX_CLAUSES}). */
const clauseBit = (index: number) => 2 ** index;

/** Per-query working memory over all documents, cleared after each query by its touched list. */
class ScoreBoard {
  readonly scores: Float64Array;
  readonly masks: Uint32Array;
  readonly touched: Uint32Array;
  touchedCount = 0;
  /** Per-document counters for a phrase's terms, with `stamps` saying which term last counted. */
  readonly counts: Uint8Array;
  readonly stamps: Uint32Array;
  stamp = 0;
  /** The documents that satisfy the query and their final scores, `matchCount` of them. */
  readonly matchDocs: Uint32Array;
  readonly matchScores: Float64Array;
  /** 1 when the match has every word of the query, 0 when only some (see {@link Explanation.tier}). */
  readonly matchTiers: Uint8Array;
  matchCount = 0;

  constructor(documentCount: number) {
    this.scores = new Float64Array(documentCount);
    this.masks = new Uint32Array(documentCount);
    this.touched = new Uint32Array(documentCount);
    this.counts = new Uint8Array(documentCount);
    this.stamps = new Uint32Array(documentCount);
    this.matchDocs = new Uint32Array(documentCount);
    this.matchScores = new Float64Array(documentCount);
    this.matchTiers = new Uint8Array(documentCount);
  }

  add(doc: number, score: number, bit: number): void {
    if (this.masks[doc] === 0 && this.scores[doc] === 0) {
      this.touched[this.touchedCount] = doc;
      this.touchedCount += 1;
    }
    this.scores[doc] = (this.scores[doc] ?? 0) + score;
    this.masks[doc] = ((this.masks[doc] ?? 0) | bit) >>> 0;
  }

  /** A fresh stamp for counting; wraps by clearing the stamps. */
  nextStamp(): number {
    if (this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 0;
    }
    this.stamp += 1;
    return this.stamp;
  }

  clear(): void {
    for (let i = 0; i < this.touchedCount; i += 1) {
      const doc = this.touched[i] ?? 0;
      this.scores[doc] = 0;
      this.masks[doc] = 0;
      this.counts[doc] = 0;
    }
    this.touchedCount = 0;
    this.matchCount = 0;
  }
}

/** Searches one snapshot. Immutable: to search a rebuilt index, create a new engine. */
export class SearchEngine {
  readonly options: EngineOptions;
  private readonly lexicon: Lexicon;
  private readonly termIds: Map<string, number>;
  private readonly docIndexById: Map<string, number>;
  private readonly board: ScoreBoard;
  private readonly fieldBoosts: Float64Array;
  /** Documents containing each term in any field, by term id; -1 until first needed. */
  private readonly documentFrequencies: Int32Array;
  private sourceCounts: { name: string; count: number }[] | null = null;
  /** Completes names (`Robert Lighthizer`); built on the first completion, not at every load. */
  private phraseSuggester: PhraseSuggester | null = null;
  /** Each article's date as a number (`20190723`), 0 when undated: date sorting compares numbers. */
  private readonly dateKeys: Float64Array;
  private readonly results: ResultCache<SearchResult>;

  constructor(
    private readonly snapshot: IndexSnapshot,
    options: Partial<EngineOptions> = {},
  ) {
    this.options = { ...defaultEngineOptions, ...options };
    this.lexicon = new Lexicon(snapshot);
    this.termIds = new Map(snapshot.terms.map((term, id) => [term, id]));
    this.docIndexById = new Map(snapshot.documents.columns.ids.map((id, index) => [id, index]));
    this.board = new ScoreBoard(snapshot.documents.count);
    this.fieldBoosts = Float64Array.from(SEARCH_FIELDS, (field) => this.options.fieldBoosts[field]);
    this.documentFrequencies = new Int32Array(snapshot.terms.length).fill(-1);
    this.dateKeys = Float64Array.from(snapshot.documents.columns.dates, (date) =>
      date === null ? 0 : Number(date.replaceAll('-', '')),
    );
    this.results = new ResultCache(this.options.resultCacheEntries);
  }

  /** What the loaded index was built from. */
  get manifest(): Manifest {
    return this.snapshot.manifest;
  }

  /** Number of articles in the index. */
  get documentCount(): number {
    return this.snapshot.documents.count;
  }

  /** Articles per source, most first (articles without a source are not counted). */
  sources(): { name: string; count: number }[] {
    if (this.sourceCounts === null) {
      const counts = new Map<string, number>();
      for (const source of this.snapshot.documents.columns.sources) {
        if (source !== null) counts.set(source, (counts.get(source) ?? 0) + 1);
      }
      this.sourceCounts = [...counts]
        .map(([name, count]) => ({ name, count }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    }
    return this.sourceCounts;
  }

  /** The other articles of this article's near-duplicate group (the same story), in index order. */
  duplicatesOf(id: string): DuplicateRef[] {
    const docIndex = this.docIndexById.get(id);
    const groups = this.snapshot.duplicateGroups;
    const group = docIndex === undefined ? -1 : (groups[docIndex] ?? -1);
    if (group < 0) return [];
    const members: DuplicateRef[] = [];
    // A group is numbered by its first document, so its members start there.
    for (let doc = group; doc < groups.length; doc += 1) {
      if (groups[doc] === group && doc !== docIndex) members.push(this.reference(doc));
    }
    return members;
  }

  /** The article with this id, or undefined. */
  article(id: string): StoredDocument | undefined {
    const index = this.docIndexById.get(id);
    return index === undefined ? undefined : this.snapshot.documents.get(index);
  }

  /**
   * Completions of a partly typed query: known phrases (names such as `Robert Lighthizer`) that the
   * last one to three words begin, then vocabulary words the last word begins, most frequent first.
   * Typed text before the completed part is kept as typed.
   */
  complete(input: string, limit = 8): Completion[] {
    const typed = input.replace(/\s+/g, ' ').trimStart();
    if (typed.trim() === '') return [];
    const completions: Completion[] = [];
    const seen = new Set<string>();
    const add = (completion: Completion) => {
      const key = completion.text.toLowerCase();
      if (seen.has(key) || completions.length >= limit) return;
      seen.add(key);
      completions.push(completion);
    };
    // A trailing space means the last word is finished: complete nothing rather than guess a next word.
    if (typed.endsWith(' ')) return [];
    const words = typed.split(' ');
    // Names complete plain words only: not an exclusion, a field, a quote or a prefix operator.
    const plain = (word: string) => /^[^-"“”*:]/.test(word) && !/[*:"“”]/.test(word);
    for (let take = Math.min(3, words.length); take >= 1 && completions.length === 0; take -= 1) {
      if (!words.slice(words.length - take).every(plain)) break;
      const head = words.slice(0, words.length - take).join(' ');
      const tail = words.slice(words.length - take).join(' ');
      this.phraseSuggester ??= new PhraseSuggester(this.snapshot.phrases);
      for (const phrase of this.phraseSuggester.suggest(tail, limit)) {
        add({
          text: joinWords(head, phrase.text),
          completion: phrase.text,
          kind: 'phrase',
          count: phrase.docFreq,
        });
      }
    }
    const last = words.at(-1) ?? '';
    const prefix = (last.startsWith('-') ? last.slice(1) : last).replace(/["“”*]/g, '');
    const folded = analyze(prefix)[0];
    if (folded !== undefined && folded.end === prefix.length) {
      const head = words.slice(0, -1).join(' ');
      const sign = last.startsWith('-') ? '-' : '';
      // A word a name above already offers (`lighthizer` under `Robert Lighthizer`) is not offered twice.
      const named = new Set(
        completions.flatMap((completion) => analyze(completion.completion).map((token) => token.word)),
      );
      for (const entry of this.lexicon.withPrefix(folded.word, limit + 1 + named.size)) {
        if (entry.word === folded.word && entry.docFreq === 0) continue;
        if (named.has(entry.word)) continue;
        add({
          text: joinWords(head, sign + entry.word),
          completion: entry.word,
          kind: 'word',
          count: entry.docFreq,
        });
      }
    }
    return completions;
  }

  /**
   * Articles most like the one with this id ("more like this"): its most distinctive words by
   * TF-IDF, scored with BM25 over other articles' titles and bodies. The article's own near-duplicates
   * are left out (they are the same story, not a related one), and one article per duplicate group is
   * kept. Empty for an unknown id.
   */
  related(id: string, limit = 5): RelatedArticle[] {
    const docIndex = this.docIndexById.get(id);
    if (docIndex === undefined) return [];
    const { snapshot, board } = this;
    const groups = snapshot.duplicateGroups;
    const ownGroup = groups[docIndex] ?? -1;
    const terms = this.distinctiveTerms(docIndex);
    try {
      terms.forEach(({ termId, weight }, index) => {
        this.scoreTerm(termId, weight, [FIELD_INDEX.title, FIELD_INDEX.body], (doc, score) => {
          board.add(doc, score, clauseBit(index));
        });
      });
      const seenGroups = new Set<number>();
      const candidates: Candidate[] = [];
      for (let i = 0; i < board.touchedCount; i += 1) {
        const doc = board.touched[i] ?? 0;
        const group = groups[doc] ?? -1;
        // Sharing one distinctive word is chance; two or more is a topic.
        if (doc === docIndex || (ownGroup >= 0 && group === ownGroup)) continue;
        if (popCount(board.masks[doc] ?? 0) < 2) continue;
        candidates.push({ docIndex: doc, score: board.scores[doc] ?? 0, tier: 0 });
      }
      const related: RelatedArticle[] = [];
      for (const candidate of candidates.sort(byScore)) {
        const group = groups[candidate.docIndex] ?? -1;
        if (group >= 0 && seenGroups.has(group)) continue;
        if (group >= 0) seenGroups.add(group);
        related.push({
          ...this.reference(candidate.docIndex),
          score: Math.round(candidate.score * 1000) / 1000,
        });
        if (related.length >= limit) break;
      }
      return related;
    } finally {
      board.clear();
    }
  }

  /**
   * An article's ranked terms weighted by TF-IDF (title words count double), best first: the words
   * that set it apart. Terms in one article only cannot relate it to another and are skipped.
   */
  private distinctiveTerms(docIndex: number): { termId: number; weight: number }[] {
    const { snapshot } = this;
    const fieldCount = SEARCH_FIELDS.length;
    const frequencies = new Map<number, number>();
    for (const [field, weight] of [
      [FIELD_INDEX.title, 2],
      [FIELD_INDEX.body, 1],
    ] as const) {
      const start = snapshot.streamOffsets[docIndex * fieldCount + field] ?? 0;
      const end = snapshot.streamOffsets[docIndex * fieldCount + field + 1] ?? start;
      for (let i = start; i < end; i += 1) {
        const wordId = snapshot.streams[i] ?? 0;
        if (STOP_WORDS.has(snapshot.words[wordId] ?? '')) continue;
        const termId = snapshot.wordTerm[wordId] ?? 0;
        frequencies.set(termId, (frequencies.get(termId) ?? 0) + weight);
      }
    }
    const documentCount = this.documentCount;
    const scored: { termId: number; weight: number }[] = [];
    for (const [termId, frequency] of frequencies) {
      const docFreq = this.lexicon.docFreqOfTerm(snapshot.terms[termId] ?? '');
      if (docFreq < 2) continue;
      scored.push({ termId, weight: Math.sqrt(frequency) * Math.log(1 + documentCount / docFreq) });
    }
    scored.sort((a, b) => b.weight - a.weight || a.termId - b.termId);
    const best = scored.slice(0, this.options.relatedTerms);
    const top = best[0]?.weight ?? 1;
    return best.map(({ termId, weight }) => ({ termId, weight: weight / top }));
  }

  /**
   * Runs a query and returns one page of ranked hits. Throws {@link QueryError} for a query that
   * cannot be run or a malformed filter (the message says why); any other input gets an answer. An
   * empty query with a filter browses: every article the filters keep, newest first.
   */
  search(query: string, options: SearchOptions = {}): SearchResult {
    const started = performance.now();
    const limit = clamp(options.limit ?? 10, 1, this.options.maxLimit);
    const offset = Math.max(0, Math.floor(options.offset ?? 0));
    const filters = normalizeFilters(options.filters ?? {});
    // No words but a filter browses: every article the filters keep, newest first unless asked otherwise.
    const browsing = query.trim() === '' && hasFilters(filters);
    const sort =
      browsing && (options.sort ?? 'relevance') === 'relevance' ? 'newest' : (options.sort ?? 'relevance');
    const withFacets = options.facets ?? false;
    const explain = options.explain ?? false;
    const key = JSON.stringify([query, limit, offset, filters, sort, withFacets, explain]);
    const { result, cached } = this.results.getOrCompute(key, () =>
      this.run(query, { limit, offset, filters, sort, withFacets, browsing, explain }, started),
    );
    return cached ? { ...result, tookMs: elapsedMs(started) } : result;
  }

  /** How often repeated searches were answered from the result cache. */
  resultCacheStats(): ResultCacheStats {
    return this.results.stats();
  }

  /** Computes one page of results: what {@link search} caches. */
  private run(
    query: string,
    request: {
      limit: number;
      offset: number;
      filters: SearchFilters;
      sort: SortOrder;
      withFacets: boolean;
      browsing: boolean;
      explain: boolean;
    },
    started: number,
  ): SearchResult {
    const { limit, offset, filters, sort, withFacets, browsing, explain } = request;
    const compiled = browsing ? null : this.compile(parseQuery(query));
    const board = this.board;
    try {
      if (compiled === null) {
        for (let doc = 0; doc < this.documentCount; doc += 1) board.matchDocs[doc] = doc;
        board.matchScores.fill(0, 0, this.documentCount);
        board.matchTiers.fill(1, 0, this.documentCount);
        board.matchCount = this.documentCount;
      } else {
        this.accumulate(compiled);
        this.filter(compiled);
      }
      const facets = this.applyFilters(filters, withFacets);
      const articles = board.matchCount;
      const duplicates = this.foldDuplicates();
      let allWords = 0;
      for (let i = 0; i < board.matchCount; i += 1) allWords += board.matchTiers[i] ?? 0;
      const shouldGroups = compiled?.groups.filter((group) => group.occur === 'should').length ?? 0;
      const fallback = allWords === 0 && board.matchCount > 0 && shouldGroups > 1;
      if (fallback)
        compiled?.notices.push('No article has all of the words; showing articles with any of them.');
      const proximities = new Map<number, ProximityGain>();
      const ranked = this.best(compiled, offset + limit, sort, proximities);
      const marking = compiled === null ? NO_MARKING : this.marking(compiled);
      const hits = ranked.slice(offset, offset + limit).map((candidate) => {
        const hit = this.toHit(candidate, marking, duplicates.get(candidate.docIndex) ?? []);
        if (!explain || compiled === null) return hit;
        return {
          ...hit,
          explanation: this.explain(compiled, candidate, proximities.get(candidate.docIndex)),
        };
      });
      return {
        query,
        total: board.matchCount,
        articles,
        hits,
        filters,
        sort,
        facets,
        suggestion: browsing ? null : suggestSpelling(query, this.lexicon),
        allWords,
        fallback,
        notices: compiled?.notices ?? [],
        tookMs: elapsedMs(started),
      };
    } finally {
      board.clear();
    }
  }

  /**
   * Narrows the board's matches to those passing `filters`, first counting facets over them (each
   * dimension under the other dimensions' filters) when asked.
   */
  private applyFilters(filters: SearchFilters, withFacets: boolean): Facets | null {
    const board = this.board;
    const columns = this.snapshot.documents.columns;
    if (!hasFilters(filters)) {
      return withFacets
        ? computeFacets(columns, board.matchDocs, new Uint8Array(board.matchCount), board.matchCount, filters)
        : null;
    }
    const test = filterTest(columns, filters);
    const fails = new Uint8Array(board.matchCount);
    for (let i = 0; i < board.matchCount; i += 1) fails[i] = test(board.matchDocs[i] ?? 0);
    const facets = withFacets
      ? computeFacets(columns, board.matchDocs, fails, board.matchCount, filters)
      : null;
    let kept = 0;
    for (let i = 0; i < board.matchCount; i += 1) {
      if (fails[i] !== 0) continue;
      board.matchDocs[kept] = board.matchDocs[i] ?? 0;
      board.matchScores[kept] = board.matchScores[i] ?? 0;
      board.matchTiers[kept] = board.matchTiers[i] ?? 0;
      kept += 1;
    }
    board.matchCount = kept;
    return facets;
  }

  /**
   * Keeps one match per near-duplicate group, the best ranked (tier, then score), and returns the
   * others folded under it (by the kept document's index), best first.
   */
  private foldDuplicates(): Map<number, number[]> {
    const board = this.board;
    const groups = this.snapshot.duplicateGroups;
    const slotOfGroup = new Map<number, number>();
    const folded = new Map<number, number[]>();
    let kept = 0;
    for (let i = 0; i < board.matchCount; i += 1) {
      const doc = board.matchDocs[i] ?? 0;
      const score = board.matchScores[i] ?? 0;
      const tier = board.matchTiers[i] ?? 0;
      const group = groups[doc] ?? -1;
      const slot = group < 0 ? undefined : slotOfGroup.get(group);
      if (slot === undefined) {
        if (group >= 0) slotOfGroup.set(group, kept);
        board.matchDocs[kept] = doc;
        board.matchScores[kept] = score;
        board.matchTiers[kept] = tier;
        kept += 1;
        continue;
      }
      const keptDoc = board.matchDocs[slot] ?? 0;
      const keptScore = board.matchScores[slot] ?? 0;
      const keptTier = board.matchTiers[slot] ?? 0;
      const better =
        tier > keptTier ||
        (tier === keptTier && (score > keptScore || (score === keptScore && doc < keptDoc)));
      const members = folded.get(group) ?? [];
      members.push(better ? keptDoc : doc);
      folded.set(group, members);
      if (better) {
        board.matchDocs[slot] = doc;
        board.matchScores[slot] = score;
        board.matchTiers[slot] = tier;
      }
    }
    board.matchCount = kept;
    const byKeptDoc = new Map<number, number[]>();
    for (const [group, members] of folded) {
      const slot = slotOfGroup.get(group) ?? 0;
      const scoreOf = (doc: number) => board.scores[doc] ?? 0;
      byKeptDoc.set(
        board.matchDocs[slot] ?? 0,
        members.sort((a, b) => scoreOf(b) - scoreOf(a) || a - b),
      );
    }
    return byKeptDoc;
  }

  /**
   * One part of an article (see articleParts.ts; most articles are one part) as HTML paragraphs with
   * every match of `query` marked, the first on the part with `id="first-match"`. Without `part`, the
   * part holding the first match, else the first. A missing or unusable query marks nothing.
   */
  highlightArticle(id: string, query: string | undefined, part?: number): HighlightedArticle | undefined {
    const docIndex = this.docIndexById.get(id);
    if (docIndex === undefined) return undefined;
    let matchers: Matcher[] = [];
    if (query !== undefined && query.trim() !== '') {
      try {
        matchers = this.markersFor(this.compile(parseQuery(query)), 'body');
      } catch {
        matchers = [];
      }
    }
    const { body } = this.snapshot.documents.get(docIndex);
    const spans = streamSpans(this.snapshot, docIndex, FIELD_INDEX.body, this.streamMatchers(matchers));
    const parts = articleParts(body);
    const firstSpan = spans.reduce((first, span) => Math.min(first, span.start), Number.POSITIVE_INFINITY);
    const firstMatchPart = spans.length === 0 ? null : parts.findIndex((range) => firstSpan < range.end) + 1;
    const shown = part === undefined ? (firstMatchPart ?? 1) : clamp(part, 1, parts.length);
    const range = parts[shown - 1] ?? { start: 0, end: body.length };
    const { paragraphs } = highlightParagraphsFromSpans(body, spans, range);
    return {
      paragraphs,
      matches: countMatches(spans),
      part: shown,
      parts: parts.length,
      firstMatchPart,
    };
  }

  /** Matchers in term ids, to find matches in the stored token streams. */
  private streamMatchers(matchers: readonly Matcher[]): StreamMatcher[] {
    return matchers.map((matcher) =>
      matcher.kind === 'terms'
        ? {
            id: matcher.id,
            kind: 'terms',
            termIds: new Set([...matcher.terms].flatMap((term) => this.termIds.get(term) ?? [])),
          }
        : {
            id: matcher.id,
            kind: 'phrase',
            termIds: matcher.terms.map((term) => this.termIds.get(term) ?? -1),
            wordIds: matcher.words?.map((word) => this.lexicon.wordId(word)) ?? null,
          },
    );
  }

  private compile(parsed: ParsedQuery): CompiledQuery {
    const all = parsed.clauses.flatMap((clause) => clause.alternatives);
    const prefixes = all.filter((c) => c.kind === 'word' && c.prefix).length;
    const prefixLimit = Math.max(
      1,
      Math.min(
        this.options.prefixExpansions,
        Math.floor(this.options.prefixExpansionsPerQuery / Math.max(1, prefixes)),
      ),
    );
    const notices = [...parsed.notices];
    let nextId = 0;
    const compileClause = (clause: Clause, text: string, weight: number, expand: boolean): CompiledClause => {
      const id = nextId;
      nextId += 1;
      const fields = clause.field === null ? SEARCH_FIELDS.map((_, i) => i) : [FIELD_INDEX[clause.field]];
      if (clause.kind === 'phrase') {
        const alternatives = new Map<string, number>();
        clause.terms.forEach((term, i) => {
          if (!clause.stops[i]) alternatives.set(term, weight);
        });
        const termWeights = this.termWeights(alternatives);
        const ids = clause.exact
          ? clause.words.map((word) => this.lexicon.wordId(word))
          : clause.terms.map((term) => this.termIds.get(term) ?? -1);
        return {
          clause,
          text,
          fields,
          alternatives,
          termWeights,
          idf: this.clauseIdf(termWeights),
          phrase: { ids, exact: clause.exact },
          matcher: { id, kind: 'phrase', terms: clause.terms, words: clause.exact ? clause.words : null },
        };
      }
      const alternatives = this.expandWord(clause, expand, notices, prefixLimit);
      if (weight !== 1) for (const [term, each] of alternatives) alternatives.set(term, each * weight);
      const termWeights = this.termWeights(alternatives);
      return {
        clause,
        text,
        fields,
        alternatives,
        termWeights,
        idf: this.clauseIdf(termWeights),
        phrase: null,
        matcher: { id, kind: 'terms', terms: new Set(alternatives.keys()) },
      };
    };
    const groups = this.withinClauseBudget(
      parsed.clauses.flatMap((clause) =>
        clause.occur === 'mustNot'
          ? []
          : [
              {
                occur: clause.occur,
                alternatives: clause.alternatives.map((alternative) =>
                  compileClause(alternative, alternative.text, clause.weight, true),
                ),
              },
            ],
      ),
      notices,
    );
    const excluded = parsed.clauses
      .filter((clause) => clause.occur === 'mustNot')
      .flatMap((clause) =>
        clause.alternatives.map((alternative) => compileClause(alternative, alternative.text, 1, false)),
      );
    const sequence = parsed.sequence.map((item) =>
      item === 'break' ? item : item.stop ? null : (this.termIds.get(item.term) ?? -1),
    );
    const typedPhrase = typedPhraseMatcher(parsed, nextId);
    return {
      groups,
      excludedWords: excluded.filter((c) => c.phrase === null),
      excludedPhrases: excluded.filter((c) => c.phrase !== null),
      pairs: queryPairs(sequence),
      typedPhrase,
      typedPhraseIds:
        typedPhrase === null ? null : typedPhrase.terms.map((term) => this.termIds.get(term) ?? -1),
      notices,
    };
  }

  /**
   * The groups that fit the {@link MAX_CLAUSES} bits of a document's clause mask: every required group
   * first, then the optional ones whose rarest word is rarest, as those tell the most about what the
   * query is after (a pasted paragraph's `results` and `shown` matter less than its `fibrosis`). The
   * kept groups stay in typed order; a notice names how many were left out.
   */
  private withinClauseBudget(groups: CompiledGroup[], notices: string[]): CompiledGroup[] {
    const total = groups.reduce((sum, group) => sum + group.alternatives.length, 0);
    if (total <= MAX_CLAUSES) return groups;
    const informative = (group: CompiledGroup) =>
      group.alternatives.reduce((most, clause) => Math.max(most, clause.idf), 0);
    const ranked = groups
      .map((group, order) => ({ group, order }))
      .sort(
        (a, b) =>
          (a.group.occur === 'must' ? 0 : 1) - (b.group.occur === 'must' ? 0 : 1) ||
          informative(b.group) - informative(a.group) ||
          a.order - b.order,
      );
    const kept: { group: CompiledGroup; order: number }[] = [];
    let bits = 0;
    for (const entry of ranked) {
      if (bits + entry.group.alternatives.length > MAX_CLAUSES) continue;
      bits += entry.group.alternatives.length;
      kept.push(entry);
    }
    notices.push(
      `The query has ${groups.length} words and phrases; the ${kept.length} most telling were used.`,
    );
    return kept.sort((a, b) => a.order - b.order).map((entry) => entry.group);
  }

  private clauseIdf(termWeights: readonly { termId: number }[]): number {
    let idf = 0;
    for (const { termId } of termWeights) idf = Math.max(idf, this.inverseDocumentFrequency(termId));
    return idf;
  }

  /** BM25's IDF of a term over whole documents (see {@link documentFrequency}). */
  private inverseDocumentFrequency(termId: number): number {
    const documentCount = this.snapshot.postings.documentCount;
    const matching = this.documentFrequency(termId);
    return Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
  }

  /**
   * Number of documents with the term in any field, counted on first use from the postings (a merge
   * of the fields' sorted document lists) and remembered: the vocabulary never changes.
   */
  private documentFrequency(termId: number): number {
    const known = this.documentFrequencies[termId] ?? -1;
    if (known >= 0) return known;
    const { postings } = this.snapshot;
    const fieldCount = postings.fieldCount;
    const cursors: number[] = [];
    const ends: number[] = [];
    for (let field = 0; field < fieldCount; field += 1) {
      cursors.push(postings.offsets[termId * fieldCount + field] ?? 0);
      ends.push(postings.offsets[termId * fieldCount + field + 1] ?? 0);
    }
    let count = 0;
    for (;;) {
      // The smallest document not yet counted, across the fields' ascending lists.
      let next = Number.POSITIVE_INFINITY;
      for (let f = 0; f < fieldCount; f += 1) {
        if ((cursors[f] ?? 0) < (ends[f] ?? 0)) next = Math.min(next, postings.docs[cursors[f] ?? 0] ?? 0);
      }
      if (next === Number.POSITIVE_INFINITY) break;
      count += 1;
      for (let f = 0; f < fieldCount; f += 1) {
        if ((cursors[f] ?? 0) < (ends[f] ?? 0) && postings.docs[cursors[f] ?? 0] === next) {
          cursors[f] = (cursors[f] ?? 0) + 1;
        }
      }
    }
    this.documentFrequencies[termId] = count;
    return count;
  }

  private termWeights(alternatives: ReadonlyMap<string, number>): { termId: number; weight: number }[] {
    const weights: { termId: number; weight: number }[] = [];
    for (const [term, weight] of alternatives) {
      const termId = this.termIds.get(term);
      if (termId !== undefined) weights.push({ termId, weight });
    }
    return weights;
  }

  /** A word's index terms with weights: itself, its prefix completions, or near spellings when rare. */
  private expandWord(
    clause: Extract<Clause, { kind: 'word' }>,
    expand: boolean,
    notices: string[],
    prefixLimit: number,
  ): Map<string, number> {
    const alternatives = new Map<string, number>([[clause.term, 1]]);
    if (clause.prefix) {
      for (const entry of this.lexicon.withPrefix(clause.word, prefixLimit)) {
        if (!alternatives.has(entry.term)) alternatives.set(entry.term, 1);
      }
      return alternatives;
    }
    const { fuzzyMinLength, fuzzyBelowDocFreq, fuzzyFrequencyRatio, fuzzyExpansions, fuzzyWeight } =
      this.options;
    if (!expand || clause.word.length < fuzzyMinLength) return alternatives;
    const exactDocFreq = this.lexicon.docFreqOfTerm(clause.term);
    if (exactDocFreq >= fuzzyBelowDocFreq) return alternatives;
    const maxDistance = clause.word.length >= 9 ? 2 : 1;
    const near = this.lexicon
      .near(clause.word, maxDistance, fuzzyExpansions)
      .filter((e) => e.term !== clause.term && e.docFreq >= fuzzyFrequencyRatio * exactDocFreq);
    for (const entry of near) {
      const weight = (fuzzyWeight * entry.word.length) / (entry.word.length + entry.distance);
      alternatives.set(entry.term, Math.max(alternatives.get(entry.term) ?? 0, weight));
    }
    if (exactDocFreq === 0 && near.length > 0) {
      const spellings = [...new Set(near.map((entry) => entry.word))].slice(0, 3).join(', ');
      notices.push(`No article has “${clause.text}”; included near spellings: ${spellings}.`);
    }
    return alternatives;
  }

  /**
   * Scores every document that has any clause's terms, MiniSearch's BM25+ per term and field, and
   * records which clauses each document has (phrases provisionally: their words, not yet their order).
   */
  private accumulate(compiled: CompiledQuery): void {
    const { postings } = this.snapshot;
    const board = this.board;
    positiveClauses(compiled).forEach((clause, index) => {
      const bit = clauseBit(index);
      const isPhrase = clause.phrase !== null;
      if (isPhrase && clause.alternatives.size === 0) {
        // A phrase of stop words only: every document is a candidate until its words are checked.
        for (let doc = 0; doc < postings.documentCount; doc += 1) board.add(doc, 1, bit);
        return;
      }
      for (const { termId, weight } of clause.termWeights) {
        const stamp = board.nextStamp();
        this.scoreTerm(termId, weight, clause.fields, (doc, score) => {
          if (!isPhrase) {
            board.add(doc, score, bit);
            return;
          }
          board.add(doc, score, 0);
          if (board.stamps[doc] !== stamp) {
            board.stamps[doc] = stamp;
            board.counts[doc] = (board.counts[doc] ?? 0) + 1;
          }
        });
      }
      if (isPhrase) {
        // A phrase is a candidate where all its ranked words are present; reset the counters for the next.
        const needed =
          clause.termWeights.length === clause.alternatives.size ? clause.termWeights.length : -1;
        for (let i = 0; i < board.touchedCount; i += 1) {
          const doc = board.touched[i] ?? 0;
          if (board.counts[doc] === needed) board.masks[doc] = ((board.masks[doc] ?? 0) | bit) >>> 0;
          board.counts[doc] = 0;
        }
      }
    });
  }

  /**
   * Calls `visit` with each document containing the term in `fields` and its BM25+ score there. Each
   * field is scored on its own (its own length normalization and boost), but with the term's IDF over
   * whole documents, as BM25F does: a word common in bodies but rare in headlines is no more telling
   * in a headline, and per-field IDF gave such headline matches too much weight (SciFact nDCG@10 rose
   * with document IDF, see BENCHMARKS.md).
   */
  private scoreTerm(
    termId: number,
    weight: number,
    fields: readonly number[],
    visit: (doc: number, score: number) => void,
  ): void {
    const { postings } = this.snapshot;
    const { bm25: parameters } = this.options;
    const fieldCount = postings.fieldCount;
    const matching = this.documentFrequency(termId);
    for (const field of fields) {
      const key = termId * fieldCount + field;
      const start = postings.offsets[key] ?? 0;
      const end = postings.offsets[key + 1] ?? start;
      const average = postings.averageFieldLength[field] ?? 1;
      const boost = weight * (this.fieldBoosts[field] ?? 1);
      for (let p = start; p < end; p += 1) {
        const doc = postings.docs[p] ?? 0;
        const length = postings.fieldLength[doc * fieldCount + field] ?? 0;
        const frequency = postings.freqs[p] ?? 0;
        visit(doc, boost * bm25(frequency, matching, postings.documentCount, length, average, parameters));
      }
    }
  }

  /**
   * Collects the documents that satisfy the query into the board's match arrays and returns how many:
   * every required group and, when there is none, at least one optional group matched (phrases checked
   * against the token streams), no exclusion. Each match's tier says whether it has every optional
   * group too; scores are weighed by the IDF-weighted share of the clauses matched (see
   * {@link EngineOptions.coordinationExponent}).
   */
  private filter(compiled: CompiledQuery): number {
    const board = this.board;
    const clauses = positiveClauses(compiled);
    const requiredMasks: number[] = [];
    const optionalMasks: number[] = [];
    let bitIndex = 0;
    for (const group of compiled.groups) {
      let mask = 0;
      for (let i = 0; i < group.alternatives.length; i += 1) mask += clauseBit(bitIndex + i);
      (group.occur === 'must' ? requiredMasks : optionalMasks).push(mask);
      bitIndex += group.alternatives.length;
    }
    const anyOptional = optionalMasks.reduce((all, mask) => all + mask, 0);
    const satisfies = (mask: number) =>
      requiredMasks.every((group) => (mask & group) !== 0) &&
      (requiredMasks.length > 0 || (mask & anyOptional) !== 0);
    const phraseBits = clauses.flatMap((clause, index) => (clause.phrase === null ? [] : [index]));
    const excluded = this.excludedDocuments(compiled);
    const coordination = coordinationOf(clauses, this.options.coordinationExponent);

    board.matchCount = 0;
    for (let i = 0; i < board.touchedCount; i += 1) {
      const doc = board.touched[i] ?? 0;
      let mask = board.masks[doc] ?? 0;
      if (!satisfies(mask)) continue;
      for (const index of phraseBits) {
        const bit = clauseBit(index);
        const clause = clauses[index] as CompiledClause;
        if ((mask & bit) !== 0 && !this.hasPhrase(doc, clause)) mask = (mask & ~bit) >>> 0;
      }
      if (!satisfies(mask) || excluded(doc)) continue;
      board.matchDocs[board.matchCount] = doc;
      board.matchScores[board.matchCount] = (board.scores[doc] ?? 0) * coordination(mask);
      board.matchTiers[board.matchCount] = optionalMasks.every((group) => (mask & group) !== 0) ? 1 : 0;
      board.matchCount += 1;
    }
    return board.matchCount;
  }

  /** Whether the document has a phrase clause's words adjacent and in order in one of its fields. */
  private hasPhrase(doc: number, clause: CompiledClause): boolean {
    const phrase = clause.phrase;
    if (phrase === null) return false;
    return phrase.exact
      ? containsWords(this.snapshot, doc, clause.fields, phrase.ids)
      : containsPhrase(this.snapshot, doc, clause.fields, phrase.ids);
  }

  /** A test for documents that contain an excluded word or phrase. */
  private excludedDocuments(compiled: CompiledQuery): (doc: number) => boolean {
    if (compiled.excludedWords.length === 0 && compiled.excludedPhrases.length === 0) return () => false;
    const { postings } = this.snapshot;
    const marked = new Set<number>();
    for (const clause of compiled.excludedWords) {
      for (const { termId } of clause.termWeights) {
        for (const field of clause.fields) {
          const key = termId * postings.fieldCount + field;
          for (let p = postings.offsets[key] ?? 0; p < (postings.offsets[key + 1] ?? 0); p += 1) {
            marked.add(postings.docs[p] ?? 0);
          }
        }
      }
    }
    return (doc) => marked.has(doc) || compiled.excludedPhrases.some((clause) => this.hasPhrase(doc, clause));
  }

  /**
   * The best `needed` candidates in order: by tier (every word of the query, then some), then by
   * relevance, the top re-ranked by how closely their words follow the typed order (the best
   * `proximityCandidates` are examined, each one's gain noted in `proximities`); or by date, tier first,
   * relevance breaking ties between articles of the same day.
   */
  private best(
    compiled: CompiledQuery | null,
    needed: number,
    sort: SortOrder,
    proximities: Map<number, ProximityGain>,
  ): Candidate[] {
    const { matchDocs, matchScores, matchTiers, matchCount } = this.board;
    const candidate = (i: number): Candidate => ({
      docIndex: matchDocs[i] ?? 0,
      score: matchScores[i] ?? 0,
      tier: matchTiers[i] ?? 0,
    });
    if (sort !== 'relevance' || compiled === null) {
      const direction = sort === 'newest' ? 1 : -1;
      const byDate = topK(
        matchCount,
        needed,
        (i) => {
          const date = this.dateKeys[matchDocs[i] ?? 0] ?? 0;
          const score = matchScores[i] ?? 0;
          // Dated articles above undated ones, within a tier; a fraction below 1 breaks ties by relevance.
          const dated = date === 0 ? 0 : DATE_GAP + direction * date;
          return (matchTiers[i] ?? 0) * TIER_GAP + dated + score / (1 + score);
        },
        (i) => matchDocs[i] ?? 0,
      );
      return byDate.map(candidate);
    }
    const window = Math.max(needed, this.options.proximityCandidates);
    const order = topK(
      matchCount,
      window,
      (i) => (matchTiers[i] ?? 0) * TIER_GAP + (matchScores[i] ?? 0),
      (i) => matchDocs[i] ?? 0,
    );
    const head = order.map(candidate);
    this.boostProximity(head.slice(0, this.options.proximityCandidates), compiled, proximities);
    return head.sort(byRank);
  }

  /**
   * Re-ranks the best candidates by how closely their words follow the typed order: a share of the
   * word pairs side by side counts some, the whole run of typed words as a phrase counts most.
   */
  private boostProximity(
    candidates: Candidate[],
    compiled: CompiledQuery,
    proximities: Map<number, ProximityGain>,
  ): void {
    const { pairs, typedPhraseIds } = compiled;
    if (pairs.length === 0) return;
    const { proximityWeight, typedPhraseWeight } = this.options;
    const fields = [FIELD_INDEX.title, FIELD_INDEX.body];
    for (const candidate of candidates) {
      const share = proximity(this.snapshot, candidate.docIndex, fields, pairs);
      const whole =
        share === 1 &&
        typedPhraseIds !== null &&
        containsPhrase(this.snapshot, candidate.docIndex, fields, typedPhraseIds);
      const factor = 1 + proximityWeight * share + (whole ? typedPhraseWeight : 0);
      proximities.set(candidate.docIndex, { share, whole, factor });
      candidate.score *= factor;
    }
  }

  /**
   * The parts of a hit's score, recomputed for its one document exactly as the query scored it: each
   * term's BM25 in each field, the coordination factor, the proximity gain. They add up to the score.
   */
  private explain(compiled: CompiledQuery, hit: Candidate, gain: ProximityGain | undefined): Explanation {
    const doc = hit.docIndex;
    const clauses = positiveClauses(compiled);
    const parts: ScorePart[] = [];
    let mask = 0;
    clauses.forEach((clause, index) => {
      let present = false;
      if (clause.phrase !== null && clause.alternatives.size === 0) {
        // As accumulate() counts it: every document is a candidate, its words checked in order later.
        parts.push({ kind: 'phrase', clause: clause.text, value: 1 });
        present = true;
      }
      for (const { termId, weight } of clause.termWeights) {
        for (const field of clause.fields) {
          const value = this.termScoreIn(doc, termId, weight, field);
          if (value === null) continue;
          present = true;
          parts.push({
            kind: 'term',
            term: this.snapshot.terms[termId] ?? '',
            field: SEARCH_FIELDS[field] ?? 'body',
            clause: clause.text,
            value,
          });
        }
      }
      const satisfied = clause.phrase === null ? present : present && this.hasPhrase(doc, clause);
      if (satisfied) mask = (mask | clauseBit(index)) >>> 0;
    });
    const base = parts.reduce((sum, part) => sum + part.value, 0);
    const coordination = coordinationOf(clauses, this.options.coordinationExponent)(mask);
    parts.push({ kind: 'coordination', share: coverageOf(clauses)(mask), value: base * coordination - base });
    if (gain !== undefined) {
      parts.push({
        kind: 'proximity',
        pairs: gain.share,
        wholePhrase: gain.whole,
        value: base * coordination * (gain.factor - 1),
      });
    }
    const matched = compiled.groups.filter((_group, g) => groupMatched(compiled, g, mask));
    const missing = compiled.groups.filter((_group, g) => !groupMatched(compiled, g, mask));
    const label = (group: CompiledGroup) => group.alternatives.map((clause) => clause.text).join(' OR ');
    return {
      tier: hit.tier === 1 ? 'all words' : 'some words',
      matched: matched.map(label),
      missing: missing.map(label),
      parts: parts.map((part) => ({ ...part, value: roundTo(part.value, 6) })),
      score: roundTo(hit.score, 6),
    };
  }

  /**
   * The BM25 a term scores in one field of one document, as {@link scoreTerm} adds it, or null when the
   * field lacks the term (found by binary search in the term's postings for that field).
   */
  private termScoreIn(doc: number, termId: number, weight: number, field: number): number | null {
    const { postings } = this.snapshot;
    const key = termId * postings.fieldCount + field;
    let low = postings.offsets[key] ?? 0;
    let high = (postings.offsets[key + 1] ?? low) - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = postings.docs[middle] ?? 0;
      if (found < doc) low = middle + 1;
      else if (found > doc) high = middle - 1;
      else {
        const length = postings.fieldLength[doc * postings.fieldCount + field] ?? 0;
        const average = postings.averageFieldLength[field] ?? 1;
        const boost = weight * (this.fieldBoosts[field] ?? 1);
        const frequency = postings.freqs[middle] ?? 0;
        return (
          boost *
          bm25(
            frequency,
            this.documentFrequency(termId),
            postings.documentCount,
            length,
            average,
            this.options.bm25,
          )
        );
      }
    }
    return null;
  }

  /** What a page of hits marks, worked out once per query: matchers by term id, passage weights. */
  private marking(compiled: CompiledQuery): HitMarking {
    const bodyMatchers = this.markersFor(compiled, 'body');
    return {
      title: new StreamMatcherIndex(
        this.streamMatchers(this.markersFor(compiled, 'title')),
        this.snapshot.terms.length,
      ),
      body: new StreamMatcherIndex(this.streamMatchers(bodyMatchers), this.snapshot.terms.length),
      bodyWeights: matcherWeights(bodyMatchers),
    };
  }

  private toHit(candidate: Candidate, marking: HitMarking, duplicates: readonly number[]): SearchHit {
    const { docIndex } = candidate;
    const document = this.snapshot.documents.get(docIndex);
    const titleSpans = streamSpans(this.snapshot, docIndex, FIELD_INDEX.title, marking.title);
    const bodySpans = streamSpans(this.snapshot, docIndex, FIELD_INDEX.body, marking.body);
    return {
      id: document.id,
      title: document.title,
      titleHtml: highlightTextFromSpans(document.title, titleSpans),
      source: document.source,
      authors: document.authors,
      date: document.date,
      dateText: document.dateText,
      url: document.url,
      score: Math.round(candidate.score * 1000) / 1000,
      snippet: snippetFromSpans(document.body, bodySpans, marking.bodyWeights),
      duplicates: duplicates.slice(0, this.options.foldedDuplicates).map((doc) => this.reference(doc)),
      duplicateCount: duplicates.length,
    };
  }

  /** The few fields a link to an article needs. */
  private reference(docIndex: number): DuplicateRef {
    const { id, title, source, date, dateText } = this.snapshot.documents.get(docIndex);
    return { id, title, source, date, dateText };
  }

  /** What to mark in a field: the clauses that may match there, and the typed words as a phrase. */
  private markersFor(compiled: CompiledQuery, field: SearchField): Matcher[] {
    const clauses = positiveClauses(compiled).filter((c) => c.fields.includes(FIELD_INDEX[field]));
    const matchers = clauses.map((c) => c.matcher);
    return compiled.typedPhrase === null ? matchers : [compiled.typedPhrase, ...matchers];
  }
}

/**
 * The typed words as a phrase (stop words at either end dropped) when the query is a plain run of
 * two or more words: no OR, no prefix, no quotes. Null otherwise.
 */
function typedPhraseMatcher(parsed: ParsedQuery, id: number): Extract<Matcher, { kind: 'phrase' }> | null {
  const positive = parsed.clauses.filter((clause) => clause.occur !== 'mustNot');
  const plainWords = positive.every(
    (clause) => clause.alternatives.length === 1 && clause.alternatives[0]?.kind === 'word',
  );
  if (!plainWords || positive.length < 2 || parsed.sequence.includes('break')) return null;
  const items = parsed.sequence.filter((item) => item !== 'break');
  const first = items.findIndex((item) => !item.stop);
  const last = items.findLastIndex((item) => !item.stop);
  return { id, kind: 'phrase', terms: items.slice(first, last + 1).map((item) => item.term), words: null };
}

/** Every positive clause of a compiled query, in bit order. */
function positiveClauses(compiled: CompiledQuery): CompiledClause[] {
  return compiled.groups.flatMap((group) => group.alternatives);
}

/** Whether group `g` has an alternative whose bit is set in `mask`. */
function groupMatched(compiled: CompiledQuery, g: number, mask: number): boolean {
  let bit = 0;
  for (let i = 0; i < g; i += 1) bit += compiled.groups[i]?.alternatives.length ?? 0;
  const group = compiled.groups[g];
  if (group === undefined) return false;
  return group.alternatives.some((_clause, k) => (mask & clauseBit(bit + k)) !== 0);
}

function joinWords(head: string, tail: string): string {
  return head === '' ? tail : `${head} ${tail}`;
}

/**
 * The share of the query's information a clause mask holds: the IDF of the clauses matched over the
 * IDF of all of them (each clause counts equally when none has an IDF, the index lacking every term).
 */
function coverageOf(clauses: readonly CompiledClause[]): (mask: number) => number {
  const total = clauses.reduce((sum, clause) => sum + clause.idf, 0);
  if (total === 0) return (mask) => popCount(mask) / Math.max(1, clauses.length);
  return (mask) => {
    let matched = 0;
    for (let i = 0; i < clauses.length; i += 1) {
      if ((mask & clauseBit(i)) !== 0) matched += clauses[i]?.idf ?? 0;
    }
    return matched / total;
  };
}

/** Queries with at most this many clauses get their coordination factors tabled by mask. */
const TABLED_CLAUSES = 10;

/**
 * The coordination factor of a clause mask, `coverage ^ exponent`. A common word matches thousands of
 * documents but a short query has few distinct masks: those are computed once, not a power per match.
 */
function coordinationOf(clauses: readonly CompiledClause[], exponent: number): (mask: number) => number {
  const coverage = coverageOf(clauses);
  if (clauses.length > TABLED_CLAUSES) return (mask) => coverage(mask) ** exponent;
  const table = new Float64Array(2 ** clauses.length);
  for (let mask = 0; mask < table.length; mask += 1) table[mask] = coverage(mask) ** exponent;
  return (mask) => table[mask] ?? coverage(mask) ** exponent;
}

function popCount(mask: number): number {
  let count = 0;
  for (let rest = mask >>> 0; rest !== 0; rest >>>= 1) count += rest & 1;
  return count;
}

function byScore(a: Candidate, b: Candidate): number {
  return b.score - a.score || a.docIndex - b.docIndex;
}

/** Result order: every word before some, then score. */
function byRank(a: Candidate, b: Candidate): number {
  return b.tier - a.tier || byScore(a, b);
}

function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

/** Milliseconds since `started`, to two decimals, as results report them. */
function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

function clamp(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}
