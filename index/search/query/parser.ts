/**
 * The query parser: pieces from the lexer become the clause tree the engine evaluates (see syntax.ts).
 * Pure and total: every string either parses (with notices that say how it was read) or throws a
 * {@link QueryError} with a message for the user; nothing else is thrown.
 *
 * Syntax: words (results have any of them; those with all rank first), `"exact phrase"` (required,
 * the words as written), `+word` or `word AND word` (required), `-word` and `-"phrase"` (excluded),
 * `OR` between words (either), `word*` (a prefix), and `title:`, `source:`, `author:` before a word or
 * phrase (required, in that field). Smart quotes count as quotes; control characters as spaces;
 * zero-width characters are dropped, as they are from articles.
 */
import { analyze, INVISIBLE_CHARACTERS, stemWord } from '../../analysis/analyzer.ts';
import { QueryError } from '../../errors.ts';
import { lex, type TextPiece } from './lexer.ts';
import type { Clause, Occur, ParsedQuery, QueryClause, SequenceItem, SourceSpan } from './syntax.ts';

/** Limits on what a query may ask for; defaults in {@link defaultParseOptions}. */
export interface ParseOptions {
  /** Longest query searched, in characters: a longer one is cut at a word boundary, with a notice. */
  maxLength: number;
}

export const defaultParseOptions: ParseOptions = { maxLength: 1000 };

/** Typographic double quotes that people paste from articles, read as `"`. */
const DOUBLE_QUOTES = /[“”„‟«»＂″]/g;
/** C0/C1 control characters and other invisible format characters, read as spaces. */
const CONTROL_CHARACTERS = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/**
 * Parses a query string. Throws {@link QueryError} only when nothing sensible can be searched: an
 * empty query, or one that only excludes.
 *
 * @example parseQuery('"March 1 deadline" -Davos').clauses // [{ occur: 'must', alternatives: [{ kind: 'phrase', … }] }, { occur: 'mustNot', … }]
 */
