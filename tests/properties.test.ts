import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../index/analyzer.ts';
import type { SearchEngine } from '../index/engine.ts';
import { QueryError } from '../index/errors.ts';
import { parseQuery } from '../index/queryParser.ts';
import { buildSnippet, type Matcher } from '../index/snippets.ts';
import { seedEngine } from './helpers.ts';

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
          assert.ok(parsed.groups.length > 0);
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

  it('snippets are HTML-safe, whatever the article and the matchers', () => {
    fc.assert(
      fc.property(nasty, nasty, (text, query) => {
        const terms = analyze(query).map((token) => token.term);
        const matchers: Matcher[] = [
          { id: 0, kind: 'terms', terms: new Set(terms) },
          { id: 1, kind: 'phrase', terms: terms.slice(0, 3) },
        ];
        assertHtmlSafe(buildSnippet(`<script>${text}</script> & ${text}`, matchers));
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
            assertHtmlSafe(hit.snippet);
            assertHtmlSafe(hit.titleHtml);
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
});
