/**
 * Which documents satisfy a compiled query, and their BM25 scores: every clause's terms scored into
 * the score board, then phrases and exclusions checked exactly against the token streams, and each
 * match weighed by the share of the query it holds.
 */
import type { IndexSnapshot } from '../artifact/snapshot.ts';
import { type CompiledClause, type CompiledQuery, positiveClauses } from './compile.ts';
import { holds } from './phraseCandidates.ts';
import { containsPhrase, containsWords } from './positions.ts';
import { remembered } from './remembered.ts';
import { clauseBit, popCount, type ScoreBoard } from './scoreBoard.ts';
import type { TermScorer } from './termScorer.ts';

/**
 * Scores every document that has any clause's terms, MiniSearch's BM25+ per term and field, and
 * records which clauses each document has (phrases provisionally: their words, not yet their order).
 */
export function accumulate(
  board: ScoreBoard,
  scorer: TermScorer,
  documentCount: number,
  compiled: CompiledQuery,
): void {
  // Words past the clause budget score as BM25 scores every word of a query, but set no clause bit.
  for (const clause of compiled.unbudgeted) {
    for (const { termId, weight } of clause.termWeights) {
      scorer.scoreTerm(termId, weight, clause.fields, (doc, score) => board.add(doc, score, 0));
    }
  }
  const decisive = decisiveClauses(compiled);
  positiveClauses(compiled).forEach((clause, index) => {
    const bit = clauseBit(index);
    const isPhrase = clause.phrase !== null;
    // Where pairs of common words say which articles can hold the phrase, only those get its bit; and
    // when no article can match without the phrase, the others are not even scored.
    const candidates = clause.phrase?.candidates ?? null;
    const mark = candidates === null ? 0 : board.markAll(candidates.docs);
    const skipOthers = mark !== 0 && decisive.has(clause);
    if (isPhrase && clause.alternatives.size === 0) {
      // A phrase of stop words only: every candidate counts until its words are checked.
      if (candidates !== null) for (const doc of candidates.docs) board.add(doc, 1, bit);
      else for (let doc = 0; doc < documentCount; doc += 1) board.add(doc, 1, bit);
      return;
    }
    for (const { termId, weight } of clause.termWeights) {
      const stamp = board.nextStamp();
      scorer.scoreTerm(termId, weight, clause.fields, (doc, score) => {
        if (!isPhrase) {
          board.add(doc, score, bit);
          return;
        }
        if (skipOthers && board.marks[doc] !== mark) return;
        board.add(doc, score, 0);
        if (board.stamps[doc] !== stamp) {
          board.stamps[doc] = stamp;
          board.counts[doc] = (board.counts[doc] ?? 0) + 1;
        }
      });
    }
    if (isPhrase) {
      // A phrase is a candidate where all its ranked words are present; reset the counters for the next.
      const needed = clause.termWeights.length === clause.alternatives.size ? clause.termWeights.length : -1;
      for (let i = 0; i < board.touchedCount; i += 1) {
        const doc = board.touched[i] ?? 0;
        if (board.counts[doc] === needed && (mark === 0 || board.marks[doc] === mark)) {
          board.masks[doc] = ((board.masks[doc] ?? 0) | bit) >>> 0;
        }
        board.counts[doc] = 0;
      }
    }
  });
}

/**
 * The clauses no document can match the query without: the only alternative of a required group, or
 * of the only group.
 */
function decisiveClauses(compiled: CompiledQuery): Set<CompiledClause> {
  const { groups } = compiled;
  return new Set(
    groups.flatMap((group) =>
      group.alternatives.length === 1 && (group.occur === 'must' || groups.length === 1)
        ? group.alternatives
        : [],
    ),
  );
}

/**
 * Collects the documents that satisfy the query into the board's match arrays and returns how many:
 * every required group and, when there is none, at least one optional group matched (phrases checked
 * against the token streams), no exclusion. Each match's tier says whether it has every optional
 * group too; scores are weighed by the IDF-weighted share of the clauses matched (see
 * `EngineOptions.coordinationExponent`).
 */
