import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Rng } from '../../bench/benchRandom.ts';
import { analyze } from '../../index/analysis/analyzer.ts';
import {
  defaultDuplicateOptions,
  findDuplicateGroups,
  groupMembers,
  shingleSimilarity,
} from '../../index/analysis/duplicates.ts';
import { analyzeFile } from '../../index/build/analyzeFile.ts';
import { FIELD_INDEX } from '../../index/fields.ts';
import { DEFAULT_SEEDS_DIR } from '../../index/paths.ts';
import { readArticleFiles } from '../../index/sources/articleFiles.ts';
import { SEED_IDS } from '../helpers.ts';

interface Seed {
  id: string;
  /** The cleaned body, paragraphs separated by a blank line. */
  body: string;
  /** The body's folded words, exactly as the build analyzes them. */
  words: string[];
}

/** The seeds as the build reads, cleans and analyzes them, in id order. */
const seeds: Seed[] = (await readArticleFiles(DEFAULT_SEEDS_DIR)).files.map((file) => {
  const { document, fields } = analyzeFile(file);
  return { id: document.id, body: document.body, words: fields[FIELD_INDEX.body]?.words ?? [] };
});

function seed(id: string): Seed {
  const found = seeds.find((candidate) => candidate.id === id);
  assert.ok(found, `seed ${id}`);
  return found;
}

/** The folded words of a text: what the build passes for a body (the one analyzer, stop words kept). */
function words(text: string): string[] {
  return analyze(text).map((token) => token.word);
}

/** Whether documents `a` and `b` ended up in one group. */
function together(groups: Int32Array, a: number, b: number): boolean {
  return groups[a] !== -1 && groups[a] === groups[b];
}

const story = seed(SEED_IDS.cnnTrade);
const paragraphs = story.body.split('\n\n');

/** The first `fraction` of the story's paragraphs, or the last ones for a negative fraction. */
function part(fraction: number): string {
  const count = Math.round(paragraphs.length * Math.abs(fraction));
  return (fraction > 0 ? paragraphs.slice(0, count) : paragraphs.slice(-count)).join('\n\n');
}

/** A Reuters-style money-market brief: the same template every day, only the figures change. */
function fedBrief(amount: string, rate: string): string {
  return (
    `The Federal Reserve entered the U.S. government securities market to arrange ${amount} dlrs of ` +
    `customer repurchase agreements, a Fed spokesman said. Dealers said federal funds were trading at ` +
    `${rate} pct when the Fed began its temporary and indirect supply of reserves to the banking system.`
  );
}

describe('findDuplicateGroups on the seeds', () => {
  const groups = findDuplicateGroups(seeds.map((s) => s.words));
  const index = (id: string) => seeds.findIndex((s) => s.id === id);

  test('groups the two CNN page versions of the trade story under the first of them', () => {
    assert.equal(groups[index(SEED_IDS.cnnDavos)], index(SEED_IDS.cnnTrade));
    assert.equal(groups[index(SEED_IDS.cnnTrade)], index(SEED_IDS.cnnTrade));
  });

  test('leaves the Breitbart, Washington Post and Wall Street Journal reports ungrouped', () => {
    for (const id of [SEED_IDS.breitbart, SEED_IDS.washingtonPost, SEED_IDS.wsj]) {
      assert.equal(groups[index(id)], -1, id);
    }
  });

  test('sees different reports of the same talks as sharing almost no shingles', () => {
    const { containment } = shingleSimilarity(
      seed(SEED_IDS.breitbart).words,
      seed(SEED_IDS.washingtonPost).words,
    );
    assert.ok(containment < 0.05, `containment ${containment}`);
    assert.deepEqual(
      [...findDuplicateGroups([seed(SEED_IDS.breitbart).words, seed(SEED_IDS.washingtonPost).words])],
      [-1, -1],
    );
  });
});

