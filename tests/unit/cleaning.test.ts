import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { CleanedArticle, SourceFormat } from '../../index/sources/article.ts';
import { collapseSpaces, wordCount } from '../../index/sources/cleaning/lines.ts';
import { cleanArticle, UNTITLED } from '../../index/sources/cleaning.ts';

const SEEDS = new URL('../../seeds/', import.meta.url);

const SEED_FILES = {
  trade000: '000_f4e733550bd64f5d.txt',
  davos001: '001_c9e868900b246019.txt',
  breitbart002: '002_bb622a1beba4e295.txt',
  swanson003: '003_a63a1182bbf9768a.txt',
  wsj004: '004_a8811397f6ad08aa.txt',
} as const;

function readSeed(file: string): string {
  return readFileSync(new URL(file, SEEDS), 'utf8');
}

function cleanSeed(file: string, format: SourceFormat = 'text'): CleanedArticle {
  return cleanArticle(readSeed(file), format);
}

function paragraphsOf(article: CleanedArticle): string[] {
  return article.body.split('\n\n');
}

function assertAbsent(body: string, fragments: readonly string[]): void {
  for (const fragment of fragments) assert.ok(!body.includes(fragment), `body still contains ${fragment}`);
}

/** A derived title: the lead's opening, at most about 100 characters, never a slug. */
function assertDerivedTitle(title: string, prefix: string): void {
  assert.ok(title.startsWith(prefix), `title ${title}`);
  assert.ok(title.length <= 100, `title is ${title.length} characters`);
  assert.notEqual(title, 'Quest PKG Davos');
}

/** The body format every cleaned article has. */
function assertWellFormedBody(body: string): void {
  assert.equal(body, body.trim());
  assert.ok(!body.includes('\u00a0'), 'no non-breaking space');
  assert.ok(!/\n{3,}/.test(body), 'paragraphs separated by exactly one blank line');
  for (const paragraph of body.split('\n\n')) {
    assert.notEqual(paragraph, '', 'no empty paragraph');
    assert.ok(!/\n/.test(paragraph), 'each paragraph on one line');
    assert.ok(!/\s{2,}/.test(paragraph), 'whitespace collapsed');
    assert.equal(paragraph, paragraph.trim());
  }
}

describe('cleanArticle on seed 000, a plain CNN article with its headline', () => {
  const article = cleanSeed(SEED_FILES.trade000);

  it('takes the first line as the title and removes it from the body', () => {
    assert.equal(article.title, 'Trump’s trade negotiators head to China next week');
    assert.ok(article.body.startsWith('President Donald Trump’s top negotiators'));
  });

  it('names CNN as the source because a source "told CNN"', () => {
    assert.equal(article.source, 'CNN');
  });

  it('has no authors and no date: "February 15" in a sentence is not the article date', () => {
    assert.deepEqual(article.authors, []);
    assert.equal(article.date, null);
    assert.equal(article.dateText, null);
    assert.equal(article.url, null);
  });
});

describe('cleanArticle on seed 001, the CNN Davos page', () => {
  const article = cleanSeed(SEED_FILES.davos001);

  it('drops the video playlist that opens the CNN Davos page', () => {
    assert.ok(article.body.startsWith('President Donald Trump’s top negotiators'));
    assertAbsent(article.body, ['Now playing', '02:40', 'Breaking down global economic challenges', 'WEF\n']);
  });

  it('drops the photo captions, their credits and the image file names', () => {
    assertAbsent(article.body, [
      'Getty Images',
      'Photo credit',
      '.jpg',
      'Markus Schreiber',
      'Prince Charles',
      'Greta Thunberg',
    ]);
  });

  it('drops the video slug and the "(CNN) —" dateline', () => {
    assertAbsent(article.body, ['Quest PKG', '(CNN)']);
  });

  it('derives the title from the lead sentence, never from the video slug', () => {
    assertDerivedTitle(
      article.title,
      'President Donald Trump’s top negotiators are headed to Beijing next week to continue trade talks',
    );
  });

  it('names CNN as the source from the dateline and gives no authors or date', () => {
    assert.equal(article.source, 'CNN');
    assert.deepEqual(article.authors, []);
    assert.equal(article.date, null);
    assert.equal(article.dateText, null);
  });

  it('carries the same article text as seed 000, apart from the final dash', () => {
    const other = paragraphsOf(cleanSeed(SEED_FILES.trade000));
    const paragraphs = paragraphsOf(article);
    assert.equal(paragraphs[0], other[0]);
    assert.equal(paragraphs.length, other.length);
    const dashFolded = (text: string) => text.replace(/[—–]/g, '-');
    assert.equal(dashFolded(article.body), dashFolded(other.join('\n\n')));
  });
});

