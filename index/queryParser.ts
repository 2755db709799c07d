/**
 * The query language, parsed into clauses the engine can run. Pure and total: every string either
 * parses (with notices that say how it was read) or throws a {@link QueryError} with a message for
 * the user; nothing else is thrown.
 *
 * Syntax: words (all required), `"exact phrase"`, `-word` and `-"phrase"` to exclude, `OR` between
 * words, `word*` for a prefix, and `title:`, `source:`, `author:` before a word or phrase.
 * Smart quotes count as quotes; control characters count as spaces.
 */
import { analyze, stemWord } from './analyzer.ts';
import { QueryError } from './errors.ts';

/** The document fields a clause can be limited to. */
export type SearchField = 'title' | 'body' | 'source' | 'authors';

/** A single word: matches documents containing its term (or, with `prefix`, a word starting so). */
export interface WordClause {
  kind: 'word';
  /** The index term (folded and stemmed). */
  term: string;
  /** The folded, unstemmed word; prefix and typo expansion start from it. */
  word: string;
  /** `word*`: any word starting with `word`. */
  prefix: boolean;
  /** Limited to one field (`title:trade`), or null for the default fields. */
  field: SearchField | null;
  /** The clause as the user typed it, for messages. */
  text: string;
}

/** Words that must appear adjacent and in order, stop words included. */
export interface PhraseClause {
  kind: 'phrase';
  /** The index terms in order. */
  terms: string[];
  /** Which of `terms` are stop words (those only constrain positions, they are not ranked). */
  stops: boolean[];
  field: SearchField | null;
  text: string;
}

export type Clause = WordClause | PhraseClause;

/** A parsed query: every group must match (AND), and within a group any clause may (OR). */
export interface ParsedQuery {
  /** The query as received (before cleaning), for echoing back. */
  raw: string;
  groups: Clause[][];
  /** Clauses no result may contain. */
  excluded: Clause[];
  /** How the query was interpreted where that differs from what was typed. */
  notices: string[];
  /**
   * The positive words in the order typed, stop words included (they keep the distance between the
   * words around them), with `'break'` where `OR` separates alternatives. Proximity ranking and
   * snippet selection use it to prefer documents where the words stand together as typed.
   */
  sequence: SequenceItem[];
}

/** One word of {@link ParsedQuery.sequence}, or a break between alternatives. */
export type SequenceItem = { term: string; stop: boolean } | 'break';

/** Limits on what a query may ask for; defaults in {@link defaultParseOptions}. */
export interface ParseOptions {
  /** Longest query accepted, in characters. */
  maxLength: number;
  /** Most clauses used; later ones are dropped with a notice. */
  maxClauses: number;
}

export const defaultParseOptions: ParseOptions = { maxLength: 1000, maxClauses: 32 };

const FIELD_ALIASES: Readonly<Record<string, SearchField>> = {
  title: 'title',
  source: 'source',
  author: 'authors',
  authors: 'authors',
  by: 'authors',
};

/** Typographic double quotes that people paste from articles, read as `"`. */
const DOUBLE_QUOTES = /[“”„‟«»＂″]/g;
/** C0/C1 control characters and other invisible format characters, read as spaces. */
const CONTROL_CHARACTERS = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** A lexical piece of the query before analysis. */
type Piece =
  | { kind: 'or' }
  | { kind: 'text'; text: string; quoted: boolean; negated: boolean; field: SearchField | null };

/**
 * Parses a query string. Throws {@link QueryError} only when nothing sensible can be searched:
 * an empty query, one over `maxLength` characters, or one that only excludes.
 *
 * @example parseQuery('"March 1 deadline" -Davos').groups // [[{ kind: 'phrase', terms: ['march', '1', 'deadlin'] … }]]
 */
