/**
 * Near-duplicate detection on the seeds and on real corpora: the similarity of every seed pair, then
 * per corpus how long `findDuplicateGroups` takes, how many groups it finds and a sample of them to
 * read, with the weakest pair of each so doubtful groups stand out.
 *
 *   npx tsx bench/benchDuplicates.ts [--corpus PATH]... [--examples N]
 *
 * Each `--corpus` is measured alone and, when there are several, all together. Articles are cleaned
 * and analyzed as the build does (headline on the first line) before the clock starts.
 */
import { parseArgs } from 'node:util';
import {
  defaultDuplicateOptions,
  findDuplicateGroups,
  groupMembers,
  shingleSimilarity,
} from '../index/analysis/duplicates.ts';
import { analyzeFile, documentFields } from '../index/build/analyzeFile.ts';
import { FIELD_INDEX } from '../index/fields.ts';
import { DEFAULT_SEEDS_DIR } from '../index/paths.ts';
import { titleOnlyMetadata } from '../index/sources/article.ts';
import { readArticleFiles } from '../index/sources/articleFiles.ts';
import { cleanArticle } from '../index/sources/cleaning.ts';
import { median } from './benchMeasure.ts';
import { type CorpusPart, loadCorpusPart } from './corpora.ts';

/** Timed repetitions after one warm-up run; the median is reported. */
const RUNS = 5;

interface Document {
  id: string;
  title: string;
  words: string[];
}

function bodyWords(article: { title: string; body: string }): string[] {
  return (
    documentFields({ ...titleOnlyMetadata(article.title), body: article.body })[FIELD_INDEX.body]?.words ?? []
  );
}

async function seedDocuments(): Promise<Document[]> {
  const { files } = await readArticleFiles(DEFAULT_SEEDS_DIR);
  return files.map((file) => {
    const { document, fields } = analyzeFile(file);
    return { id: document.id, title: document.title, words: fields[FIELD_INDEX.body]?.words ?? [] };
  });
}

function corpusDocuments(parts: readonly CorpusPart[]): Document[] {
  return parts.flatMap((part) =>
    part.articles.map((article) => {
      const cleaned = cleanArticle(`${article.title}\n\n${article.body}\n`, 'text');
      return { id: article.id, title: cleaned.title, words: bodyWords(cleaned) };
    }),
  );
}

function similarityLine(a: Document, b: Document): string {
  const { jaccard, containment, shingles } = shingleSimilarity(a.words, b.words);
  return `Jaccard ${jaccard.toFixed(3)}, containment ${containment.toFixed(3)} (${shingles[0]}/${shingles[1]} shingles)`;
}

async function measureSeeds(): Promise<void> {
  const documents = await seedDocuments();
  const groups = findDuplicateGroups(documents.map((document) => document.words));
  console.log(`## seeds: ${documents.length} articles`);
  for (let a = 0; a < documents.length; a += 1) {
    for (let b = a + 1; b < documents.length; b += 1) {
      const first = documents[a] as Document;
      const second = documents[b] as Document;
      const grouped = groups[a] !== -1 && groups[a] === groups[b] ? 'grouped' : 'apart';
      console.log(
        `${first.id.slice(0, 3)}–${second.id.slice(0, 3)}: ${similarityLine(first, second)}, ${grouped}`,
      );
    }
  }
  console.log('');
}

/** The member least contained in (or containing) the group's first document: where a doubt would show. */
function weakestLink(documents: readonly Document[], members: readonly number[]): string {
  const first = documents[members[0] as number] as Document;
  let weakest = { containment: 2, line: '' };
  for (const member of members.slice(1)) {
    const other = documents[member] as Document;
    const { containment } = shingleSimilarity(first.words, other.words);
    if (containment < weakest.containment) weakest = { containment, line: similarityLine(first, other) };
  }
  return weakest.line;
}

function measureCorpus(name: string, documents: readonly Document[], examples: number): void {
  const words = documents.map((document) => document.words);
  let groups = findDuplicateGroups(words);
  const wallMs: number[] = [];
  const cpuMs: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    groups = findDuplicateGroups(words);
    wallMs.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
  }
  const members = groupMembers(groups);
  const sizes = new Map<number, number>();
  for (const list of members.values()) sizes.set(list.length, (sizes.get(list.length) ?? 0) + 1);
  const grouped = [...members.values()].reduce((sum, list) => sum + list.length, 0);
  const totalWords = words.reduce((sum, list) => sum + list.length, 0);

  console.log(`## ${name}: ${documents.length} articles, ${totalWords} body words`);
  console.log(
    `findDuplicateGroups: median ${median(wallMs).toFixed(0)} ms wall, ${median(cpuMs).toFixed(0)} ms CPU (${RUNS} runs)`,
  );
  console.log(`groups: ${members.size}, articles in a group: ${grouped}`);
  console.log(
    `group sizes: ${[...sizes]
      .sort(([a], [b]) => a - b)
      .map(([size, count]) => `${count} × ${size}`)
      .join(', ')}`,
  );
  const lists = [...members.values()];
  const step = Math.max(1, Math.floor(lists.length / examples));
  const sample = lists.filter((_, i) => i % step === 0).slice(0, examples);
  const largest = [...lists].sort((a, b) => b.length - a.length).slice(0, 3);
  for (const [heading, chosen] of [
    ['sample', sample],
    ['largest', largest],
  ] as const) {
    console.log(`${heading}:`);
    for (const list of chosen) {
      console.log(`  ${weakestLink(documents, list)}`);
      for (const member of list) {
        const document = documents[member] as Document;
        console.log(`    ${document.id}: ${document.title} — ${document.words.slice(0, 14).join(' ')}`);
      }
    }
  }
  console.log('');
}

const { values } = parseArgs({
  options: { corpus: { type: 'string', multiple: true }, examples: { type: 'string', default: '8' } },
});
const corpora = values.corpus ?? ['/work/shared/corpora/bbc/bbc', '/work/shared/corpora/reuters21578'];
const examples = Number(values.examples);
console.log(`options: ${JSON.stringify(defaultDuplicateOptions)}\n`);
await measureSeeds();
const parts = await Promise.all(corpora.map((corpusPath) => loadCorpusPart(corpusPath)));
const documentsByPart = parts.map((part) => corpusDocuments([part]));
parts.forEach((part, i) => {
  measureCorpus(part.name, documentsByPart[i] ?? [], examples);
});
if (parts.length > 1) {
  measureCorpus(parts.map((part) => part.name).join('+'), documentsByPart.flat(), examples);
}
