/**
 * The search engine over one immutable snapshot: parses a query, asks MiniSearch for BM25 candidates,
 * checks phrases and exclusions exactly against the token streams, boosts documents whose words stand
 * together as typed, and builds highlighted snippets for the page of hits.
 */
import MiniSearch, { type SearchResult as MiniSearchResult, type Query } from 'minisearch';
import { FIELD_BOOSTS, FIELD_INDEX, SEARCH_FIELDS } from './fields.ts';
import { Lexicon } from './lexicon.ts';
import { containsPhrase, proximity, queryPairs, type TermPair } from './positions.ts';
import { type Clause, type ParsedQuery, parseQuery, type SearchField } from './queryParser.ts';
import type { IndexSnapshot, Manifest, StoredDocument } from './snapshot.ts';
import { buildSnippet, highlightParagraphs, highlightText, type Matcher } from './snippets.ts';

/** Ranking and expansion settings; every default is in {@link defaultEngineOptions}. */
export interface EngineOptions {
  /** BM25 weight of a match per field. */
  fieldBoosts: Readonly<Record<SearchField, number>>;
  /** MiniSearch's BM25+ parameters: term saturation `k`, length normalization `b`, floor `d`. */
  bm25: { k: number; b: number; d: number };
  /** Gain for the share of the query's word pairs found side by side: score × (1 + w × share + …). */
  proximityWeight: number;
  /** Further gain when all the typed words stand together, in order, as one phrase. */
  typedPhraseWeight: number;
  /** How many of the best BM25 candidates are re-ranked by proximity. */
  proximityCandidates: number;
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
  /** Most vocabulary words a `word*` prefix expands to (the most frequent are kept). */
  prefixExpansions: number;
  /** Most vocabulary words a misspelt word expands to. */
  fuzzyExpansions: number;
  /** Largest page of hits a caller may ask for. */
  maxLimit: number;
}

export const defaultEngineOptions: EngineOptions = {
  fieldBoosts: FIELD_BOOSTS,
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  proximityWeight: 0.5,
  typedPhraseWeight: 1.5,
  proximityCandidates: 200,
  fuzzyMinLength: 5,
  fuzzyBelowDocFreq: 10,
  fuzzyFrequencyRatio: 3,
  fuzzyWeight: 0.45,
  prefixExpansions: 50,
  fuzzyExpansions: 8,
  maxLimit: 100,
};

/** Which page of results to return. */
export interface SearchOptions {
  /** Hits per page, 1 to `maxLimit` (default 10). */
  limit?: number;
  /** Hits to skip (default 0). */
  offset?: number;
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
}

/** A page of results and how the query was read. */
export interface SearchResult {
  query: string;
  /** Number of matching articles (all pages). */
  total: number;
  hits: SearchHit[];
  /** True when no article had every word and the results are those with any of them. */
  fallback: boolean;
  /** How the query was interpreted, in sentences for the user. */
  notices: string[];
  tookMs: number;
}

/** A clause prepared for execution: terms to ask MiniSearch for, fields to check, what to mark. */
interface CompiledClause {
  clause: Clause;
  /** Field indexes the clause may match in. */
  fields: number[];
  /** Index terms with their weights: a word's exact term and expansions, or a phrase's ranked terms. */
  alternatives: Map<string, number>;
  /** A phrase's term ids in order (-1 for unknown terms); null for words. */
  phraseIds: number[] | null;
  matcher: Matcher;
}

interface CompiledQuery {
  parsed: ParsedQuery;
  groups: CompiledClause[][];
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
}

/** Searches one snapshot. Immutable: to search a rebuilt index, create a new engine. */
export class SearchEngine {
  readonly options: EngineOptions;
  private readonly lexicon: Lexicon;
  private readonly termIds: Map<string, number>;
  private readonly docIndexById: Map<string, number>;

  constructor(
    private readonly snapshot: IndexSnapshot,
    options: Partial<EngineOptions> = {},
  ) {
    this.options = { ...defaultEngineOptions, ...options };
    this.lexicon = new Lexicon(snapshot);
    this.termIds = new Map(snapshot.terms.map((term, id) => [term, id]));
    this.docIndexById = new Map(snapshot.documents.map((document, index) => [document.id, index]));
  }

  /** What the loaded index was built from. */
  get manifest(): Manifest {
    return this.snapshot.manifest;
  }

  /** Every article, in id order. */
  get documents(): readonly StoredDocument[] {
    return this.snapshot.documents;
  }

  /** The article with this id, or undefined. */
  article(id: string): StoredDocument | undefined {
    const index = this.docIndexById.get(id);
    return index === undefined ? undefined : this.snapshot.documents[index];
  }

