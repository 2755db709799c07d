import assert from 'node:assert/strict';
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeTerms } from '../../index/analysis/analyzer.ts';
import { buildIndex } from '../../index/build/build.ts';
import { FIELD_INDEX } from '../../index/fields.ts';
import { DEFAULT_SEEDS_DIR } from '../../index/paths.ts';
import {
  containsPhrase,
  containsWords,
  PairsByFirstTerm,
  proximity,
  queryPairs,
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

  it('find a phrase as written, and a pair of words at its distance, wherever they stand in a field', async () => {
    // The seed articles, and articles whose fields start and end with words found nowhere else.
    const folder = await temporaryFolder();
    await cp(DEFAULT_SEEDS_DIR, folder, { recursive: true });
    const edges = ['quokka zebra', 'walrus narwhal', 'ibex tapir', 'okapi dugong'];
    for (const [i, [first, last]] of [
      [0, 1],
      [2, 3],
    ].entries()) {
      await writeFile(
        path.join(folder, `edges-${i}.txt`),
        `${edges[first ?? 0]} opens the title and the words ${edges[last ?? 0]}\n\n${edges[last ?? 0]} opens the body, and in the middle of it we see the same common words before it closes with ${edges[first ?? 0]}\n`,
      );
    }
    const { snapshot } = await buildIndex({ seedsDir: folder, outPath: path.join(folder, 'index.bin') });
    const { streams, streamOffsets, wordTerm } = snapshot;
    const fieldCount = streamOffsets.length > 0 ? (streamOffsets.length - 1) / snapshot.documents.count : 0;
    const fields = [FIELD_INDEX.title, FIELD_INDEX.body];
    const stream = (doc: number, field: number) => [
      ...streams.subarray(
        streamOffsets[doc * fieldCount + field] ?? 0,
        streamOffsets[doc * fieldCount + field + 1] ?? 0,
      ),
    ];
    // Reading each field's words one by one: what the streams' own scans must agree with.
    const hasRun = (doc: number, run: readonly number[], same: (a: number, b: number) => boolean) =>
      fields.some((field) => {
        const words = stream(doc, field);
        return words.some((_, p) =>
          run.every((want, k) => p + k < words.length && same(words[p + k] ?? -1, want)),
        );
      });
    const asWritten = (a: number, b: number) => a === b;
    const byTerm = (a: number, b: number) => wordTerm[a] === wordTerm[b];
    // Phrases taken from the first, middle and last words of fields, and the same words reversed.
    const phrases: number[][] = [];
    for (let doc = 0; doc < snapshot.documents.count; doc += 1) {
      for (const field of fields) {
        const words = stream(doc, field);
        for (const length of [2, 3]) {
          if (words.length < length) continue;
          for (const at of [0, Math.floor(words.length / 2), words.length - length]) {
            const run = words.slice(at, at + length);
            phrases.push(run, [...run].reverse());
          }
        }
      }
    }
    let found = 0;
    for (let doc = 0; doc < snapshot.documents.count; doc += 1) {
      for (const run of phrases) {
        const expected = hasRun(doc, run, asWritten);
        for (let anchor = 0; anchor < run.length; anchor += 1) {
          assert.equal(
            containsWords(snapshot, doc, fields, run, anchor),
            expected,
            `${doc} ${run} ${anchor}`,
          );
        }
        found += expected ? 1 : 0;
        const [first = 0, second = 0] = run;
        const pairs = new PairsByFirstTerm(queryPairs([wordTerm[first] ?? -1, wordTerm[second] ?? -1]));
        const together = hasRun(doc, [first, second], byTerm);
        assert.equal(proximity(snapshot, doc, fields, pairs), together ? 1 : 0, `${doc} ${first} ${second}`);
      }
    }
    assert.ok(found > 20, `${found} phrases found`);
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
