#!/usr/bin/env node
/**
 * `npx lede index …` and `npx lede search …`: the command-line tools, without npm's banner on stdout,
 * so `npx lede search --json tariffs | jq` works. Like `npm run index`, it runs the compiled tools in
 * `dist/`, compiling first when they are missing or older than their sources (server/compile.js).
 * Plain JavaScript, as it runs before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** @type {Record<string, string>} */
const COMMANDS = {
  index: 'dist/index/cli/buildIndex.js',
  search: 'dist/index/cli/search.js',
};

const USAGE = `Usage: lede <command> [options]

Commands:
  index    build the index from a folder of articles (lede index --help)
  search   search the index (lede search --help)
`;

const [command, ...rest] = process.argv.slice(2);
const tool = command === undefined ? undefined : COMMANDS[command];
if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
  process.stdout.write(USAGE);
} else if (tool === undefined || !Object.hasOwn(COMMANDS, command)) {
  process.stderr.write(`lede: unknown command "${command}"\n\n${USAGE}`);
  process.exitCode = 2;
} else {
  // The compiler's messages go to stderr, so stdout stays the tool's answer alone.
  const compiled = spawnSync(
    process.execPath,
    [path.join(PROJECT_ROOT, 'server', 'compile.js'), '--if-stale'],
    {
      stdio: ['ignore', process.stderr, process.stderr],
    },
  );
  if (compiled.status !== 0) {
    process.exitCode = compiled.status ?? 1;
  } else {
    // The tool reads its arguments from process.argv, as if it had been started on its own.
    process.argv.splice(2, process.argv.length - 2, ...rest);
    await import(pathToFileURL(path.join(PROJECT_ROOT, tool)).href);
  }
}
