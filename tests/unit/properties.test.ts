import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze, analyzeWords, foldWord, WORD_PATTERN } from '../../index/analysis/analyzer.ts';
import { QueryError } from '../../index/errors.ts';
import { markedHtml } from '../../index/render/markedHtml.ts';
import type { SearchEngine } from '../../index/search/engine.ts';
import { parseQuery } from '../../index/search/query/parser.ts';
import type { SearchResult } from '../../index/search/results.ts';
import { buildSnippet, type MarkedText, type Matcher } from '../../index/search/snippets.ts';
import { topK } from '../../index/search/topK.ts';
import { seedEngine } from '../helpers.ts';

/**
 * Hostile text: any Unicode (lone surrogates included), plus the characters that mean something to
 * the query language, combining marks, right-to-left text, emoji, NUL and other controls.
 */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom(
      '"',
      '-',
      '*',
      ':',
      ' ',
      'OR',
      '“',
      '”',
      '\u0000',
      '\u202e',
      'é',
      'e\u0301',
      'שלום',
      '😀',
      'title',
      'trade',
      '\\',
      '(',
      '[',
      '$',
    ),
    maxLength: 60,
  }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
);

/** Only `<mark>` and `</mark>` may appear as tags; every other `<`, `>` and `&` is escaped. */
/** Marks in order, inside the text, not overlapping; and the text's HTML escaped but its marks. */
function assertWellMarked(marked: MarkedText): void {
  let previousEnd = 0;
  for (const mark of marked.marks) {
    assert.ok(mark.start >= previousEnd && mark.end > mark.start && mark.end <= marked.text.length);
    previousEnd = mark.end;
  }
  assertHtmlSafe(markedHtml(marked));
}