export function parseQuery(raw: string, options: ParseOptions = defaultParseOptions): ParsedQuery {
  const notices: string[] = [];
  const searched = cutToLength(
    raw
      .toWellFormed()
      .replace(INVISIBLE_CHARACTERS, '')
      .replace(CONTROL_CHARACTERS, ' ')
      .replace(DOUBLE_QUOTES, '"'),
    options.maxLength,
    notices,
  );
  const pieces = lex(searched, (notice) => notices.push(notice));

  const clauses: QueryClause[] = [];
  const byKey = new Map<string, QueryClause>();
  const sequence: SequenceItem[] = [];
  // Common words left out, each with whether `OR` joined it to the one before.
  const stopOnly: { text: string; span: SourceSpan; orBefore: boolean }[] = [];
  let connector: 'or' | 'and' | null = null;
  let previous: QueryClause | null = null;

  for (const piece of pieces) {
    if (piece.kind !== 'text') {
      connector = piece.kind;
      if (piece.kind === 'or') sequence.push('break');
      continue;
    }
    const clause = requiredStopWord(piece, toClause(piece));
    const joined = connector;
    connector = null;
    if (clause === null) continue;
    if (piece.sign === '-') {
      addClause(clauses, byKey, {
        occur: 'mustNot',
        alternatives: [clause],
        weight: 1,
        requiredByOperator: false,
        span: piece.span,
      });
      sequence.push('break');
      previous = null;
      continue;
    }
    sequence.push(...sequenceOf(clause));
    if (
      clause.kind === 'word' &&
      !clause.prefix &&
      clause.field === null &&
      piece.sign === null &&
      isStopWord(clause)
    ) {
      stopOnly.push({ text: piece.text, span: piece.span, orBefore: joined === 'or' });
      continue;
    }
    const occur: Occur = piece.sign === '+' || piece.quoted || piece.field !== null ? 'must' : 'should';
    const byOperator = occur === 'must' && !piece.quoted && piece.field === null;
    const alternatives = [clause, ...joinedSpelling(piece, clause)];
    if (joined === 'or' && previous !== null) {
      // `a OR b`: one clause of alternatives; required if either side was.
      previous.alternatives.push(...alternatives);
      previous.span = { start: previous.span.start, end: piece.span.end };
      if (occur === 'must') {
        previous.requiredByOperator =
          byOperator && (previous.occur === 'should' || previous.requiredByOperator);
        previous.occur = 'must';
      }
      continue;
    }
    const current = addClause(clauses, byKey, {
      occur,
      alternatives,
      weight: 1,
      requiredByOperator: byOperator,
      span: piece.span,
    });
    if (joined === 'and') {
      if (previous !== null) requireByOperator(previous);
      requireByOperator(current);
    }
    previous = current;
  }

  const positive = clauses.filter((clause) => clause.occur !== 'mustNot');
  if (positive.length === 0 && stopOnly.length > 0) {
    // A query of common words only ("to be or not to be") is a phrase the user means literally; with
    // `OR` in capitals between them, each side is one (`who OR what`).
    const runs: (typeof stopOnly)[] = [];
    for (const word of stopOnly) {
      const last = runs.at(-1);
      if (last === undefined || word.orBefore) runs.push([word]);
      else last.push(word);
    }
    const phrases = runs.map((run) => {
      const text = run.map((word) => word.text).join(' ');
      const span = { start: run[0]?.span.start ?? 0, end: run.at(-1)?.span.end ?? 0 };
      return { text, clause: toClause({ kind: 'text', text, quoted: true, sign: null, field: null, span }) };
    });
    const alternatives = phrases.flatMap((phrase) => (phrase.clause === null ? [] : [phrase.clause]));
    const span = { start: stopOnly[0]?.span.start ?? 0, end: stopOnly.at(-1)?.span.end ?? 0 };
    if (alternatives.length > 0)
      clauses.push({ occur: 'must', alternatives, weight: 1, requiredByOperator: false, span });
    const texts = phrases.map((phrase) => `"${phrase.text}"`).join(' OR ');
    notices.push(
      `Searched for the common words as ${phrases.length === 1 ? 'a phrase' : 'phrases'}: ${texts}.`,
    );
  } else if (stopOnly.length > 0) {
    notices.push(`Common words were not required: ${stopOnly.map((word) => word.text).join(', ')}.`);
  }
  if (!clauses.some((clause) => clause.occur !== 'mustNot')) {
    if (clauses.length > 0) {
      throw new QueryError(
        'only_exclusions',
        'The query only excludes words. Add a word or a "quoted phrase" to search for.',
      );
    }
    throw new QueryError('empty_query', 'Type a word or a "quoted phrase" to search for.');
  }
  return { raw, searched, clauses, notices, sequence };
}

/** Makes a clause required by `AND`; one already required (a phrase, a field, `+word`) stays as it was. */
function requireByOperator(clause: QueryClause): void {
  if (clause.occur !== 'should') return;
  clause.occur = 'must';
  clause.requiredByOperator = true;
}

/**
 * The query with the words required by `+` or `AND` ranked instead, as plain words are, and those
 * words as typed; null when it has none. Quoted phrases, field filters and exclusions stay as they
 * are. For a search that finds nothing: text pasted with a capital `AND` in it (`METHODS AND RESULTS`
 * in an abstract) or words no article holds together should end in a notice and the articles with
 * some of them, not in an empty page.
 */
export function relaxTypedRequirements(
  parsed: ParsedQuery,
): { parsed: ParsedQuery; relaxed: string[] } | null {
  const relaxed = parsed.clauses.filter((clause) => clause.occur === 'must' && clause.requiredByOperator);
  if (relaxed.length === 0) return null;
  const clauses = parsed.clauses.map((clause) =>
    relaxed.includes(clause) ? { ...clause, occur: 'should' as const, requiredByOperator: false } : clause,
  );
  return {
    parsed: { ...parsed, clauses, notices: [...parsed.notices] },
    relaxed: relaxed.map((clause) => clause.alternatives.map((alternative) => alternative.text).join(' OR ')),
  };
}

/**
 * The query cut to at most `maxLength` characters at the last space before the limit (mid-word only
 * when there is none in its second half), with a notice; unchanged when it fits.
 */
function cutToLength(query: string, maxLength: number, notices: string[]): string {
  if (query.length <= maxLength) return query;
  const space = query.lastIndexOf(' ', maxLength);
  const cut = query.slice(0, space > maxLength / 2 ? space : maxLength).trimEnd();
  notices.push(
    `The query is ${query.length.toLocaleString('en-US')} characters long: only its first ${cut.length.toLocaleString('en-US')} were searched.`,
  );
  return cut;
}

