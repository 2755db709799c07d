import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { moreLikeThisQueries } from '../../bench/moreLikeThis.ts';

describe('more-like-this queries from a judged collection', () => {
  const texts = new Map(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => [id, `text of ${id}`]));
  const qrels = new Map([
    [
      'q1',
      new Map([
        ['a', 1],
        ['b', 2],
        ['c', 1],
        ['d', 0],
      ]),
    ],
    [
      'q2',
      new Map([
        ['e', 1],
        ['f', 1],
      ]),
    ],
  ]);

  it('makes each drawn relevant document a query whose relevant documents are the others', () => {
    const queries = moreLikeThisQueries(qrels, texts, { perQuery: 2 });
    assert.equal(queries.length, 2, 'q2 has too few relevant documents, d is judged not relevant');
    for (const query of queries) {
      const document = query.id.replace('q1-', '');
      assert.equal(query.text, `text of ${document}`);
      assert.deepEqual(
        query.relevant,
        ['a', 'b', 'c'].filter((id) => id !== document),
      );
    }
    assert.notEqual(queries[0]?.id, queries[1]?.id);
  });

  it('draws the same documents for the same seed', () => {
    assert.deepEqual(
      moreLikeThisQueries(qrels, texts, { perQuery: 1, seed: 9 }),
      moreLikeThisQueries(qrels, texts, { perQuery: 1, seed: 9 }),
    );
    const ids = new Set(
      Array.from(
        { length: 20 },
        (_, seed) => moreLikeThisQueries(qrels, texts, { perQuery: 1, seed: seed + 1 })[0]?.id,
      ),
    );
    assert.ok(ids.size > 1, 'different seeds draw different documents');
  });
});