function assertHtmlSafe(html: string): void {
  const withoutMarks = html.replace(/<\/?mark>/g, '');
  assert.ok(!/[<>]/.test(withoutMarks), `unescaped markup in ${JSON.stringify(html.slice(0, 80))}`);
  assert.ok(!/&(?!amp;|lt;|gt;|quot;|#39;)/.test(withoutMarks), 'bare ampersand');
}

describe('properties (fast-check)', () => {
  let engine: SearchEngine;
  before(async () => {
    engine = await seedEngine();
  });

  it('the query parser returns a query or throws a QueryError, for any input', () => {
    fc.assert(
      fc.property(nasty, (query) => {
        try {
          const parsed = parseQuery(query);
          assert.ok(parsed.clauses.some((clause) => clause.occur !== 'mustNot'));
        } catch (error) {
          assert.ok(error instanceof QueryError, String(error));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the analyzer gives tokens inside the text, in order, with non-empty terms', () => {
    fc.assert(
      fc.property(nasty, (text) => {
        let previousEnd = 0;
        analyze(text).forEach((token, position) => {
          assert.equal(token.position, position);
          assert.ok(token.start >= previousEnd && token.end > token.start && token.end <= text.length);
          assert.ok(token.term.length > 0);
          previousEnd = token.end;
        });
      }),
      { numRuns: 500 },
    );
  });

  it('the analyzer finds exactly the words its pattern matches, whatever the text', () => {
    // The analyzer reads plain ASCII words itself and leaves the rest to WORD_PATTERN: the pieces
    // here are the characters where the two could disagree (dots, commas, apostrophes, digits,
    // accents, CJK, surrogate pairs) next to plain letters.
    const tricky = fc.string({
      unit: fc.constantFrom(
        'a',
        'Z',
        'x',
        '7',
        '123',
        '1',
        '.',
        ',',
        "'",
        '’',
        'ʼ',
        '‘',
        ' ',
        '-',
        '_',
        'é',
        '\u0301',
        '中',
        'ü',
        '𝐀',
        '😀',
        '\n',
        'U.S.',
        'e.g',
        '3.5',
        '10,000',
        'don’t',
        'Trump’s',
        'ß',
      ),
      maxLength: 40,
    });
    fc.assert(
      fc.property(fc.oneof(tricky, nasty), (text) => {
        const expected = { words: [] as string[], starts: [] as number[], lengths: [] as number[] };
        for (const match of text.matchAll(new RegExp(WORD_PATTERN))) {
          const word = foldWord(match[0]);
          if (word === '') continue;
          expected.words.push(word);
          expected.starts.push(match.index);
          expected.lengths.push(match[0].length);
        }
        assert.deepEqual(analyzeWords(text), expected, JSON.stringify(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('snippets are HTML-safe, whatever the article and the matchers', () => {
    fc.assert(
      fc.property(nasty, nasty, (text, query) => {
        const terms = analyze(query).map((token) => token.term);
        const matchers: Matcher[] = [
          { id: 0, kind: 'terms', terms: new Set(terms) },
          { id: 1, kind: 'phrase', terms: terms.slice(0, 3) },
        ];
        assertWellMarked(buildSnippet(`<script>${text}</script> & ${text}`, matchers));
      }),
      { numRuns: 300 },
    );
  });

  it('a search answers any query with HTML-safe hits or a QueryError, in bounded time', () => {
    let slowest = 0;
    fc.assert(
      fc.property(nasty, (query) => {
        const started = performance.now();
        try {
          const result = engine.search(query, { limit: 5 });
          for (const hit of result.hits) {
            assertWellMarked(hit.snippet);
            assertWellMarked(hit.titleMarks);
          }
        } catch (error) {
          assert.ok(error instanceof QueryError, String(error));
        }
        slowest = Math.max(slowest, performance.now() - started);
      }),
      { numRuns: 300 },
    );
    // Generous on purpose (a loaded CI machine): the point is no runaway, not speed.
    assert.ok(slowest < 1000, `slowest query took ${slowest.toFixed(0)} ms`);
  });

  it('ranking picks the same best k a full sort does, ties and all', () => {
    // Scores from a few values, so ties are common; sometimes not a number, which ranks last.
    const scores = fc.array(
      fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true }), fc.constant(Number.NaN)),
      { maxLength: 400 },
    );
    fc.assert(
      fc.property(scores, fc.integer({ min: 0, max: 250 }), fc.integer(), (values, k, seed) => {
        // Tie-breaks a permutation of the indexes, not their order, so ties test it.
        const tieBreaks = values.map((_, i) => (i * 7919 + (seed >>> 0)) % 1_000_003);
        const key = (i: number) => (Number.isNaN(values[i]) ? Number.NEGATIVE_INFINITY : (values[i] ?? 0));
        const expected = values
          .map((_, i) => i)
          .sort((a, b) => key(b) - key(a) || (tieBreaks[a] ?? 0) - (tieBreaks[b] ?? 0))
          .slice(0, k);
        assert.deepEqual(
          topK(
            values.length,
            k,
            (i) => values[i] ?? 0,
            (i) => tieBreaks[i] ?? 0,
          ),
          expected,
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('explanations', () => {
  let engine: SearchEngine;
  before(async () => {
    engine = await seedEngine();
  });

  it('give every hit parts that add up to its score, for any query of the seeds’ words, long ones too', () => {
    const vocabulary = [
      'trade',
      'talks',
      'Mnuchin',
      'tariffs',
      'China',
      'deadline',
      'Lighthizer',
      'Davos',
      'the',
      'negot*',
      'Liu',
      'He',
      'Kudlow',
      'Premier',
      'Trump’s',
    ];
    const query = fc
      .array(
        fc.oneof(
          fc.constantFrom(...vocabulary),
          fc.constantFrom(...vocabulary).map((word) => `-${word}`),
          fc.constantFrom(...vocabulary).map((word) => `+${word}`),
          fc
            .tuple(fc.constantFrom(...vocabulary), fc.constantFrom(...vocabulary))
            .map(([a, b]) => `"${a} ${b}"`),
          fc
            .tuple(fc.constantFrom(...vocabulary), fc.constantFrom(...vocabulary))
            .map(([a, b]) => `${a} OR ${b}`),
        ),
        // Up to 14 clauses: past 10, per-mask answers are remembered rather than tabled.
        { minLength: 1, maxLength: 12 },
      )
      .map((words) => words.join(' '));
    fc.assert(
      fc.property(query, (text) => {
        let result: SearchResult;
        try {
          result = engine.search(text, { explain: true, limit: 20 });
        } catch (error) {
          assert.ok(error instanceof QueryError, String(error));
          return;
        }
        for (const hit of result.hits) {
          const sum = (hit.explanation?.parts ?? []).reduce((total, part) => total + part.value, 0);
          assert.ok(Math.abs(sum - hit.score) < 0.002, `${text} → ${hit.id}: ${sum} against ${hit.score}`);
          assert.equal(hit.explanation?.tier === 'all words', hit.explanation?.missing.length === 0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
