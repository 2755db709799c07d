/**
 * The text of a DOM subtree in the shape the plain-text cleaner reads: one paragraph, heading or list
 * item per line, blank lines between paragraphs and blocks, whitespace collapsed. The walk is a loop,
 * not a recursion, so no nesting can exhaust the stack.
 */
import { collapseSpaces } from './lines.ts';
import { type DomElement, type DomNode, isElement, TEXT_NODE } from './pageDocument.ts';

/** Elements that stand apart as blocks: a blank line before and after. */
const PARAGRAPH_BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'details',
  'dialog',
  'dl',
  'fieldset',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
]);

/** Elements that start a line of their own within a block. */
const LINE_BLOCKS = new Set([
  'br',
  'caption',
  'center',
  'dd',
  'div',
  'dt',
  'figcaption',
  'li',
  'summary',
  'tr',
]);

/** Elements whose neighbours in a row are separate words. */
const CELLS = new Set(['td', 'th']);

/** What separates the text already written from what comes next: nothing, a newline, a blank line. */
type Break = 0 | 1 | 2;
const NO_BREAK: Break = 0;
const LINE_BREAK: Break = 1;
const PARAGRAPH_BREAK: Break = 2;

/** Collects lines of text with the breaks between them. */
class TextWriter {
  /** Finished lines; '' is a blank line. */
  private readonly lines: string[] = [];
  private current: string[] = [];
  private pending: Break = NO_BREAK;

  /** Asks for at least this break before the next text. */
  requestBreak(kind: Break): void {
    if (kind > this.pending) this.pending = kind;
  }

  write(text: string): void {
    if (this.pending !== NO_BREAK && /\S/.test(text)) {
      this.flush();
      const last = this.lines[this.lines.length - 1];
      if (this.pending === PARAGRAPH_BREAK && last !== undefined && last !== '') this.lines.push('');
      this.pending = NO_BREAK;
    }
    this.current.push(text);
  }

  private flush(): void {
    const line = collapseSpaces(this.current.join(''));
    this.current = [];
    if (line !== '') this.lines.push(line);
  }

  /** The text: one line per line, blocks apart by a blank line. */
  finish(): string {
    this.flush();
    return this.lines.join('\n');
  }
}

/** The break an element makes before and after itself; in `<pre>`, a `<br>` parts lines of code. */
function breakOf(element: DomElement, preformatted: number): Break {
  if (PARAGRAPH_BLOCKS.has(element.localName)) return PARAGRAPH_BREAK;
  if (element.localName === 'br' && preformatted > 0) return PARAGRAPH_BREAK;
  if (LINE_BLOCKS.has(element.localName)) return LINE_BREAK;
  return NO_BREAK;
}

/**
 * Writes a text node. Inside `<pre>` its own line breaks are kept, each line standing apart like a
 * paragraph: code repeats lines (`});`), which the chrome rules would otherwise take for a page element
 * printed twice.
 */
function writeText(writer: TextWriter, node: DomNode, preformatted: number): void {
  const text = node.textContent ?? '';
  if (preformatted === 0 || !text.includes('\n')) {
    writer.write(text);
    return;
  }
  text.split('\n').forEach((line, i) => {
    if (i > 0) writer.requestBreak(PARAGRAPH_BREAK);
    writer.write(line);
  });
}

/**
 * The text of `root`, as lines: paragraphs, headings and lists apart by a blank line, list items, table
 * rows and `<br>`-broken lines on lines of their own. Elements for which `skip` is true are left out
 * with everything in them.
 *
 * @example subtreeText(parsePage('<p>One <b>two</b></p><ul><li>a<li>b</ul>').document.body)
 * // 'One two\n\na\nb'
 */
export function subtreeText(root: DomNode, skip: (element: DomElement) => boolean = () => false): string {
  const writer = new TextWriter();
  let preformatted = 0;
  const leave = (element: DomElement): void => {
    if (element.localName === 'pre') preformatted -= 1;
    writer.requestBreak(breakOf(element, preformatted));
  };
  let node: DomNode | null = root.firstChild;
  while (node !== null) {
    let descend = false;
    if (isElement(node)) {
      if (!skip(node)) {
        writer.requestBreak(breakOf(node, preformatted));
        if (CELLS.has(node.localName)) writer.write(' ');
        if (node.localName === 'pre') preformatted += 1;
        descend = node.firstChild !== null;
        if (!descend) leave(node);
      }
    } else if (node.nodeType === TEXT_NODE) {
      writeText(writer, node, preformatted);
    }
    if (descend) {
      node = node.firstChild;
      continue;
    }
    while (node !== null && node !== root && node.nextSibling === null) {
      node = node.parentNode;
      if (node !== null && node !== root && isElement(node)) leave(node);
    }
    node = node === null || node === root ? null : node.nextSibling;
  }
  return writer.finish();
}
