/**
 * A corpus scaled to any size (`--scale N`): the given articles, copied with variation until there are
 * N, for measuring Lede at 100,000 articles and more than any shared corpus holds. Deterministic: the
 * same articles and N give the same corpus on every run.
 *
 * Copies must not be near-duplicates, or Lede folds them (analysis/duplicates.ts: two bodies are one
 * story when 80% of the shorter one's word 5-shingles are in the longer one) and the index measured is
 * not one of N stories. So besides reordering paragraphs (which keeps most shingles), each copy replaces
 * {@link REPLACED_SHARE} of its words: a 5-shingle survives in one copy with probability 0.78^5 ≈ 0.29,
 * in two copies of one article with 0.78^10 ≈ 0.08, far below 0.8. The replacements keep the
 * collection's statistics roughly those of news: most are words drawn from the corpus by frequency (so
 * common words stay common), the rest are new words made by changing a word's ending or, for
 * capitalized words, made-up names, whose number grows with the copies as a vocabulary grows with a
 * collection (a made-up word recurs across copies with a chance that falls as more are made).
 */
import { hashSeed, Rng } from './benchRandom.ts';
import type { NewsArticle } from './corpora.ts';

/** Share of a copy's words replaced (see the module comment for why this much). */
const REPLACED_SHARE = 0.22;
/** Of the replacements, the share that are new words or names rather than words of the corpus. */
const NEW_WORD_SHARE = 0.12;

const SYLLABLES = ['ka', 'lo', 'mi', 'ran', 'te', 'vor', 'sel', 'du', 'bar', 'ni', 'os', 'tre', 'gal'];
const ENDINGS = ['', 's', 'ed', 'er', 'ing', 'ion', 'ist', 'ly', 'ment', 'ness', 'ic', 'al', 'ive'];

/** Words of the corpus, each as often as it occurs: a random pick is a draw by frequency. */
function wordPool(articles: readonly NewsArticle[], rng: Rng): string[] {
  const pool: string[] = [];
  for (const article of articles) {
    // A sample of each article's words is enough to keep frequencies, and keeps the pool small.
    for (const word of article.body.match(/\p{L}{3,}/gu) ?? []) if (rng.chance(0.2)) pool.push(word);
  }
  return pool;
}

/**
 * `size` articles: the originals first (so their phrases stay findable), then varied copies in rounds
 * over the originals. Yields them one at a time, so a million need not be in memory at once.
 */
export function* scaledArticles(articles: readonly NewsArticle[], size: number): Generator<NewsArticle> {
  if (articles.length === 0) throw new Error('--scale needs at least one article to copy');
  const pool = wordPool(articles, new Rng(hashSeed(`pool:${articles.length}`)));
  for (let n = 0; n < size; n += 1) {
    const original = articles[n % articles.length] as NewsArticle;
    const copy = Math.floor(n / articles.length);
    if (copy === 0) {
      yield original;
      continue;
    }
    const id = `${original.id}-x${copy}`;
    yield varied(original, id, copy, pool, new Rng(hashSeed(id)));
  }
}

/** One copy: lead first, other paragraphs shuffled, words replaced (see the module comment). */
function varied(original: NewsArticle, id: string, copy: number, pool: readonly string[], rng: Rng) {
  const [lead = '', ...rest] = original.body.split(/\n\s*\n/).filter((p) => p.trim() !== '');
  const paragraphs = [lead, ...rng.shuffle(rest)];
  const replace = (text: string) =>
    text.replace(/\p{L}{3,}/gu, (word) =>
      rng.chance(REPLACED_SHARE) ? replacement(word, copy, pool, rng) : word,
    );
  const article: NewsArticle = {
    id,
    title: replace(original.title),
    body: paragraphs.map(replace).join('\n\n'),
  };
  return original.date === undefined ? article : { ...article, date: original.date };
}

/** A word of the corpus by frequency, or a new word or name; capitalized words stay capitalized. */
function replacement(word: string, copy: number, pool: readonly string[], rng: Rng): string {
  const capitalized = word[0] !== word[0]?.toLowerCase();
  let chosen: string;
  if (rng.chance(NEW_WORD_SHARE)) {
    // Made-up words are numbered up to about the copy count: later copies bring new ones.
    const serial = rng.int(8 * copy + 8);
    chosen = capitalized
      ? nameOf(serial)
      : `${word.toLowerCase().slice(0, 4)}${nameOf(serial).toLowerCase()}${rng.pick(ENDINGS)}`;
  } else chosen = rng.pick(pool).toLowerCase();
  return capitalized ? `${chosen[0]?.toUpperCase()}${chosen.slice(1)}` : chosen;
}

/** The `serial`th made-up name: syllables spelling the number (`Kalo`, `Miteran`, …). */
function nameOf(serial: number): string {
  let name = '';
  let rest = serial + SYLLABLES.length;
  while (rest > 0) {
    name += SYLLABLES[rest % SYLLABLES.length];
    rest = Math.floor(rest / SYLLABLES.length);
  }
  return `${name[0]?.toUpperCase()}${name.slice(1)}`;
}
