import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  calendarDay,
  percentiles,
  precisionRecall,
  sameAuthors,
  sameDay,
  sameTitle,
  tokenOverlap,
  wordTokens,
} from '../../bench/extractMetrics.ts';
import { bylineAuthors } from '../../bench/extractTruth.ts';

describe('extraction scores', () => {
  it('tokenize as the benchmarks do: lower-cased runs of letters and digits, in any script', () => {
    assert.deepEqual(wordTokens('Café – 3 “Ünïcode” words_ok, 東京!'), [
      'café',
      '3',
      'ünïcode',
      'words_ok',
      '東京',
    ]);
  });

  it('count shared tokens as a multiset intersection', () => {
    assert.deepEqual(tokenOverlap('the cat the hat', 'the cat sat'), {
      shared: 2,
      predicted: 4,
      expected: 3,
    });
    const { precision, recall, f1 } = precisionRecall({ shared: 2, predicted: 4, expected: 3 });
    assert.equal(precision, 0.5);
    assert.equal(recall, 2 / 3);
    assert.ok(Math.abs(f1 - 4 / 7) < 1e-12);
    assert.deepEqual(precisionRecall({ shared: 0, predicted: 0, expected: 0 }), {
      precision: 1,
      recall: 1,
      f1: 1,
    });
  });

  it('compare titles and authors without case, spacing, punctuation or order', () => {
    assert.ok(sameTitle('The ‘birth lottery’  and mobility', "the 'birth lottery' and Mobility"));
    assert.ok(!sameTitle('', ''));
    assert.ok(sameAuthors(['Stella Kim', 'JENNIFER JETT'], ['Jennifer Jett', 'Stella Kim']));
    assert.ok(!sameAuthors(['Stella Kim'], ['Stella Kim', 'Jennifer Jett']));
    assert.deepEqual(bylineAuthors('By Stella Kim, Jennifer Jett and Ana Lima'), [
      'Stella Kim',
      'Jennifer Jett',
      'Ana Lima',
    ]);
  });

  it('compare dates by the calendar day as written', () => {
    assert.equal(calendarDay('2019-04-28 06:01:07'), '2019-04-28');
    assert.ok(sameDay('2021-03-04T09:30:00-05:00', '2021-03-04'));
    assert.ok(!sameDay('2017-02-24T01:18:13Z', '2017-02-23T17:18:13-08:00'));
    assert.ok(!sameDay(null, null));
  });

  it('take percentiles by nearest rank', () => {
    assert.deepEqual(percentiles([5, 1, 3, 2, 4, 6, 7, 8, 9, 10]), { median: 5, p90: 9 });
    assert.deepEqual(percentiles([]), { median: 0, p90: 0 });
  });
});
