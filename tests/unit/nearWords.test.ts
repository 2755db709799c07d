import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import SearchableMap from 'minisearch/SearchableMap';
import { DEFAULT_SEEDS_DIR } from '../../index/paths.ts';
import { editDistanceWithin, NearWordIndex } from '../../index/search/nearWords.ts';

/** The seeds' distinct lowercase words, with words that repeat letters and pairs, sorted. */
function vocabulary(): string[] {
  const words = new Set(['a', 'aa', 'aaaa', 'mississippi', 'baaaaaab', 'café', 'cafe', 'naïve', 'xx', 'x']);
  for (const file of readdirSync(DEFAULT_SEEDS_DIR)) {
    const text = readFileSync(path.join(DEFAULT_SEEDS_DIR, file), 'utf8').toLowerCase();
    for (const word of text.match(/[\p{L}\p{N}]+/gu) ?? []) words.add(word);
  }
  return [...words].sort();
}

/** A repeatable stream of numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/** Words to look up: every word, and misspellings of them (a letter dropped, doubled, swapped, changed). */
function lookups(words: readonly string[]): string[] {
  const next = random(15);
  const pick = (length: number) => Math.floor(next() * length);
  const typed = ['', 'q', 'qzvbrwkt', 'aaaaaaaa', 'ssissi', 'cafë', 'zzzzzzzzzzzzzzzz'];
  for (const word of words) {
    typed.push(word);
    const at = pick(word.length);
    typed.push(word.slice(0, at) + word.slice(at + 1));
    typed.push(word.slice(0, at) + word.charAt(at) + word.slice(at));
    typed.push(word.slice(0, at) + word.charAt(at + 1) + word.charAt(at) + word.slice(at + 2));
    typed.push(`${word.slice(0, at)}${'etaoinsrhl'.charAt(pick(10))}${word.slice(at + 1)}`);
  }
  return typed;
}

/** What MiniSearch's tree walk finds, as `id:distance` (the word itself left out). */
function treeWalk(map: SearchableMap<number>, word: string, maxDistance: number): string[] {
  return [...map.fuzzyGet(word, maxDistance)]
    .filter(([, [, distance]]) => distance > 0)
    .map(([, [id, distance]]) => `${id}:${distance}`)
    .sort();
}

describe('near spellings through shared runs of letters', () => {
  const words = vocabulary();

  it('finds exactly the words within one and two edits that a walk of every word finds', () => {
    const index = new NearWordIndex(words);
    const map = SearchableMap.from(words.map((word, id) => [word, id] as [string, number]));
    let found = 0;
    for (const word of lookups(words)) {
      for (const maxDistance of [1, 2]) {
        const near = index
          .near(word, maxDistance)
          .map(({ id, distance }) => `${id}:${distance}`)
          .sort();
        assert.deepEqual(
          near,
          treeWalk(map, word, maxDistance),
          `${JSON.stringify(word)} within ${maxDistance}`,
        );
        found += near.length;
      }
    }
    assert.ok(found > words.length, 'the lookups found near spellings to compare');
  });

  it('looks among the chosen words only', () => {
    const chosen = words.flatMap((word, id) => (word.length >= 6 && id % 3 === 0 ? [id] : []));
    const index = new NearWordIndex(words, chosen);
    assert.equal(index.size, chosen.length);
    const map = SearchableMap.from(chosen.map((id) => [words[id] ?? '', id] as [string, number]));
    for (const word of lookups(words).filter((_, i) => i % 4 === 0)) {
      const near = index
        .near(word, 2)
        .map(({ id, distance }) => `${id}:${distance}`)
        .sort();
      assert.deepEqual(near, treeWalk(map, word, 2), JSON.stringify(word));
    }
  });

  it('measures edit distance up to a limit', () => {
    assert.equal(editDistanceWithin('goverment', 'government', 2), 1);
    assert.equal(editDistanceWithin('recieve', 'receive', 2), 2);
    assert.equal(editDistanceWithin('kitten', 'sitting', 3), 3);
    assert.equal(editDistanceWithin('kitten', 'sitting', 2), 3, 'beyond the limit: the limit plus one');
    assert.equal(editDistanceWithin('same', 'same', 1), 0);
    assert.equal(editDistanceWithin('', 'ab', 2), 2);
  });

  it('measures it as the full table does, over words of every length in any order', () => {
    // The rows are kept between calls and grown for longer words: short, long (past 64) and short again.
    const levenshtein = (a: string, b: string) => {
      let row = Array.from({ length: b.length + 1 }, (_, j) => j);
      for (let i = 1; i <= a.length; i += 1) {
        const next = [i];
        for (let j = 1; j <= b.length; j += 1) {
          next[j] = Math.min(
            (row[j] ?? 0) + 1,
            (next[j - 1] ?? 0) + 1,
            (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
          );
        }
        row = next;
      }
      return row[b.length] ?? 0;
    };
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const wordOf = (length: number) => Array.from({ length }, () => 'abc'[random(3)]).join('');
    let close = 0;
    for (const length of [3, 8, 70, 5, 130, 12, 2]) {
      for (let pair = 0; pair < 40; pair += 1) {
        const a = wordOf(length);
        // The other word: a few random edits of the first, so many pairs are within the limit.
        let b = a;
        for (let edit = random(4); edit > 0; edit -= 1) {
          const at = random(b.length + 1);
          b =
            random(2) === 0
              ? `${b.slice(0, at)}${'abc'[random(3)]}${b.slice(at)}`
              : b.slice(0, at) + b.slice(at + 1);
        }
        for (const limit of [1, 2]) {
          const full = levenshtein(a, b);
          assert.equal(editDistanceWithin(a, b, limit), Math.min(full, limit + 1), `${a} ${b} ${limit}`);
          if (full <= limit) close += 1;
        }
      }
    }
    assert.ok(close > 50, `${close} pairs within the limit`);
  });
});