  /**
   * Runs a query and returns one page of ranked hits. Throws {@link QueryError} for a query that
   * cannot be run (the message says why); any other input gets an answer.
   */
  search(query: string, options: SearchOptions = {}): SearchResult {
    const started = performance.now();
    const limit = clamp(options.limit ?? 10, 1, this.options.maxLimit);
    const offset = Math.max(0, Math.floor(options.offset ?? 0));
    const compiled = this.compile(parseQuery(query));
    let fallback = false;
    let ranked = this.rank(compiled, 'all');
    if (ranked.length === 0 && compiled.groups.length > 1) {
      ranked = this.rank(compiled, 'any');
      fallback = ranked.length > 0;
      if (fallback)
        compiled.notices.push('No article has all of the words; showing articles with any of them.');
    }
    const hits = ranked.slice(offset, offset + limit).map((candidate) => this.toHit(candidate, compiled));
    return {
      query,
      total: ranked.length,
      hits,
      fallback,
      notices: compiled.notices,
      tookMs: Math.round((performance.now() - started) * 100) / 100,
    };
  }

  /**
   * An article's paragraphs as HTML with every match of `query` marked (the first with
   * `id="first-match"`). A missing or unusable query marks nothing.
   */
  highlightArticle(
    id: string,
    query: string | undefined,
  ): { paragraphs: string[]; matches: number } | undefined {
    const document = this.article(id);
    if (document === undefined) return undefined;
    let matchers: Matcher[] = [];
    if (query !== undefined && query.trim() !== '') {
      try {
        matchers = this.markersFor(this.compile(parseQuery(query)), 'body');
      } catch {
        matchers = [];
      }
    }
    return highlightParagraphs(document.body, matchers);
  }

  private compile(parsed: ParsedQuery): CompiledQuery {
    const notices = [...parsed.notices];
    let nextId = 0;
    const compileClause = (clause: Clause, expand: boolean): CompiledClause => {
      const id = nextId;
      nextId += 1;
      const fields = clause.field === null ? SEARCH_FIELDS.map((_, i) => i) : [FIELD_INDEX[clause.field]];
      if (clause.kind === 'phrase') {
        const alternatives = new Map<string, number>();
        clause.terms.forEach((term, i) => {
          if (!clause.stops[i]) alternatives.set(term, 1);
        });
        return {
          clause,
          fields,
          alternatives,
          phraseIds: clause.terms.map((term) => this.termIds.get(term) ?? -1),
          matcher: { id, kind: 'phrase', terms: clause.terms },
        };
      }
      const alternatives = this.expandWord(clause, expand, notices);
      return {
        clause,
        fields,
        alternatives,
        phraseIds: null,
        matcher: { id, kind: 'terms', terms: new Set(alternatives.keys()) },
      };
    };
    const groups = parsed.groups.map((group) => group.map((clause) => compileClause(clause, true)));
    const excluded = parsed.excluded.map((clause) => compileClause(clause, false));
    const sequence = parsed.sequence.map((item) =>
      item === 'break' ? item : item.stop ? null : (this.termIds.get(item.term) ?? -1),
    );
    const typedPhrase = typedPhraseMatcher(parsed, nextId);
    return {
      parsed,
      groups,
      excludedWords: excluded.filter((c) => c.phraseIds === null),
      excludedPhrases: excluded.filter((c) => c.phraseIds !== null),
      pairs: queryPairs(sequence),
      typedPhrase,
      typedPhraseIds:
        typedPhrase === null ? null : typedPhrase.terms.map((term) => this.termIds.get(term) ?? -1),
      notices,
    };
  }

