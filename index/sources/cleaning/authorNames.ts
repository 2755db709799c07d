/**
 * Author names from what a page declares (`<meta name="author">`, JSON-LD `author`, `byl`,
 * `parsely-author`…): the people it names, with the lead-ins, roles, dates, e-mail addresses and links
 * around them taken off, and the organisations apart, since a newsroom credited as author (`BBC News`)
 * is the article's source, not a person.
 */
import { isPersonName, STAFF_ROLE } from './byline.ts';
import { findDate } from './dates.ts';
import { collapseSpaces } from './lines.ts';
import { knownOutlet, splitTrailingOutlet, startsWithOutlet } from './outlets.ts';

/** The people and the organisations a declared author value names, in the order given. */
export interface AuthorNames {
  people: string[];
  organizations: string[];
}

/** A declared value longer than this is not a list of names (a bio, a page of text). */
const MAX_VALUE_LENGTH = 300;

/** "By", and its equivalents in the languages of the pages Lede meets, before the names. */
const LEAD_IN = /^(?:by|par|por|von|door|di|av|af):?\s+/i;
const URL = /\b(?:https?:\/\/|www\.)\S*/gi;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const HANDLE = /(?:^|\s)@\w+/g;
/** "And" and its equivalents, and "with" for a credited helper: words between two names. */
const CONNECTOR = '(?:and|und|et|e|y|with|avec|com|con|mit)';
/** What separates names: punctuation and the connectors. */
const SEPARATOR = new RegExp(`\\s*[,;|•·]\\s*|\\s*&\\s*|\\s+${CONNECTOR}\\s+`, 'i');
const LEADING_CONNECTOR = new RegExp(`^${CONNECTOR}\\s+`, 'i');
/**
 * A parenthesis in a credit: more names when it opens with a connector (`Martin Untersinger (avec
 * Damien Leloup et Morgane Tual)`), else part of the name (`Richard (R.J.) Eskow`) or a role.
 */
const PARENTHESIS = /\s*\(([^()]{0,100})\)/g;
/** Degrees and suffixes written after a name: `Brenda Goodman, MA`. */
const CREDENTIAL = /^(?:MA|MS|MSc|BA|BS|BSc|PhD|MD|DO|RN|MPH|MBA|JD|DDS|PharmD|LCSW|Esq)\.?$/;
/** A by-line's trailing "Updated"/"Published" before its date. */
const DATE_LEAD_IN = /[\s,|–—-]*(?:\b(?:updated|published|posted|last updated)\b[\s,:]*)?$/i;
/** The last word of a role that follows a name without a comma: `Ben Silverman Games Editor`. */
const ROLE_WORD =
  /^(?:staff|writer|reporter|correspondent|editor|contributor|columnist|journalist|producer|analyst|technologist|photographer|critic|anchor|host|intern)s?$/i;
/** Words by which a credited name is an organisation: a newsroom, desk, agency or company. */
const ORGANIZATION_WORD =
  /\b(?:news|media|press|agency|wire|magazine|times|post|journal|daily|herald|tribune|network|newsroom|desk|team|inc|ltd|llc|group|foundation|project|institute|association)\b/i;

/** Opens each parenthesis of a credit: more names after a comma, or words of the name. */
function openParentheses(text: string): string {
  return text.replace(PARENTHESIS, (_, inner: string) =>
    LEADING_CONNECTOR.test(inner.trim()) ? `, ${inner.trim().replace(LEADING_CONNECTOR, '')}` : ` ${inner}`,
  );
}

/**
 * A piece's name without a role after it: `Ben Silverman Games Editor` → `Ben Silverman`. A desk
 * credited as staff (`Our Foreign Staff`, `Telegraph Staff`) has no name in it and becomes ''.
 */