/**
 * Adds a clause, or counts it once more when the same clause was typed before in the same role: a
 * repeated word weighs more (`tariffs … tariffs`), a repeated exclusion or prefix asks nothing more.
 */
function addClause(
  clauses: QueryClause[],
  byKey: Map<string, QueryClause>,
  clause: QueryClause,
): QueryClause {
  const key = `${clause.occur}|${clause.alternatives.map(clauseKey).join('|')}`;
  const earlier = byKey.get(key);
  if (earlier !== undefined) {
    const prefix = clause.alternatives.some(
      (alternative) => alternative.kind === 'word' && alternative.prefix,
    );
    if (clause.occur !== 'mustNot' && !prefix) earlier.weight += 1;
    return earlier;
  }
  byKey.set(key, clause);
  clauses.push(clause);
  return clause;
}

/** What makes two clauses the same search. */
function clauseKey(clause: Clause): string {
  const field = clause.field ?? '';
  return clause.kind === 'word'
    ? `w:${field}:${clause.term}:${clause.word}:${clause.prefix}`
    : `p:${field}:${clause.exact ? clause.words.join(' ') : clause.terms.join(' ')}:${clause.exact}`;
}

function sequenceOf(clause: Clause): SequenceItem[] {
  if (clause.kind === 'phrase')
    return clause.terms.map((term, i) => ({ term, stop: clause.stops[i] === true }));
  if (clause.prefix) return ['break'];
  return [{ term: clause.term, stop: isStopWord(clause) }];
}

/** A word of letters and digits joined by hyphens, possibly with trailing punctuation. */
const HYPHENATED = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+[.,;:!?]*$/u;

/**
 * A hyphenated word is also looked for as one word, hyphens dropped: texts write both `up-regulation`
 * and `upregulation`, `e-mail` and `email`. Returns that alternative, or nothing.
 */
function joinedSpelling(piece: TextPiece, clause: Clause): Clause[] {
  if (piece.quoted || clause.kind !== 'phrase' || !HYPHENATED.test(piece.text)) return [];
  const word = clause.words.join('');
  return [
    {
      kind: 'word',
      term: stemWord(word),
      word,
      prefix: false,
      field: clause.field,
      text: piece.text,
      span: piece.span,
    },
  ];
}

/**
 * A stop word asked for on purpose, with `+`, `-` or a field (`title:who`: WHO in headlines; `vaccine
 * -WHO`: not the agency), is looked for as written, as a one-word phrase: stop words have no postings,
 * so as a word it matched nothing (`title:the`, `oil title:the`: no results), excluded nothing
 * (`vaccine -WHO` kept every article naming WHO), or matched only longer words of its stem
 * (`title:will`: willing).
 */
function requiredStopWord(piece: TextPiece, clause: Clause | null): Clause | null {
  if (clause?.kind !== 'word' || clause.prefix || !isStopWord(clause)) return clause;
  if (piece.field === null && piece.sign === null) return clause;
  return toClause({ ...piece, quoted: true });
}

function isStopWord(clause: Clause): boolean {
  return analyze(clause.text).every((token) => token.stop);
}

/**
 * Analyzes a piece: one word becomes a word clause, several (quoted or hyphenated) a phrase; a quoted
 * phrase (even of one word) matches the words as written, a bare one any form of them.
 */
function toClause(piece: TextPiece): Clause | null {
  const prefix = !piece.quoted && piece.text.endsWith('*');
  const tokens = analyze(piece.text);
  const [first] = tokens;
  if (first === undefined) return null;
  if (tokens.length === 1 && !piece.quoted) {
    return {
      kind: 'word',
      term: first.term,
      word: first.word,
      prefix,
      field: piece.field,
      text: piece.text,
      span: piece.span,
    };
  }
  return {
    kind: 'phrase',
    terms: tokens.map((token) => token.term),
    words: tokens.map((token) => token.word),
    exact: piece.quoted,
    stops: tokens.map((token) => token.stop),
    field: piece.field,
    text: piece.quoted ? `"${piece.text}"` : piece.text,
    span: piece.span,
  };
}