describe('findDuplicateGroups on edited versions of a seed', () => {
  const otherParagraph = seed(SEED_IDS.washingtonPost).body.split('\n\n')[3] ?? '';

  /** The groups of the story and one edited version of it. */
  function pairGroups(edited: string): number[] {
    return [...findDuplicateGroups([story.words, words(edited)])];
  }

  test('still groups a version with one paragraph replaced by a paragraph of another story', () => {
    const edited = paragraphs.map((paragraph, i) => (i === 6 ? otherParagraph : paragraph)).join('\n\n');
    assert.notEqual(edited, story.body);
    assert.deepEqual(pairGroups(edited), [0, 0]);
  });

  test('still groups a version with a word changed every 40 words throughout', () => {
    const edited = story.body
      .split(' ')
      .map((word, i) => (i % 40 === 20 ? 'reportedly' : word))
      .join(' ');
    assert.deepEqual(pairGroups(edited), [0, 0]);
  });

  test('groups exactly the versions whose containment reaches the threshold, on either side of it', () => {
    // Words changed every 15th to 40th word put containment on both sides of 0.8, some within a hair.
    const verdicts = new Set<boolean>();
    for (let every = 15; every <= 40; every += 1) {
      const edited = words(story.body).map((word, i) => (i % every === every - 1 ? `edit${i}` : word));
      const { containment } = shingleSimilarity(story.words, edited);
      const expected = containment >= defaultDuplicateOptions.threshold;
      verdicts.add(expected);
      assert.equal(
        together(findDuplicateGroups([story.words, edited]), 0, 1),
        expected,
        `a word changed every ${every}: containment ${containment}`,
      );
    }
    assert.deepEqual([...verdicts].sort(), [false, true]);
  });

  test('still groups a version with its paragraphs in reverse order', () => {
    assert.deepEqual(pairGroups([...paragraphs].reverse().join('\n\n')), [0, 0]);
  });

  test('groups a first take cut after two thirds of its paragraphs with the full story', () => {
    // Containment: every shingle of the cut version is in the full one. Jaccard would say 0.61.
    assert.deepEqual(pairGroups(part(0.65)), [0, 0]);
  });

  test('keeps a lede-only excerpt, under a third of the story, apart from it', () => {
    assert.deepEqual(pairGroups(part(2 / paragraphs.length)), [-1, -1]);
  });

  test('groups the Davos page with its playlist and captions left in with the clean article', () => {
    const rawPage = readFileSync(path.join(DEFAULT_SEEDS_DIR, `${SEED_IDS.cnnDavos}.txt`), 'utf8');
    assert.ok(rawPage.includes('Now playing'));
    assert.deepEqual(pairGroups(rawPage), [0, 0]);
  });

  test('does not group a different story on the same topic', () => {
    assert.deepEqual(
      [...findDuplicateGroups([story.words, seed(SEED_IDS.washingtonPost).words, seed(SEED_IDS.wsj).words])],
      [-1, -1, -1],
    );
  });

  test('groups A, B and C together when A matches B and B matches C but A does not match C', () => {
    const start = words(part(0.6));
    const end = words(part(-0.6));
    assert.ok(shingleSimilarity(start, end).containment < defaultDuplicateOptions.threshold);
    assert.deepEqual([...findDuplicateGroups([start, end])], [-1, -1]);
    assert.deepEqual([...findDuplicateGroups([start, story.words, end])], [0, 0, 0]);
    assert.deepEqual([...findDuplicateGroups([end, start, story.words])], [0, 0, 0]);
  });
});

