/**
 * Hostile-input safety for HTML: a page's markup rewritten, in one linear pass, into balanced markup
 * that a DOM parser and the extraction code after it can take whatever the page was.
 *
 * Why this exists: htmlparser2 (under linkedom) keeps its open elements in an array it shifts and
 * unshifts, so every tag costs as much as the nesting depth; 100,000 nested `<div>`s take 9 s to parse
 * and 200,000 unclosed `<b>`s 43 s, and Readability's recursive helpers overflow the stack on 2,500
 * levels. So nesting is cut here at {@link MAX_DEPTH}: deeper tags are left out and their text stays
 * where it is, in the element at the limit. Tags keep only the attributes extraction reads (at most
 * {@link MAX_ATTRIBUTES}, none longer than {@link MAX_ATTRIBUTE_LENGTH}), which also spares the DOM
 * thousands of attribute objects per page. Scripts, styles, comments and embedded graphics are
 * dropped before they are ever parsed, as no article text is in them; JSON-LD scripts are returned
 * apart, since they carry the metadata a page declares.
 *
 * The tree is modelled as htmlparser2 builds it (the same void elements, the same tags that close an
 * open `<p>` or `<li>`), and every element is written with an explicit end tag, so the parser that reads
 * the result builds this same tree and never sees it deeper than the limit. Nothing here is a regular
 * expression over page content: the scan finds each `<` and reads the tag after it.
 */

/** The markup kept for parsing, and the JSON-LD blocks found on the way. */
export interface BoundedMarkup {
  /** Balanced HTML, no deeper than {@link MAX_DEPTH}, without scripts, styles and comments. */
  html: string;
  /** The text of each `<script type="application/ld+json">`, in page order. */
  jsonLd: string[];
  /** Whether elements nested past {@link MAX_DEPTH} were flattened. */
  flattened: boolean;
  /**
   * Places where the parser will break a run of text into another text node: each character reference
   * (`&amp;`, `&#8217;`) and each `<` of text, up to just past {@link MAX_TEXT_BREAKS}. Real pages have a
   * few hundred; a hostile one can have a million, and a parser makes a node of each.
   */
  textBreaks: number;
}

/**
 * Deepest element nesting kept. The deepest of the development suite's 111 real pages nests 38
 * levels; past 64 a page is hostile or broken, and flattening the rest keeps its text while bounding
 * the tree walks after parsing, some of which (Readability's conditional cleaning) cost the square of
 * the depth.
 */
export const MAX_DEPTH = 64;
/**
 * Breaks in runs of text (see {@link BoundedMarkup.textBreaks}) past which a page is pathological: the
 * most on the development suite's 111 real pages is 216. Past it, text loses its references and `<`s.
 */
export const MAX_TEXT_BREAKS = 10_000;
/** Attributes kept per tag: the few that extraction reads come first on any real tag. */
const MAX_ATTRIBUTES = 24;
/** An attribute value longer than this (inline JSON, base64 images) is no metadata and is dropped. */
const MAX_ATTRIBUTE_LENGTH = 4096;
/** JSON-LD blocks kept per page, so a page of a million empty scripts costs no more than its bytes. */
const MAX_JSON_LD_BLOCKS = 32;

/**
 * The attributes anything downstream reads: Readability's class, id, style, visibility and role
 * tests; links and their relation; meta tags, microdata and `<time>`; language and direction.
 */
const KEPT_ATTRIBUTES = new Set([
  'id',
  'class',
  'style',
  'hidden',
  'role',
  'aria-hidden',
  'aria-modal',
  'itemprop',
  'itemtype',
  'itemscope',
  'rel',
  'href',
  'content',
  'property',
  'name',
  'datetime',
  'lang',
  'dir',
  'type',
  'colspan',
  'rowspan',
]);

/** Elements with no end tag (htmlparser2's list). */
const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** Elements whose content is raw text up to their end tag, and is never article text. */
const SKIPPED_RAW_TEXT = new Set(['script', 'style', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes']);

/**
 * Elements left out with everything inside them: graphics, media and form controls hold labels and
 * fallbacks, not article text, and `noscript` holds what a page shows without scripts, which the
 * extraction of a scripted page must not add (Readability drops it too).
 */
const DROPPED_ELEMENTS = new Set([
  'svg',
  'math',
  'template',
  'canvas',
  'video',
  'audio',
  'object',
  'select',
  'button',
  'noscript',
]);

const P_ONLY = new Set(['p']);
const FORM_TAGS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const TABLE_SECTIONS = new Set(['thead', 'tbody']);
const DD_DT = new Set(['dd', 'dt']);
const RT_RP = new Set(['rt', 'rp']);

/** Which open elements (at the top of the stack) an opening tag closes: htmlparser2's table. */
const OPEN_IMPLIES_CLOSE = new Map<string, ReadonlySet<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['li', new Set(['li'])],
  ['select', FORM_TAGS],
  ['input', FORM_TAGS],
  ['output', FORM_TAGS],
  ['button', FORM_TAGS],
  ['datalist', FORM_TAGS],
  ['textarea', FORM_TAGS],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', DD_DT],
  ['dt', DD_DT],
  ['rt', RT_RP],
  ['rp', RT_RP],
  ['tbody', TABLE_SECTIONS],
  ['tfoot', TABLE_SECTIONS],
  ...[
    'p',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'address',
    'article',
    'aside',
    'blockquote',
    'details',
    'div',
    'dl',
    'fieldset',
    'figcaption',
    'figure',
    'footer',
    'form',
    'header',
    'hr',
    'main',
    'nav',
    'ol',
    'pre',
    'section',
    'table',
    'ul',
  ].map((name) => [name, P_ONLY] as const),
]);

