import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, markedHtml, paragraphsHtml } from '../../index/render/markedHtml.ts';
import {
  buildSnippet,
  highlightParagraphs,
  isWhitespace,
  type MarkedText,
  type Matcher,
} from '../../index/search/snippets.ts';

const terms = (id: number, ...list: string[]): Matcher => ({ id, kind: 'terms', terms: new Set(list) });
const phrase = (id: number, ...list: string[]): Matcher => ({ id, kind: 'phrase', terms: list });

const filler = (words: number) => Array.from({ length: words }, (_, i) => `filler${i}`).join(' ');

/** A snippet as the page shows it. */
const snippetHtml = (...args: Parameters<typeof buildSnippet>) => markedHtml(buildSnippet(...args));

/** The marked stretches of a marked text, as text. */
const markedWords = (marked: MarkedText) =>
  marked.marks.map((mark) => marked.text.slice(mark.start, mark.end));

/** Text length of a snippet as a reader sees it: marks removed, entities counted as one character. */
function visibleLength(html: string): number {
  return html.replace(/<\/?mark>/g, '').replace(/&[a-z#0-9]+;/g, '_').length;
}

describe('snippets', () => {
  it('marks a phrase as one <mark>', () => {
    const snippet = snippetHtml('They agreed to meet the March 1 deadline for the talks.', [
      phrase(0, 'march', '1', 'deadlin'),
    ]);
    assert.match(snippet, /<mark>March 1 deadline<\/mark>/);
    assert.equal(snippet.match(/<mark>/g)?.length, 1);
  });

  it('returns the passage as text with the offsets of its marks, not as markup', () => {
    const snippet = buildSnippet('Talks <b>resumed</b>; the March 1 deadline   holds.', [
      phrase(0, 'march', '1', 'deadlin'),
      terms(1, 'talk'),
    ]);
    assert.equal(snippet.text, 'Talks <b>resumed</b>; the March 1 deadline holds.');
    assert.deepEqual(markedWords(snippet), ['Talks', 'March 1 deadline']);
  });

  it('marks stemmed variants of a word', () => {
    const snippet = snippetHtml('The negotiations resumed; negotiators said they would negotiate.', [
      terms(0, 'negoti'),
    ]);
    assert.equal(snippet.match(/<mark>/g)?.length, 3);
    assert.match(snippet, /<mark>negotiations<\/mark>/);
  });

  it('chooses the passage covering the most distinct query terms', () => {
    const text = `${filler(60)} tariffs alone here. ${filler(60)} Mnuchin discussed tariffs with Lighthizer today. ${filler(60)}`;
    const snippet = snippetHtml(text, [terms(0, 'tariff'), terms(1, 'mnuchin'), terms(2, 'lighthiz')]);
    assert.match(
      snippet,
      /<mark>Mnuchin<\/mark> discussed <mark>tariffs<\/mark> with <mark>Lighthizer<\/mark>/,
    );
  });

  it('keeps a passage between about 160 and 240 characters, cut at word boundaries with …', () => {
    const text = `${filler(80)} the deadline is near. ${filler(80)}`;
    const snippet = snippetHtml(text, [terms(0, 'deadlin')]);
    const length = visibleLength(snippet);
    assert.ok(length >= 160 && length <= 242, `length ${length}`);
    assert.ok(snippet.startsWith('…') && snippet.endsWith('…'));
    for (const word of snippet
      .replace(/<\/?mark>/g, '')
      .replace(/…/g, ' ')
      .trim()
      .split(/\s+/)) {
      assert.match(word, /^(filler\d+|the|deadline|is|near\.)$/);
    }
  });

  it('adds a second passage when the first cannot hold every term', () => {
    const text = `Mnuchin spoke first. ${filler(100)} Later Lighthizer answered.`;
    const snippet = snippetHtml(text, [terms(0, 'mnuchin'), terms(1, 'lighthiz')]);
    assert.match(snippet, /<mark>Mnuchin<\/mark>.* … .*<mark>Lighthizer<\/mark>/);
  });

  it('escapes HTML in the article so markup shows as text', () => {
    const snippet = snippetHtml('The page said <script>alert("deadline")</script> & more.', [
      terms(0, 'deadlin'),
    ]);
    assert.match(
      snippet,
      /&lt;script&gt;alert\(&quot;<mark>deadline<\/mark>&quot;\)&lt;\/script&gt; &amp; more/,
    );
    assert.deepEqual(snippet.match(/<\/?[a-z]+/g), ['<mark', '</mark']);
  });

  it('shows the opening of the text when nothing matches in it', () => {
    const snippet = snippetHtml(`Opening words here. ${filler(100)}`, [terms(0, 'absent')]);
    assert.ok(snippet.startsWith('Opening words here.'));
    assert.ok(snippet.endsWith('…'));
  });

  it('highlights every match of a whole article, paragraph by paragraph, the first with an anchor', () => {
    const highlighted = highlightParagraphs('Trade talks began.\n\nMore trade talks <b>later</b>.', [
      phrase(0, 'trade', 'talk'),
    ]);
    assert.equal(highlighted.matches, 2);
    assert.deepEqual(paragraphsHtml(highlighted.paragraphs, 'first-match'), [
      '<mark id="first-match">Trade talks</mark> began.',
      'More <mark>trade talks</mark> &lt;b&gt;later&lt;/b&gt;.',
    ]);
  });
});

describe('white space in snippets', () => {
  it('is exactly what \\s matches, for every UTF-16 code unit', () => {
    const differing: string[] = [];
    for (let code = 0; code <= 0xffff; code += 1) {
      if (/\s/.test(String.fromCharCode(code)) !== isWhitespace(code)) differing.push(code.toString(16));
    }
    assert.deepEqual(differing, []);
  });

  it('cuts passages at sentence starts and word boundaries across unusual spaces', () => {
    const text = `First sentence.\u2003Second one\u00a0says trade\u3000talks went\u2028well, then more words follow here for a while to fill the passage out past its length.`;
    const snippet = buildSnippet(text, [terms(0, 'trade')], { targetLength: 40, maxLength: 50, leadIn: 20 });
    assert.equal(snippet.text, '…Second one says trade talks went well,…');
  });
});

describe('marked text as HTML', () => {
  it('escapes text without markup characters unchanged', () => {
    assert.equal(escapeHtml('plain words'), 'plain words');
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('wraps each mark in the chosen tag and gives only the first one the anchor', () => {
    const marked = {
      text: 'a < b and b < c',
      marks: [
        { start: 0, end: 1 },
        { start: 14, end: 15 },
      ],
    };
    assert.equal(markedHtml(marked), '<mark>a</mark> &lt; b and b &lt; <mark>c</mark>');
    assert.equal(markedHtml(marked, { tag: 'em' }), '<em>a</em> &lt; b and b &lt; <em>c</em>');
    assert.deepEqual(paragraphsHtml([{ text: 'none', marks: [] }, marked, marked], 'first-match'), [
      'none',
      '<mark id="first-match">a</mark> &lt; b and b &lt; <mark>c</mark>',
      '<mark>a</mark> &lt; b and b &lt; <mark>c</mark>',
    ]);
  });
});