describe('cleanArticle on seed 002, a Breitbart exclusive', () => {
  const article = cleanSeed(SEED_FILES.breitbart002);

  it('takes the "Exclusive:" headline as the title', () => {
    assert.equal(
      article.title,
      'Exclusive: Trump Administration Not Confident Trade Talks Will Produce An Agreement',
    );
  });

  it('drops the Getty photo caption together with its credit line', () => {
    assertAbsent(article.body, ['Thomas Peter', 'BEIJING, CHINA - NOVEMBER 9', '10-day trip to Asia']);
    assert.ok(article.body.startsWith('Trump administration officials are not confident'));
  });

  it('drops the comment prompt at the end', () => {
    assertAbsent(article.body, ['Please let us know']);
    assert.ok(article.body.endsWith('Not many of us are confident they’re there yet.”'));
  });

  it('names Breitbart News, which sources "spoke with", not Reuters, whose report it cites', () => {
    assert.equal(article.source, 'Breitbart News');
    assert.ok(article.body.includes('Reuters reported that China'));
  });

  it('has no authors and no date: the caption’s "November 9, 2017" is not the article date', () => {
    assert.deepEqual(article.authors, []);
    assert.equal(article.date, null);
    assert.equal(article.dateText, null);
  });
});

describe('cleanArticle on seed 003, a Markdown article', () => {
  const article = cleanSeed(SEED_FILES.swanson003, 'markdown');

  it('takes the "#" heading as the title', () => {
    assert.equal(article.title, 'Trade talks fizzle as China rebuffs key Trump team demand');
  });

  it('reads the author from the linked by-line and keeps the year-less date as text only', () => {
    assert.deepEqual(article.authors, ['Ana Swanson']);
    assert.equal(article.dateText, 'July 19');
    assert.equal(article.date, null);
  });

  it('leaves the source unknown, since nothing in the text names the outlet', () => {
    assert.equal(article.source, null);
  });

  it('removes heading markers, the rule, the by-line and the author bio', () => {
    assertAbsent(article.body, ['#', '[Ana Swanson](#)', 'By Ana Swanson', '---', 'Follow @anaswanson']);
    assertAbsent(article.body, ['covers the economy, trade and the Federal Reserve']);
    assert.ok(article.body.startsWith('U.S. officials fell short of securing ambitious gains'));
  });

  it('keeps the article text, hyphenated names included', () => {
    assert.ok(article.body.includes('Mar-a-Lago'));
    assert.ok(article.body.endsWith('as far as they were going to go in the near future,” he said.'));
  });

  it('reads the file as Markdown even when it is labelled plain text', () => {
    assert.deepEqual(cleanSeed(SEED_FILES.swanson003, 'text'), article);
  });
});

