/**
 * Corpora for benchmarks and evaluation, turned into article files so they go through the same build
 * step as `npm run index`. Never used by `npm start` or `npm test`.
 */
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** One article of a corpus, before it becomes a file. */
export interface CorpusArticle {
  /** Unique id; becomes the file name, so only `[A-Za-z0-9_-]`. */
  id: string;
  title: string;
  body: string;
}

/**
 * How the title reaches the build: as the file's first line (how news files come, exercising the
 * cleaner's headline detection) or in a sidecar `.json` (for collections whose titles read like
 * sentences, such as scientific abstracts, which a headline detector rightly doubts).
 */
export type TitlePlacement = 'first-line' | 'sidecar';

/** Writes each article as `<id>.txt` in `dir` (created), with its title placed as asked. */
export async function writeCorpusFolder(
  articles: readonly CorpusArticle[],
  dir: string,
  titles: TitlePlacement = 'first-line',
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const queue = [...articles];
  const worker = async () => {
    for (let article = queue.pop(); article !== undefined; article = queue.pop()) {
      const file = path.join(dir, `${safeId(article.id)}.txt`);
      if (titles === 'first-line') {
        await writeFile(file, `${article.title}\n\n${article.body}\n`);
      } else {
        await writeFile(file, `${article.body}\n`);
        if (article.title.trim() !== '') {
          await writeFile(
            path.join(dir, `${safeId(article.id)}.json`),
            JSON.stringify({ title: article.title.trim() }),
          );
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** A file-name-safe id: other characters become `_`. */
export function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Reads a JSON-lines file, one parsed object per non-empty line. */
export async function readJsonLines(file: string): Promise<unknown[]> {
  const rows: unknown[] = [];
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) if (line.trim() !== '') rows.push(JSON.parse(line));
  return rows;
}

/** A BEIR `corpus.jsonl` (`_id`, `title`, `text`) as articles. */
export async function readBeirCorpus(dir: string): Promise<CorpusArticle[]> {
  const rows = (await readJsonLines(path.join(dir, 'corpus.jsonl'))) as {
    _id: string;
    title?: string;
    text?: string;
  }[];
  return rows.map((row) => ({ id: String(row._id), title: row.title ?? '', body: row.text ?? '' }));
}
