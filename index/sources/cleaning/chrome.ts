/**
 * Page chrome: whatever a page shows around the article that is not its text — video playlists, photo
 * captions and credits, share and comment prompts, wire-service footers, author bios. Everything here
 * classifies whole lines or paragraphs with tight patterns, so that running prose which merely mentions
 * Getty, copyright law or writing to Congress is never mistaken for chrome.
 */
import { type BudgetCheck, UNLIMITED_BUDGET } from './budget.ts';
import type { Line } from './lines.ts';
import { wordCount } from './lines.ts';

/**
 * Lines that are chrome whatever surrounds them. Each pattern covers the whole line. Each one opens with
 * a fixed word or sign that {@link CHROME_HEAD} lists; the two that do not are {@link RIGHTS_RESERVED} and
 * {@link IMAGE_FILE_NAME}.
 */
const CHROME_LINES: readonly RegExp[] = [
  /^(?:now playing|up next|playing next|watch now|watch next|video|live updates?|breaking news)$/i,
  /^(?:advertisement|ad|sponsored(?: content)?|story continues below(?: advertisement)?|skip (?:ad|advertisement))$/i,
  /^(?:share|share this(?: with)?|share on (?:facebook|twitter|linkedin|whatsapp|x)|tweet|e-?mail|print|save|copy link|link copied|toggle caption|hide caption|enlarge this image)$/i,
  /^share this (?:article|story|page)\b.{0,80}$/i,
  /^(?:facebook|twitter|whatsapp|linkedin|messenger|reddit|pinterest|flipboard|instagram)$/i,
  /^(?:comments?(?: \(\d+\))?|leave a comment|post a comment|add a comment|view comments|show comments|join the conversation)\.?$/i,
  /^(?:please )?let us know if you(?:'|’)re (?:having|experiencing) (?:issues|trouble|problems) with comment(?:ing|s)\.?$/i,
  /^click here\b.{0,160}$/i,
  /^sign up\b.{0,120}\b(?:newsletters?|e-?mails?|alerts?|inbox|updates|free|here|now|today|our)\b.{0,80}$/i,
  /^follow us\b.{0,100}$/i,
  /^follow @\w+\.?$/i,
  /^[Ff]ollow \p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*){0,3} on (?:Twitter|X|Facebook|Instagram|LinkedIn)\b.{0,60}$/u,
  /^(?:read more|related|related (?:coverage|articles|stories|topics|content)|recommended|most read|more from [\w ]{1,30}|see also)(?::.{0,150})?$/i,
  /^(?:copyright|©|\(c\))\s*(?:©|\(c\))?\s*\d{4}\b.{0,200}$/i,
  /^©.{0,200}$/,
  /^\(END\)/,
  /^our standards:/i,
  /^write to .{1,300}@[\w-]+(?:\.[\w-]+)+/i,
  /^(?:contact|e-?mail) (?:the )?(?:reporters?|writers?|authors?|editors?)\b.{0,200}@[\w-]+(?:\.[\w-]+)+/i,
  /^(?:image|photo|picture) (?:copyright|caption|credit)\b.{0,150}$/i,
  /^\d{1,2}:\d{2}(?::\d{2})?$/,
];

/**
 * How a line must begin for any of {@link CHROME_LINES} to match it: the opening words of every pattern,
 * case-insensitive (so never stricter than the pattern). Most lines of text fail this one test at their
 * first characters, and then none of the patterns need to run.
 */
const CHROME_HEAD =
  /^(?:now playing|up next|playing next|watch n|video|live update|breaking news|ad|sponsored|story continues below|skip ad|share|tweet|e-?mail|print|save|copy link|link copied|toggle caption|hide caption|enlarge this image|facebook|twitter|whatsapp|linkedin|messenger|reddit|pinterest|flipboard|instagram|comment|leave a comment|post a comment|add a comment|view comments|show comments|join the conversation|(?:please )?let us know|click here|sign up|follow|read more|related|recommended|most read|more from|see also|copyright|©|\(c\)|\(end\)|our standards:|write to |contact |image |photo |picture |\d)/i;

/** A copyright notice ending in "All rights reserved": at most 150 + 19 + 1 = 170 characters. */
const RIGHTS_RESERVED = /^.{0,150}\ball rights reserved\.?$/i;
const RIGHTS_RESERVED_MAX_LENGTH = 170;
/** An image's file name left behind as a line (`GettyImages-1193563468.jpg`): at most 1 + 150 + 5 = 156 characters. */
const IMAGE_FILE_NAME = /^\S.{0,150}\.(?:jpe?g|png|gif|webp|avif)$/i;
const IMAGE_FILE_NAME_MAX_LENGTH = 156;

const FULL_STOP = 46;

