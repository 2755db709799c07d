/**
 * A shard's tokens as they arrive, one column each for word id, start and length, in chunks of a
 * fixed size that go to the merge as they are.
 *
 * The shard builder used typed arrays that doubled when full: at 100,000 articles a worker's 8.45
 * million tokens had just outgrown 8.4 million slots, so it held 16.8 million (168 MB for 85 MB of
 * tokens), and both sizes at once while copying. Chunks waste at most one chunk, are never copied
 * to grow, and the merge reads them where they are.
 */

/** Tokens per chunk: 2.6 MB over the three columns. */
const TOKENS_PER_CHUNK = 1 << 18;

/** Longest token length kept; a longer token (a run of letters with no break) is recorded as this long. */
const MAX_TOKEN_LENGTH = 0xffff;

/**
 * Every token of a shard in order, in the chunks they were pushed to: every chunk is full but the
 * last, which holds the rest of `count`.
 */
export interface ShardTokens {
  count: number;
  /** Word ids, as renumbered by {@link TokenColumns.finish}. */
  words: Uint32Array[];
  /** Where each token starts in its field's text. */
  starts: Uint32Array[];
  /** Each token's length as written, capped at 65,535. */
  lengths: Uint16Array[];
  largestStart: number;
  largestLength: number;
}

/** The tokens of a shard being built: {@link push} each, then {@link finish} once. */
export class TokenColumns {
  private words: Uint32Array[] = [];
  private starts: Uint32Array[] = [];
  private lengths: Uint16Array[] = [];
  /** Tokens in the last chunk; a full chunk (as at the start) makes the next push add one. */
  private inLastChunk: number;
  private total = 0;
  private largestStart = 0;
  private largestLength = 0;

  /** `tokensPerChunk`: {@link TOKENS_PER_CHUNK} but in tests, which make it small. */
  constructor(private readonly tokensPerChunk = TOKENS_PER_CHUNK) {
    this.inLastChunk = tokensPerChunk;
  }

  /** Tokens pushed so far. */
  get count(): number {
    return this.total;
  }

  /** Adds a token: its word id, and where it starts and how long it is in its field's text. */
  push(word: number, start: number, length: number): void {
    if (this.inLastChunk === this.tokensPerChunk) {
      this.words.push(new Uint32Array(this.tokensPerChunk));
      this.starts.push(new Uint32Array(this.tokensPerChunk));
      this.lengths.push(new Uint16Array(this.tokensPerChunk));
      this.inLastChunk = 0;
    }
    const chunk = this.words.length - 1;
    const at = this.inLastChunk;
    const kept = Math.min(length, MAX_TOKEN_LENGTH);
    (this.words[chunk] as Uint32Array)[at] = word;
    (this.starts[chunk] as Uint32Array)[at] = start;
    (this.lengths[chunk] as Uint16Array)[at] = kept;
    if (start > this.largestStart) this.largestStart = start;
    if (kept > this.largestLength) this.largestLength = kept;
    this.inLastChunk = at + 1;
    this.total += 1;
  }

  /**
   * The tokens, handed over in their chunks (no copy), with every word id `w` replaced in place by
   * `renumber[w]`. The columns are empty afterwards.
   */
  finish(renumber: ArrayLike<number>): ShardTokens {
    let left = this.total;
    for (const chunk of this.words) {
      const used = Math.min(chunk.length, left);
      for (let i = 0; i < used; i += 1) chunk[i] = renumber[chunk[i] ?? 0] ?? 0;
      left -= used;
    }
    const tokens: ShardTokens = {
      count: this.total,
      words: this.words,
      starts: this.starts,
      lengths: this.lengths,
      largestStart: this.largestStart,
      largestLength: this.largestLength,
    };
    this.words = [];
    this.starts = [];
    this.lengths = [];
    this.inLastChunk = this.tokensPerChunk;
    this.total = 0;
    this.largestStart = 0;
    this.largestLength = 0;
    return tokens;
  }
}
