/**
 * Finding without a full query: completions of what is being typed, articles like a given one
 * ("more like this"), and the sources an index holds.
 */
import { analyze, STOP_WORDS } from '../analysis/analyzer.ts';
import type { IndexSnapshot } from '../artifact/snapshot.ts';
import { FIELD_INDEX, SEARCH_FIELDS } from '../fields.ts';
import type { Lexicon } from './lexicon.ts';
import type { NameSuggester } from './nameSuggester.ts';
import type { Candidate } from './ranking.ts';
import type { Completion } from './results.ts';
import { clauseBit, popCount, type ScoreBoard } from './scoreBoard.ts';
import type { TermScorer, TermWeight } from './termScorer.ts';
import { topK } from './topK.ts';

/**
 * Completions of a partly typed query: known names (names such as `Robert Lighthizer`) that the
 * last one to three words begin, then vocabulary words the last word begins, most frequent first.
 * Typed text before the completed part is kept as typed.
 */
export function completeQuery(
  input: string,
  limit: number,
  lexicon: Lexicon,
  nameSuggester: () => NameSuggester,
): Completion[] {
  const typed = input.replace(/\s+/g, ' ').trimStart();
  if (typed.trim() === '') return [];
  const completions: Completion[] = [];
  const seen = new Set<string>();
  const add = (completion: Completion) => {
    const key = completion.text.toLowerCase();
    if (seen.has(key) || completions.length >= limit) return;
    seen.add(key);
    completions.push(completion);
  };
  // A trailing space means the last word is finished: complete nothing rather than guess a next word.
  if (typed.endsWith(' ')) return [];
  const words = typed.split(' ');
  // Names complete plain words only: not an exclusion, a field, a quote or a prefix operator.
  const plain = (word: string) => /^[^-"“”*:]/.test(word) && !/[*:"“”]/.test(word);
  for (let take = Math.min(3, words.length); take >= 1 && completions.length === 0; take -= 1) {
    if (!words.slice(words.length - take).every(plain)) break;
    const head = words.slice(0, words.length - take).join(' ');
    const tail = words.slice(words.length - take).join(' ');
    for (const phrase of nameSuggester().suggest(tail, limit)) {
      add({
        text: joinWords(head, phrase.text),
        completion: phrase.text,
        kind: 'phrase',
        count: phrase.docFreq,
      });
    }
  }
  const last = words.at(-1) ?? '';
  const prefix = (last.startsWith('-') ? last.slice(1) : last).replace(/["“”*]/g, '');
  const folded = analyze(prefix)[0];
  if (folded !== undefined && folded.end === prefix.length) {
    const head = words.slice(0, -1).join(' ');
    const sign = last.startsWith('-') ? '-' : '';
    // A word a name above already offers (`lighthizer` under `Robert Lighthizer`) is not offered twice.
    const named = new Set(
      completions.flatMap((completion) => analyze(completion.completion).map((token) => token.word)),
    );
    for (const entry of lexicon.withPrefix(folded.word, limit + 1 + named.size)) {
      if (entry.word === folded.word && entry.docFreq === 0) continue;
      if (named.has(entry.word)) continue;
      add({
        text: joinWords(head, sign + entry.word),
        completion: entry.word,
        kind: 'word',
        count: entry.docFreq,
      });
    }
  }
  return completions;
}

/** What "more like this" needs of the engine. */
export interface RelatedContext {
  snapshot: IndexSnapshot;
  board: ScoreBoard;
  scorer: TermScorer;
  lexicon: Lexicon;
  /** Most distinctive words of the article looked for in others. */
  relatedTerms: number;
}

/**
 * Articles most like the one at `docIndex`, best first: its most distinctive words by TF-IDF, scored
 * with BM25 over other articles' titles and bodies. The article's own near-duplicates are left out
 * (they are the same story, not a related one), and one article per duplicate group is kept.
 */
export function relatedArticles(docIndex: number, limit: number, context: RelatedContext): Candidate[] {
  const { snapshot, board, scorer } = context;
  const groups = snapshot.duplicateGroups;
  const ownGroup = groups[docIndex] ?? -1;
  const terms = distinctiveTerms(docIndex, context);
  try {
    terms.forEach(({ termId, weight }, index) => {
      // The bit once per term, not per posting: `2 ** index` in the callback was a fifth of the time.
      const bit = clauseBit(index);
      scorer.scoreTerm(termId, weight, [FIELD_INDEX.title, FIELD_INDEX.body], (doc, score) => {
        board.add(doc, score, bit);
      });
    });
    // Candidates as two columns, not an object each: the 25 words of a long article touch thousands.
    const candidateDocs: number[] = [];
    const candidateScores: number[] = [];
    for (let i = 0; i < board.touchedCount; i += 1) {
      const doc = board.touched[i] ?? 0;
      const group = groups[doc] ?? -1;
      if (doc === docIndex || (ownGroup >= 0 && group === ownGroup)) continue;
      // Sharing one distinctive word is chance; two or more is a topic.
      if (popCount(board.masks[doc] ?? 0) < 2) continue;
      candidateDocs.push(doc);
      candidateScores.push(board.scores[doc] ?? 0);
    }
    return bestOfEachGroup(candidateDocs, candidateScores, groups, limit);
  } finally {
    board.clear();
  }
}

/**
 * The `limit` best candidates (score, then lower document first), one per duplicate group. Only the
 * best few are put in order (see topK.ts): more each time the groups' duplicates leave too few, which
 * they rarely do. Sorting them all was a third of an article page's "more like this".
 */
function bestOfEachGroup(
  docs: readonly number[],
  scores: readonly number[],
  groups: ArrayLike<number>,
  limit: number,
): Candidate[] {
  if (limit <= 0) return [];
  for (let wanted = limit * 4; ; wanted *= 4) {
    const seenGroups = new Set<number>();
    const related: Candidate[] = [];
    const order = topK(
      docs.length,
      wanted,
      (i) => scores[i] ?? 0,
      (i) => docs[i] ?? 0,
    );
    for (const i of order) {
      const doc = docs[i] ?? 0;
      const group = groups[doc] ?? -1;
      if (group >= 0 && seenGroups.has(group)) continue;
      if (group >= 0) seenGroups.add(group);
      related.push({ docIndex: doc, score: scores[i] ?? 0, tier: 0 });
      if (related.length >= limit) return related;
    }
    if (wanted >= docs.length) return related;
  }
}

/**
 * An article's ranked terms weighted by TF-IDF (title words count double), best first: the words
 * that set it apart. Terms in one article only cannot relate it to another and are skipped.
 */
function distinctiveTerms(
  docIndex: number,
  { snapshot, lexicon, relatedTerms }: RelatedContext,
): TermWeight[] {
  const fieldCount = SEARCH_FIELDS.length;
  const frequencies = new Map<number, number>();
  for (const [field, weight] of [
    [FIELD_INDEX.title, 2],
    [FIELD_INDEX.body, 1],
  ] as const) {
    const start = snapshot.streamOffsets[docIndex * fieldCount + field] ?? 0;
    const end = snapshot.streamOffsets[docIndex * fieldCount + field + 1] ?? start;
    for (let i = start; i < end; i += 1) {
      const wordId = snapshot.streams[i] ?? 0;
      if (STOP_WORDS.has(snapshot.words[wordId] ?? '')) continue;
      const termId = snapshot.wordTerm[wordId] ?? 0;
      frequencies.set(termId, (frequencies.get(termId) ?? 0) + weight);
    }
  }
  const documentCount = snapshot.documents.count;
  const scored: TermWeight[] = [];
  for (const [termId, frequency] of frequencies) {
    const docFreq = lexicon.docFreqOfTerm(snapshot.terms[termId] ?? '');
    if (docFreq < 2) continue;
    scored.push({ termId, weight: Math.sqrt(frequency) * Math.log(1 + documentCount / docFreq) });
  }
  scored.sort((a, b) => b.weight - a.weight || a.termId - b.termId);
  const best = scored.slice(0, relatedTerms);
  const top = best[0]?.weight ?? 1;
  return best.map(({ termId, weight }) => ({ termId, weight: weight / top }));
}

/** Articles per source, most first (articles without a source are not counted). */
export function sourceCounts(snapshot: IndexSnapshot): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const sources of snapshot.documents.columns.facets.sources) {
    for (const source of sources) counts.set(source, (counts.get(source) ?? 0) + 1);
  }
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

function joinWords(head: string, tail: string): string {
  return head === '' ? tail : `${head} ${tail}`;
}
