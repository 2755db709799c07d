/**
 * What a query marks: the matchers for a field (its clauses that may match there, and the typed words
 * as a phrase), in term and word ids to find matches in the stored token streams without analyzing
 * text again; and one part of an article with every match marked.
 */
import type { IndexSnapshot } from '../artifact/snapshot.ts';
import { FIELD_INDEX, type SearchField } from '../fields.ts';
import { articleParts } from './articleParts.ts';
import { type CompiledQuery, positiveClauses } from './compile.ts';
import type { Lexicon } from './lexicon.ts';
import { type StreamMatcher, StreamMatcherIndex, streamSpans } from './positions.ts';
import type { HighlightedArticle } from './results.ts';
import { countMatches, highlightParagraphsFromSpans, type Matcher, matcherWeights } from './snippets.ts';
import type { TermScorer } from './termScorer.ts';

/** The matchers a page of hits is marked with, prepared once per query. */
export interface HitMarking {
  title: StreamMatcherIndex;
  body: StreamMatcherIndex;
  bodyWeights: Map<number, number>;
}

/** What a page of hits marks when there is no query (browsing by filters): nothing. */
export const NO_MARKING: HitMarking = {
  title: new StreamMatcherIndex([], 0),
  body: new StreamMatcherIndex([], 0),
  bodyWeights: new Map(),
};

/** What marking needs of the index: term ids and word ids. */
export interface MarkingContext {
  scorer: TermScorer;
  lexicon: Lexicon;
  termCount: number;
}

/** What a page of hits marks, worked out once per query: matchers by term id, passage weights. */
export function hitMarking(compiled: CompiledQuery, context: MarkingContext): HitMarking {
  const bodyMatchers = markersFor(compiled, 'body');
  return {
    title: new StreamMatcherIndex(streamMatchers(markersFor(compiled, 'title'), context), context.termCount),
    body: new StreamMatcherIndex(streamMatchers(bodyMatchers, context), context.termCount),
    bodyWeights: matcherWeights(bodyMatchers),
  };
}

/** What to mark in a field: the clauses that may match there, and the typed words as a phrase. */
export function markersFor(compiled: CompiledQuery, field: SearchField): Matcher[] {
  const clauses = positiveClauses(compiled).filter((c) => c.fields.includes(FIELD_INDEX[field]));
  const matchers = clauses.map((c) => c.matcher);
  return compiled.typedPhrase === null ? matchers : [compiled.typedPhrase, ...matchers];
}

/** Matchers in term ids, to find matches in the stored token streams. */
export function streamMatchers(
  matchers: readonly Matcher[],
  { scorer, lexicon }: MarkingContext,
): StreamMatcher[] {
  return matchers.map((matcher) =>
    matcher.kind === 'terms'
      ? {
          id: matcher.id,
          kind: 'terms',
          termIds: new Set([...matcher.terms].flatMap((term) => scorer.termId(term) ?? [])),
        }
      : {
          id: matcher.id,
          kind: 'phrase',
          termIds: matcher.terms.map((term) => scorer.termId(term) ?? -1),
          wordIds: matcher.words?.map((word) => lexicon.wordId(word)) ?? null,
        },
  );
}

/**
 * One part of an article's body (see articleParts.ts) with every match of `matchers` marked: `part`
 * when given (clamped to the parts there are), else the part holding the first match, else the first.
 */
export function highlightArticleBody(
  snapshot: IndexSnapshot,
  docIndex: number,
  matchers: readonly Matcher[],
  context: MarkingContext,
  part?: number,
): HighlightedArticle {
  const { body } = snapshot.documents.get(docIndex);
  const spans = streamSpans(snapshot, docIndex, FIELD_INDEX.body, streamMatchers(matchers, context));
  const parts = articleParts(body);
  const firstSpan = spans.reduce((first, span) => Math.min(first, span.start), Number.POSITIVE_INFINITY);
  const firstMatchPart = spans.length === 0 ? null : parts.findIndex((range) => firstSpan < range.end) + 1;
  const shown =
    part === undefined
      ? (firstMatchPart ?? 1)
      : Number.isFinite(part)
        ? Math.min(parts.length, Math.max(1, Math.floor(part)))
        : 1;
  const range = parts[shown - 1] ?? { start: 0, end: body.length };
  const { paragraphs } = highlightParagraphsFromSpans(body, spans, range);
  return { paragraphs, matches: countMatches(spans), part: shown, parts: parts.length, firstMatchPart };
}
