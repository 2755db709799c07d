/**
 * A parsed query prepared for one index: each word expanded to its index terms (prefix completions,
 * near spellings of a rare word) with weights and term ids, phrases as id sequences, the clauses that
 * fit a document's clause mask, the word pairs proximity looks for, and what to mark.
 */
import { FIELD_INDEX, SEARCH_FIELDS } from '../fields.ts';
import type { EngineOptions } from './engineOptions.ts';
import type { Lexicon } from './lexicon.ts';
import type { PhraseCandidateLookup, PhraseCandidates } from './phraseCandidates.ts';
import { queryPairs, type TermPair } from './positions.ts';
import type { Clause, Occur, ParsedQuery } from './query/syntax.ts';
import { clauseBit, MAX_CLAUSES } from './scoreBoard.ts';
import type { Matcher } from './snippets.ts';
import type { TermScorer, TermWeight } from './termScorer.ts';

/** A clause prepared for execution: terms to score, fields to check, what to mark. */
export interface CompiledClause {
  clause: Clause;
  /** The query clause it belongs to (its typed text, for explanations). */
  text: string;
  /** Field indexes the clause may match in. */
  fields: number[];
  /** Index terms with their weights: a word's exact term and expansions, or a phrase's ranked terms. */
  alternatives: Map<string, number>;
  /** The same terms as term ids (terms the index lacks are left out). */
  termWeights: TermWeight[];
  /** How informative the clause is: the largest IDF of its terms (0 when the index has none). */
  idf: number;
  /**
   * A phrase's ids in order (-1 for unknown ones): word ids when `exact` (a quoted phrase matches the
   * words as written), term ids otherwise; which of them is rarest (`anchor`: the token streams are
   * scanned for it); and the articles that can hold it when the stored pairs and word lists tell
   * (`candidates`, null otherwise). Null for words.
   */
  phrase: { ids: number[]; exact: boolean; anchor: number; candidates: PhraseCandidates | null } | null;
  matcher: Matcher;
}

/** A query clause prepared: its alternatives (any of which satisfies it), how it must occur. */
export interface CompiledGroup {
  occur: Exclude<Occur, 'mustNot'>;
  alternatives: CompiledClause[];
}

export interface CompiledQuery {
  /** Positive clauses in bit order: alternative `k` of all groups flattened has bit `k`. */
  groups: CompiledGroup[];
  /** The groups' alternatives flattened, in bit order (see {@link positiveClauses}). */
  clauses: CompiledClause[];
  /**
   * The words and phrases past the clause budget (a pasted paragraph's most common ones, see
   * {@link withinClauseBudget}): they add their BM25 to the articles that have them, as every word
   * of a query does in BM25, but take no part in which articles match, the every-word tier or the
   * share of the query an article holds. Empty for a query within the budget.
   */
  unbudgeted: CompiledClause[];
  excludedWords: CompiledClause[];
  excludedPhrases: CompiledClause[];
  pairs: TermPair[];
  /** The unquoted words as one phrase, so a snippet prefers the passage where they stand as typed. */
  typedPhrase: Extract<Matcher, { kind: 'phrase' }> | null;
  /** The typed phrase's term ids, for the ranking boost. */
  typedPhraseIds: number[] | null;
  notices: string[];
}

/** What compiling needs of the index and the settings. */
export interface CompileContext {
  lexicon: Lexicon;
  scorer: TermScorer;
  phraseCandidates: PhraseCandidateLookup;
  /** Misspelt words (folded, as typed) and the words meant, as "Did you mean" reads them (spelling.ts). */
  corrections?: ReadonlyMap<string, string>;
  options: Pick<
    EngineOptions,
    | 'prefixExpansions'
    | 'prefixExpansionsPerQuery'
    | 'fuzzyMinLength'
    | 'fuzzyBelowDocFreq'
    | 'fuzzyFrequencyRatio'
    | 'fuzzyExpansions'
    | 'fuzzyWeight'
  >;
}

/** Prepares a parsed query for execution against one index (notices say what was expanded or cut). */
export function compileQuery(parsed: ParsedQuery, context: CompileContext): CompiledQuery {
  const { lexicon, scorer, phraseCandidates, options } = context;
  const all = parsed.clauses.flatMap((clause) => clause.alternatives);
  const prefixes = all.filter((c) => c.kind === 'word' && c.prefix).length;
  const prefixLimit = Math.max(
    1,
    Math.min(options.prefixExpansions, Math.floor(options.prefixExpansionsPerQuery / Math.max(1, prefixes))),
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
      const termWeights = scorer.termWeights(alternatives);
      const ids = clause.exact
        ? clause.words.map((word) => lexicon.wordId(word))
        : clause.terms.map((term) => scorer.termId(term) ?? -1);
      const frequencies = clause.exact
        ? ids.map((wordId) => lexicon.docFreqOfWordId(wordId))
        : clause.terms.map((term) => lexicon.docFreqOfTerm(term));
      const anchor = frequencies.indexOf(Math.min(...frequencies));
      const allFields = fields.length === SEARCH_FIELDS.length;
      const candidates = clause.exact ? phraseCandidates.candidates(ids, allFields) : null;
      return {
        clause,
        text,
        fields,
        alternatives,
        termWeights,
        idf: scorer.largestIdf(termWeights),
        phrase: { ids, exact: clause.exact, anchor: Math.max(0, anchor), candidates },
        matcher: { id, kind: 'phrase', terms: clause.terms, words: clause.exact ? clause.words : null },
      };
    }
    const alternatives = expandWord(clause, expand, notices, prefixLimit, context);
    if (weight !== 1) for (const [term, each] of alternatives) alternatives.set(term, each * weight);
    const termWeights = scorer.termWeights(alternatives);
    return {
      clause,
      text,
      fields,
      alternatives,
      termWeights,
      idf: scorer.largestIdf(termWeights),
      phrase: null,
      matcher: { id, kind: 'terms', terms: new Set(alternatives.keys()) },
    };
  };
  const budget = withinClauseBudget(
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
  const groups = budget.kept;
  const excluded = parsed.clauses
    .filter((clause) => clause.occur === 'mustNot')
    .flatMap((clause) =>
      clause.alternatives.map((alternative) => compileClause(alternative, alternative.text, 1, false)),
    );
  const sequence = parsed.sequence.map((item) =>
    item === 'break' ? item : item.stop ? null : (scorer.termId(item.term) ?? -1),
  );
  const typedPhrase = typedPhraseMatcher(parsed, nextId);
  return {
    groups,
    clauses: groups.flatMap((group) => group.alternatives),
    unbudgeted: budget.dropped.flatMap((group) => group.alternatives),
    excludedWords: excluded.filter((c) => c.phrase === null),
    excludedPhrases: excluded.filter((c) => c.phrase !== null),
    pairs: queryPairs(sequence),
    typedPhrase,
    typedPhraseIds: typedPhrase === null ? null : typedPhrase.terms.map((term) => scorer.termId(term) ?? -1),
    notices,
  };
}

