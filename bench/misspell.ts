/**
 * One slip in a word, as a reader's fingers make it: a letter left out, a wrong letter, or two
 * neighbouring letters swapped, never the first or the last. What `npm run spelling-eval` misspells
 * pairs with, and `npm run eval -- --misspell SEED` each judged query.
 */
import { STOP_WORDS } from '../index/analysis/analyzer.ts';
import type { Rng } from './benchRandom.ts';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** `word` with one slip inside it (never its first or last letter), or null when none changes it. */
export function misspell(word: string, rng: Rng): string | null {
  const at = 1 + rng.int(word.length - 2);
  const kind = rng.int(3);
  const slipped =
    kind === 0
      ? word.slice(0, at) + word.slice(at + 1)
      : kind === 1
        ? word.slice(0, at) + LETTERS.charAt(rng.int(LETTERS.length)) + word.slice(at + 1)
        : word.slice(0, at) + word.charAt(at + 1) + word.charAt(at) + word.slice(at + 2);
  return slipped === word ? null : slipped;
}

/**
 * The query with one slip in one of its words of 5 letters or more that is not a stop word, chosen
 * by `rng`; as typed when it has none, or the slip changes nothing.
 */
export function misspellQuery(text: string, rng: Rng): string {
  const words = [...text.matchAll(/\p{L}{5,}/gu)].filter((match) => !STOP_WORDS.has(match[0].toLowerCase()));
  if (words.length === 0) return text;
  const chosen = words[rng.int(words.length)] as RegExpExecArray;
  const slipped = misspell(chosen[0], rng);
  if (slipped === null) return text;
  return text.slice(0, chosen.index) + slipped + text.slice(chosen.index + chosen[0].length);
}