function withoutTrailingRole(piece: string): string {
  const words = piece.split(' ');
  const last = words[words.length - 1] ?? '';
  if (/^staff$/i.test(last)) return '';
  if (words.length < 3 || !ROLE_WORD.test(last)) return piece;
  for (let end = 2; end < words.length; end += 1) {
    const name = words.slice(0, end).join(' ');
    if (isPersonName(name)) return name;
  }
  return piece;
}

/** Whether a piece names an organisation: a known outlet, the site itself, or a newsroom-like name. */
function isOrganization(piece: string, siteName: string | null): boolean {
  if (knownOutlet(piece) !== null || startsWithOutlet(piece)) return true;
  if (siteName !== null && piece.toLowerCase() === siteName.toLowerCase()) return true;
  return ORGANIZATION_WORD.test(piece) && /^\p{Lu}/u.test(piece);
}

/** A name in a script without capitals (Chinese, Japanese, Arabic…): a short run of letters. */
function isUncasedName(piece: string): boolean {
  return (
    piece.length >= 2 &&
    piece.length <= 24 &&
    !/[\p{Lu}\p{Ll}\d]/u.test(piece) &&
    /^[\p{L}\p{M} ·・]+$/u.test(piece)
  );
}

/**
 * The people and organisations a declared author value names. `siteName`, when known, is recognised
 * as an organisation however it is spelled out.
 *
 * @example readAuthorNames('By Jane Doe and John Roe, Staff Writers', null)
 * // { people: ['Jane Doe', 'John Roe'], organizations: [] }
 * @example readAuthorNames('BBC News', 'BBC News') // { people: [], organizations: ['BBC News'] }
 */
export function readAuthorNames(value: string, siteName: string | null): AuthorNames {
  const names: AuthorNames = { people: [], organizations: [] };
  // Checked first, so that no pattern below ever runs on more than a few hundred characters.
  if (value.length > MAX_VALUE_LENGTH) return names;
  // A line break between names (a by-line's second line: `WebMD Health News`) separates like a comma.
  let text = collapseSpaces(
    value.replace(URL, ' ').replace(EMAIL, ' ').replace(HANDLE, ' ').replace(/\n/g, ', '),
  );
  text = text.replace(LEAD_IN, '');
  if (text === '') return names;
  const wholeOutlet = knownOutlet(text);
  if (wholeOutlet !== null || (siteName !== null && text.toLowerCase() === siteName.toLowerCase())) {
    names.organizations.push(wholeOutlet ?? text);
    return names;
  }
  const date = findDate(text);
  if (date !== null) text = text.slice(0, date.index).replace(DATE_LEAD_IN, '');
  for (const raw of openParentheses(text).split(SEPARATOR)) {
    const trimmed = raw
      .replace(LEAD_IN, '')
      .replace(LEADING_CONNECTOR, '')
      .replace(/^[\s:.–—-]+|[\s:,–—-]+$/g, '')
      .replace(/\s+/g, ' ');
    const trailing = splitTrailingOutlet(trimmed);
    if (trailing !== null && !names.organizations.includes(trailing[1]))
      names.organizations.push(trailing[1]);
    const piece = withoutTrailingRole(trailing === null ? trimmed : trailing[0]);
    if (piece === '' || CREDENTIAL.test(piece)) continue;
    // After a role (`Daniel Kahn Gillmor, Senior Staff Technologist, ACLU Speech, Privacy…`) comes
    // the affiliation, whose words are no names.
    if (STAFF_ROLE.test(piece) && names.people.length > 0) break;
    if (isPersonName(piece) && !STAFF_ROLE.test(piece) && !isOrganization(piece, siteName)) {
      if (!names.people.includes(piece)) names.people.push(piece);
    } else if (isUncasedName(piece)) {
      if (!names.people.includes(piece)) names.people.push(piece);
    } else if (!STAFF_ROLE.test(piece) && isOrganization(piece, siteName)) {
      const organization = knownOutlet(piece) ?? piece;
      if (!names.organizations.includes(organization)) names.organizations.push(organization);
    }
  }
  return names;
}
