import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QueryError } from '../../index/errors.ts';
import { parseQuery, relaxTypedRequirements } from '../../index/search/query/parser.ts';
import type { Clause, Occur } from '../../index/search/query/syntax.ts';

function describeClause(clause: Clause): string {
  const field = clause.field === null ? '' : `${clause.field}:`;
  if (clause.kind === 'phrase') {
    return clause.exact ? `${field}"${clause.words.join(' ')}"` : `${field}~${clause.terms.join(' ')}~`;
  }
  return `${field}${clause.term}${clause.prefix ? '*' : ''}`;
}

/** Each clause as `occur alternative|alternative`, with `×n` for a weight above one. */
function shape(query: string): string[] {
  return parseQuery(query).clauses.map((clause) => {
    const weight = clause.weight > 1 ? ` ×${clause.weight}` : '';
    return `${clause.occur} ${clause.alternatives.map(describeClause).join('|')}${weight}`;
  });
}

function occurs(query: string): Occur[] {
  return parseQuery(query).clauses.map((clause) => clause.occur);
}

describe('query parser', () => {
  it('reads plain words as optional, each its own clause', () => {
    assert.deepEqual(shape('trade talks China'), ['should trade', 'should talk', 'should china']);
  });

  it('reads a quoted phrase as one required clause of the words as written, stop words included', () => {
    assert.deepEqual(shape('"the March 1 deadline"'), ['must "the march 1 deadline"']);
    assert.deepEqual(shape('"its estimate"'), ['must "its estimate"'], 'unstemmed');
    assert.deepEqual(shape('"talks"'), ['must "talks"'], 'even one quoted word is exact');
  });

  it('accepts smart quotes as quotes', () => {
    assert.deepEqual(shape('“March 1 deadline”'), shape('"March 1 deadline"'));
  });

  it('requires +word, words joined by AND, and field-limited words', () => {
    assert.deepEqual(occurs('+tariffs trade'), ['must', 'should']);
    assert.deepEqual(occurs('tariffs AND trade talks'), ['must', 'must', 'should']);
    assert.deepEqual(shape('title:trade source:CNN author:"Ana Swanson"'), [
      'must title:trade',
      'must source:cnn',
      'must authors:"ana swanson"',
    ]);
  });

  it('reads a hyphenated word as its words in any form, or the same word without hyphens', () => {
    assert.deepEqual(shape('Mar-a-Lago'), ['should ~mar a lago~|maralago']);
    assert.deepEqual(shape('up-regulation'), ['should ~up regul~|upregul']);
    assert.deepEqual(shape('"up-regulation"'), ['must "up regulation"'], 'not inside quotes');
  });

  it('reads a minus sign before a digit as text, not an exclusion', () => {
    assert.deepEqual(shape('E2f-1, -2, -3 cells'), [
      'should ~e2f 1~|e2f1',
      'should 2',
      'should 3',
      'should cell',
    ]);
    assert.deepEqual(shape('cells -"knock out"'), ['should cell', 'mustNot "knock out"']);
  });

  it('excludes -word and -"phrase"', () => {
    assert.deepEqual(shape('trade -Davos -"Liu He"'), ['should trade', 'mustNot davo', 'mustNot "liu he"']);
  });

  it('groups words joined by OR into one clause, required if either side is', () => {
    assert.deepEqual(shape('tariffs Mnuchin OR Lighthizer'), ['should tariff', 'should mnuchin|lighthiz']);
    assert.deepEqual(shape('"trade war" OR tariffs'), ['must "trade war"|tariff']);
  });

  it('can rank instead the words +word and AND required, but not a quoted phrase or a field', () => {
    const parsed = parseQuery('+tariffs "trade talks" AND title:China beans AND quotas OR +duties -Davos');
    const relaxation = relaxTypedRequirements(parsed);
    assert.ok(relaxation !== null);
    assert.deepEqual(relaxation.relaxed, ['tariffs', 'beans', 'quotas OR duties']);
    const before = parsed.clauses.map((clause) => clause.occur);
    assert.deepEqual(before, ['must', 'must', 'must', 'must', 'must', 'mustNot']);
    assert.deepEqual(
      relaxation.parsed.clauses.map((clause) => clause.occur),
      ['should', 'must', 'must', 'should', 'should', 'mustNot'],
    );
    assert.deepEqual(
      parsed.clauses.map((clause) => clause.occur),
      before,
      'the parsed query is left as it was',
    );
    assert.equal(relaxTypedRequirements(parseQuery('"trade talks" title:China tariffs')), null);
  });

  it('reads OR and AND as words in a query typed all in capitals', () => {
    assert.deepEqual(shape('TARIFFS AND QUOTAS OR DUTIES'), ['should tariff', 'should quota', 'should duti']);
    assert.match(parseQuery('TARIFFS AND QUOTAS').notices.join(' '), /Common words were not required: AND/);
  });

  it('reads word* as a prefix, keeping the unstemmed word', () => {
    const [clause] = parseQuery('negot*').clauses[0]?.alternatives ?? [];
    assert.equal(clause?.kind === 'word' && clause.prefix && clause.word, 'negot');
  });

  it('leaves common words out of the clauses, and says so', () => {
    const parsed = parseQuery('the deadline');
    assert.deepEqual(shape('the deadline'), ['should deadlin']);
    assert.match(parsed.notices.join(' '), /Common words were not required: the/);
  });

  it('searches a query of only common words as a phrase, or as phrases either side of OR', () => {
    assert.deepEqual(shape('to be or not to be'), ['must "to be or not to be"']);
    assert.deepEqual(shape('who OR what'), ['must "who"|"what"']);
    assert.deepEqual(shape('to be OR not to be'), ['must "to be"|"not to be"']);
    assert.match(parseQuery('who OR what').notices.join(' '), /as phrases: "who" OR "what"/);
  });

  it('looks for a common word asked for with a field, + or - as written, not drops it', () => {
    assert.deepEqual(shape('title:who'), ['must title:"who"']);
    assert.deepEqual(shape('oil +the'), ['should oil', 'must "the"']);
    assert.deepEqual(shape('vaccine -WHO'), ['should vaccin', 'mustNot "who"']);
    assert.deepEqual(shape('title:will*'), ['must title:will*'], 'a prefix stays a prefix');
    assert.deepEqual(shape('oil the'), ['should oil'], 'an unmarked one is still left out');
  });

  it('closes an unbalanced quote at the end and says so', () => {
    const parsed = parseQuery('"March 1 deadline');
    assert.deepEqual(shape('"March 1 deadline'), ['must "march 1 deadline"']);
    assert.match(parsed.notices.join(' '), /closing quote was missing/);
  });

  it('treats regex metacharacters and control characters as spaces', () => {
    assert.deepEqual(shape('(trade)+ [talks]? .* \u0000\u001b China|$'), [
      'should trade',
      'should talk',
      'should china',
    ]);
  });

  it('drops zero-width characters inside words, as articles do, instead of splitting the word', () => {
    assert.deepEqual(shape('tar\u200biffs Light\u00adhizer'), shape('tariffs Lighthizer'));
  });

  it('keeps the typed order with stop words for proximity', () => {
    const { sequence } = parseQuery('deadline in March');
    assert.deepEqual(sequence, [
      { term: 'deadlin', stop: false },
      { term: 'in', stop: true },
      { term: 'march', stop: false },
    ]);
  });

  it('knows where each clause was typed', () => {
    const { clauses, searched } = parseQuery('trade  -"Liu He" title:tariffs');
    assert.deepEqual(
      clauses.map((clause) => searched.slice(clause.span.start, clause.span.end)),
      ['trade', '-"Liu He"', 'title:tariffs'],
    );
  });

  it('rejects an empty query, a lone dash and punctuation alone with a clear message', () => {
    for (const query of ['', '   ', '-', '"""', '*** ---']) {
      assert.throws(
        () => parseQuery(query),
        (error: unknown) =>
          error instanceof QueryError && error.code === 'empty_query' && /Type a word/.test(error.message),
        query,
      );
    }
  });

  it('rejects a query that only excludes', () => {
    assert.throws(() => parseQuery('-trade -China'), { code: 'only_exclusions' });
  });

  it('cuts a query over 1,000 characters at a word boundary and says so, instead of refusing it', () => {
    const parsed = parseQuery('tariffs '.repeat(300));
    assert.ok(parsed.searched.length <= 1000);
    assert.ok(parsed.searched.endsWith('tariffs'), 'cut between words');
    assert.match(parsed.notices.join(' '), /2,400 characters long: only its first 999 were searched/);
  });

  it('counts a repeated word once more each time, and a repeated exclusion or prefix once', () => {
    assert.deepEqual(shape('t* t* trade trade trade -Davos -Davos'), [
      'should t*',
      'should trade ×3',
      'mustNot davo',
    ]);
  });

  it('survives lone surrogates and emoji', () => {
    assert.deepEqual(shape('trade \uD800 😀 talks'), ['should trade', 'should talk']);
  });
});
