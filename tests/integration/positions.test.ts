import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeTerms } from '../../index/analysis/analyzer.ts';
import { buildIndex } from '../../index/build/build.ts';
import { FIELD_INDEX } from '../../index/fields.ts';
import { DEFAULT_SEEDS_DIR } from '../../index/paths.ts';
import {
  containsPhrase,
  type StreamMatcher,
  StreamMatcherIndex,
  streamSpans,
} from '../../index/search/positions.ts';
import { findMatches, type Matcher } from '../../index/search/snippets.ts';
import { temporaryFolder } from '../helpers.ts';

describe('token streams', () => {
  it('locate the same matches, at the same offsets, as analyzing the text again', async () => {
    const out = path.join(await temporaryFolder(), 'index.bin');
    const { snapshot } = await buildIndex({ seedsDir: DEFAULT_SEEDS_DIR, outPath: out });
    const termId = new Map(snapshot.terms.map((term, id) => [term, id]));
    const matchers: Matcher[] = [
      { id: 0, kind: 'terms', terms: new Set(analyzeTerms('Mnuchin tariffs negotiations China')) },
      { id: 1, kind: 'phrase', terms: analyzeTerms('March 1 deadline') },
      { id: 2, kind: 'phrase', terms: analyzeTerms('the White House') },
    ];
    const byIds: StreamMatcher[] = matchers.map((m) =>
      m.kind === 'terms'
        ? { id: m.id, kind: 'terms', termIds: new Set([...m.terms].map((t) => termId.get(t) ?? -1)) }
        : { id: m.id, kind: 'phrase', termIds: m.terms.map((t) => termId.get(t) ?? -1) },
    );
    let total = 0;
    for (let doc = 0; doc < snapshot.documents.count; doc += 1) {
      const { body } = snapshot.documents.get(doc);
      const fromStreams = streamSpans(snapshot, doc, FIELD_INDEX.body, byIds);
      assert.deepEqual(fromStreams, findMatches(body, matchers), snapshot.documents.get(doc).id);
      total += fromStreams.length;
    }
    assert.ok(total > 50, `${total} spans compared`);
  });

  it('find a phrase only adjacent and in order', async () => {
    const out = path.join(await temporaryFolder(), 'index.bin');
    const { snapshot } = await buildIndex({ seedsDir: DEFAULT_SEEDS_DIR, outPath: out });
    const ids = (text: string) => analyzeTerms(text).map((t) => snapshot.terms.indexOf(t));
    const wsj = snapshot.documents.columns.ids.indexOf('004_a8811397f6ad08aa');
    const body = [FIELD_INDEX.body];
    assert.equal(containsPhrase(snapshot, wsj, body, ids('note of hopefulness')), true);
    assert.equal(containsPhrase(snapshot, wsj, body, ids('hopefulness of note')), false);
    assert.equal(containsPhrase(snapshot, wsj, [FIELD_INDEX.title], ids('note of hopefulness')), false);
  });

  it('mark nothing, and take no memory to speak of, for a query with no known term', async () => {
    const out = path.join(await temporaryFolder(), 'index.bin');
    const { snapshot } = await buildIndex({ seedsDir: DEFAULT_SEEDS_DIR, outPath: out });
    const unknown: StreamMatcher[] = [
      { id: 0, kind: 'terms', termIds: new Set() },
      { id: 1, kind: 'terms', termIds: new Set([-1, 2 ** 31, snapshot.terms.length]) },
      { id: 2, kind: 'phrase', termIds: [-1, 3] },
    ];
    const before = process.memoryUsage().arrayBuffers;
    // Held, so nothing is collected before the second reading.
    const indexes = Array.from({ length: 8 }, () => new StreamMatcherIndex(unknown, snapshot.terms.length));
    const grown = process.memoryUsage().arrayBuffers - before;
    assert.ok(grown < 1_000_000, `the matcher indexes took ${grown} bytes`);
    for (const index of indexes) {
      assert.deepEqual(streamSpans(snapshot, 0, FIELD_INDEX.body, index), []);
    }
    assert.deepEqual(streamSpans(snapshot, 0, FIELD_INDEX.body, unknown), []);
  });
});