describe('cleanArticle on seed 004, a Dow Jones wire story', () => {
  const article = cleanSeed(SEED_FILES.wsj004);

  it('reads all three authors from the by-line', () => {
    assert.deepEqual(article.authors, ['Vivian Salama', 'Rebecca Ballhaus', 'Josh Zumbrun']);
  });

  it('dates the article from the wire timestamp line', () => {
    assert.equal(article.date, '2019-07-23');
    assert.equal(article.dateText, 'July 23, 2019');
  });

  it('names The Wall Street Journal from the @wsj.com sign-off', () => {
    assert.equal(article.source, 'The Wall Street Journal');
  });

  it('derives the title from the lead sentence, without the dateline', () => {
    assertDerivedTitle(
      article.title,
      'A U.S. delegation is expected to travel to China for trade talks next week',
    );
  });

  it('cuts the "WASHINGTON --" dateline off the first paragraph', () => {
    assert.ok(article.body.startsWith('A U.S. delegation is expected'));
  });

  it('drops the by-line and the wire footer but keeps the closing quote', () => {
    assertAbsent(article.body, ['By Vivian', 'Write to', '@wsj.com', '(END)', 'Copyright', '19:53 GMT']);
    assert.ok(article.body.endsWith('"I\'m going to strike a note of hopefulness," he said.'));
  });
});

describe('cleanArticle body format', () => {
  for (const [name, file] of Object.entries(SEED_FILES)) {
    it(`separates ${name}'s paragraphs by single blank lines, whitespace collapsed`, () => {
      assertWellFormedBody(cleanSeed(file).body);
    });
  }

  it('keeps smart quotes and dashes as the text has them', () => {
    const body = cleanSeed(SEED_FILES.trade000).body;
    assert.ok(body.includes('“We’re making progress'));
    assert.ok(body.includes('China — and jitters'));
  });

  it('joins the lines of a paragraph hard-wrapped at a fixed width', () => {
    const text = [
      'Markets rally as the Fed holds rates',
      '',
      'Stocks rose sharply on Wednesday after the Federal Reserve left its',
      'benchmark rate unchanged and signalled that it would stay patient for',
      'the rest of the year.',
      '',
      'Bond yields fell.',
    ].join('\n');
    assert.deepEqual(paragraphsOf(cleanArticle(text, 'text')), [
      'Stocks rose sharply on Wednesday after the Federal Reserve left its benchmark rate unchanged and ' +
        'signalled that it would stay patient for the rest of the year.',
      'Bond yields fell.',
    ]);
  });
  it('joins wire copy wrapped at a fixed width into paragraphs that open with an indented line', () => {
    // Reuters-21578 bodies: no blank lines between paragraphs, each paragraph's first line indented.
    const text = [
      'ROGERS <ROG> SEES 1ST QTR NET UP SIGNIFICANTLY',
      '',
      '  MANCHESTER, Conn, April 1 - Rogers Corp said first quarter',
      'earnings will be up significantly from earnings of 114,000 dlrs',
      'or four cts share for the same quarter last year.',
      '    The company said it expects revenues for the first quarter',
      'to be "somewhat higher" than revenues of 32.9 mln dlrs posted',
      'for the year-ago quarter.',
      '    Rogers said it reached an agreement.',
    ].join('\n');
    assert.deepEqual(paragraphsOf(cleanArticle(text, 'text')), [
      'Rogers Corp said first quarter earnings will be up significantly from earnings of 114,000 dlrs or ' +
        'four cts share for the same quarter last year.',
      'The company said it expects revenues for the first quarter to be "somewhat higher" than revenues ' +
        'of 32.9 mln dlrs posted for the year-ago quarter.',
      'Rogers said it reached an agreement.',
    ]);
  });

  it('takes a wrapped line that opens with "by" for the sentence it continues, not a by-line', () => {
    const text = [
      'MOSCOW INDIGNANT AT REAGAN STATEMENT',
      '',
      '  MOSCOW, April 8 - Soviet Deputy Foreign Minister Vladimir',
      'Petrovsky said Moscow felt "indignation and regret" at statements made',
      'by President Reagan.',
      '    Reagan told reporters yesterday he was ordering a review.',
    ].join('\n');
    const article = cleanArticle(text, 'text');
    assert.deepEqual(article.authors, []);
    assert.ok(article.body.includes('statements made by President Reagan.'));
  });

  it('leaves wire headlines with a ticker or a correction note whole, and takes no source from them', () => {
    const ticker = cleanArticle(
      'EXXON (XON) SEES SYNFUELS ROLE BY YEAR 2000\n\nSynthetic fuels will return.',
      'text',
    );
    assert.equal(ticker.title, 'EXXON (XON) SEES SYNFUELS ROLE BY YEAR 2000');
    assert.equal(ticker.source, null);
    const corrected = cleanArticle(
      '(CORRECTED) - MOBIL <MOB> TO UPGRADE REFINERY UNIT\n\nMobil Corp said it will spend 30 mln dlrs.',
      'text',
    );
    assert.equal(corrected.title, '(CORRECTED) - MOBIL <MOB> TO UPGRADE REFINERY UNIT');
    assert.equal(corrected.source, null);
    assert.deepEqual(paragraphsOf(corrected), ['Mobil Corp said it will spend 30 mln dlrs.']);
    const lead = cleanArticle(
      'GMAC (Australia) Finance Ltd is issuing a 50 mln Australian dlr eurobond.',
      'text',
    );
    assert.equal(lead.source, null);
    assert.ok(lead.body.startsWith('GMAC (Australia) Finance Ltd'));
  });

  it('keeps an indented quotation between sentences apart from the sentence after it', () => {
    const text = [
      'Fans celebrate the title at the stadium',
      '',
      'The captain stood on the bench and said:',
      '    "We will win it again."',
      'The crowd cheered loudly at the stadium as the team took the field.',
    ].join('\n');
    assert.ok(paragraphsOf(cleanArticle(text, 'text')).includes('"We will win it again."'));
  });

  it('keeps short indented lines, such as a table, as lines of their own', () => {
    const text = [
      'Arsenal beat Chelsea at the Emirates',
      '',
      'Scores on Sunday',
      '  Arsenal 2 Chelsea 1',
      '  Leeds 0 Everton 0',
    ].join('\n');
    assert.deepEqual(paragraphsOf(cleanArticle(text, 'text')), [
      'Scores on Sunday',
      'Arsenal 2 Chelsea 1',
      'Leeds 0 Everton 0',
    ]);
  });
});