export function collectMatches(
  board: ScoreBoard,
  snapshot: IndexSnapshot,
  scorer: TermScorer,
  compiled: CompiledQuery,
  coordinationExponent: number,
): number {
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
  const satisfies = tabled(
    clauses.length,
    (mask) =>
      requiredMasks.every((group) => (mask & group) !== 0) &&
      (requiredMasks.length > 0 || (mask & anyOptional) !== 0),
  );
  const hasEveryGroup = tabled(clauses.length, (mask) =>
    optionalMasks.every((group) => (mask & group) !== 0),
  );
  // Phrases the pairs of common words settled need no look at the token streams.
  const phraseBits = clauses.flatMap((clause, index) =>
    clause.phrase === null || clause.phrase.candidates?.settled ? [] : [index],
  );
  const excluded = excludedDocuments(snapshot, scorer, compiled);
  const coordination = coordinationOf(clauses, coordinationExponent);

  board.matchCount = 0;
  const { touched, masks } = board;
  for (let i = 0; i < board.touchedCount; i += 1) {
    const doc = touched[i] ?? 0;
    let mask = masks[doc] ?? 0;
    if (!satisfies(mask)) continue;
    if (phraseBits.length > 0) {
      for (const index of phraseBits) {
        const bit = clauseBit(index);
        const clause = clauses[index] as CompiledClause;
        if ((mask & bit) !== 0 && !hasPhrase(snapshot, doc, clause)) mask = (mask & ~bit) >>> 0;
      }
      if (!satisfies(mask)) continue;
    }
    if (excluded?.(doc)) continue;
    board.matchDocs[board.matchCount] = doc;
    board.matchScores[board.matchCount] = (board.scores[doc] ?? 0) * coordination(mask);
    board.matchTiers[board.matchCount] = hasEveryGroup(mask) ? 1 : 0;
    board.matchCount += 1;
  }
  return board.matchCount;
}

/** Whether the document has a phrase clause's words adjacent and in order in one of its fields. */
export function hasPhrase(snapshot: IndexSnapshot, doc: number, clause: CompiledClause): boolean {
  const phrase = clause.phrase;
  if (phrase === null) return false;
  const { candidates } = phrase;
  if (candidates !== null) {
    if (!holds(candidates.docs, doc)) return false;
    if (candidates.settled) return true;
  }
  return phrase.exact
    ? containsWords(snapshot, doc, clause.fields, phrase.ids, phrase.anchor)
    : containsPhrase(snapshot, doc, clause.fields, phrase.ids, phrase.anchor);
}

/** A test for documents that contain an excluded word or phrase; null when nothing is excluded. */
function excludedDocuments(
  snapshot: IndexSnapshot,
  scorer: TermScorer,
  compiled: CompiledQuery,
): ((doc: number) => boolean) | null {
  if (compiled.excludedWords.length === 0 && compiled.excludedPhrases.length === 0) return null;
  const marked = new Set<number>();
  for (const clause of compiled.excludedWords) {
    for (const { termId } of clause.termWeights) {
      scorer.forEachDocument(termId, clause.fields, (doc) => marked.add(doc));
    }
  }
  return (doc) =>
    marked.has(doc) || compiled.excludedPhrases.some((clause) => hasPhrase(snapshot, doc, clause));
}

/**
 * The share of the query's information a clause mask holds: the IDF of the clauses matched over the
 * IDF of all of them (each clause counts equally when none has an IDF, the index lacking every term).
 */
export function coverageOf(clauses: readonly CompiledClause[]): (mask: number) => number {
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

/** Queries with at most this many clauses get their per-mask answers tabled by mask. */
const TABLED_CLAUSES = 10;

/**
 * `test` of a clause mask, answered from a table of every mask when the query has few clauses: a
 * common word's tens of thousands of matches share a handful of masks, and the test runs per match.
 */
function tabled(clauseCount: number, test: (mask: number) => boolean): (mask: number) => boolean {
  // A long query has too many masks to table them all, but its thousands of matches share a few
  // hundred, and answering each afresh (a pass over 30 clauses) was a third of a pasted paragraph's search.
  if (clauseCount > TABLED_CLAUSES) return remembered(test);
  const table = new Uint8Array(2 ** clauseCount);
  for (let mask = 0; mask < table.length; mask += 1) table[mask] = test(mask) ? 1 : 0;
  return (mask) => table[mask] === 1;
}

/**
 * The coordination factor of a clause mask, `coverage ^ exponent`. A common word matches thousands of
 * documents but a short query has few distinct masks: those are computed once, not a power per match.
 */
export function coordinationOf(
  clauses: readonly CompiledClause[],
  exponent: number,
): (mask: number) => number {
  const coverage = coverageOf(clauses);
  if (clauses.length > TABLED_CLAUSES) return remembered((mask) => coverage(mask) ** exponent);
  const table = new Float64Array(2 ** clauses.length);
  for (let mask = 0; mask < table.length; mask += 1) table[mask] = coverage(mask) ** exponent;
  return (mask) => table[mask] ?? coverage(mask) ** exponent;
}
