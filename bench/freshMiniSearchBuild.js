/**
 * The reference of the fresh-process build benchmark (benchFreshBuild.ts): a new Node process that
 * reads the articles' cleaned title and body text (a JSON-lines file, `{ id, title, text }` a line, as
 * Lede's build stored them) and indexes them with MiniSearch's `addAll`, default options, as a program
 * using MiniSearch directly would. Prints the document count.
 *
 *   node bench/freshMiniSearchBuild.js DOCUMENTS.jsonl
 *
 * The file is read line by line and added a thousand documents at a time (the same index as one
 * `addAll` of all of them), so a million articles need not be one string first. Plain JavaScript, so
 * the measured process runs no TypeScript loader, like Lede's compiled build.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import MiniSearch from 'minisearch';

const CHUNK = 1000;

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: node bench/freshMiniSearchBuild.js DOCUMENTS.jsonl');
  process.exit(2);
}
const index = new MiniSearch({ fields: ['title', 'text'] });
/** @type {{ id: number, title: string, text: string }[]} */
let chunk = [];
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  if (line === '') continue;
  chunk.push(JSON.parse(line));
  if (chunk.length === CHUNK) {
    index.addAll(chunk);
    chunk = [];
  }
}
index.addAll(chunk);
console.log(index.documentCount);
