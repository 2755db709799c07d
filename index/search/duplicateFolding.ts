/**
 * Near-duplicates (the same story in another page version or outlet) shown as one result: the best
 * ranked of each group kept on the board, the others folded under it.
 */
import type { ScoreBoard } from './scoreBoard.ts';

/**
 * Keeps one match per near-duplicate group, the best ranked (tier, then score), and returns the
 * others folded under it (by the kept document's index), best first. `groups` gives each document's
 * group (its first document), -1 for none.
 */
export function foldDuplicates(board: ScoreBoard, groups: ArrayLike<number>): Map<number, number[]> {
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
      tier > keptTier || (tier === keptTier && (score > keptScore || (score === keptScore && doc < keptDoc)));
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
