/**
 * Benchmark corpora: whatever `--corpus` points at, detected by its layout, turned into
 * {@link CorpusArticle}s and written as article files, so Lede builds it through the same
 * `buildIndex` as `npm run index` while the other engines index the very same titles and bodies.
 *
 * Layouts: a folder of article files (`seeds/`, or BBC's `bbc/<category>/NNN.txt`), the
 * Reuters-21578 SGML folder (`reut2-*.sgm`), and a BEIR folder (`corpus.jsonl`).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cleanArticle } from '../index/sources/cleaning.ts';
import {
  type CorpusArticle,
  readBeirCorpus,
  safeId,
  type TitlePlacement,
  writeCorpusFolder,
} from './corpus.ts';

/** An article of a benchmark corpus: a {@link CorpusArticle} plus the date some sources give. */
export interface NewsArticle extends CorpusArticle {
  /** ISO calendar date (`1987-02-26`), written to a sidecar so Lede's build sees it as metadata. */
  date?: string;
}

/** One source of articles as loaded from a `--corpus` path. */
export interface CorpusPart {
  /** Short name for tables (`bbc`, `reuters21578`). */
  name: string;
  /** Which layout was detected. */
  kind: 'articles' | 'reuters' | 'beir';
  /** How titles reach Lede's build: first line for news, sidecar for BEIR (see `TitlePlacement`). */
  titles: TitlePlacement;
  articles: NewsArticle[];
}

/** Everything the benchmark indexes in one run: one or several parts combined. */
export interface Corpus {
  /** The parts' names joined with `+`. */
  name: string;
  parts: CorpusPart[];
  /** All parts' articles, ids unique. */
  articles: NewsArticle[];
}

const ARTICLE_EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.html', '.htm']);

/** Loads one `--corpus` path, detecting its layout; throws with a message naming the path otherwise. */
export async function loadCorpusPart(corpusPath: string): Promise<CorpusPart> {
  const resolved = path.resolve(corpusPath);
  const info = await stat(resolved).catch(() => null);
  if (info === null) throw new Error(`No corpus at ${resolved}.`);
  const dir = info.isDirectory() ? resolved : path.dirname(resolved);
  const name = safeId(path.basename(dir)) || 'corpus';
  const entries = await readdir(dir);
  if (entries.includes('corpus.jsonl')) {
    const rows = await readBeirCorpus(dir);
    const articles = rows.map((row) => ({ ...row, id: `${name}-${safeId(row.id)}` }));
    return { name, kind: 'beir', titles: 'sidecar', articles };
  }
  const sgml = entries.filter((entry) => /^reut2-\d+\.sgm$/i.test(entry)).sort();
  if (sgml.length > 0) {
    const articles: NewsArticle[] = [];
    for (const file of sgml)
      articles.push(...parseReutersSgml(decodeLenient(await readFile(path.join(dir, file)))));
    return { name, kind: 'reuters', titles: 'first-line', articles };
  }
  const articles = await readArticleFolder(dir, name);
  if (articles.length === 0)
    throw new Error(`No articles found in ${dir} (.txt, .md, .html, reut2-*.sgm or corpus.jsonl).`);
  return { name, kind: 'articles', titles: 'first-line', articles };
}

