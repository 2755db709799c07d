import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QueryError } from '../index/errors.ts';
import { type Clause, parseQuery } from '../index/queryParser.ts';

function describeClause(clause: Clause): string {
  const field = clause.field === null ? '' : `${clause.field}:`;
  if (clause.kind === 'phrase') return `${field}"${clause.terms.join(' ')}"`;
  return `${field}${clause.term}${clause.prefix ? '*' : ''}`;
}

function shape(query: string): { groups: string[][]; excluded: string[] } {
  const parsed = parseQuery(query);
  return {
    groups: parsed.groups.map((group) => group.map(describeClause)),
    excluded: parsed.excluded.map(describeClause),
  };
}

describe('query parser', () => {
  it('requires every word, each its own group', () => {
    assert.deepEqual(shape('trade talks China').groups, [['trade'], ['talk'], ['china']]);
  });

  it('reads a quoted phrase as one clause, stop words included', () => {
    assert.deepEqual(shape('"the March 1 deadline"').groups, [['"the march 1 deadlin"']]);
  });

  it('accepts smart quotes as quotes', () => {
    assert.deepEqual(shape('“March 1 deadline”').groups, shape('"March 1 deadline"').groups);
  });

  it('reads a hyphenated word as a phrase or the same word without hyphens', () => {
    assert.deepEqual(shape('Mar-a-Lago').groups, [['"mar a lago"', 'maralago']]);
    assert.deepEqual(shape('up-regulation').groups, [['"up regul"', 'upregul']]);
    assert.deepEqual(shape('"up-regulation"').groups, [['"up regul"']], 'not inside quotes');
  });

  it('reads a minus sign before a digit as text, not an exclusion', () => {
    assert.deepEqual(shape('E2f-1, -2, -3 cells'), {
      groups: [['"e2f 1"', 'e2f1'], ['2'], ['3'], ['cell']],
      excluded: [],
    });
    assert.deepEqual(shape('cells -"knock out"').excluded, ['"knock out"']);
  });

  it('excludes -word and -"phrase"', () => {
    assert.deepEqual(shape('trade -Davos -"Liu He"'), {
      groups: [['trade']],
      excluded: ['davo', '"liu he"'],
    });
  });

  it('groups words joined by OR', () => {
    assert.deepEqual(shape('tariffs Mnuchin OR Lighthizer').groups, [['tariff'], ['mnuchin', 'lighthiz']]);
  });

  it('limits a word or phrase to a field', () => {
    assert.deepEqual(shape('title:trade source:CNN author:"Ana Swanson"').groups, [
      ['title:trade'],
      ['source:cnn'],
      ['authors:"ana swanson"'],
    ]);
  });

  it('reads word* as a prefix, keeping the unstemmed word', () => {
    const [[clause]] = parseQuery('negot*').groups as [[Clause]];
    assert.equal(clause.kind === 'word' && clause.prefix && clause.word, 'negot');
  });

  it('does not require common words, and says so', () => {
    const parsed = parseQuery('the deadline');
    assert.deepEqual(
      parsed.groups.map((g) => g.map(describeClause)),
      [['deadlin']],
    );
    assert.match(parsed.notices.join(' '), /Common words were not required: the/);
  });

  it('searches a query of only common words as a phrase', () => {
    const parsed = parseQuery('to be or not to be');
    assert.deepEqual(
      parsed.groups.map((g) => g.map(describeClause)),
      [['"to be or not to be"']],
    );
  });

  it('closes an unbalanced quote at the end and says so', () => {
    const parsed = parseQuery('"March 1 deadline');
    assert.deepEqual(
      parsed.groups.map((g) => g.map(describeClause)),
      [['"march 1 deadlin"']],
    );
    assert.match(parsed.notices.join(' '), /closing quote was missing/);
  });

  it('treats regex metacharacters and control characters as spaces', () => {
    assert.deepEqual(shape('(trade)+ [talks]? .* \u0000\u001b China|$').groups, [
      ['trade'],
      ['talk'],
      ['china'],
    ]);
  });

  it('keeps the typed order with stop words for proximity', () => {
    const { sequence } = parseQuery('deadline in March');
    assert.deepEqual(sequence, [
      { term: 'deadlin', stop: false },
      { term: 'in', stop: true },
      { term: 'march', stop: false },
    ]);
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

  it('rejects a query over 1,000 characters, naming the limit', () => {
    assert.throws(() => parseQuery('trade '.repeat(2000)), /limit is 1,000/);
    assert.doesNotThrow(() => parseQuery('trade '.repeat(166)));
  });

  it('uses the first 32 clauses of a long query and says so', () => {
    const parsed = parseQuery(Array.from({ length: 40 }, (_, i) => `word${i}`).join(' '));
    assert.equal(parsed.groups.length, 32);
    assert.match(parsed.notices.join(' '), /first 32/);
  });

  it('drops a clause repeated in the same role', () => {
    assert.deepEqual(shape('t* t* trade trade -Davos -Davos'), {
      groups: [['t*'], ['trade']],
      excluded: ['davo'],
    });
  });

  it('survives lone surrogates and emoji', () => {
    assert.deepEqual(shape('trade \uD800 😀 talks').groups, [['trade'], ['talk']]);
  });
});
