/**
 * The query's lexer: the typed string as a list of pieces (words, quoted phrases, operators) with
 * where each was typed. It knows the characters of the syntax and nothing of what they mean.
 */
import { FIELD_ALIASES, type SearchField } from '../../fields.ts';
import type { SourceSpan } from './syntax.ts';

/** A lexical piece of the query. */
export type Piece =
  | { kind: 'or' | 'and'; span: SourceSpan }
  | {
      kind: 'text';
      text: string;
      quoted: boolean;
      /** `-` or `+` typed right before it (`-Davos`, `+tariffs`), else null. */
      sign: '-' | '+' | null;
      field: SearchField | null;
      span: SourceSpan;
    };

export type TextPiece = Extract<Piece, { kind: 'text' }>;

const WHITESPACE = /\s/;
/** A sign operates on what follows when a letter or a quote does; before a digit it is text (`-2`). */
const SIGNED = /[\p{L}"]/u;
const FIELD_PREFIX = /^([a-zA-Z]+):(?=\S)/;

/**
 * Splits a cleaned query (smart quotes already straight, control characters spaces) into pieces.
 * An unclosed quote runs to the end of the query; `onNotice` is told so. `OR` and `AND` are operators
 * only in a query with lowercase letters: in one typed or pasted all in capitals (a wire headline,
 * `SYSTEMS OF DATA CODING AND TRANSFER`) they are words like the others.
 */
export function lex(query: string, onNotice: (notice: string) => void): Piece[] {
  const pieces: Piece[] = [];
  const operators = /\p{Ll}/u.test(query);
  let i = 0;
  while (i < query.length) {
    const char = query.charAt(i);
    if (WHITESPACE.test(char)) {
      i += 1;
      continue;
    }
    const start = i;
    let sign: '-' | '+' | null = null;
    if ((char === '-' || char === '+') && SIGNED.test(query.charAt(i + 1))) {
      sign = char;
      i += 1;
    }
    let field: SearchField | null = null;
    const fieldMatch = FIELD_PREFIX.exec(query.slice(i, i + 12));
    const fieldName = fieldMatch?.[1]?.toLowerCase();
    if (fieldMatch !== null && fieldName !== undefined && FIELD_ALIASES[fieldName] !== undefined) {
      field = FIELD_ALIASES[fieldName];
      i += fieldMatch[0].length;
    }
    if (query.charAt(i) === '"') {
      const close = query.indexOf('"', i + 1);
      const end = close === -1 ? query.length : close;
      if (close === -1)
        onNotice('The closing quote was missing, so the phrase runs to the end of the query.');
      pieces.push({
        kind: 'text',
        text: query.slice(i + 1, end),
        quoted: true,
        sign,
        field,
        span: { start, end: Math.min(query.length, end + 1) },
      });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < query.length && !WHITESPACE.test(query.charAt(end)) && query.charAt(end) !== '"') end += 1;
    const text = query.slice(i, end);
    i = end;
    const span = { start, end };
    if (operators && sign === null && field === null && (text === 'OR' || text === 'AND')) {
      pieces.push({ kind: text === 'OR' ? 'or' : 'and', span });
    } else if (text !== '') pieces.push({ kind: 'text', text, quoted: false, sign, field, span });
  }
  return pieces;
}