/** Combines parts into one corpus; a repeated id (the same corpus passed twice) is kept once. */
export function combineParts(parts: CorpusPart[]): Corpus {
  const seen = new Set<string>();
  const kept = parts.map((part) => {
    const articles = part.articles.filter((article) => {
      const id = safeId(article.id);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    return { ...part, articles };
  });
  return {
    name: kept.map((part) => part.name).join('+'),
    parts: kept,
    articles: kept.flatMap((p) => p.articles),
  };
}

/**
 * Writes the corpus as article files in `dir`, each part with its title placement, plus a date
 * sidecar where a source gave a date (Reuters), as a real collection would carry it.
 */
export async function writeCorpus(corpus: Corpus, dir: string): Promise<void> {
  for (const part of corpus.parts) {
    await writeCorpusFolder(part.articles, dir, part.titles);
    if (part.titles !== 'first-line') continue;
    const dated = part.articles.filter((article) => article.date !== undefined);
    // In batches: tens of thousands of small writes one by one take seconds, all at once exhaust handles.
    for (let start = 0; start < dated.length; start += 64) {
      await Promise.all(
        dated
          .slice(start, start + 64)
          .map((article) =>
            writeFile(path.join(dir, `${safeId(article.id)}.json`), JSON.stringify({ date: article.date })),
          ),
      );
    }
  }
}

/**
 * Writes articles as one JSON-lines archive, a record a line, as a CMS export would be; returns how
 * many. `onWritten` hears the count after each.
 */
export async function writeArchive(
  articles: Iterable<NewsArticle>,
  file: string,
  onWritten: (count: number) => void = () => {},
): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  for (const { id, title, body, date } of articles) {
    if (!out.write(`${JSON.stringify({ id, title, body, ...(date === undefined ? {} : { date }) })}\n`))
      await once(out, 'drain');
    count += 1;
    onWritten(count);
  }
  out.end();
  await once(out, 'finish');
  return count;
}

/**
 * Decodes bytes as UTF-8, or as Latin-1 when they are not valid UTF-8: both BBC (one `0xA3` pound
 * sign) and Reuters (one `0xFC`) carry a stray Latin-1 byte, and Latin-1 never fails.
 */
export function decodeLenient(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

/**
 * The article files below `dir`. With a category layout (files in subfolders) only the subfolders'
 * files count, which leaves out the collection's own README/SOURCE notes at the top; `README*` is
 * skipped anywhere.
 */
async function readArticleFolder(dir: string, name: string): Promise<NewsArticle[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  let files = entries
    .filter((entry) => entry.isFile() && ARTICLE_EXTENSIONS.has(path.extname(entry.name).toLowerCase()))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((relative) => !relative.split('/').some((part) => part.startsWith('.')))
    .filter((relative) => !/^readme/i.test(path.posix.basename(relative)))
    .sort();
  if (files.some((relative) => relative.includes('/')))
    files = files.filter((relative) => relative.includes('/'));
  const articles: NewsArticle[] = [];
  for (const relative of files) {
    const text = decodeLenient(await readFile(path.join(dir, relative)));
    const parsed = parseArticleFile(text, path.extname(relative).toLowerCase());
    if (parsed.body.trim() === '' && parsed.title.trim() === '') continue;
    const id = `${name}-${relative.replace(/\.[^./]+$/, '').replace(/\//g, '-')}`;
    articles.push({ id: safeId(id), ...parsed });
  }
  return articles;
}

/** Title and body of one article file: the first line is the headline in text and Markdown. */
function parseArticleFile(text: string, extension: string): { title: string; body: string } {
  if (extension === '.html' || extension === '.htm') {
    // A web page's text is its main content, as Lede's build reads it, so every engine gets the same.
    const { title, body } = cleanArticle(text, 'html');
    return { title, body };
  }
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first < 0) return { title: '', body: '' };
  const title = (lines[first] ?? '').replace(/^#+\s*/, '').trim();
  return {
    title,
    body: lines
      .slice(first + 1)
      .join('\n')
      .trim(),
  };
}

const MONTHS: Readonly<Record<string, string>> = {
  JAN: '01',
  FEB: '02',
  MAR: '03',
  APR: '04',
  MAY: '05',
  JUN: '06',
  JUL: '07',
  AUG: '08',
  SEP: '09',
  OCT: '10',
  NOV: '11',
  DEC: '12',
};

/**
 * The stories of one Reuters-21578 SGML file. The files are SGML, not XML (unclosed `<D>`-style
 * markup, control-character entities), so each `<REUTERS>` element is cut out with regexes rather
 * than parsed. Stories without a `<BODY>` (briefs, unprocessed wire items) are skipped.
 */
export function parseReutersSgml(sgml: string): NewsArticle[] {
  const articles: NewsArticle[] = [];
  for (const story of sgml.matchAll(/<REUTERS\b([^>]*)>([\s\S]*?)<\/REUTERS>/g)) {
    const attributes = story[1] ?? '';
    const inner = story[2] ?? '';
    const rawBody = /<BODY>([\s\S]*?)<\/BODY>/.exec(inner)?.[1];
    if (rawBody === undefined) continue;
    const newId = /NEWID="(\d+)"/.exec(attributes)?.[1] ?? String(articles.length);
    const title = decodeSgmlEntities(/<TITLE>([\s\S]*?)<\/TITLE>/.exec(inner)?.[1] ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    const body = unwrapReutersBody(decodeSgmlEntities(rawBody.replace(/\s*\bReuter\s*(?:&#3;)?\s*$/i, '')));
    if (body === '') continue;
    const date = reutersDate(/<DATE>([\s\S]*?)<\/DATE>/.exec(inner)?.[1] ?? '');
    articles.push({ id: `reuters-${newId}`, title, body, ...(date === null ? {} : { date }) });
  }
  return articles;
}

/** `&lt;`, `&amp;`, `&#3;`…: named entities decoded, control characters from numeric ones dropped. */
function decodeSgmlEntities(text: string): string {
  return text.replace(/&(#\d+|lt|gt|amp|quot|apos);/g, (_match, entity: string) => {
    if (entity.startsWith('#')) {
      const code = Number(entity.slice(1));
      return code < 32 && code !== 9 && code !== 10 ? '' : String.fromCodePoint(code);
    }
    return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[entity] ?? '';
  });
}

/**
 * Wire copy is hard-wrapped at ~70 columns and starts each paragraph with an indent. Joining the
 * wrapped lines gives the cleaner (and the other engines) real paragraphs, as a newsroom feed would.
 */
function unwrapReutersBody(body: string): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    if ((line.trim() === '' || /^\s{2,}/.test(line)) && current.length > 0) {
      paragraphs.push(current.join(' '));
      current = [];
    }
    if (line.trim() !== '') current.push(line.trim());
  }
  if (current.length > 0) paragraphs.push(current.join(' '));
  return paragraphs.join('\n\n').trim();
}

/** `26-FEB-1987 15:01:01.79` → `1987-02-26`; null when it does not read as a date. */
function reutersDate(text: string): string | null {
  const match = /(\d{1,2})-([A-Z]{3})-(\d{4})/i.exec(text);
  const month = match === null ? undefined : MONTHS[(match[2] ?? '').toUpperCase()];
  if (match === null || month === undefined) return null;
  return `${match[3]}-${month}-${(match[1] ?? '').padStart(2, '0')}`;
}
