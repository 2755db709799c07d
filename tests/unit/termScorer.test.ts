import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { IndexSnapshot } from '../../index/artifact/snapshot.ts';
import { FIELD_INDEX } from '../../index/fields.ts';
import { defaultEngineOptions } from '../../index/search/engineOptions.ts';
import { Lexicon } from '../../index/search/lexicon.ts';
import { ScoreBoard } from '../../index/search/scoreBoard.ts';
import { TermScorer } from '../../index/search/termScorer.ts';
import { seedEngineSnapshot } from '../helpers.ts';

/** A board's touched documents with their scores and clause masks, in the order they were touched. */
function boardState(board: ScoreBoard): [number, number, number][] {
  return Array.from(board.touched.subarray(0, board.touchedCount), (doc) => [
    doc,
    board.scores[doc] ?? 0,
    board.masks[doc] ?? 0,
  ]);
}

describe('TermScorer.addTermScores', () => {
  let snapshot: IndexSnapshot;
  let scorer: TermScorer;
  before(async () => {
    snapshot = await seedEngineSnapshot();
    scorer = new TermScorer(snapshot, defaultEngineOptions, new Lexicon(snapshot));
  });

  it('leaves the board as scoreTerm with board.add does, to the last bit', () => {
    const fieldSets = [[FIELD_INDEX.title, FIELD_INDEX.body], [FIELD_INDEX.body], [FIELD_INDEX.title]];
    // Every 7th term, each in two clauses (bits 1 and 4, the second adding to the first's scores),
    // and with the bit of a word past the clause budget (0).
    let scored = 0;
    for (let termId = 0; termId < snapshot.terms.length; termId += 7) {
      const fields = fieldSets[termId % fieldSets.length] ?? [];
      const next = (termId + 3) % snapshot.terms.length;
      const direct = new ScoreBoard(snapshot.postings.documentCount);
      const byCall = new ScoreBoard(snapshot.postings.documentCount);
      for (const [term, weight, bit] of [
        [termId, 1, 1],
        [next, 0.4, 4],
        [termId, 0.25, 0],
      ] as const) {
        scorer.addTermScores(term, weight, fields, direct, bit);
        scorer.scoreTerm(term, weight, fields, (doc, score) => byCall.add(doc, score, bit));
      }
      assert.deepEqual(boardState(direct), boardState(byCall), `term ${snapshot.terms[termId]}`);
      scored += direct.touchedCount;
    }
    assert.ok(scored > 100, `${scored} documents scored`);
  });
});