/** Whether a line ends with "reserved" or "reserved.", in any case, which {@link RIGHTS_RESERVED} requires. */
function endsWithReserved(text: string): boolean {
  const end = text.charCodeAt(text.length - 1) === FULL_STOP ? text.length - 1 : text.length;
  const last = text.charAt(end - 1);
  if (last !== 'd' && last !== 'D') return false;
  return end >= 8 && text.slice(end - 8, end).toLowerCase() === 'reserved';
}

/** Whether a line has a dot four or five characters from its end, where {@link IMAGE_FILE_NAME} wants one. */
function hasExtensionDot(text: string): boolean {
  return text.charCodeAt(text.length - 4) === FULL_STOP || text.charCodeAt(text.length - 5) === FULL_STOP;
}

/** Whether a line matches one of the patterns of whole-line chrome, trying only those that can match. */
function matchesChromePattern(text: string): boolean {
  if (CHROME_HEAD.test(text) && CHROME_LINES.some((pattern) => pattern.test(text))) return true;
  if (text.length <= RIGHTS_RESERVED_MAX_LENGTH && endsWithReserved(text) && RIGHTS_RESERVED.test(text)) {
    return true;
  }
  return text.length <= IMAGE_FILE_NAME_MAX_LENGTH && hasExtensionDot(text) && IMAGE_FILE_NAME.test(text);
}

/** Whether a line ends like a sentence, with `.`, `!` or `?`. */
function endsLikeSentence(text: string): boolean {
  const last = text.charAt(text.length - 1);
  return last === '.' || last === '!' || last === '?';
}

/** Playlist markers: after one comes a clip's duration and its title. */
const PLAYLIST_MARKER = /^(?:now playing|up next|playing next)$/i;
const CLIP_DURATION = /^\d{1,2}:\d{2}(?::\d{2})?$/;
/** Internal TV slugs, e.g. "Quest PKG Davos": package, voice-over, sound-on-tape… */
const VIDEO_SLUG_CODE = /\b(?:PKG|VO|SOT|VOSOT|NATS|INTV|TEASE|BUMP|LIVESHOT|SOUNDBITE)\b/;