export function parseQuery(raw: string, options: ParseOptions = defaultParseOptions): ParsedQuery {
  if (raw.length > options.maxLength) {
    throw new QueryError(
      'query_too_long',
      `The query is ${raw.length.toLocaleString('en-US')} characters long; the limit is ${options.maxLength.toLocaleString('en-US')}. Shorten it to the words that matter.`,
    );
  }
  const notices: string[] = [];
  const cleaned = raw.toWellFormed().replace(CONTROL_CHARACTERS, ' ').replace(DOUBLE_QUOTES, '"');
  const pieces = lex(cleaned, notices);

  const groups: Clause[][] = [];
  const excluded: Clause[] = [];
  const ignoredStopWords: string[] = [];
  const stopOnlyWords: string[] = [];
  const sequence: SequenceItem[] = [];
  const seen = new Set<string>();
  let joinNext = false;
  let clauseCount = 0;
  let truncated = false;

  for (const piece of pieces) {
    if (piece.kind === 'or') {
      joinNext = groups.length > 0;
      sequence.push('break');
      continue;
    }
    const clause = toClause(piece);
    if (clause === null) continue;
    if (clauseCount >= options.maxClauses) {
      truncated = true;
      continue;
    }
    clauseCount += 1;
    const alternatives = [clause, ...joinedSpelling(piece, clause)];
    // The same clause twice (`t* t* t*`) asks nothing more, but would cost its work again.
    const key = `${piece.negated ? '-' : ''}${clauseKey(clause)}`;
    const repeated = seen.has(key) && !(clause.kind === 'word' && !clause.prefix && isStopWord(clause));
    seen.add(key);
    if (repeated) continue;
    if (piece.negated) {
      excluded.push(...alternatives);
      joinNext = false;
      sequence.push('break');
      continue;
    }
    sequence.push(...sequenceOf(clause));
    if (clause.kind === 'word' && !clause.prefix && isStopWord(clause)) {
      ignoredStopWords.push(clause.text);
      stopOnlyWords.push(piece.text);
      continue;
    }
    const lastGroup = groups.at(-1);
    if (joinNext && lastGroup !== undefined) lastGroup.push(...alternatives);
    else groups.push(alternatives);
    joinNext = false;
  }

  if (truncated) notices.push(`Only the first ${options.maxClauses} words and phrases were used.`);
  if (groups.length === 0 && stopOnlyWords.length > 0) {
    // A query of common words only ("to be or not to be") is a phrase the user means literally.
    const phrase = toClause({
      kind: 'text',
      text: stopOnlyWords.join(' '),
      quoted: true,
      negated: false,
      field: null,
    });
    if (phrase !== null) groups.push([phrase]);
    notices.push(`Searched for the common words as a phrase: "${stopOnlyWords.join(' ')}".`);
  } else if (ignoredStopWords.length > 0) {
    notices.push(`Common words were not required: ${ignoredStopWords.join(', ')}.`);
  }
  if (groups.length === 0) {
    if (excluded.length > 0) {
      throw new QueryError(
        'only_exclusions',
        'The query only excludes words. Add a word or a "quoted phrase" to search for.',
      );
    }
    throw new QueryError('empty_query', 'Type a word or a "quoted phrase" to search for.');
  }
  return { raw, groups, excluded, notices, sequence };
}

/** What makes two clauses the same search. */
function clauseKey(clause: Clause): string {
  const field = clause.field ?? '';
  return clause.kind === 'word'
    ? `w:${field}:${clause.term}:${clause.word}:${clause.prefix}`
    : `p:${field}:${clause.terms.join(' ')}`;
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
function joinedSpelling(piece: Extract<Piece, { kind: 'text' }>, clause: Clause): Clause[] {
  if (piece.quoted || clause.kind !== 'phrase' || !HYPHENATED.test(piece.text)) return [];
  const word = analyze(piece.text)
    .map((token) => token.word)
    .join('');
  return [{ kind: 'word', term: stemWord(word), word, prefix: false, field: clause.field, text: piece.text }];
}

function isStopWord(clause: WordClause): boolean {
  return analyze(clause.text).every((token) => token.stop);
}

/** Splits the cleaned query into quoted and bare pieces, operators and field prefixes. */
function lex(query: string, notices: string[]): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < query.length) {
    const char = query.charAt(i);
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r' || /\s/.test(char)) {
      i += 1;
      continue;
    }
    let negated = false;
    // A minus sign before a letter or quote excludes; before a digit it is part of the text ("-2").
    if (char === '-' && /[\p{L}"]/u.test(query.charAt(i + 1))) {
      negated = true;
      i += 1;
    }
    let field: SearchField | null = null;
    const fieldMatch = /^([a-zA-Z]+):(?=\S)/.exec(query.slice(i, i + 12));
    const fieldName = fieldMatch?.[1]?.toLowerCase();
    if (fieldMatch !== null && fieldName !== undefined && FIELD_ALIASES[fieldName] !== undefined) {
      field = FIELD_ALIASES[fieldName];
      i += fieldMatch[0].length;
    }
    if (query.charAt(i) === '"') {
      const close = query.indexOf('"', i + 1);
      const end = close === -1 ? query.length : close;
      if (close === -1)
        notices.push('The closing quote was missing, so the phrase runs to the end of the query.');
      pieces.push({ kind: 'text', text: query.slice(i + 1, end), quoted: true, negated, field });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < query.length && !/\s/.test(query.charAt(end)) && query.charAt(end) !== '"') end += 1;
    const text = query.slice(i, end);
    i = end;
    if (text === 'OR' && !negated && field === null) pieces.push({ kind: 'or' });
    else if (text !== '') pieces.push({ kind: 'text', text, quoted: false, negated, field });
  }
  return pieces;
}

/** Analyzes a piece: one word becomes a word clause, several (quoted or hyphenated) a phrase. */
function toClause(piece: Extract<Piece, { kind: 'text' }>): Clause | null {
  const prefix = !piece.quoted && piece.text.endsWith('*');
  const tokens = analyze(piece.text);
  if (tokens.length === 0) return null;
  const [first] = tokens;
  if (tokens.length === 1 && first !== undefined && !piece.quoted) {
    return { kind: 'word', term: first.term, word: first.word, prefix, field: piece.field, text: piece.text };
  }
  return {
    kind: 'phrase',
    terms: tokens.map((token) => token.term),
    stops: tokens.map((token) => token.stop),
    field: piece.field,
    text: piece.quoted ? `"${piece.text}"` : piece.text,
  };
}
