/**
 * Orders the matches on the score board: by tier (every word of the query before some), then by
 * relevance with the best re-ranked by how closely their words follow the typed order; or by date.
 * Only the candidates a page needs are sorted.
 */
import type { IndexSnapshot } from '../artifact/snapshot.ts';
import { FIELD_INDEX } from '../fields.ts';
import type { CompiledQuery } from './compile.ts';
import type { EngineOptions } from './engineOptions.ts';
import { containsPhrase, PairsByFirstTerm, proximity } from './positions.ts';
import type { SortOrder } from './results.ts';
import type { ScoreBoard } from './scoreBoard.ts';
import { topK } from './topK.ts';

export interface Candidate {
  docIndex: number;
  score: number;
  /** 1 with every word of the query, 0 with some (see `Explanation.tier`). */
  tier: number;
}

/** How much proximity re-ranking multiplied a candidate's score, and why. */
export interface ProximityGain {
  share: number;
  whole: boolean;
  factor: number;
}

/** What ranking needs besides the board: the index, each article's date key, the settings. */
export interface RankingContext {
  snapshot: IndexSnapshot;
  /** Each article's date as a number (`20190723`), 0 when undated: date sorting compares numbers. */
  dateKeys: Float64Array;
  options: Pick<EngineOptions, 'proximityCandidates' | 'proximityWeight' | 'typedPhraseWeight'>;
}

/** Added to the sort key of matches with every word, so they rank above any with some. */
const TIER_GAP = 1e10;
/** Added to the date key of dated matches (dates are yyyymmdd, under 1e8), so they rank above undated ones. */
const DATE_GAP = 1e9;
/** The two spans of {@link recencyKey}: above every date key (yyyymmdd), and above every article index. */
const DATE_SPAN = 1e8;
const DOCUMENT_SPAN = 2 ** 26;

/**
 * What breaks a tie between equal scores, lowest first: the newer article, then the lower index (so
 * results stay the same from run to run), undated articles last. A reader of news expects the latest
 * of equally relevant articles first; before, ties went by index, which is file-name order, and a
 * lone common word (`who`, `WHO`: every match scores alike) listed an archive's articles A to Z.
 * Below 2^53 for dates up to 9999 and 67 million articles, so the key is exact.
 */
function recencyKey(dateKeys: Float64Array, doc: number): number {
  return (DATE_SPAN - (dateKeys[doc] ?? 0)) * DOCUMENT_SPAN + doc;
}

/**
 * The best `needed` candidates in order: by tier (every word of the query, then some), then by
 * relevance, the top re-ranked by how closely their words follow the typed order (the best
 * `proximityCandidates` are examined, each one's gain noted in `proximities`), the newer article first
 * between equal scores; or by date, tier first, relevance breaking ties between articles of the same day.
 */
export function rankMatches(
  board: ScoreBoard,
  compiled: CompiledQuery | null,
  needed: number,
  sort: SortOrder,
  proximities: Map<number, ProximityGain>,
  context: RankingContext,
): Candidate[] {
  const { matchDocs, matchScores, matchTiers, matchCount } = board;
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
        const date = context.dateKeys[matchDocs[i] ?? 0] ?? 0;
        const score = matchScores[i] ?? 0;
        // Dated articles above undated ones, within a tier; a fraction below 1 breaks ties by relevance.
        const dated = date === 0 ? 0 : DATE_GAP + direction * date;
        return (matchTiers[i] ?? 0) * TIER_GAP + dated + score / (1 + score);
      },
      (i) => matchDocs[i] ?? 0,
    );
    return byDate.map(candidate);
  }
  // Without a pair of words there is nothing to re-rank: the page's candidates are all it needs.
  const proximityCandidates = compiled.pairs.length === 0 ? 0 : context.options.proximityCandidates;
  const { dateKeys } = context;
  const order = topK(
    matchCount,
    Math.max(needed, proximityCandidates),
    (i) => (matchTiers[i] ?? 0) * TIER_GAP + (matchScores[i] ?? 0),
    (i) => recencyKey(dateKeys, matchDocs[i] ?? 0),
  );
  const head = order.map(candidate);
  // Result order: every word before some, then score, then the newer article.
  const byRank = (a: Candidate, b: Candidate) =>
    b.tier - a.tier ||
    b.score - a.score ||
    recencyKey(dateKeys, a.docIndex) - recencyKey(dateKeys, b.docIndex);
  boostProximity(head.slice(0, proximityCandidates), needed, compiled, proximities, context, byRank);
  return head.sort(byRank);
}

/**
 * Re-ranks the best candidates by how closely their words follow the typed order: a share of the
 * word pairs side by side counts some, the whole run of typed words as a phrase counts most.
 *
 * `candidates` come best first. Reading a candidate's token streams is the cost here, so the walk stops
 * at the first candidate that could not reach the best `needed` even with the largest gain: every
 * later one scores no more, so the page is exactly what boosting all of them gives.
 */
function boostProximity(
  candidates: Candidate[],
  needed: number,
  compiled: CompiledQuery,
  proximities: Map<number, ProximityGain>,
  { snapshot, options }: RankingContext,
  byRank: (a: Candidate, b: Candidate) => number,
): void {
  const { pairs, typedPhraseIds } = compiled;
  if (pairs.length === 0) return;
  const fields = [FIELD_INDEX.title, FIELD_INDEX.body];
  const byFirstTerm = new PairsByFirstTerm(pairs);
  const largestFactor =
    1 +
    Math.max(0, options.proximityWeight) +
    (typedPhraseIds === null ? 0 : Math.max(0, options.typedPhraseWeight));
  // The best `needed` boosted so far, worst first.
  const best: Candidate[] = [];
  for (const candidate of candidates) {
    const bar = best.length >= needed ? best[0] : undefined;
    if (
      bar !== undefined &&
      (bar.tier > candidate.tier ||
        (bar.tier === candidate.tier && bar.score > candidate.score * largestFactor))
    ) {
      return;
    }
    const share = proximity(snapshot, candidate.docIndex, fields, byFirstTerm);
    const whole =
      share === 1 &&
      typedPhraseIds !== null &&
      containsPhrase(snapshot, candidate.docIndex, fields, typedPhraseIds);
    const factor = 1 + options.proximityWeight * share + (whole ? options.typedPhraseWeight : 0);
    proximities.set(candidate.docIndex, { share, whole, factor });
    candidate.score *= factor;
    keepBest(best, candidate, needed, byRank);
  }
}

/** Adds `candidate` to `best` (at most `size` candidates, worst first) if it ranks among them. */
function keepBest(
  best: Candidate[],
  candidate: Candidate,
  size: number,
  byRank: (a: Candidate, b: Candidate) => number,
): void {
  if (size <= 0) return;
  if (best.length >= size) {
    if (byRank(candidate, best[0] as Candidate) >= 0) return;
    best.shift();
  }
  let at = best.length;
  while (at > 0 && byRank(candidate, best[at - 1] as Candidate) > 0) at -= 1;
  best.splice(at, 0, candidate);
}
