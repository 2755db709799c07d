/**
 * `npm run more-like-this -- --dataset DIR --out DIR`: writes a BEIR-layout dataset of "more like this"
 * queries (see moreLikeThis.ts) made from a judged collection, for `npm run eval -- --dataset OUT`.
 * The corpus is copied as it is; the queries are documents' titles and texts; the judgments are the
 * `--split` split's (default test), written as the new dataset's `test` split.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { readBeirDataset } from './beirDataset.ts';
import { moreLikeThisQueries } from './moreLikeThis.ts';

const whole = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('a whole number from 1');
  return number;
};

const program = new Command('more-like-this')
  .requiredOption('--dataset <dir>', 'a BEIR-layout dataset with judgments')
  .requiredOption('--out <dir>', 'where to write the new dataset')
  .option('--split <name>', 'judgments to start from', 'test')
  .option('--per-query <n>', 'relevant documents made into queries, per query', whole, 3)
  .option('--seed <n>', 'which of them (a seeded draw)', whole, 5)
  .parse();
const options = program.opts<{
  dataset: string;
  out: string;
  split: string;
  perQuery: number;
  seed: number;
}>();

const dataset = await readBeirDataset(options.dataset, options.split);
// The text as a reader would paste it: the title, then the text.
const texts = new Map(
  dataset.corpus.map((article) => [article.id, `${article.title} ${article.body}`.trim()]),
);
const queries = moreLikeThisQueries(dataset.qrels, texts, { perQuery: options.perQuery, seed: options.seed });
await mkdir(path.join(options.out, 'qrels'), { recursive: true });
await copyFile(path.join(options.dataset, 'corpus.jsonl'), path.join(options.out, 'corpus.jsonl'));
await writeFile(
  path.join(options.out, 'queries.jsonl'),
  `${queries.map((query) => JSON.stringify({ _id: query.id, text: query.text })).join('\n')}\n`,
);
const judgments = queries.flatMap((query) => query.relevant.map((id) => `${query.id}\t${id}\t1`));
await writeFile(
  path.join(options.out, 'qrels', 'test.tsv'),
  `${['query-id\tcorpus-id\tscore', ...judgments].join('\n')}\n`,
);
console.log(`${queries.length} queries from ${dataset.name} written to ${options.out}`);
