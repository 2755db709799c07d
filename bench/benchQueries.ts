/**
 * The query mix: eight classes of queries drawn from the corpus itself with a seeded PRNG, so every
 * engine gets exactly the same strings and a re-run gets the same mix. Drawing from the documents
 * (rather than from a fixed list) keeps the mix meaningful for whatever corpus is benchmarked.
 */
import { hashSeed, Rng } from './benchRandom.ts';
import type { NewsArticle } from './corpora.ts';

/** The query classes, in table order. */
// A class added goes last: the queries of the classes before it are drawn as they were.
export const QUERY_CLASSES = [
  'word',
  'phrase',
  'commonphrase',
  'prefix',
  'typo',
  'rare',
  'nohit',
  'stopword',
] as const;

/** A kind of query a reader types. */
export type QueryClass = (typeof QUERY_CLASSES)[number];

/** One benchmark query, in Lede's syntax (`"quoted phrase"`, `prefix*`). */
export interface BenchQuery {
  cls: QueryClass;
  text: string;
}

/** What each class is, for the report. */
export const QUERY_CLASS_DESCRIPTIONS: Readonly<Record<QueryClass, string>> = {
  word: 'one or two frequent-ish content words from one random article (`trade deficit`)',
  phrase: 'a quoted 2–3 word run from a random article (`"prime minister"`)',
  commonphrase:
    'a quoted pair of adjacent words each in 2% of articles or more, not both stop words (`"dlrs said"`)',
  prefix: 'the first 4–5 letters of a word of 6+ letters, then `*` (`negot*`)',
  typo: 'a word of 6+ letters with one letter deleted or two neighbours swapped (`goverment`)',
  rare: 'a word of 5+ letters in one or two articles of the corpus, as typed (`lighthizer`)',
  nohit: 'random letters that match nothing (`qzvbrwkt`)',
  stopword: 'a function word alone, in 2% of articles or more (`who`, `will`, `it`: WHO, a will, IT)',
};