/** Every positive clause of a compiled query, in bit order. */
export function positiveClauses(compiled: CompiledQuery): CompiledClause[] {
  return compiled.clauses;
}

/** Whether group `g` has an alternative whose bit is set in `mask`. */
export function groupMatched(compiled: CompiledQuery, g: number, mask: number): boolean {
  let bit = 0;
  for (let i = 0; i < g; i += 1) bit += compiled.groups[i]?.alternatives.length ?? 0;
  const group = compiled.groups[g];
  if (group === undefined) return false;
  return group.alternatives.some((_clause, k) => (mask & clauseBit(bit + k)) !== 0);
}

/**
 * The groups that fit the {@link MAX_CLAUSES} bits of a document's clause mask: every required group
 * first, then the optional ones whose rarest word is rarest, as those tell the most about what the
 * query is after (a pasted paragraph's `results` and `shown` matter less than its `fibrosis`). The
 * kept groups stay in typed order; the others are returned too, to be scored without a bit (a
 * paragraph's BM25 over all its words ranked long queries better than over the 32 rarest: issue #15's
 * "more like this" check in BENCHMARKS.md), and a notice says how many decide the matches.
 */
function withinClauseBudget(
  groups: CompiledGroup[],
  notices: string[],
): { kept: CompiledGroup[]; dropped: CompiledGroup[] } {
  const total = groups.reduce((sum, group) => sum + group.alternatives.length, 0);
  if (total <= MAX_CLAUSES) return { kept: groups, dropped: [] };
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
    `The query has ${groups.length} words and phrases: the ${kept.length} most telling decide which articles match, and the others add to their scores.`,
  );
  const keptGroups = kept.sort((a, b) => a.order - b.order).map((entry) => entry.group);
  return { kept: keptGroups, dropped: groups.filter((group) => !keptGroups.includes(group)) };
}

/** A word's index terms with weights: itself, its prefix completions, or near spellings when rare. */
function expandWord(
  clause: Extract<Clause, { kind: 'word' }>,
  expand: boolean,
  notices: string[],
  prefixLimit: number,
  { lexicon, options, corrections }: CompileContext,
): Map<string, number> {
  const alternatives = new Map<string, number>([[clause.term, 1]]);
  if (clause.prefix) {
    for (const entry of lexicon.withPrefix(clause.word, prefixLimit)) {
      if (!alternatives.has(entry.term)) alternatives.set(entry.term, 1);
    }
    return alternatives;
  }
  const { fuzzyMinLength, fuzzyBelowDocFreq, fuzzyFrequencyRatio, fuzzyExpansions, fuzzyWeight } = options;
  if (!expand || clause.word.length < fuzzyMinLength) return alternatives;
  const exactDocFreq = lexicon.docFreqOfTerm(clause.term);
  if (exactDocFreq >= fuzzyBelowDocFreq) return alternatives;
  const maxDistance = clause.word.length >= 9 ? 2 : 1;
  const near = lexicon
    .near(clause.word, maxDistance, fuzzyExpansions, fuzzyFrequencyRatio * exactDocFreq)
    .filter((e) => e.term !== clause.term);
  for (const entry of near) {
    const weight = (fuzzyWeight * entry.word.length) / (entry.word.length + entry.distance);
    alternatives.set(entry.term, Math.max(alternatives.get(entry.term) ?? 0, weight));
  }
  // A word the archive lacks was meant as some other word: the one "Did you mean" picks (by the
  // query's other words) counts as if typed, the other near spellings as near spellings.
  const meant = exactDocFreq === 0 ? corrections?.get(clause.word) : undefined;
  const meantTerm = meant === undefined ? undefined : lexicon.termOfWord(meant);
  if (meantTerm !== undefined) alternatives.set(meantTerm, 1);
  if (exactDocFreq === 0 && near.length > 0) {
    const spellings = [...new Set(near.map((entry) => entry.word))].slice(0, 3).join(', ');
    notices.push(`No article has “${clause.text}”; included near spellings: ${spellings}.`);
  }
  return alternatives;
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