describe('cleanArticle on a Reuters wire story', () => {
  const text = [
    'China’s exports rise more than expected in June',
    '',
    'By David Lawder and Andrea Shalal, Reuters',
    '',
    'BEIJING, July 14 (Reuters) - China’s exports rose more than expected in June, customs data showed on Tuesday, as factories reopened after lockdowns.',
    '',
    'Advertisement',
    '',
    'Imports also grew, the data showed.',
    '',
    'Share this article',
    '',
    'Reporting by David Lawder in Washington; Additional reporting by Andrea Shalal; Editing by Chizu Nomiyama',
    '',
    '© 2020 Thomson Reuters. All rights reserved.',
  ].join('\n');
  const article = cleanArticle(text, 'text');

  it('cuts the "(Reuters) -" dateline and names Reuters as the source', () => {
    assert.ok(article.body.startsWith('China’s exports rose more than expected in June'));
    assert.equal(article.source, 'Reuters');
  });

  it('drops the outlet from the by-line authors and keeps the dateline date as text only', () => {
    assert.deepEqual(article.authors, ['David Lawder', 'Andrea Shalal']);
    assert.equal(article.dateText, 'July 14');
    assert.equal(article.date, null);
  });

  it('drops the wire credits, the copyright line and the page prompts', () => {
    assert.deepEqual(paragraphsOf(article), [
      'China’s exports rose more than expected in June, customs data showed on Tuesday, as factories reopened after lockdowns.',
      'Imports also grew, the data showed.',
    ]);
    assert.equal(article.title, 'China’s exports rise more than expected in June');
  });
});

