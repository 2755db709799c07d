/**
 * The search engine over one immutable snapshot. A query goes through these steps, each its own
 * module:
 *
 * 1. parse (query/parser.ts): the typed text as clauses, names and operators;
 * 2. compile (compile.ts): words expanded to index terms, names to id sequences;
 * 3. match (matching.ts): BM25 over the postings into the score board, names and exclusions
 *    checked against the token streams;
 * 4. filter and count facets (facets.ts), fold near-duplicates (duplicateFolding.ts);
 * 5. rank (ranking.ts): tier, relevance and proximity, or date; explain on request (explain.ts);
 * 6. mark (marking.ts, snippets.ts): each hit's title and best passage as text with marks.
 *
 * The engine owns the per-query working memory (scoreBoard.ts) and the caches of one snapshot.
 */

import type { StoredDocument } from '../artifact/documentStore.ts';
import type { IndexSnapshot, Manifest } from '../artifact/snapshot.ts';
import { articleFieldsOf, FIELD_INDEX } from '../fields.ts';
import { type CompiledQuery, compileQuery } from './compile.ts';
import { CooccurrenceCounter } from './cooccurrence.ts';
import { completeQuery, relatedArticles, sourceCounts } from './discovery.ts';
import { foldDuplicates } from './duplicateFolding.ts';
import { defaultEngineOptions, type EngineOptions } from './engineOptions.ts';
import { explainHit } from './explain.ts';
import { FacetCounter } from './facetCounts.ts';
import { type Facets, filterTest, hasFilters, normalizeFilters, type SearchFilters } from './facets.ts';
import { Lexicon } from './lexicon.ts';
import {
  type HitMarking,
  highlightArticleBody,
  hitMarking,
  type MarkingContext,
  markersFor,
  NO_MARKING,
} from './marking.ts';
import { accumulate, collectMatches } from './matching.ts';
import { NameSuggester } from './nameSuggester.ts';
import { PhraseCandidateLookup } from './phraseCandidates.ts';
import { streamSpans } from './positions.ts';
import { parseQuery, relaxTypedRequirements } from './query/parser.ts';
import type { ParsedQuery } from './query/syntax.ts';
import { type Candidate, type ProximityGain, type RankingContext, rankMatches } from './ranking.ts';
import { ResultCache, type ResultCacheStats } from './resultCache.ts';
import type {
  Completion,
  DuplicateRef,
  HighlightedArticle,
  RelatedArticle,
  SearchHit,
  SearchOptions,
  SearchResult,
  SortOrder,
} from './results.ts';
import { ScoreBoard } from './scoreBoard.ts';
import { highlightTextFromSpans, type Matcher, snippetFromSpans } from './snippets.ts';
import {
  NO_CORRECTIONS,
  type SpellingCorrections,
  type SpellingVocabulary,
  spellingCorrections,
  suggestionOf,
} from './spelling.ts';
import { TermScorer } from './termScorer.ts';

/** One page of results, as {@link SearchEngine.search} asks for it once its options are settled. */
interface PageRequest {
  limit: number;
  offset: number;
  filters: SearchFilters;
  sort: SortOrder;
  withFacets: boolean;
  browsing: boolean;
  explain: boolean;
}