describe('findDuplicateGroups on short texts', () => {
  test('never groups stubs, however identical', () => {
    const notice = 'This article is available to subscribers only. Sign in or subscribe to read the story.';
    const stubs = ['No body', 'No body', 'No body', notice, notice, notice].map(words);
    assert.ok(words(notice).length < defaultDuplicateOptions.minWords);
    assert.deepEqual([...findDuplicateGroups(stubs)], [-1, -1, -1, -1, -1, -1]);
    assert.deepEqual([...findDuplicateGroups([[], [], story.words])], [-1, -1, -1]);
  });

  test('keeps apart wire briefs from one template that differ in a number', () => {
    const monday = words(fedBrief('1.5 billion', '6-1/16'));
    const tuesday = words(fedBrief('1.5 billion', '6-3/16'));
    assert.ok(monday.length >= defaultDuplicateOptions.minWords);
    assert.ok(monday.length < defaultDuplicateOptions.strictBelowWords);
    assert.ok(shingleSimilarity(monday, tuesday).containment >= defaultDuplicateOptions.threshold);
    assert.deepEqual([...findDuplicateGroups([monday, tuesday])], [-1, -1]);
  });

  test('groups a brief with its refiling and with a correction that adds a note', () => {
    const brief = fedBrief('1.5 billion', '6-1/16');
    const corrected = `${brief} Corrects amount of the agreements in the first paragraph.`;
    assert.deepEqual([...findDuplicateGroups([words(brief), words(brief), words(corrected)])], [0, 0, 0]);
  });
});

describe('group numbers', () => {
  const other = seed(SEED_IDS.washingtonPost).words;
  const cut = words(part(0.7));

  test('number a group by its first document and leave documents without a duplicate at -1', () => {
    const groups = findDuplicateGroups([other, cut, seed(SEED_IDS.wsj).words, story.words]);
    assert.deepEqual([...groups], [-1, 1, -1, 1]);
    assert.deepEqual([...groupMembers(groups)], [[1, [1, 3]]]);
  });

  test('are the same on every run and do not depend on the order of the documents', () => {
    const documents = [...seeds.map((s) => s.words), cut, words(part(-0.7))];
    const groups = findDuplicateGroups(documents);
    assert.deepEqual(findDuplicateGroups(documents), groups);
    const reversed = findDuplicateGroups([...documents].reverse());
    const last = documents.length - 1;
    for (let a = 0; a < documents.length; a += 1) {
      for (let b = 0; b < documents.length; b += 1) {
        assert.equal(together(reversed, last - a, last - b), together(groups, a, b), `${a} and ${b}`);
      }
    }
  });

  test('come back empty for no documents', () => {
    assert.equal(findDuplicateGroups([]).length, 0);
    assert.equal(groupMembers(new Int32Array(0)).size, 0);
  });

  test('reject options that cannot work', () => {
    assert.throws(() => findDuplicateGroups([], { bands: 0 }), RangeError);
    assert.throws(() => findDuplicateGroups([], { threshold: 1.5 }), RangeError);
    assert.throws(() => findDuplicateGroups([], { shingleSize: 2.5 }), RangeError);
  });
});

describe('findDuplicateGroups at scale', () => {
  test('finds exactly the edited copies planted among 3,000 unrelated documents', () => {
    // Seeded, so the collection is the same on every run.
    const random = new Rng(7);
    const vocabulary = Array.from({ length: 3000 }, (_, i) => `w${i}`);
    const pick = () => vocabulary[random.int(vocabulary.length)] as string;
    const documents = Array.from({ length: 3000 }, () => Array.from({ length: 150 }, pick));
    const planted = new Map<number, number>();
    for (let original = 0; original < 3000; original += 100) {
      const copy = [...(documents[original] as string[])];
      for (let edit = 0; edit < 3; edit += 1) copy[random.int(copy.length)] = 'edited';
      planted.set(documents.length, original);
      documents.push(copy);
    }
    const groups = findDuplicateGroups(documents);
    const expected = new Map([...planted].map(([copy, original]) => [original, [original, copy]]));
    assert.deepEqual(groupMembers(groups), expected);
  });

  test('groups none of thousands of briefs that share one template', () => {
    // Its speed (the bounded bucket walk: 13 s → 0.5 s here) is measured by bench/benchDuplicates.ts.
    const template = words(fedBrief('1.5 billion', 'RATE'));
    const briefs = Array.from({ length: 8000 }, (_, day) =>
      template.map((word) => (word === 'rate' ? `6.${day}` : word)),
    );
    assert.equal(groupMembers(findDuplicateGroups(briefs)).size, 0);
  });
});