/** A tag name as written out: a letter, then letters, digits or hyphens (custom elements). */
const TAG_NAME = /^[a-z][a-z0-9-]*$/;

const LESS_THAN = 60;
const GREATER_THAN = 62;
const SLASH = 47;
const EQUALS = 61;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const EXCLAMATION = 33;
const QUESTION = 63;

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 12 || code === 13;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** One open element of the modelled tree. */
interface OpenElement {
  name: string;
  /** False when the element is past the depth limit or inside a dropped element: no tags written. */
  written: boolean;
  /** Whether this element starts a dropped subtree ({@link DROPPED_ELEMENTS}). */
  drops: boolean;
  /** Where its tags and content are written: the head's output or the body's. */
  out: string[];
}

/** The tag read at a `<`: where it ends and what it is. */
interface Tag {
  /** Index just past the tag's `>` (or the end of the page). */
  end: number;
  name: string;
  closing: boolean;
  /** The kept attributes, written out (` class="a"`). */
  attributes: string;
  /** The `type` attribute, lower-cased, for telling JSON-LD scripts apart. */
  type: string;
}

/** Elements that belong in the document's head when they come before any content. */
const HEAD_ELEMENTS = new Set(['meta', 'link', 'base', 'title']);
/** The document skeleton, which the writer supplies itself: the page's own tags for it are ignored. */
const SKELETON = new Set(['html', 'head', 'body']);

/**
 * Writes the scan's output and models the open elements. The skeleton is written by {@link finish}, with
 * head elements met before any content in the head and everything else in the body, as a browser
 * places them; linkedom, given a page whose `<body>` is not right after its `<head>`, would answer
 * `document.body` with a new empty one.
 */
class MarkupWriter {
  private readonly head: string[] = [];
  private readonly body: string[] = [];
  private readonly stack: OpenElement[] = [];
  /** How many elements of each name are open, so an end tag with no open element costs nothing. */
  private readonly openCounts = new Map<string, number>();
  private writtenDepth = 0;
  private dropping = 0;
  private inBody = false;
  /** See {@link BoundedMarkup.flattened}. */
  flattened = false;
  /** See {@link BoundedMarkup.textBreaks}. */
  textBreaks = 0;
  private htmlAttributes: string | null = null;
  private bodyAttributes: string | null = null;

  /** Whether text at this point is written (not inside a dropped element). */
  get writing(): boolean {
    return this.dropping === 0;
  }

  /**
   * Where an element or text at this point goes: into the open element's output, else into the head
   * until something that is content (text, an element other than a head element) comes.
   */
  private target(startsContent: boolean): string[] {
    const parent = this.stack[this.stack.length - 1];
    if (parent !== undefined) return parent.out;
    if (startsContent) this.inBody = true;
    return this.inBody ? this.body : this.head;
  }

  text(written: string): void {
    if (this.dropping > 0 || written === '') return;
    let text = written;
    let breaks = 0;
    for (let at = text.indexOf('&'); at !== -1 && breaks <= MAX_TEXT_BREAKS; at = text.indexOf('&', at + 1))
      breaks += 1;
    for (let at = text.indexOf('<'); at !== -1 && breaks <= MAX_TEXT_BREAKS; at = text.indexOf('<', at + 1))
      breaks += 1;
    if (this.textBreaks + breaks > MAX_TEXT_BREAKS) {
      // Past the limit the page is hostile: its references and `<`s become spaces, so that parsing
      // it makes no more text nodes than tags.
      text = text.replaceAll('&lt;', ' ').replaceAll('&', ' ').replaceAll('<', ' ');
      this.textBreaks = MAX_TEXT_BREAKS + 1;
    } else {
      this.textBreaks += breaks;
    }
    this.target(text.trim() !== '').push(text);
  }