/** The query without Lede's syntax, for engines that lack phrases and `*` (or would misread them). */
export function stripSyntax(text: string): string {
  return text.replace(/["*]/g, '').trim();
}

// Function words: a class of their own (`stopword`); never drawn as a content word, and a phrase that
// starts or ends with one reads oddly.
const STOP = new Set(
  [
    'a about after again against all also an and any are as at be because been before being between both but by',
    'can could did do does during each even ever few for from further had has have he her here him his how if in',
    'into is it its just last made make many may me more most much must my new no nor not now of off on once one only',
    'or other our out over own said same says she should since so some still such than that the their them then',
    'there these they this those through to too two under until up us very was we were what when where which while',
    'who whom why will with within without would year years yet you your',
  ]
    .join(' ')
    .split(' '),
);

/** How many documents the vocabulary statistics are taken from: enough to tell common from rare. */
const STATISTICS_SAMPLE = 3000;

interface Vocabulary {
  /** Document frequency (share of sampled documents) of each lower-case word. */
  share: Map<string, number>;
  /** Content words of 5+ letters in at most {@link RARE_MAX_ARTICLES} articles of the whole corpus. */
  rare: string[];
}

/** A rare word is in at most this many articles: a name or a term a reader looks up. */
const RARE_MAX_ARTICLES = 2;

/** A common-phrase word is in at least this share of articles (commonPairs.ts pairs such words). */
const COMMON_SHARE = 0.02;

/**
 * `perClass` queries of each class, drawn deterministically from `articles` (seeded by `seed` and
 * the corpus size, so a different corpus gets its own mix).
 */
export function generateQueries(articles: readonly NewsArticle[], perClass: number, seed = 1): BenchQuery[] {
  if (articles.length === 0) return [];
  const rng = new Rng(hashSeed(`lede-bench:${seed}:${articles.length}`));
  const vocabulary = vocabularyOf(articles, rng);
  const functionWords = [...STOP].filter((word) => (vocabulary.share.get(word) ?? 0) >= COMMON_SHARE);
  const makers: Record<QueryClass, () => string | null> = {
    word: () => wordQuery(rng.pick(articles), vocabulary, rng),
    phrase: () => phraseQuery(rng.pick(articles), rng),
    commonphrase: () => commonPhraseQuery(rng.pick(articles), vocabulary, rng),
    prefix: () => {
      const word = longWord(rng.pick(articles), rng);
      return word === null ? null : `${word.slice(0, 4 + rng.int(2))}*`;
    },
    typo: () => typoQuery(rng.pick(articles), vocabulary, rng),
    rare: () => (vocabulary.rare.length === 0 ? null : rng.pick(vocabulary.rare)),
    nohit: () => noHitQuery(vocabulary, rng),
    stopword: () => (functionWords.length === 0 ? null : rng.pick(functionWords)),
  };
  const queries: BenchQuery[] = [];
  for (const cls of QUERY_CLASSES) {
    const seen = new Set<string>();
    // Bounded: a tiny corpus may not hold `perClass` distinct queries of a class; then repeats are fine.
    for (let attempt = 0; seen.size < perClass && attempt < perClass * 50; attempt += 1) {
      const text = makers[cls]();
      if (text !== null && !seen.has(text)) seen.add(text);
    }
    const distinct = [...seen];
    for (let i = 0; i < perClass && distinct.length > 0; i += 1) {
      queries.push({ cls, text: distinct[i % distinct.length] ?? '' });
    }
  }
  return queries;
}

function vocabularyOf(articles: readonly NewsArticle[], rng: Rng): Vocabulary {
  const sample =
    articles.length <= STATISTICS_SAMPLE
      ? articles
      : Array.from({ length: STATISTICS_SAMPLE }, () => rng.pick(articles));
  const counts = new Map<string, number>();
  for (const article of sample) {
    for (const word of new Set(wordsOf(article))) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const share = new Map<string, number>();
  for (const [word, count] of counts) share.set(word, count / sample.length);
  // Rarity needs the whole corpus: a word in 1 of 3,000 sampled articles may be in 50 of 100,000.
  const articleCounts = new Map<string, number>();
  for (const article of articles) {
    for (const word of new Set(contentWords(article, 5))) {
      articleCounts.set(word, (articleCounts.get(word) ?? 0) + 1);
    }
  }
  const rare = [...articleCounts].filter(([, count]) => count <= RARE_MAX_ARTICLES).map(([word]) => word);
  return { share, rare };
}

/** Lower-case letter-only words of an article (title and body). */
function wordsOf(article: NewsArticle): string[] {
  return `${article.title}\n${article.body}`.toLowerCase().match(/\p{L}+/gu) ?? [];
}

/** Content words: ASCII letters only, so every engine's tokenizer and query parser reads them alike. */
function contentWords(article: NewsArticle, minLength: number): string[] {
  return wordsOf(article).filter((w) => w.length >= minLength && /^[a-z]+$/.test(w) && !STOP.has(w));
}

function wordQuery(article: NewsArticle, vocabulary: Vocabulary, rng: Rng): string | null {
  // Frequent-ish: in 0.3–30% of articles; common enough to have hits, rare enough to discriminate.
  // (The cap is loose because in the replicated seeds every original word is in a fifth of them.)
  const candidates = [
    ...new Set(
      contentWords(article, 4).filter((w) => {
        const share = vocabulary.share.get(w) ?? 0;
        return share >= 0.003 && share <= 0.3;
      }),
    ),
  ];
  if (candidates.length === 0) return null;
  const first = rng.pick(candidates);
  if (candidates.length === 1 || rng.chance(0.4)) return first;
  const second = rng.pick(candidates.filter((w) => w !== first));
  return `${first} ${second}`;
}

function phraseQuery(article: NewsArticle, rng: Rng): string | null {
  // Runs of letter-only words separated by single spaces: a phrase never spans punctuation, nor
  // starts or ends inside a word such as `1st` or `We’re`.
  const runs = (
    article.body.match(/(?<![\p{L}\p{N}'’])[A-Za-z]+(?: [A-Za-z]+)+(?![\p{L}\p{N}'’])/gu) ?? []
  ).map((run) => run.toLowerCase().split(' '));
  if (runs.length === 0) return null;
  const run = rng.pick(runs);
  const length = Math.min(run.length, 2 + rng.int(2));
  const start = rng.int(run.length - length + 1);
  const words = run.slice(start, start + length);
  const first = words[0] ?? '';
  const last = words.at(-1) ?? '';
  if (STOP.has(first) || STOP.has(last) || words.some((w) => w.length < 2)) return null;
  return `"${words.join(' ')}"`;
}

function commonPhraseQuery(article: NewsArticle, vocabulary: Vocabulary, rng: Rng): string | null {
  const words = article.body.toLowerCase().match(/(?<![\p{L}\p{N}'’])[a-z]+ [a-z]+(?![\p{L}\p{N}'’])/gu);
  const common = (word: string) => (vocabulary.share.get(word) ?? 0) >= COMMON_SHARE;
  const pairs = (words ?? [])
    .map((pair) => pair.split(' '))
    .filter(([a = '', b = '']) => common(a) && common(b) && !(STOP.has(a) && STOP.has(b)));
  return pairs.length === 0 ? null : `"${rng.pick(pairs).join(' ')}"`;
}

function longWord(article: NewsArticle, rng: Rng): string | null {
  const words = contentWords(article, 6);
  return words.length === 0 ? null : rng.pick(words);
}

function typoQuery(article: NewsArticle, vocabulary: Vocabulary, rng: Rng): string | null {
  const word = longWord(article, rng);
  if (word === null) return null;
  let typo: string;
  if (rng.chance(0.5)) {
    const at = 1 + rng.int(word.length - 1);
    typo = word.slice(0, at) + word.slice(at + 1);
  } else {
    const at = 1 + rng.int(word.length - 2);
    typo = word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2);
  }
  // A "typo" that is itself a word (`form` ↔ `from`) is a different query, not a misspelling.
  return typo === word || vocabulary.share.has(typo) ? null : typo;
}

function noHitQuery(vocabulary: Vocabulary, rng: Rng): string | null {
  const letters = 'bcdfghjklmnpqrstvwxz';
  let text = '';
  const length = 8 + rng.int(3);
  for (let i = 0; i < length; i += 1) text += letters[rng.int(letters.length)];
  return vocabulary.share.has(text) ? null : text;
}
