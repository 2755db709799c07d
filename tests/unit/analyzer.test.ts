import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, analyzeTerms, analyzeWords, foldWord } from '../../index/analysis/analyzer.ts';

describe('analyzer', () => {
  it('folds smart and straight apostrophes alike and drops the possessive', () => {
    assert.deepEqual(analyzeTerms('Trump’s'), analyzeTerms("Trump's"));
    assert.deepEqual(analyzeTerms('Trump’s'), ['trump']);
    assert.equal(foldWord('can’t'), foldWord("can't"));
  });

  it('folds case, accents and compatibility characters', () => {
    assert.deepEqual(analyzeTerms('ZÜRICH Café naïve ﬁnance'), analyzeTerms('zurich cafe naive finance'));
    assert.equal(foldWord('Straße'), 'strasse');
  });

  it('stems English words so inflections meet', () => {
    const [negotiate] = analyzeTerms('negotiate');
    assert.deepEqual(analyzeTerms('negotiations negotiators negotiated'), [negotiate, negotiate, negotiate]);
    assert.deepEqual(analyzeTerms('tariffs'), analyzeTerms('tariff'));
  });

  it('splits hyphenated words into consecutive positions', () => {
    const tokens = analyze('at Mar-a-Lago, a 50-50 deal');
    assert.deepEqual(
      tokens.map((t) => [t.word, t.position]),
      [
        ['at', 0],
        ['mar', 1],
        ['a', 2],
        ['lago', 3],
        ['a', 4],
        ['50', 5],
        ['50', 6],
        ['deal', 7],
      ],
    );
  });

  it('keeps numbers whole: thousands separators, decimals and ordinals', () => {
    assert.deepEqual(analyzeTerms('10,000 tons, 3.5% and the 1st deadline'), [
      '10000',
      'ton',
      '3.5',
      'and',
      'the',
      '1',
      'deadlin',
    ]);
    assert.deepEqual(analyzeTerms('March 1st'), analyzeTerms('March 1'));
  });

  it('reads dotted acronyms as one word without splitting sentences glued by a period', () => {
    assert.deepEqual(analyzeTerms('U.S.-China'), ['us', 'china']);
    assert.deepEqual(analyzeTerms('end.The'), ['end', 'the']);
  });

  it('marks stop words but keeps them, with positions, for phrases', () => {
    const tokens = analyze('the March 1 deadline');
    assert.deepEqual(
      tokens.map((t) => t.stop),
      [true, false, false, false],
    );
    assert.equal(tokens[3]?.position, 3);
  });

  it('gives offsets into the original text, whatever its characters', () => {
    const text = '“We’re making progress,” Mnuchin said — in Zürich.';
    for (const token of analyze(text)) {
      assert.equal(foldWord(text.slice(token.start, token.end)), token.word);
    }
  });

  it('keeps U.S. and US apart from use, used and uses, which still meet each other', () => {
    const term = (text: string) => analyze(text)[0]?.term;
    assert.equal(term('U.S.'), 'us');
    assert.equal(term('US'), 'us');
    for (const word of ['use', 'used', 'uses']) assert.equal(term(word), 'use', word);
    assert.equal(term('one'), term('ones'));
    assert.notEqual(term('one'), term('on'));
  });

  it('leaves function words such as has, its, having and what out of ranking', () => {
    for (const word of ['has', 'its', 'have', 'having', 'being', 'what', 'which']) {
      assert.equal(analyze(word)[0]?.stop, true, word);
    }
    for (const word of ['us', 'new', 'who', 'downing', 'owned', 'willing']) {
      assert.equal(analyze(word)[0]?.stop, word === 'who', word);
    }
  });

  it('treats each CJK character as a word', () => {
    assert.deepEqual(analyzeTerms('中国 trade'), ['中', '国', 'trade']);
  });

  it('ignores punctuation, symbols and control characters', () => {
    assert.deepEqual(analyzeTerms('$200 (billion) \u0000\u0007 — ***'), ['200', 'billion']);
    assert.deepEqual(analyze(''), []);
  });

  it('analyzes alike however many distinct words it has seen, its word cache emptied on the way', () => {
    const sentence = 'Trump’s trade talks, the U.S. and 10,000 workers';
    const before = analyzeWords(sentence);
    // More distinct words than the analyzer's cache keeps, so it is emptied at least once.
    const words = Array.from({ length: 300_000 }, (_, i) => `w${i.toString(36)}`);
    assert.deepEqual(analyzeWords(words.join(' ')).words, words);
    assert.deepEqual(analyzeWords(sentence), before);
    assert.deepEqual(before.words, ['trump', 'trade', 'talks', 'the', 'us', 'and', '10000', 'workers']);
  });
});