describe('cleanArticle on an Associated Press story', () => {
  const text = [
    'Biden signs infrastructure bill into law',
    'By ZEKE MILLER and JOSH BOAK',
    'Nov. 15, 2021',
    '',
    'WASHINGTON (AP) — President Joe Biden signed the infrastructure deal into law Monday on the White House lawn.',
    '',
    'FILE - President Joe Biden speaks in the East Room of the White House, Nov. 6, 2021, in Washington. (AP Photo/Evan Vucci, File)',
    '',
    'The legislation will deliver money to every state.',
    '',
    'Associated Press writers Kevin Freking and Lisa Mascaro contributed to this report.',
    '',
    'Copyright 2021 The Associated Press. All rights reserved.',
  ].join('\n');
  const article = cleanArticle(text, 'text');

  it('cuts the "WASHINGTON (AP) —" dateline, drops the captioned photo and the closing credits', () => {
    assert.deepEqual(paragraphsOf(article), [
      'President Joe Biden signed the infrastructure deal into law Monday on the White House lawn.',
      'The legislation will deliver money to every state.',
    ]);
  });

  it('reads the metadata from headline, by-line, timestamp and dateline', () => {
    assert.equal(article.title, 'Biden signs infrastructure bill into law');
    assert.deepEqual(article.authors, ['ZEKE MILLER', 'JOSH BOAK']);
    assert.equal(article.date, '2021-11-15');
    assert.equal(article.dateText, 'Nov. 15, 2021');
    assert.equal(article.source, 'Associated Press');
  });
});

describe('cleanArticle on a BBC-style page', () => {
  it('drops image credits, captions, topic links and share buttons', () => {
    const text = [
      'China trade: Beijing hits back with new tariffs',
      '',
      'Image copyright Getty Images',
      'Image caption Soybeans are among the goods affected',
      '',
      'China has announced new tariffs on US goods worth $60bn, in retaliation for US measures.',
      '',
      'Related Topics',
      '',
      'Share this with',
      'Email',
      'Facebook',
    ].join('\n');
    const article = cleanArticle(text, 'text');
    assert.equal(article.title, 'China trade: Beijing hits back with new tariffs');
    assert.equal(
      article.body,
      'China has announced new tariffs on US goods worth $60bn, in retaliation for US measures.',
    );
  });
});

describe('cleanArticle on an HTML page', () => {
  const html = `<!doctype html><html><head>
<meta charset="utf-8">
<title>Tariffs &amp; trade: what comes next | The Daily Ledger</title>
<meta content="Tariffs &amp; trade: what comes next" property='og:title'>
<meta property="og:site_name" content="The Daily Ledger">
<meta name=author content="Jane Doe and John O&#39;Neil">
<meta property="article:published_time" content="2021-03-04T09:30:00-05:00">
<style>p { color: red }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World news</a></nav>
<header><p>Subscribe today</p></header>
<article>
<h1>Tariffs &amp; trade: what comes next</h1>
<p>The <a href="https://example.com/tariffs">new tariffs</a> take effect on&nbsp;Monday, officials said.</p>
<figure><img src="port.jpg" alt="A port"><figcaption>A container port in Ningbo.</figcaption></figure>
<p>Importers are   bracing
 for higher costs.</p>
<aside>Sign up for our newsletter</aside>
<script>track('pageview')</script>
</article>
<footer>© 2021 The Daily Ledger</footer>
</body></html>`;
  const article = cleanArticle(html, 'html');

  it('keeps only the article text, links as plain words', () => {
    assert.deepEqual(paragraphsOf(article), [
      'The new tariffs take effect on Monday, officials said.',
      'Importers are bracing for higher costs.',
    ]);
  });

  it('reads title, authors, site name and publication date from the meta tags', () => {
    assert.equal(article.title, 'Tariffs & trade: what comes next');
    assert.deepEqual(article.authors, ['Jane Doe', "John O'Neil"]);
    assert.equal(article.source, 'The Daily Ledger');
    assert.equal(article.date, '2021-03-04');
    assert.equal(article.url, null);
  });

  it('drops the page headline even when it is worded differently from og:title', () => {
    const page =
      '<html><head><meta property="og:title" content="Markets slide as talks stall"></head><body><main>' +
      '<h1>Markets Slide As Trade Talks Stall</h1><p>By <a href="/doe">Jane Doe</a>, Bloomberg News</p>' +
      '<p>Stocks fell on Friday.</p></main></body></html>';
    const article = cleanArticle(page, 'html');
    assert.equal(article.title, 'Markets slide as talks stall');
    assert.equal(article.body, 'Stocks fell on Friday.');
    assert.deepEqual(article.authors, ['Jane Doe']);
    assert.equal(article.source, 'Bloomberg');
  });

  it('falls back to <title> without its site suffix when there is no og:title or h1', () => {
    const bare =
      '<html><head><title>Rates hold | Reuters</title></head><body><p>Rates held.</p></body></html>';
    assert.equal(cleanArticle(bare, 'html').title, 'Rates hold');
  });
});

