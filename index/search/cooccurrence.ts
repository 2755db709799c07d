/**
 * How many articles hold a word together with some others: what "Did you mean" weighs near spellings
 * by, so `tonny blair` suggests `tony blair` (articles with both abound) and not `tonne blair` (none),
 * though `tonne` is the more frequent word in a commodities wire.
 */
import { SEARCH_FIELDS } from '../fields.ts';
import type { Lexicon } from './lexicon.ts';
import type { TermScorer } from './termScorer.ts';

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
    private readonly lexicon: Lexicon,
    private readonly scorer: TermScorer,
    private readonly documentCount: number,
  ) {}

  /**
   * A count, for any word, of the articles holding it and every one of `context` (folded words as the
   * index has them). The articles of the context are found once, however many words are counted;
   * valid until the next call. A context word the index lacks makes every count 0.
   */
  togetherWith(context: readonly string[]): (word: string) => number {
    if (this.held === null || this.counted === null || this.stamp > 0xfffff000) {
      this.held = new Uint32Array(this.documentCount);
      this.counted = new Uint32Array(this.documentCount);
      this.stamp = 0;
    }
    const { held, counted } = this;
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
      const stamp = ++this.stamp;
      let together = 0;
      this.scorer.forEachDocument(termId, ALL_FIELDS, (doc) => {
        // An article once, however many of its fields hold the word.
        if (held[doc] !== contextStamp || counted[doc] === stamp) return;
        counted[doc] = stamp;
        together += 1;
      });
      return together;
    };
  }
}
