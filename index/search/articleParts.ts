/**
 * Very long articles read in parts. A news article is a few thousand characters; a body of megabytes
 * (a transcript, a dump, a hostile file) would make one page of megabytes of marked-up HTML that takes
 * seconds to build and send and holds up every other request meanwhile. Such a body is shown a part at
 * a time, each at most {@link ARTICLE_PART_CHARS} long, cut between paragraphs where it can be.
 */

/** Longest part of an article shown on one page, in UTF-16 code units: far longer than any news story. */
export const ARTICLE_PART_CHARS = 100_000;

/** A part of a body: `body.slice(start, end)`. */
export interface ArticlePart {
  start: number;
  end: number;
}

/**
 * The parts of `body`, in order, covering all its text: each at most `maxChars` long, ending at the
 * last paragraph break that fits, else the last space, else wherever the limit falls (never inside a
 * surrogate pair). A body that fits is one part.
 */
export function articleParts(body: string, maxChars = ARTICLE_PART_CHARS): ArticlePart[] {
  const parts: ArticlePart[] = [];
  let start = 0;
  while (body.length - start > maxChars) {
    const limit = start + maxChars;
    let end = body.lastIndexOf('\n\n', limit);
    if (end <= start) end = body.lastIndexOf(' ', limit);
    if (end <= start) {
      end = limit;
      const code = body.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end -= 1;
    }
    parts.push({ start, end });
    start = end;
    while (start < body.length && /\s/.test(body[start] ?? '')) start += 1;
  }
  if (start < body.length || parts.length === 0) parts.push({ start, end: body.length });
  return parts;
}