describe('cleanArticle keeps prose that merely resembles chrome', () => {
  const text = [
    'Court weighs photo rights',
    '',
    'A federal judge said the case turns on copyright law, and that a photo licensed from Getty could not simply be reused.',
    '',
    'Copyright lawyers said readers should write to Congress if they want the rules changed.',
    '',
    'Write to Congress, the senator urged, and ask for reform.',
    '',
    'Reporting by the agency showed that many photographers never registered their work.',
    '',
    'The photo was later distributed via Getty Images.',
    '',
    'Readers said they were having trouble with comments on the court’s website.',
    '',
    'Share prices of photo agencies fell.',
  ].join('\n');

  it('keeps paragraphs mentioning Getty, copyright law, writing to Congress, comments and shares', () => {
    assert.deepEqual(paragraphsOf(cleanArticle(text, 'text')), text.split('\n\n').slice(1));
  });

  it('does not take a sentence opening "By the time" for a by-line', () => {
    const article = cleanArticle('By the time the talks ended, no deal had been reached.', 'text');
    assert.deepEqual(article.authors, []);
    assert.equal(article.body, 'By the time the talks ended, no deal had been reached.');
  });
});

describe('cleanArticle by-lines and dates', () => {
  it('removes a trailing "| CNN" outlet from the by-line and reads an "Updated" timestamp', () => {
    const text =
      'Fed holds rates\nBy Jane Doe | CNN\nUpdated 10:15 AM ET, Tue July 23, 2019\n\nThe Fed held rates.';
    const article = cleanArticle(text, 'text');
    assert.deepEqual(article.authors, ['Jane Doe']);
    assert.equal(article.source, 'CNN');
    assert.equal(article.date, '2019-07-23');
    assert.equal(article.body, 'The Fed held rates.');
  });

  it('accepts abbreviated, day-first and ISO dates on timestamp lines', () => {
    const dateOf = (line: string) => cleanArticle(`${line}\n\nThe Fed held rates.`, 'text').date;
    assert.equal(dateOf('Jul. 23, 2019'), '2019-07-23');
    assert.equal(dateOf('23 July 2019'), '2019-07-23');
    assert.equal(dateOf('2019-07-23'), '2019-07-23');
  });

  it('keeps the text of a date whose day does not exist but gives no ISO date', () => {
    const article = cleanArticle('February 30, 2019\n\nThe Fed held rates.', 'text');
    assert.equal(article.date, null);
    assert.equal(article.dateText, 'February 30, 2019');
  });
});

