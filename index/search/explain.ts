/**
 * Why a hit ranks where it does: its score recomputed for its one document exactly as the query
 * scored it, in parts that add up to the score.
 */
import type { IndexSnapshot } from '../artifact/snapshot.ts';
import { SEARCH_FIELDS } from '../fields.ts';
import {
  type CompiledClause,
  type CompiledGroup,
  type CompiledQuery,
  groupMatched,
  positiveClauses,
} from './compile.ts';
import { coordinationOf, coverageOf, hasPhrase } from './matching.ts';
import type { Candidate, ProximityGain } from './ranking.ts';
import type { Explanation, ScorePart } from './results.ts';
import { clauseBit } from './scoreBoard.ts';
import type { TermScorer } from './termScorer.ts';

/**
 * The parts of a hit's score: each term's BM25 in each field, the coordination factor, the proximity
 * gain (when re-ranking examined the hit), and which of the query's words and phrases it has.
 */
export function explainHit(
  compiled: CompiledQuery,
  hit: Candidate,
  gain: ProximityGain | undefined,
  snapshot: IndexSnapshot,
  scorer: TermScorer,
  coordinationExponent: number,
): Explanation {
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
    const terms = termParts(clause, doc, snapshot, scorer);
    if (terms.length > 0) present = true;
    parts.push(...terms);
    const satisfied = clause.phrase === null ? present : present && hasPhrase(snapshot, doc, clause);
    if (satisfied) mask = (mask | clauseBit(index)) >>> 0;
  });
  // Words past the clause budget add their BM25, as accumulate() adds it, and set no bit.
  for (const clause of compiled.unbudgeted) parts.push(...termParts(clause, doc, snapshot, scorer));
  const base = parts.reduce((sum, part) => sum + part.value, 0);
  const coordination = coordinationOf(clauses, coordinationExponent)(mask);
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

/** The BM25 of each of a clause's terms in each of its fields that the document has them in. */
function termParts(
  clause: CompiledClause,
  doc: number,
  snapshot: IndexSnapshot,
  scorer: TermScorer,
): ScorePart[] {
  const parts: ScorePart[] = [];
  for (const { termId, weight } of clause.termWeights) {
    for (const field of clause.fields) {
      const value = scorer.termScoreIn(doc, termId, weight, field);
      if (value === null) continue;
      parts.push({
        kind: 'term',
        term: snapshot.terms[termId] ?? '',
        field: SEARCH_FIELDS[field] ?? 'body',
        clause: clause.text,
        value,
      });
    }
  }
  return parts;
}

function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
