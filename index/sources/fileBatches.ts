/**
 * A listing's files read a batch at a time, for a build that analyzes them as they come (each build
 * worker reads its own range of the listing: see build/shardTask.ts).
 */
import {
  type ArticleFile,
  type FileWarning,
  type Listing,
  listedId,
  readListedFiles,
} from './articleFiles.ts';

/** Files read at a time: enough to make each step worth it, few enough to hold little text at once. */
export const READ_BATCH = 256;

/** One batch: the files read, and the warnings about those skipped or repaired. */
export interface FileBatch {
  /** Files of the listing this batch covers, read or skipped. */
  listed: number;
  files: ArticleFile[];
  warnings: FileWarning[];
}

/**
 * The listing's articles in consecutive slices of `size` files or a few more: files with the same id
 * stay in one slice, where {@link readListedFiles} keeps the first readable one in path order, as a
 * build on one thread does.
 */
export function* articleBatches(listing: Listing, size = READ_BATCH): Generator<string[]> {
  const { articles } = listing;
  for (let start = 0; start < articles.length; ) {
    let end = Math.min(start + size, articles.length);
    while (
      end < articles.length &&
      listedId(listing, articles[end] ?? '') === listedId(listing, articles[end - 1] ?? '')
    )
      end += 1;
    yield articles.slice(start, end);
    start = end;
  }
}

/** Reads the listing's files in batches of about `size`, in listing order. */
export async function* readInBatches(
  dir: string,
  listing: Listing,
  size = READ_BATCH,
): AsyncGenerator<FileBatch> {
  for (const articles of articleBatches(listing, size)) {
    const read = readListedFiles(dir, { ...listing, articles });
    yield { listed: articles.length, files: read.files, warnings: read.warnings };
  }
}