describe('cleanArticle on empty and chrome-only texts', () => {
  it('returns an empty body titled "Untitled" for an empty string', () => {
    const article = cleanArticle('', 'text');
    assert.equal(article.body, '');
    assert.equal(article.title, UNTITLED);
    assert.equal(UNTITLED, 'Untitled');
    assert.deepEqual(article.authors, []);
    assert.equal(article.source, null);
  });

  it('returns an empty body for a page that is all chrome', () => {
    const text = [
      'Now playing',
      '02:40',
      'Breaking down global economic challenges',
      'Markus Schreiber/AP',
      'Advertisement',
      '',
      'Share this article',
      '',
      'Please let us know if you’re having issues with commenting.',
      '',
      'Copyright 2020 Cable News Network. All rights reserved.',
    ].join('\n');
    const article = cleanArticle(text, 'text');
    assert.equal(article.body, '');
    assert.equal(article.title, UNTITLED);
  });
});

describe('cleanArticle drops every kind of whole-line chrome, in any case', () => {
  const body = 'The Fed held rates on Wednesday.\n\nMarkets rose after the decision.';
  const chromeLines = [
    'Now playing',
    'UP NEXT',
    'Watch next',
    'Live updates',
    'Breaking News',
    'Advertisement',
    'Story continues below advertisement',
    'Skip ad',
    'Share',
    'Share on WhatsApp',
    'E-mail',
    'Copy link',
    'Enlarge this image',
    'Share this story with your friends',
    'Instagram',
    'Comments (12)',
    'Join the conversation.',
    'Let us know if you’re experiencing problems with comments.',
    'Click here to subscribe',
    'Sign up for our daily newsletter',
    'Follow us on Facebook',
    'Follow @Reuters',
    'Follow Jane Doe on Twitter',
    'Related coverage',
    'Read more: Fed holds rates',
    'More from Business',
    '© 2019 Cable News Network',
    'Copyright (c) 2020 Reuters',
    '(c) 2018 The Associated Press',
    'Cable News Network. All Rights Reserved.',
    'Some Media Group Ltd. ALL RIGHTS RESERVED',
    '(END) Dow Jones Newswires',
    'Our Standards: The Thomson Reuters Trust Principles.',
    'Write to Jane Doe at jane.doe@wsj.com',
    'Contact the reporter at jane@example.com',
    'GettyImages-1193563468.jpg',
    'trade-talks.JPEG',
    'chart.webp',
    'Image copyright Getty Images',
    'Photo caption Traders at work',
    '02:40',
    '1:02:03',
  ];

  it('drops each one between two paragraphs of text', () => {
    for (const line of chromeLines) {
      const text = `The Fed held rates on Wednesday.\n\n${line}\n\nMarkets rose after the decision.`;
      assert.equal(cleanArticle(text, 'text').body, body, line);
    }
  });
});

describe('line helpers', () => {
  /** What collapseSpaces must return: zero-width characters dropped, whitespace runs folded, ends trimmed. */
  function reference(text: string): string {
    return text
      .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  }

  it('collapseSpaces folds or drops every whitespace and zero-width character, wherever it stands', () => {
    for (let code = 0; code <= 0xffff; code += 1) {
      const c = String.fromCharCode(code);
      for (const text of [`a${c}b`, `a ${c}b`, `a${c} b`, `${c}a b${c}`, ` ${c} a`, `a ${c} `]) {
        assert.equal(
          collapseSpaces(text),
          reference(text),
          `U+${code.toString(16)} in ${JSON.stringify(text)}`,
        );
      }
    }
  });

  it('wordCount counts exactly up to its limit and one past it for longer lines', () => {
    const texts = ['', 'one', 'one two', 'one two three four', 'a b c d e f g h i j k l m n o p'];
    for (const text of texts) {
      const words = text === '' ? 0 : text.split(' ').length;
      assert.equal(wordCount(text), words);
      for (const limit of [0, 1, 2, 3, 4, 8, 12, 20]) {
        assert.equal(wordCount(text, limit), Math.min(words, limit + 1), `${text} / ${limit}`);
      }
    }
  });
});
