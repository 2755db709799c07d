/**
 * Headlines: telling a headline line from the first line of running text, and writing one from the
 * lead sentence when the page has none.
 */
import { EDITORIAL_NOTE_PREFIX } from './dateline.ts';
import { wordCount } from './lines.ts';

/** The title of an article with no text at all. */
export const UNTITLED = 'Untitled';

/** Longest headline line, in characters; longer first lines are paragraphs. */
const MAX_HEADLINE_LENGTH = 150;
/** Longest derived title, in characters, before its closing ellipsis. */
const MAX_DERIVED_LENGTH = 99;

/** `U.S.` at the end of a headline is an abbreviation, not a full stop. */
const ENDS_WITH_ACRONYM = /(?:^|\s)(?:\p{Lu}\.){2,}$/u;

/**
 * Whether a line has the shape of a headline: short, opening with a capital, digit or quote, not
 * ending like a sentence (a headline may end in ? or !), and without the run of commas of a clause-laden
 * sentence. The caller rules out by-lines, datelines and slugs, which can have this shape too.
 */
export function looksLikeHeadline(written: string): boolean {
  // A wire's note before its headline (`(CORRECTED) - `) is not what the headline opens with.
  const line = written.replace(EDITORIAL_NOTE_PREFIX, '');
  if (line.length > MAX_HEADLINE_LENGTH || wordCount(line) < 2) return false;
  if (!/^[\p{Lu}\p{N}"“‘'$]/u.test(line)) return false;
  if (/[.,;:]["”’]?$/.test(line) && !ENDS_WITH_ACRONYM.test(line)) return false;
  return (line.match(/,/g) ?? []).length < 3;
}

/** Words that end with a dot without ending the sentence. */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sen',
  'rep',
  'gov',
  'gen',
  'lt',
  'col',
  'sgt',
  'capt',
  'adm',
  'pres',
  'st',
  'jr',
  'sr',
  'inc',
  'co',
  'corp',
  'ltd',
  'no',
  'vs',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);

/** Whether the word before a full stop makes it an abbreviation: `U.S.`, `Mr.`, a middle initial `J.`. */
function isAbbreviation(wordBeforeDot: string): boolean {
  const word = wordBeforeDot.replace(/^["“‘'(]+/, '');
  if (/^(?:\p{L}\.)*\p{L}$/u.test(word) && /\p{Lu}/u.test(word) && word.replace(/\./g, '').length <= 3) {
    return /\./.test(word) || word.length === 1;
  }
  return ABBREVIATIONS.has(word.toLowerCase());
}

/** The first sentence of a paragraph, with its closing punctuation. */
function firstSentence(paragraph: string): string {
  // The lookbehind starts a match only at the first mark of a run, so a run of a thousand dots is one
  // attempt, not a thousand each scanning the rest of it.
  const ends = /(?<![.!?…])[.!?…]+["”’)]*(?=\s+["“‘(]?[\p{Lu}\p{N}])/gu;
  for (const end of paragraph.matchAll(ends)) {
    const before = paragraph.slice(0, end.index);
    const lastWord = before.slice(before.lastIndexOf(' ') + 1);
    if (end[0].startsWith('.') && isAbbreviation(lastWord)) continue;
    return paragraph.slice(0, end.index + end[0].length);
  }
  return paragraph;
}

/**
 * Where a long lead may be cut, best first: clause punctuation, then a conjunction or preposition that
 * opens a new clause, then any space. The first two only count past a minimum share of the limit, since
 * a cut much shorter than the limit reads as a fragment.
 */
const CUTS: readonly { boundary: RegExp; minShare: number }[] = [
  { boundary: /[,;:](?=\s)|\s(?:--|[—–-])\s/g, minShare: 0.4 },
  {
    boundary:
      /\s(?=(?:and|but|as|while|which|who|whose|where|when|after|before|because|since|although|though|amid|despite|following|according|including|saying|marking|until|unless|with|without|over|from)\s)/g,
    minShare: 0.4,
  },
  { boundary: /\s/g, minShare: 0 },
];

/** The last boundary position in `[max * minShare, max]`, or -1. */
function lastCut(text: string, boundary: RegExp, minShare: number, max: number): number {
  let cut = -1;
  for (const match of text.matchAll(boundary)) {
    if (match.index > max) break;
    if (match.index >= max * minShare) cut = match.index;
  }
  return cut;
}

/** `A sentence. ..` → `A sentence`: trailing dots and ellipses go, with the spaces before them. */
function withoutClosingDots(sentence: string): string {
  let end = sentence.length;
  while (end > 0 && (sentence[end - 1] === '.' || sentence[end - 1] === '…')) end -= 1;
  return end === sentence.length ? sentence : sentence.slice(0, end).trimEnd();
}

/**
 * Shortens a sentence to a title of at most about 100 characters: cut at the last clause boundary that
 * fits, else at a word boundary, and mark the cut with "…". A sentence that fits only loses its full stop.
 */
function shortenToTitle(sentence: string): string {
  const max = MAX_DERIVED_LENGTH;
  const text = withoutClosingDots(sentence).trim();
  if (text.length <= max) return text;
  for (const { boundary, minShare } of CUTS) {
    const cut = lastCut(text, boundary, minShare, max);
    if (cut > 0) return `${text.slice(0, cut).replace(/[\s,;:—–-]+$/, '')}…`;
  }
  return `${text.slice(0, max)}…`;
}

/** A title written from the article's lead: its first sentence, shortened; `Untitled` if there is no lead. */
export function deriveTitle(lead: string | undefined): string {
  if (lead === undefined || lead.trim() === '') return UNTITLED;
  return shortenToTitle(firstSentence(lead)) || UNTITLED;
}
