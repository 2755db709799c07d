/**
 * The query language's tree: what the parser makes of a query and the engine evaluates. A query is a
 * list of clauses, each with how it must occur (as in Lucene's BooleanQuery); a clause is one
 * word or phrase, or alternatives joined by `OR`. Every part keeps where it was typed, so a notice or
 * an error can point at it.
 */

import type { SearchField } from '../../fields.ts';

/** Where a part of the query was typed: offsets into the query as searched. */
export interface SourceSpan {
  start: number;
  end: number;
}

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
  span: SourceSpan;
}

/** Words that must appear adjacent and in order, stop words included. */
export interface PhraseClause {
  kind: 'phrase';
  /** The index terms in order (stemmed). */
  terms: string[];
  /** The folded words in order, as typed (unstemmed). */
  words: string[];
  /**
   * Whether the words must stand as typed (a quoted phrase: `"its estimate"` is not `it estimates`),
   * or any form of them will do (a hyphenated word typed bare, `Mar-a-Lago`).
   */
  exact: boolean;
  /** Which of `terms` are stop words (those only constrain positions, they are not ranked). */
  stops: boolean[];
  field: SearchField | null;
  text: string;
  span: SourceSpan;
}

export type Clause = WordClause | PhraseClause;

/**
 * How a clause must occur in a result: `must` (a quoted phrase, a field filter, `+word`, words joined
 * by `AND`), `should` (a plain word: results have any of them, those with all rank first) or
 * `mustNot` (`-word`).
 */
export type Occur = 'must' | 'should' | 'mustNot';

/** One clause of a query: alternatives (more than one when joined by `OR`), how it must occur, its weight. */
export interface QueryClause {
  occur: Occur;
  /** A result matches the clause when it matches any of these. */
  alternatives: Clause[];
  /** How many times the clause was typed: a word repeated in a long query counts for more. */
  weight: number;
  /**
   * Required only because the user typed `+` or `AND` (not a quoted phrase or a field): the one
   * requirement a search that finds nothing drops, saying so (see `relaxTypedRequirements`).
   */
  requiredByOperator: boolean;
  span: SourceSpan;
}

/** One word of {@link ParsedQuery.sequence}, or a break between alternatives. */
export type SequenceItem = { term: string; stop: boolean } | 'break';

/** A parsed query. */
export interface ParsedQuery {
  /** The query as received (before cleaning), for echoing back. */
  raw: string;
  /** What was searched: the query cleaned, and cut at a word boundary when it was over the limit. */
  searched: string;
  clauses: QueryClause[];
  /** How the query was interpreted where that differs from what was typed. */
  notices: string[];
  /**
   * The positive words in the order typed, stop words included (they keep the distance between the
   * words around them), with `'break'` where `OR` separates alternatives. Proximity ranking and
   * snippet selection use it to prefer documents where the words stand together as typed.
   */
  sequence: SequenceItem[];
}