  /** A word's index terms with weights: itself, its prefix completions, or near spellings when rare. */
  private expandWord(
    clause: Extract<Clause, { kind: 'word' }>,
    expand: boolean,
    notices: string[],
  ): Map<string, number> {
    const alternatives = new Map<string, number>([[clause.term, 1]]);
    if (clause.prefix) {
      for (const entry of this.lexicon.withPrefix(clause.word, this.options.prefixExpansions)) {
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

  /** All matching documents, best first. `mode` 'all' requires every group, 'any' at least one. */
  private rank(compiled: CompiledQuery, mode: 'all' | 'any'): Candidate[] {
    const clauses = compiled.groups.flat();
    const positive: Query =
      mode === 'all'
        ? {
            combineWith: 'AND',
            queries: compiled.groups.map((group) =>
              group.length === 1 && group[0] !== undefined
                ? this.clauseQuery(group[0])
                : { combineWith: 'OR', queries: group.map((clause) => this.clauseQuery(clause)) },
            ),
          }
        : { combineWith: 'OR', queries: clauses.map((clause) => this.clauseQuery(clause)) };
    const query: Query =
      compiled.excludedWords.length === 0
        ? positive
        : {
            combineWith: 'AND_NOT',
            queries: [positive, ...compiled.excludedWords.map((c) => this.clauseQuery(c))],
          };
    const results = this.snapshot.miniSearch.search(query, {
      boost: { ...this.options.fieldBoosts },
      bm25: this.options.bm25,
    });

    const candidates: Candidate[] = [];
    for (const result of results) {
      const docIndex = result.id as number;
      let matchedClauses = 0;
      let satisfiedGroups = 0;
      for (const group of compiled.groups) {
        let groupMatched = false;
        for (const clause of group) {
          if (this.clauseMatches(clause, docIndex, result)) {
            matchedClauses += 1;
            groupMatched = true;
          }
        }
        if (groupMatched) satisfiedGroups += 1;
      }
      if (mode === 'all' ? satisfiedGroups < compiled.groups.length : satisfiedGroups === 0) continue;
      if (compiled.excludedPhrases.some((clause) => this.clauseMatches(clause, docIndex, result))) continue;
      // MiniSearch multiplies by the number of query terms matched; we weigh by clauses instead, so a
      // word's expansions or a phrase's several words do not count as several matches.
      const bm25 = result.score / Math.max(1, result.queryTerms.length);
      candidates.push({ docIndex, score: bm25 * Math.max(1, matchedClauses) });
    }
    candidates.sort(byScore);
    this.boostProximity(candidates, compiled);
    return candidates;
  }

  /**
   * Re-ranks the best candidates by how closely their words follow the typed order: a share of the
   * word pairs side by side counts some, the whole run of typed words as a phrase counts most.
   */
  private boostProximity(candidates: Candidate[], compiled: CompiledQuery): void {
    const { pairs, typedPhraseIds } = compiled;
    if (pairs.length === 0) return;
    const { proximityWeight, typedPhraseWeight, proximityCandidates } = this.options;
    const fields = [FIELD_INDEX.title, FIELD_INDEX.body];
    for (const candidate of candidates.slice(0, proximityCandidates)) {
      const share = proximity(this.snapshot, candidate.docIndex, fields, pairs);
      const whole =
        share === 1 &&
        typedPhraseIds !== null &&
        containsPhrase(this.snapshot, candidate.docIndex, fields, typedPhraseIds);
      candidate.score *= 1 + proximityWeight * share + (whole ? typedPhraseWeight : 0);
    }
    candidates.sort(byScore);
  }

  private clauseMatches(clause: CompiledClause, docIndex: number, result: MiniSearchResult): boolean {
    if (clause.phraseIds !== null)
      return containsPhrase(this.snapshot, docIndex, clause.fields, clause.phraseIds);
    for (const term of clause.alternatives.keys()) {
      const fields = result.match[term];
      if (fields?.some((field) => clause.fields.includes(FIELD_INDEX[field as SearchField]))) return true;
    }
    return false;
  }

  /** The MiniSearch query for one clause: any of a word's terms, or all of a phrase's ranked terms. */
  private clauseQuery(clause: CompiledClause): Query {
    const fields = clause.clause.field === null ? undefined : [clause.clause.field];
    if (clause.phraseIds !== null) {
      if (clause.alternatives.size === 0) return MiniSearch.wildcard;
      return { combineWith: 'AND', queries: [...clause.alternatives.keys()], fields };
    }
    return {
      combineWith: 'OR',
      queries: [...clause.alternatives.keys()],
      fields,
      boostTerm: (term: string) => clause.alternatives.get(term) ?? 1,
    };
  }

  private toHit(candidate: Candidate, compiled: CompiledQuery): SearchHit {
    const document = this.snapshot.documents[candidate.docIndex] as StoredDocument;
    return {
      id: document.id,
      title: document.title,
      titleHtml: highlightText(document.title, this.markersFor(compiled, 'title')),
      source: document.source,
      authors: document.authors,
      date: document.date,
      dateText: document.dateText,
      url: document.url,
      score: Math.round(candidate.score * 1000) / 1000,
      snippet: buildSnippet(document.body, this.markersFor(compiled, 'body')),
    };
  }

  /** What to mark in a field: the clauses that may match there, and the typed words as a phrase. */
  private markersFor(compiled: CompiledQuery, field: SearchField): Matcher[] {
    const clauses = compiled.groups.flat().filter((c) => c.fields.includes(FIELD_INDEX[field]));
    const matchers = clauses.map((c) => c.matcher);
    return compiled.typedPhrase === null ? matchers : [compiled.typedPhrase, ...matchers];
  }
}

/**
 * The typed words as a phrase (stop words at either end dropped) when the query is a plain run of
 * two or more words: no OR, no prefix, no quotes. Null otherwise.
 */
function typedPhraseMatcher(parsed: ParsedQuery, id: number): Extract<Matcher, { kind: 'phrase' }> | null {
  const plainWords = parsed.groups.every((group) => group.length === 1 && group[0]?.kind === 'word');
  if (!plainWords || parsed.groups.length < 2 || parsed.sequence.includes('break')) return null;
  const items = parsed.sequence.filter((item) => item !== 'break');
  const first = items.findIndex((item) => !item.stop);
  const last = items.findLastIndex((item) => !item.stop);
  return { id, kind: 'phrase', terms: items.slice(first, last + 1).map((item) => item.term) };
}

function byScore(a: Candidate, b: Candidate): number {
  return b.score - a.score || a.docIndex - b.docIndex;
}

function clamp(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}
