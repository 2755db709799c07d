/**
 * The README's examples that show what they print (its `console` blocks: `$ command`, then the output)
 * are run on the seeds, and what they print must match what is shown: `…` in the README stands for any
 * text, and timings (`tookMs`, `(3.1 ms)`) and build times may differ. So an example whose output
 * drifts (a score, a field, a filter that finds nothing on the seeds) fails here, not in a reader's
 * terminal.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { buildIndex } from '../../index/build/build.ts';
import { DEFAULT_SEEDS_DIR, PROJECT_ROOT } from '../../index/paths.ts';
import { startServer, type TestServer, temporaryFolder } from '../helpers.ts';

const run = promisify(execFile);
const README = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
/** The address the README's examples use for `npm start`'s server. */
const README_ORIGIN = 'http://127.0.0.1:3000';

interface Example {
  command: string;
  expected: string;
}

/** Every `$ command` of the README's `console` blocks, with the lines it is shown to print. */
export function consoleExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  for (const block of markdown.matchAll(/^```console\n([\s\S]*?)^```$/gm)) {
    for (const part of (block[1] ?? '').split(/^\$ /m).slice(1)) {
      const [command = '', ...output] = part.split('\n');
      examples.push({ command, expected: output.join('\n') });
    }
  }
  return examples;
}

/** A command line split into words as a POSIX shell would (quotes and backslashes; no expansion). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i += 1) {
    const character = line[i] ?? '';
    if (character === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed ' in ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (character === '"') {
      word ??= '';
      for (i += 1; i < line.length && line[i] !== '"'; i += 1) {
        if (line[i] === '\\' && /["\\$`]/.test(line[i + 1] ?? '')) i += 1;
        word += line[i];
      }
      if (i >= line.length) throw new Error(`unclosed " in ${line}`);
    } else if (character === '\\') {
      word = (word ?? '') + (line[i + 1] ?? '');
      i += 1;
    } else if (/\s/.test(character)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + character;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** What varies from run to run, written the same way in both texts. */
function withoutVolatile(text: string): string {
  return text
    .replace(/"tookMs": ?[\d.]+/g, '"tookMs":#')
    .replace(/"(builtAt|loadedAt)": ?"[^"]*"/g, '"$1":#')
    .replace(/\([\d.]+ ms\)/g, '(# ms)')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

/** Whether `actual` is what `shown` shows, `…` standing for any text. */
export function matchesShown(shown: string, actual: string): boolean {
  const pattern = withoutVolatile(shown)
    .split('…')
    .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*?');
  return new RegExp(`^${pattern}$`).test(withoutVolatile(actual));
}

describe('the README', () => {
  let server: TestServer;
  let indexPath: string;
  before(async () => {
    indexPath = path.join(await temporaryFolder(), 'index.bin');
    await buildIndex({ seedsDir: DEFAULT_SEEDS_DIR, outPath: indexPath });
    server = await startServer();
  });

  /** Runs one example as a reader would, on the seeds' index and a server over the seeds. */
  async function output(command: string): Promise<string> {
    const [line = '', ...pipes] = command.split(/\s\|\s/);
    if (pipes.some((pipe) => pipe.trim() !== 'jq')) throw new Error(`only "| jq" is understood: ${command}`);
    const pretty = (text: string) => (pipes.length > 0 ? JSON.stringify(JSON.parse(text), null, 2) : text);
    const words = shellWords(line);
    let args: string[] | null = null;
    if (words[0] === 'npx' && words[1] === 'lede' && words[2] === 'search') args = words.slice(3);
    if (words.slice(0, 5).join(' ') === 'npm run --silent search --') args = words.slice(5);
    if (args !== null) {
      const bin = path.join(PROJECT_ROOT, 'index', 'cli', 'lede.js');
      const { stdout } = await run(process.execPath, [bin, 'search', '--index', indexPath, ...args], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      });
      return pretty(stdout);
    }
    const url = words.at(-1) ?? '';
    if (
      words[0] === 'curl' &&
      words.slice(1, -1).every((flag) => flag === '-s') &&
      url.startsWith(README_ORIGIN)
    ) {
      const response = await fetch(server.baseUrl + url.slice(README_ORIGIN.length));
      return pretty(await response.text());
    }
    throw new Error(`no way to run this README example: ${command}`);
  }

  const examples = consoleExamples(README);

  it('shows examples with their output', () => {
    assert.ok(examples.length >= 8, `${examples.length} examples`);
    assert.ok(examples.some((example) => example.command.startsWith('npx lede search')));
    assert.ok(examples.some((example) => example.command.startsWith('curl')));
  });

  for (const { command, expected } of examples) {
    it(`prints what it shows: ${command}`, async () => {
      const actual = await output(command);
      assert.ok(
        matchesShown(expected, actual),
        `The README shows:\n${expected}\n\nbut it prints:\n${actual.replaceAll(server.baseUrl, README_ORIGIN)}`,
      );
    });
  }

  it('compares as it says: … stands for any text, timings may differ, the rest must be equal', () => {
    assert.ok(
      matchesShown('3 results (1.2 ms)\n…Lighthizer…', '3 results (40.15 ms)\n…Robert Lighthizer, the…'),
    );
    assert.ok(matchesShown('{"tookMs": 0.4, "total": 1}', '{"tookMs": 12.3, "total": 1}'));
    assert.ok(!matchesShown('{"total": 1}', '{"total": 2}'));
    assert.ok(!matchesShown('score 8.398 · …', 'score 8.571 · 000_f4e733550bd64f5d'));
    assert.deepEqual(shellWords(`npx lede search --author 'Ana Swanson' "\\"a b\\"" c\\ d`), [
      'npx',
      'lede',
      'search',
      '--author',
      'Ana Swanson',
      '"a b"',
      'c d',
    ]);
  });
});