/** Photo agencies and other credit tails (`…/AP`, `… via Getty Images`, `… - Pool/Getty Images`). */
const AGENCIES: readonly string[] = [
  'Getty Images',
  'AFP',
  'AP',
  'AP Photo',
  'Reuters',
  'REUTERS',
  'EPA',
  'EPA-EFE',
  'Bloomberg',
  'Shutterstock',
  'Xinhua',
  'XINHUA',
  'Sipa USA',
  'Pool',
  'POOL',
  'NurPhoto',
  'Anadolu Agency',
  'dpa',
  'Alamy',
  'ZUMA Wire',
  'Zuma Press',
  'UPI',
  'TNS',
  'Redux',
  'Imagn',
  'SOPA Images',
  'LightRocket',
  'CNN',
  'AAP',
];
/** Any of {@link AGENCIES} (none has a character special in a pattern). */
const AGENCY = `(?:${AGENCIES.join('|')})`;
/** An agency alone, in parentheses or not: at most 1 + 14 + 1 = 16 characters (`(Anadolu Agency)`). */
const WHOLE_AGENCY = new RegExp(`^\\(?${AGENCY}\\)?$`);
const WHOLE_AGENCY_MAX_LENGTH = 16;
/** The agencies by their last character, for finding the one that ends a line without trying them all. */
const AGENCIES_BY_LAST_CHARACTER = new Map<string, string[]>();
for (const agency of AGENCIES) {
  const last = agency.charAt(agency.length - 1);
  AGENCIES_BY_LAST_CHARACTER.set(last, [...(AGENCIES_BY_LAST_CHARACTER.get(last) ?? []), agency]);
}
/** What may stand right before a closing agency, unless it opens the line. */
const BEFORE_AGENCY = /[\s/(]/;
const CREDIT_LEAD =
  /^\(?(?:AP Photo|Photo|Photograph|Photo by|Photo credit|Credit|Image|Picture|Pictured)\b\s*[:/]/;
const AGENCY_SLASH = /^\(?(?:REUTERS|Reuters|AFP|EPA|AP|XINHUA)\/\S/;
/** What must separate a credit's names from a trailing agency: a slash, a spaced dash or "via". */
const CREDIT_SEPARATOR = /\/|\s[-–—]\s|\svia\s/;
/** Lowercase words a credit may contain; any other lowercase word means the line is prose. */
const CREDIT_LOWERCASE =
  /^(?:via|by|and|for|of|the|de|van|von|der|da|photo|courtesy|handout|file|pool|staff)$/;

/** Whether every word of a credit-shaped line is a name, an agency or a credit filler word. */
function isNameLike(text: string): boolean {
  return text
    .split(/[\s/]+/)
    .filter((word) => /\p{Ll}/u.test(word.charAt(0)))
    .every((word) => CREDIT_LOWERCASE.test(word.replace(/[^\p{L}]/gu, '')));
}

/**
 * Whether a line ends with an agency, then perhaps `)`, the agency opening the line or following a
 * space, `/` or `(`: what the pattern `(?:^|[\s/(])AGENCY\)?$` would match, without trying every agency at
 * every position.
 */
function endsWithCredit(text: string): boolean {
  const end = text.endsWith(')') ? text.length - 1 : text.length;
  const candidates = AGENCIES_BY_LAST_CHARACTER.get(text.charAt(end - 1));
  if (candidates === undefined) return false;
  for (const agency of candidates) {
    const start = end - agency.length;
    if (start < 0 || !text.startsWith(agency, start)) continue;
    if (start === 0 || BEFORE_AGENCY.test(text.charAt(start - 1))) return true;
  }
  return false;
}

/** Whether a line is a photo credit: `Markus Schreiber/AP`, `Thomas Peter - Pool/Getty Images`, `Photo: Reuters`. */
function isPhotoCredit(text: string): boolean {
  if (text.length > 100) return false;
  const creditShaped =
    (text.length <= WHOLE_AGENCY_MAX_LENGTH && WHOLE_AGENCY.test(text)) ||
    CREDIT_LEAD.test(text) ||
    AGENCY_SLASH.test(text) ||
    (endsWithCredit(text) && CREDIT_SEPARATOR.test(text));
  return creditShaped && wordCount(text, 12) <= 12 && isNameLike(text);
}

/** A caption ends with its credit in parentheses: `(AP Photo/Markus Schreiber)`, `(Photo credit should read …)`. */
const CAPTION_CREDIT =
  /\([^()]*(?:Photo|PHOTO|Getty|[Cc]redit|REUTERS\/|Reuters\/|AFP\/|\/AFP|EPA\/|\/AP\b)[^()]*\)$/;
/** Getty's caption opening: `BEIJING, CHINA - NOVEMBER 9:`. */
const GETTY_CAPTION = /^[A-Z][A-Z.'’ -]+, [A-Z][A-Z.'’ -]+ [-–—] [A-Z]{3,9}\.? \d{1,2}(?:, \d{4})?:/;

/** Whether a line is a photo caption, recognisable by its own shape without a neighbouring credit. */
function isCaption(text: string): boolean {
  return (text.endsWith(')') && CAPTION_CREDIT.test(text)) || GETTY_CAPTION.test(text);
}

/** Wire credits: `Reporting by David Lawder; Editing by Chizu Nomiyama`, `(Additional reporting by …)`. */
const WIRE_CREDIT =
  /^\(?(?:[Aa]dditional )?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|[Pp]roduced) by \p{Lu}/u;

/**
 * Whether a line is a wire credit. A sentence such as "Reporting by The New York Times showed…" starts
 * the same way, so the line must also carry an editing credit or semicolons, sit in parentheses, or be
 * a short name list that does not end like a sentence.
 */
function isWireCredit(text: string): boolean {
  if (!WIRE_CREDIT.test(text)) return false;
  if (/[Ee]diting by|;/.test(text) || /^\(.*\)$/.test(text)) return true;
  return wordCount(text, 12) <= 12 && !endsLikeSentence(text);
}

/** Whether a line looks like an internal video slug such as "Quest PKG Davos". */
function isVideoSlug(text: string): boolean {
  return !endsLikeSentence(text) && VIDEO_SLUG_CODE.test(text) && wordCount(text, 8) <= 8;
}

/** Whether a line is chrome on its own, whatever lines surround it. */
function isChromeLine(text: string): boolean {
  return (
    matchesChromePattern(text) ||
    isPhotoCredit(text) ||
    isCaption(text) ||
    isWireCredit(text) ||
    isVideoSlug(text)
  );
}

/** Whether line `j` exists and sits in the same block as line `i`. */
function sameBlock(lines: readonly Line[], i: number, j: number): boolean {
  return lines[j] !== undefined && lines[j]?.block === lines[i]?.block;
}

/** Whether a line can be a clip's title: a short label that does not end like a sentence. */
function isClipTitle(line: Line | undefined): boolean {
  return line !== undefined && wordCount(line.text, 20) <= 20 && !endsLikeSentence(line.text);
}

/** Marks a clip's duration and title after each "Now playing" marker, and a title after a lone duration. */
function markPlaylistEntries(lines: readonly Line[], chrome: boolean[]): void {
  lines.forEach((line, i) => {
    if (!PLAYLIST_MARKER.test(line.text) && !CLIP_DURATION.test(line.text)) return;
    let next = i + 1;
    if (PLAYLIST_MARKER.test(line.text) && CLIP_DURATION.test(lines[next]?.text ?? '')) next += 1;
    if (sameBlock(lines, i, next) && isClipTitle(lines[next])) chrome[next] = true;
  });
}

/**
 * Marks captions that a page prints twice around a short line, usually the credit ("caption / Markus
 * Schreiber/AP / caption"); the video slug "Quest PKG Davos / CNN / Quest PKG Davos" has the same shape.
 */
function markSandwiches(lines: readonly Line[], chrome: boolean[]): void {
  lines.forEach((line, i) => {
    const middle = lines[i + 1];
    if (middle === undefined || lines[i + 2]?.text !== line.text || !sameBlock(lines, i, i + 2)) return;
    if (middle.text.length > 80 || wordCount(middle.text, 8) > 8) return;
    chrome.fill(true, i, i + 3);
  });
}

/**
 * Marks the caption printed right above a photo credit, in the same block. The credit must name a
 * photographer or carry a "Photo:" label: a bare "Reuters" line may follow a paragraph of text.
 */
function markCreditedCaptions(lines: readonly Line[], chrome: boolean[]): void {
  lines.forEach((line, i) => {
    if (i === 0 || !sameBlock(lines, i, i - 1) || !isPhotoCredit(line.text)) return;
    if (!WHOLE_AGENCY.test(line.text)) chrome[i - 1] = true;
  });
}

/** Marks the second of two identical adjacent lines: a page rendering the same element twice. */
function markRepeats(lines: readonly Line[], chrome: boolean[]): void {
  lines.forEach((line, i) => {
    if (i > 0 && lines[i - 1]?.text === line.text && sameBlock(lines, i, i - 1)) chrome[i] = true;
  });
}

/**
 * Marks a lone label of a few words ("WEF") caught between chrome lines in one block: a thumbnail's tag
 * in a playlist, which no pattern could recognise by itself.
 */
function markStrandedLabels(lines: readonly Line[], chrome: boolean[]): void {
  lines.forEach((line, i) => {
    if (chrome[i] || chrome[i - 1] !== true || chrome[i + 1] !== true) return;
    if (!sameBlock(lines, i, i - 1) || !sameBlock(lines, i, i + 1)) return;
    if (wordCount(line.text, 3) > 3 || endsLikeSentence(line.text)) return;
    chrome[i] = true;
  });
}

/**
 * Which lines are chrome: each line on its own, then by the company it keeps (playlist entries, captions
 * printed around or above their credit, repeated lines, labels stranded in a playlist).
 */
export function findChromeLines(lines: readonly Line[], budget: BudgetCheck = UNLIMITED_BUDGET): boolean[] {
  const chrome = lines.map((line) => {
    budget.check();
    return isChromeLine(line.text);
  });
  markPlaylistEntries(lines, chrome);
  markSandwiches(lines, chrome);
  markCreditedCaptions(lines, chrome);
  markRepeats(lines, chrome);
  markStrandedLabels(lines, chrome);
  return chrome;
}

/** Verbs with which an author bio opens after the author's name: "Ana Swanson covers the economy…". */
const BIO_VERB =
  /^(?:covers|reports|writes|is an? |is the |has covered|has reported|was |joined |contributed )/;
const CONTRIBUTED = /\bcontributed (?:reporting|to this (?:report|story|article))\.?\)?$/;
const FOLLOW_HANDLE = /\bFollow (?:(?:him|her|them) on (?:Twitter|X)(?: at)? )?@\w+\.?$/i;
const STAFF_BIO =
  /^\p{Lu}\p{L}+(?: \p{Lu}[\p{L}.'’-]*){1,3} is an? (?:[\p{L}-]+ ){0,4}(?:reporter|correspondent|writer|editor|columnist|journalist) (?:for|at|with|based|covering|who covers)\b/u;

/**
 * Whether a closing paragraph is an author bio or sign-off rather than article text: it opens with a
 * by-line author's name and a bio verb, introduces a staff reporter, credits contributors, or ends with
 * a "Follow @handle" prompt. Only ever asked about the last paragraphs, where such notes sit.
 */
export function isClosingChrome(paragraph: string, authors: readonly string[]): boolean {
  if (wordCount(paragraph, 60) > 60) return false;
  if (FOLLOW_HANDLE.test(paragraph) || STAFF_BIO.test(paragraph) || CONTRIBUTED.test(paragraph)) return true;
  return authors.some(
    (author) => paragraph.startsWith(`${author} `) && BIO_VERB.test(paragraph.slice(author.length + 1)),
  );
}
