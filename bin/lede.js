#!/usr/bin/env node
// `npx lede index …` and `npx lede search …`: the command-line tools, without npm's banner on stdout,
// so `npx lede search --json tariffs | jq` works. Runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

const COMMANDS = {
  index: '../index/cli/buildIndex.ts',
  search: '../index/cli/search.ts',
};

const USAGE = `Usage: lede <command> [options]

Commands:
  index    build the index from a folder of articles (lede index --help)
  search   search the index (lede search --help)
`;

const [command, ...rest] = process.argv.slice(2);
if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
  process.stdout.write(USAGE);
} else if (!Object.hasOwn(COMMANDS, command)) {
  process.stderr.write(`lede: unknown command "${command}"\n\n${USAGE}`);
  process.exitCode = 2;
} else {
  // The tool reads its arguments from process.argv, as if it had been started on its own.
  process.argv.splice(2, process.argv.length - 2, ...rest);
  register();
  await import(new URL(COMMANDS[command], import.meta.url).href);
}