/** Searches one snapshot. Immutable: to search a rebuilt index, create a new engine. */
export class SearchEngine {
  readonly options: EngineOptions;
  private readonly lexicon: Lexicon;
  private readonly scorer: TermScorer;
  private readonly phraseCandidates: PhraseCandidateLookup;
  private readonly docIndexById: Map<string, number>;
  /** What "Did you mean" looks words up in: the vocabulary, and which words go together. */
  private readonly spellingVocabulary: SpellingVocabulary;
  private readonly board: ScoreBoard;
  private readonly ranking: RankingContext;
  private readonly markingContext: MarkingContext;
  private sourceCounts: { name: string; count: number }[] | null = null;
  /** Counts facets; made on the first search that asks for them. */
  private facetCounter: FacetCounter | null = null;
  /** Completes names (`Robert Lighthizer`); built on the first completion, not at every load. */
  private nameSuggester: NameSuggester | null = null;
  private readonly results: ResultCache<SearchResult>;
  /**
   * Facets by query and filters: every page of a search has the same ones, so the next page of a
   * query reuses the first page's counts instead of counting its matches again.
   */
  private readonly facetsByQuery: ResultCache<Facets>;
  /**
   * Related articles by article: every article page shows them, the pages read most are read again
   * and again, and computing them scores the article's 25 most distinctive words over the archive.
   */
  private readonly relatedByArticle: ResultCache<RelatedArticle[]>;

