import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import MiniSearch from 'minisearch';
import { ExportableMiniSearch, mergePostings } from '../../index/build/miniSearchAdapter.ts';
import { bm25 } from '../../index/search/bm25.ts';

const ARTICLES = [
  { id: 0, title: 'Trade talks resume', text: 'Negotiators resume trade talks as the trade deadline nears.' },
  { id: 1, title: 'Markets calm', text: 'Markets were calm; trade barely moved prices.' },
  { id: 2, title: 'Weather', text: 'Rain is expected across the region this week.' },
  { id: 3, title: 'Trade', text: 'A short note.' },
];

describe('postings exported from MiniSearch', () => {
  it('score every document exactly as MiniSearch search does', () => {
    const miniSearch = new ExportableMiniSearch({ fields: ['title', 'text'] });
    miniSearch.addAll(ARTICLES);
    const terms = ['trade', 'talks', 'markets', 'rain', 'the'];
    const termIds = new Map(terms.map((term, id) => [term, id]));
    // Every indexed term needs an id; give the rest ids after ours.
    for (const article of ARTICLES) {
      for (const word of `${article.title} ${article.text}`.toLowerCase().split(/[^a-z]+/)) {
        if (word !== '' && !termIds.has(word)) termIds.set(word, termIds.size);
      }
    }
    const postings = mergePostings([miniSearch.exportPostings(['title', 'text'])], 2, termIds, termIds.size);
    const parameters = { k: 1.2, b: 0.7, d: 0.5 };
    for (const term of terms) {
      const expected = new Map(miniSearch.search(term).map((hit) => [hit.id as number, hit.score]));
      const actual = new Map<number, number>();
      const termId = termIds.get(term) ?? -1;
      for (let field = 0; field < 2; field += 1) {
        const key = termId * postings.fieldCount + field;
        const start = postings.offsets[key] ?? 0;
        const end = postings.offsets[key + 1] ?? 0;
        for (let p = start; p < end; p += 1) {
          const doc = postings.docs[p] ?? 0;
          const length = postings.fieldLength[doc * postings.fieldCount + field] ?? 0;
          const score = bm25(
            postings.freqs[p] ?? 0,
            end - start,
            postings.documentCount,
            length,
            postings.averageFieldLength[field] ?? 0,
            parameters,
          );
          actual.set(doc, (actual.get(doc) ?? 0) + score);
        }
      }
      assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), term);
      for (const [doc, score] of expected)
        assert.ok(Math.abs((actual.get(doc) ?? 0) - score) < 1e-9, `${term} in ${doc}`);
    }
  });

  it("export the same terms, postings and field lengths as MiniSearch's own serialized form", () => {
    const miniSearch = new ExportableMiniSearch({ fields: ['title', 'text', 'tags'] });
    miniSearch.addAll([...ARTICLES, { id: 4, title: 'Tagged', text: 'trade trade trade', tags: 'trade' }]);
    const fields = ['text', 'title', 'tags'];
    const exported = miniSearch.exportPostings(fields);
    const json = miniSearch.toJSON();
    const fieldIds = json.fieldIds as Record<string, number>;
    assert.equal(exported.documentCount, json.documentCount);
    assert.deepEqual(
      exported.terms,
      json.index.map(([term]) => term),
    );
    json.index.forEach(([term, data], i) => {
      fields.forEach((field, f) => {
        const expected = Object.entries(data[fieldIds[field] ?? -1] ?? {}).map(([doc, frequency]) => [
          Number(doc),
          frequency,
        ]);
        const start = exported.offsets[i * fields.length + f] ?? 0;
        const end = exported.offsets[i * fields.length + f + 1] ?? 0;
        const actual = [...exported.docs.subarray(start, end)].map((doc, p) => [
          doc,
          exported.freqs[start + p],
        ]);
        assert.deepEqual(actual, expected, `${term} in ${field}`);
      });
    });
    for (const [doc, lengths] of Object.entries(json.fieldLength as Record<string, number[]>)) {
      fields.forEach((field, f) => {
        assert.equal(
          exported.fieldLength[Number(doc) * fields.length + f],
          lengths[fieldIds[field] ?? -1] ?? 0,
          `length of ${field} in ${doc}`,
        );
      });
    }
  });

  it('reach only MiniSearch internals that the installed version has (checked on every upgrade)', () => {
    const miniSearch = new ExportableMiniSearch({ fields: ['text'] });
    const internals = miniSearch as unknown as Record<string, unknown>;
    for (const method of ['addDocumentId', 'addFieldLength'])
      assert.equal(typeof internals[method], 'function', `MiniSearch no longer has ${method}`);
    for (const state of ['_index', '_fieldIds', '_documentIds', '_fieldLength', '_idToShortId', '_options'])
      assert.ok(internals[state] !== undefined, `MiniSearch no longer has ${state}`);
    const tree = internals._index as Record<string, unknown>;
    for (const method of ['fetch', 'delete', 'clear'])
      assert.equal(typeof tree[method], 'function', `MiniSearch's radix tree no longer has ${method}`);
    assert.equal(typeof internals._documentCount, 'number');
  });

  it('hold the very index plain MiniSearch builds, also when a term is removed and added again', () => {
    const options = { fields: ['title', 'text'], autoVacuum: false };
    const plain = new MiniSearch(options);
    const exportable = new ExportableMiniSearch(options);
    const onlyRain = { id: 4, title: 'Storm', text: 'Monsoon rain' };
    const rainAgain = { id: 5, title: 'Monsoon', text: 'More monsoon rain, and trade halts.' };
    for (const miniSearch of [plain, exportable]) {
      miniSearch.addAll(ARTICLES);
      miniSearch.add(onlyRain);
      // "monsoon" and "storm" occur in no other article: removing it deletes them from the tree.
      miniSearch.remove(onlyRain);
      miniSearch.add(rainAgain);
    }
    assert.equal(exportable.search('monsoon').length, 1);
    assert.deepEqual(exportable.toJSON(), plain.toJSON());
  });

  it('hold the very index plain MiniSearch builds when documents are added as counted terms', () => {
    // As the build configures it: terms come analyzed, so processing is the identity.
    const tokenize = (text: string) => text.toLowerCase().match(/[a-z]+/g) ?? [];
    const options = {
      fields: ['title', 'text', 'tags'],
      autoVacuum: false,
      tokenize,
      processTerm: (term: string) => term,
    };
    const documents = [
      ...ARTICLES,
      { id: 4, title: '', text: 'trade trade rain trade', tags: 'trade' },
      { id: 5, title: 'Rain', text: 'rain' },
    ];
    const plain = new MiniSearch(options);
    plain.addAll(documents);
    const counted = new ExportableMiniSearch(options);
    // The term table numbers terms in order of first appearance, as the build's does.
    const terms: string[] = [];
    const termIds = new Map<string, number>();
    const termId = (term: string) => {
      let id = termIds.get(term);
      if (id === undefined) {
        id = terms.push(term) - 1;
        termIds.set(term, id);
      }
      return id;
    };
    for (const document of documents) {
      counted.addCounted(
        document.id,
        options.fields.map((field) => {
          const text = (document as Record<string, string | number | undefined>)[field];
          if (typeof text !== 'string') return null;
          const counts = new Map<number, number>();
          for (const term of tokenize(text)) counts.set(termId(term), (counts.get(termId(term)) ?? 0) + 1);
          return { termIds: [...counts.keys()], counts: [...counts.values()] };
        }),
        terms,
      );
    }
    assert.deepEqual(counted.toJSON(), plain.toJSON());
    assert.deepEqual(counted.search('trade'), plain.search('trade'));
    assert.deepEqual(counted.search('rain'), plain.search('rain'));
    assert.throws(() => counted.addCounted(5, [null, null, null], terms), /duplicate ID 5/);
  });

  it('refuses an index whose documents were not added as 0…n-1 in order', () => {
    const miniSearch = new ExportableMiniSearch({ fields: ['text'] });
    miniSearch.addAll([
      { id: 5, text: 'five' },
      { id: 1, text: 'one' },
    ]);
    assert.throws(() => miniSearch.exportPostings(['text']), /ids 0…n-1, in order/);
  });
});