  /** Keeps the attributes of the page's first `<html>` and `<body>` tags for the skeleton. */
  skeleton(name: string, attributes: string): void {
    if (name === 'html') this.htmlAttributes ??= attributes;
    if (name === 'body') {
      this.bodyAttributes ??= attributes;
      this.inBody = true;
    }
  }

  open(name: string, attributes: string): void {
    const closes = OPEN_IMPLIES_CLOSE.get(name);
    if (closes !== undefined) {
      while (this.stack.length > 0 && closes.has(this.stack[this.stack.length - 1]?.name ?? '')) this.pop();
    }
    const shown = this.dropping === 0 && !DROPPED_ELEMENTS.has(name);
    if (shown && this.writtenDepth >= MAX_DEPTH) this.flattened = true;
    const written = shown && this.writtenDepth < MAX_DEPTH;
    const out = this.target(!HEAD_ELEMENTS.has(name));
    if (VOID_ELEMENTS.has(name)) {
      if (written) out.push(`<${name}${attributes}>`);
      return;
    }
    const drops = DROPPED_ELEMENTS.has(name);
    this.stack.push({ name, written, drops, out });
    this.openCounts.set(name, (this.openCounts.get(name) ?? 0) + 1);
    if (drops) this.dropping += 1;
    if (written) {
      this.writtenDepth += 1;
      out.push(`<${name}${attributes}>`);
    }
  }

  close(name: string): void {
    if ((this.openCounts.get(name) ?? 0) > 0) {
      let top = this.pop();
      while (top !== undefined && top.name !== name) top = this.pop();
    } else if (name === 'p') {
      this.open('p', '');
      this.pop();
    } else if (name === 'br') {
      this.open('br', '');
    }
  }

  private pop(): OpenElement | undefined {
    const element = this.stack.pop();
    if (element === undefined) return undefined;
    this.openCounts.set(element.name, (this.openCounts.get(element.name) ?? 1) - 1);
    if (element.drops) this.dropping -= 1;
    if (element.written) {
      this.writtenDepth -= 1;
      element.out.push(`</${element.name}>`);
    }
    return element;
  }

  /** The whole document: every open element closed, inside its skeleton. */
  finish(): string {
    while (this.stack.length > 0) this.pop();
    const html = `<html${this.htmlAttributes ?? ''}>`;
    const body = `<body${this.bodyAttributes ?? ''}>`;
    return `<!DOCTYPE html>${html}<head>${this.head.join('')}</head>${body}${this.body.join('')}</body></html>`;
  }
}

/** Escapes the characters of page text that a parser would read as markup. */
function escapeText(text: string): string {
  return text.includes('<') ? text.replaceAll('<', '&lt;') : text;
}

/** The longest title kept: real ones are under 300 characters, and Readability's title patterns backtrack. */
const MAX_TITLE_LENGTH = 1000;

/** Index of the first character at or after `from` that is whitespace, `/` or `>` (a name's end). */
function nameEnd(html: string, from: number): number {
  let i = from;
  while (i < html.length) {
    const code = html.charCodeAt(i);
    if (isSpace(code) || code === SLASH || code === GREATER_THAN) break;
    i += 1;
  }
  return i;
}

/**
 * Reads an opening or closing tag's attributes from `from` to its `>`, as htmlparser2's tokenizer does
 * (quoted values may hold `>`); keeps the ones extraction reads.
 */
function readAttributes(html: string, from: number): { end: number; attributes: string; type: string } {
  const kept: string[] = [];
  let type = '';
  let i = from;
  while (i < html.length) {
    const code = html.charCodeAt(i);
    if (code === GREATER_THAN) return { end: i + 1, attributes: kept.join(''), type };
    if (isSpace(code) || code === SLASH) {
      i += 1;
      continue;
    }
    let nameStop = i + 1;
    while (nameStop < html.length) {
      const c = html.charCodeAt(nameStop);
      if (isSpace(c) || c === SLASH || c === GREATER_THAN || c === EQUALS) break;
      nameStop += 1;
    }
    const name = html.slice(i, nameStop).toLowerCase();
    let j = nameStop;
    while (j < html.length && isSpace(html.charCodeAt(j))) j += 1;
    let value = '';
    if (html.charCodeAt(j) === EQUALS) {
      j += 1;
      while (j < html.length && isSpace(html.charCodeAt(j))) j += 1;
      const quote = html.charCodeAt(j);
      if (quote === DOUBLE_QUOTE || quote === SINGLE_QUOTE) {
        const close = html.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", j + 1);
        const stop = close === -1 ? html.length : close;
        value = html.slice(j + 1, stop);
        j = stop + 1;
      } else {
        const stop = j;
        while (j < html.length && !isSpace(html.charCodeAt(j)) && html.charCodeAt(j) !== GREATER_THAN) j += 1;
        value = html.slice(stop, j);
      }
    } else {
      i = j;
      if (KEPT_ATTRIBUTES.has(name) && kept.length < MAX_ATTRIBUTES) kept.push(` ${name}`);
      continue;
    }
    i = j;
    if (name === 'type') type = value.trim().toLowerCase();
    if (KEPT_ATTRIBUTES.has(name) && value.length <= MAX_ATTRIBUTE_LENGTH && kept.length < MAX_ATTRIBUTES) {
      kept.push(` ${name}="${value.replaceAll('"', '&quot;')}"`);
    }
  }
  return { end: html.length, attributes: kept.join(''), type };
}