  constructor(
    private readonly snapshot: IndexSnapshot,
    options: Partial<EngineOptions> = {},
  ) {
    this.options = { ...defaultEngineOptions, ...options };
    this.lexicon = new Lexicon(snapshot);
    this.scorer = new TermScorer(snapshot, this.options, this.lexicon);
    this.phraseCandidates = new PhraseCandidateLookup(
      snapshot.commonPairs,
      snapshot.words.length,
      snapshot.wordDocs,
    );
    this.docIndexById = new Map(snapshot.documents.columns.ids.map((id, index) => [id, index]));
    const cooccurrence = new CooccurrenceCounter(snapshot, this.lexicon, this.scorer, this.phraseCandidates);
    this.spellingVocabulary = {
      docFreqOfWord: (word) => this.lexicon.docFreqOfWord(word),
      near: (word, maxDistance, limit, minDocFreq) => this.lexicon.near(word, maxDistance, limit, minDocFreq),
      togetherWith: (context) => cooccurrence.togetherWith(context),
      besideWord: (neighbour, side) => cooccurrence.besideWord(neighbour, side),
    };
    this.board = new ScoreBoard(snapshot.documents.count);
    this.ranking = {
      snapshot,
      dateKeys: Float64Array.from(snapshot.documents.columns.dates, (date) =>
        date === null ? 0 : Number(date.replaceAll('-', '')),
      ),
      options: this.options,
    };
    this.markingContext = { scorer: this.scorer, lexicon: this.lexicon, termCount: snapshot.terms.length };
    this.results = new ResultCache(this.options.resultCacheEntries);
    this.facetsByQuery = new ResultCache(this.options.resultCacheEntries);
    this.relatedByArticle = new ResultCache(this.options.resultCacheEntries);
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
    this.sourceCounts ??= sourceCounts(this.snapshot);
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

  /** Completions of a partly typed query, for search-as-you-type (see discovery.ts). */
  complete(input: string, limit = 8): Completion[] {
    return completeQuery(input, limit, this.lexicon, () => {
      this.nameSuggester ??= new NameSuggester(this.snapshot.names);
      return this.nameSuggester;
    });
  }

  /**
   * Articles most like the one with this id ("more like this"; see discovery.ts), its own
   * near-duplicates left out. Empty for an unknown id. Asked again, it may come from the result
   * cache, frozen: treat it as read-only.
   */
  related(id: string, limit = 5): RelatedArticle[] {
    const docIndex = this.docIndexById.get(id);
    if (docIndex === undefined) return [];
    return this.relatedByArticle.getOrCompute(`${docIndex}/${limit}`, () => {
      const context = {
        snapshot: this.snapshot,
        board: this.board,
        scorer: this.scorer,
        lexicon: this.lexicon,
        relatedTerms: this.options.relatedTerms,
      };
      return relatedArticles(docIndex, limit, context).map((candidate) => ({
        ...this.reference(candidate.docIndex),
        score: Math.round(candidate.score * 1000) / 1000,
      }));
    }).result;
  }

  /**
   * Runs a query and returns one page of ranked hits. Throws {@link QueryError} for a query that
   * cannot be run or a malformed filter (the message says why); any other input gets an answer. An
   * empty query with a filter browses: every article the filters keep, newest first. A search asked
   * again may be answered from the result cache (see resultCache.ts), frozen: treat results as read-only.
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

  /**
   * One part of an article (see articleParts.ts; most articles are one part) as paragraphs with every
   * match of `query` marked. Without `part`, the part holding the first match, else the first. A
   * missing or unusable query marks nothing.
   */
  highlightArticle(id: string, query: string | undefined, part?: number): HighlightedArticle | undefined {
    const docIndex = this.docIndexById.get(id);
    if (docIndex === undefined) return undefined;
    let matchers: Matcher[] = [];
    if (query !== undefined && query.trim() !== '') {
      try {
        matchers = markersFor(this.compile(query), 'body');
      } catch {
        matchers = [];
      }
    }
    return highlightArticleBody(this.snapshot, docIndex, matchers, this.markingContext, part);
  }

  /** Computes one page of results: what {@link search} caches. */
  private run(query: string, request: PageRequest, started: number): SearchResult {
    const { limit, offset, filters, sort, withFacets, browsing, explain } = request;
    const parsed = browsing ? null : parseQuery(query, this.options.query);
    // What "Did you mean" would change: suggested, and what the near spellings of a misspelt word lean to.
    const corrections =
      parsed === null
        ? NO_CORRECTIONS
        : spellingCorrections(query, this.spellingVocabulary, this.options.spelling);
    let compiled = parsed === null ? null : this.compileParsed(parsed, corrections);
    // The words `+` or `AND` required, when no article has them all (null when none were dropped).
    let droppedRequirements: string[] | null = null;
    const { board, snapshot, scorer } = this;
    try {
      if (compiled === null) {
        for (let doc = 0; doc < this.documentCount; doc += 1) board.matchDocs[doc] = doc;
        board.matchScores.fill(0, 0, this.documentCount);
        board.matchTiers.fill(1, 0, this.documentCount);
        board.matchCount = this.documentCount;
      } else {
        this.match(compiled);
        const relaxation = parsed !== null && board.matchCount === 0 ? relaxTypedRequirements(parsed) : null;
        if (relaxation !== null) {
          const relaxed = this.compileParsed(relaxation.parsed, corrections);
          board.clear();
          this.match(relaxed);
          if (board.matchCount > 0) {
            compiled = relaxed;
            droppedRequirements = relaxation.relaxed;
          }
        }
      }
      // The key only where counts are kept: with LEDE_RESULT_CACHE=0 every search counts its own.
      const facetsKey = this.options.resultCacheEntries > 0 ? JSON.stringify([query, filters]) : '';
      const facets = this.applyFilters(filters, withFacets ? facetsKey : null);
      const articles = board.matchCount;
      const duplicates = foldDuplicates(board, snapshot.duplicateGroups);
      let allWords = 0;
      for (let i = 0; i < board.matchCount; i += 1) allWords += board.matchTiers[i] ?? 0;
      const shouldGroups = compiled?.groups.filter((group) => group.occur === 'should').length ?? 0;
      const fallback = allWords === 0 && board.matchCount > 0 && shouldGroups > 1;
      if (droppedRequirements !== null) {
        compiled?.notices.push(
          `No article has every required word (${droppedRequirements.join(', ')}); showing articles with any of the words.`,
        );
      } else if (fallback) {
        compiled?.notices.push('No article has all of the words; showing articles with any of them.');
      }
      const proximities = new Map<number, ProximityGain>();
      const ranked = rankMatches(board, compiled, offset + limit, sort, proximities, this.ranking);
      const marking = compiled === null ? NO_MARKING : hitMarking(compiled, this.markingContext);
      const hits = ranked.slice(offset, offset + limit).map((candidate) => {
        const hit = this.toHit(candidate, marking, duplicates.get(candidate.docIndex) ?? []);
        if (!explain || compiled === null) return hit;
        const gain = proximities.get(candidate.docIndex);
        const exponent = this.options.coordinationExponent;
        return { ...hit, explanation: explainHit(compiled, candidate, gain, snapshot, scorer, exponent) };
      });
      return {
        query,
        total: board.matchCount,
        articles,
        hits,
        filters,
        sort,
        facets,
        suggestion: suggestionOf(query, corrections),
        allWords,
        fallback,
        notices: compiled?.notices ?? [],
        tookMs: elapsedMs(started),
      };
    } finally {
      board.clear();
    }
  }

  /** Scores and collects the matches of a compiled query into the board. */
  private match(compiled: CompiledQuery): void {
    const { board, snapshot, scorer } = this;
    accumulate(board, scorer, snapshot.postings.documentCount, compiled);
    collectMatches(board, snapshot, scorer, compiled, this.options.coordinationExponent);
  }

  private compile(query: string): CompiledQuery {
    const corrections = spellingCorrections(query, this.spellingVocabulary, this.options.spelling);
    return this.compileParsed(parseQuery(query, this.options.query), corrections);
  }

  private compileParsed(parsed: ParsedQuery, corrections: SpellingCorrections): CompiledQuery {
    return compileQuery(parsed, {
      lexicon: this.lexicon,
      scorer: this.scorer,
      phraseCandidates: this.phraseCandidates,
      corrections: corrections.byWord,
      options: this.options,
    });
  }

  /**
   * Narrows the board's matches to those passing `filters`, first counting facets over them (each
   * dimension under the other dimensions' filters) when asked: with `facetsKey`, under which the
   * counts of the same query and filters are remembered.
   */
  private applyFilters(filters: SearchFilters, facetsKey: string | null): Facets | null {
    const board = this.board;
    const columns = this.snapshot.documents.columns;
    const count = (fails: Uint8Array) =>
      this.facetsByQuery.getOrCompute(facetsKey ?? '', () => {
        this.facetCounter ??= new FacetCounter(columns);
        return this.facetCounter.count(board.matchDocs, fails, board.matchCount, filters);
      }).result;
    const withFacets = facetsKey !== null;
    if (!hasFilters(filters)) return withFacets ? count(new Uint8Array(board.matchCount)) : null;
    const test = filterTest(columns, filters);
    const fails = new Uint8Array(board.matchCount);
    for (let i = 0; i < board.matchCount; i += 1) fails[i] = test(board.matchDocs[i] ?? 0);
    const facets = withFacets ? count(fails) : null;
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

  private toHit(candidate: Candidate, marking: HitMarking, duplicates: readonly number[]): SearchHit {
    const { docIndex } = candidate;
    const document = this.snapshot.documents.get(docIndex);
    const titleSpans = streamSpans(this.snapshot, docIndex, FIELD_INDEX.title, marking.title);
    const bodySpans = streamSpans(this.snapshot, docIndex, FIELD_INDEX.body, marking.body);
    // Object.assign, not a spread of the article's fields: the spread cost microseconds a hit in V8.
    return Object.assign({ id: document.id }, articleFieldsOf(document), {
      titleMarks: highlightTextFromSpans(document.title, titleSpans),
      date: document.date,
      dateText: document.dateText,
      url: document.url,
      score: Math.round(candidate.score * 1000) / 1000,
      snippet: snippetFromSpans(document.body, bodySpans, marking.bodyWeights, this.options.snippets),
      duplicates: duplicates.slice(0, this.options.foldedDuplicates).map((doc) => this.reference(doc)),
      duplicateCount: duplicates.length,
    });
  }

  /** The few fields a link to an article needs. */
  private reference(docIndex: number): DuplicateRef {
    const { id, title, source, date, dateText } = this.snapshot.documents.get(docIndex);
    return { id, title, source, date, dateText };
  }
}

/** Milliseconds since `started`, to two decimals, as results report them. */
function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

function clamp(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}
