/**
 * The default benchmark corpus: the five articles in `seeds/`, replicated with variation to about two
 * thousand, so `npm run bench` runs on any checkout without the shared corpora. Deterministic: the
 * same seeds give the same articles on every run.
 *
 * Plain copies would make every posting list identical and the vocabulary tiny, flattering every
 * engine; so each copy reorders, drops and repeats paragraphs and swaps some words for words from a
 * fixed vocabulary and for made-up names, which grows the vocabulary the way more articles would.
 */
import { DEFAULT_SEEDS_DIR } from '../index/paths.ts';
import { hashSeed, Rng } from './benchRandom.ts';
import { type CorpusPart, loadCorpusPart, type NewsArticle } from './corpora.ts';

/** How many articles the default corpus has (rounded up to a multiple of the seed count). */
export const DEFAULT_REPLICATED_SIZE = 2000;

/** Ordinary news words substituted into copies. */
const NEWS_WORDS = [
  'agreement',
  'analysts',
  'budget',
  'cabinet',
  'campaign',
  'capital',
  'central',
  'coalition',
  'committee',
  'company',
  'contract',
  'council',
  'court',
  'crisis',
  'currency',
  'customs',
  'debate',
  'deficit',
  'demand',
  'deputy',
  'dispute',
  'economy',
  'election',
  'embassy',
  'energy',
  'exports',
  'factory',
  'farmers',
  'federal',
  'finance',
  'forecast',
  'freight',
  'growth',
  'harbour',
  'imports',
  'industry',
  'inflation',
  'inquiry',
  'interest',
  'investors',
  'judge',
  'labour',
  'lawmakers',
  'leaders',
  'market',
  'merger',
  'minister',
  'ministry',
  'monopoly',
  'negotiation',
  'officials',
  'opposition',
  'parliament',
  'pension',
  'pipeline',
  'policy',
  'premier',
  'president',
  'prices',
  'profits',
  'protest',
  'railway',
  'reform',
  'regulator',
  'reserves',
  'revenue',
  'sanctions',
  'senate',
  'shares',
  'shipping',
  'spokesman',
  'strike',
  'subsidy',
  'summit',
  'supply',
  'surplus',
  'talks',
  'tariff',
  'taxes',
  'treasury',
  'treaty',
  'unemployment',
  'union',
  'veto',
  'voters',
  'wages',
  'warehouse',
  'weather',
  'wheat',
  'yields',
];

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ran',
  'te',
  'vor',
  'sel',
  'du',
  'bar',
  'ni',
  'os',
  'tre',
  'gal',
  'win',
  'ham',
  'ber',
  'ston',
  'ley',
  'mar',
  'co',
  'vic',
  'ell',
  'and',
  'ro',
  'sa',
  'fin',
  'gor',
  'ul',
  'ze',
  'pet',
];

/** Made-up proper names (`Kalovor`, `Stonley`…), the same list every run. */
const NAMES: readonly string[] = (() => {
  const rng = new Rng(20_190_301);
  const names = new Set<string>();
  while (names.size < 1500) {
    const syllables = 2 + rng.int(2);
    let name = '';
    for (let i = 0; i < syllables; i += 1) name += rng.pick(SYLLABLES);
    names.add(name[0]?.toUpperCase() + name.slice(1));
  }
  return [...names];
})();

/**
 * The seeds replicated with variation to about `size` articles. The first copy of each seed is the
 * original, so the seeds' own phrases are always findable.
 */
export async function replicatedSeeds(
  size = DEFAULT_REPLICATED_SIZE,
  seedsDir = DEFAULT_SEEDS_DIR,
): Promise<CorpusPart> {
  const seeds = (await loadCorpusPart(seedsDir)).articles;
  const copies = Math.ceil(size / seeds.length);
  const articles: NewsArticle[] = [];
  for (let copy = 0; copy < copies; copy += 1) {
    for (const seed of seeds) {
      const id = `seeds-${seed.id.replace(/^[^-]*-/, '')}-v${String(copy).padStart(4, '0')}`;
      articles.push(copy === 0 ? { ...seed, id } : vary(seed, id, new Rng(hashSeed(id))));
    }
  }
  return { name: `seeds×${copies}`, kind: 'articles', titles: 'first-line', articles };
}

/** One varied copy: lead kept first, other paragraphs shuffled, some dropped or repeated, words swapped. */
function vary(seed: NewsArticle, id: string, rng: Rng): NewsArticle {
  const [lead = '', ...rest] = seed.body.split(/\n\s*\n/).filter((p) => p.trim() !== '');
  let paragraphs = rng.chance(0.7) ? rng.shuffle(rest) : [...rest];
  paragraphs = paragraphs.filter((_, i) => i < 2 || !rng.chance(0.15));
  if (paragraphs.length > 0 && rng.chance(0.3)) paragraphs.push(rng.pick(paragraphs));
  const body = [lead, ...paragraphs].map((paragraph) => substitute(paragraph, rng, 0.06)).join('\n\n');
  return { id, title: substitute(seed.title, rng, 0.25), body };
}

/** Replaces words of four letters or more with probability `p`: names by names, others by news words. */
function substitute(text: string, rng: Rng, p: number): string {
  return text.replace(/\p{L}{4,}/gu, (word) => {
    if (!rng.chance(p)) return word;
    const first = word[0] ?? '';
    return first !== first.toLowerCase() ? rng.pick(NAMES) : rng.pick(NEWS_WORDS);
  });
}