/** Reads the tag whose `<` is at `start`, or null when the `<` opens no tag (it is text then). */
function readTag(html: string, start: number): Tag | null {
  const closing = html.charCodeAt(start + 1) === SLASH;
  const nameStart = closing ? start + 2 : start + 1;
  if (!isAsciiLetter(html.charCodeAt(nameStart))) return null;
  const stop = nameEnd(html, nameStart);
  const name = html.slice(nameStart, stop).toLowerCase();
  const { end, attributes, type } = readAttributes(html, stop);
  return { end, name, closing, attributes: closing ? '' : attributes, type };
}

/** Index just past the end tag `</name` … `>` at or after `from`, and where that end tag starts. */
function rawTextEnd(html: string, name: string, from: number): { contentEnd: number; end: number } {
  const pattern = new RegExp(`</${name}`, 'gi');
  pattern.lastIndex = from;
  const match = pattern.exec(html);
  if (match === null) return { contentEnd: html.length, end: html.length };
  const close = html.indexOf('>', match.index);
  return { contentEnd: match.index, end: close === -1 ? html.length : close + 1 };
}

/** Index just past a comment, declaration or processing instruction opening at `start`. */
function skipMarkupDeclaration(html: string, start: number): number {
  if (html.startsWith('<!--', start)) {
    const close = html.indexOf('-->', start + 4);
    return close === -1 ? html.length : close + 3;
  }
  const close = html.indexOf('>', start);
  return close === -1 ? html.length : close + 1;
}

/**
 * Rewrites a page's markup into balanced markup of bounded depth, without scripts, styles, comments,
 * graphics or media, keeping the text and the attributes extraction reads; returns its JSON-LD apart.
 * Linear in the page's length whatever it contains.
 *
 * @example boundMarkup('<div><p>One<p>Two</div>').html // '<div><p>One</p><p>Two</p></div>'
 */
export function boundMarkup(html: string): BoundedMarkup {
  const writer = new MarkupWriter();
  const jsonLd: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      writer.text(html.slice(i));
      break;
    }
    writer.text(html.slice(i, lt));
    const next = html.charCodeAt(lt + 1);
    if (next === EXCLAMATION || next === QUESTION) {
      i = skipMarkupDeclaration(html, lt);
      continue;
    }
    const tag = readTag(html, lt);
    if (tag === null) {
      if (next === SLASH) {
        // `</` without a tag name is a bogus comment up to the next `>`.
        i = skipMarkupDeclaration(html, lt);
      } else {
        // A `<` of text. Written as is when what follows cannot start markup; a run of them (`<<<<`) is
        // written as is but for the one before the last, which is escaped in case the last starts
        // something that is dropped.
        let run = lt + 1;
        while (html.charCodeAt(run) === LESS_THAN) run += 1;
        if (run === lt + 1) {
          writer.text('<');
          i = lt + 1;
        } else {
          writer.text(`${'<'.repeat(run - lt - 2)}&lt;`);
          i = run - 1;
        }
      }
      continue;
    }
    i = tag.end;
    if (!TAG_NAME.test(tag.name)) continue;
    if (SKELETON.has(tag.name)) {
      if (!tag.closing) writer.skeleton(tag.name, tag.attributes);
      continue;
    }
    if (tag.closing) {
      writer.close(tag.name);
      continue;
    }
    if (SKIPPED_RAW_TEXT.has(tag.name)) {
      const { contentEnd, end } = rawTextEnd(html, tag.name, i);
      if (tag.name === 'script' && tag.type.startsWith('application/ld+json') && writer.writing) {
        if (jsonLd.length < MAX_JSON_LD_BLOCKS) jsonLd.push(html.slice(i, contentEnd));
      }
      i = end;
      continue;
    }
    if (tag.name === 'title') {
      const { contentEnd, end } = rawTextEnd(html, 'title', i);
      writer.open('title', '');
      writer.text(escapeText(html.slice(i, Math.min(contentEnd, i + MAX_TITLE_LENGTH))));
      writer.close('title');
      i = end;
      continue;
    }
    writer.open(tag.name, tag.attributes);
  }
  // Text between tags holds no `<` that could open markup, so the pieces join into clean markup.
  return { html: writer.finish(), jsonLd, flattened: writer.flattened, textBreaks: writer.textBreaks };
}
