/**
 * How many articles hold a word together with some others, or right beside another: what "Did you
 * mean" weighs near spellings by, so `tonny blair` suggests `tony blair` (articles with both abound)
 * and not `tonne blair` (none), though `tonne` is the more frequent word in a commodities wire; and
 * `take plae` suggests `take place`, not `take plan`, though articles hold `take` with either.
 */
import type { IndexSnapshot } from '../artifact/snapshot.ts';
import { SEARCH_FIELDS } from '../fields.ts';
import type { Lexicon } from './lexicon.ts';
import type { PhraseCandidateLookup } from './phraseCandidates.ts';
import { containsWords } from './positions.ts';
import type { TermScorer } from './termScorer.ts';

/**
 * Articles whose token streams are read, at most, to count a word beside another when the pair is not
 * stored (commonPairs.ts); past them the count is estimated from the share found so far. A read is
 * about a microsecond, and a suggestion weighs up to 8 spellings on each side.
 */
const MAX_ADJACENCY_READS = 256;

const ALL_FIELDS = SEARCH_FIELDS.map((_, field) => field);

/** Counts articles holding words together (by their index terms, in any field). */
export class CooccurrenceCounter {
  /**
   * Per article, the last stamp it got: `held` for the steps of a context it has reached (one per
   * context word), `counted` for the words counted with it. Stamps only grow, so nothing is cleared
   * between counts; made on first use, 8 bytes an article.
   */
  private held: Uint32Array | null = null;
  private counted: Uint32Array | null = null;
  private stamp = 0;

  constructor(
    private readonly snapshot: IndexSnapshot,
    private readonly lexicon: Lexicon,
    private readonly scorer: TermScorer,
    private readonly pairs: PhraseCandidateLookup,
  ) {}

  /** The per-article stamps, made on first use and renewed before they could overflow. */
  private stamps(): { held: Uint32Array; counted: Uint32Array } {
    if (this.held === null || this.counted === null || this.stamp > 0xfffff000) {
      this.held = new Uint32Array(this.snapshot.documents.count);
      this.counted = new Uint32Array(this.snapshot.documents.count);
      this.stamp = 0;
    }
    return { held: this.held, counted: this.counted };
  }

  /**
   * A count, for any word, of the articles holding it and every one of `context` (folded words as the
   * index has them). The articles of the context are found once, however many words are counted;
   * valid until the next call. A context word the index lacks makes every count 0.
   */
  togetherWith(context: readonly string[]): (word: string) => number {
    const { held, counted } = this.stamps();
    // After the loop, the articles stamped `contextStamp` hold every context word.
    let contextStamp = 0;
    for (const [i, word] of context.entries()) {
      const termId = this.lexicon.termIdOfWord(word);
      if (termId === undefined) return () => 0;
      const previous = contextStamp;
      contextStamp = ++this.stamp;
      this.scorer.forEachDocument(termId, ALL_FIELDS, (doc) => {
        if (i === 0 || held[doc] === previous) held[doc] = contextStamp;
      });
    }
    return (word) => {
      const termId = this.lexicon.termIdOfWord(word);
      if (termId === undefined || contextStamp === 0) return 0;
      let together = 0;
      this.forEachStamped({ held, counted }, termId, contextStamp, () => {
        together += 1;
      });
      return together;
    };
  }

  /**
   * A count, for any word, of the articles where it stands right after `neighbour` (`side` 'after')
   * or right before it ('before'), in some field: the pair's stored articles when both words are
   * common, else the token streams of the articles holding both (up to {@link MAX_ADJACENCY_READS},
   * then estimated). Valid until the next call.
   */
  besideWord(neighbour: string, side: 'before' | 'after'): (word: string) => number {
    const neighbourId = this.lexicon.wordId(neighbour);
    if (neighbourId < 0) return () => 0;
    const { held, counted } = this.stamps();
    const contextStamp = ++this.stamp;
    this.scorer.forEachDocument(this.snapshot.wordTerm[neighbourId] ?? 0, ALL_FIELDS, (doc) => {
      held[doc] = contextStamp;
    });
    return (word) => {
      const wordId = this.lexicon.wordId(word);
      if (wordId < 0) return 0;
      const pair = side === 'after' ? [neighbourId, wordId] : [wordId, neighbourId];
      const stored = this.pairs.documents(pair[0] ?? -1, pair[1] ?? -1);
      if (stored !== null) return stored.length;
      let together = 0;
      let beside = 0;
      this.forEachStamped({ held, counted }, this.snapshot.wordTerm[wordId] ?? 0, contextStamp, (doc) => {
        together += 1;
        if (together <= MAX_ADJACENCY_READS && containsWords(this.snapshot, doc, ALL_FIELDS, pair))
          beside += 1;
      });
      return together <= MAX_ADJACENCY_READS ? beside : (beside * together) / MAX_ADJACENCY_READS;
    };
  }

  /**
   * Calls `visit` once for each article holding term `termId` that `held` has stamped `contextStamp`:
   * once however many of its fields hold the term.
   */
  private forEachStamped(
    { held, counted }: { held: Uint32Array; counted: Uint32Array },
    termId: number,
    contextStamp: number,
    visit: (doc: number) => void,
  ): void {
    const stamp = ++this.stamp;
    this.scorer.forEachDocument(termId, ALL_FIELDS, (doc) => {
      if (held[doc] !== contextStamp || counted[doc] === stamp) return;
      counted[doc] = stamp;
      visit(doc);
    });
  }
}
