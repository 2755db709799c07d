/**
 * Lede behind the benchmark interface, driven exactly as production drives it: `buildIndex` over a
 * folder of article files (reading, cleaning, analysis, MiniSearch, writing the artifact), cold load
 * as `readArtifact` + `new SearchEngine`, and full queries with a page of 10 snippets.
 */
import path from 'node:path';
import { readArtifact } from '../index/artifact/artifact.ts';
import { buildIndex } from '../index/build/build.ts';
import { SearchEngine } from '../index/search/engine.ts';
import type { EngineAdapter } from './benchEngines.ts';

/** Lede over the article files in `corpusDir`, writing its artifact into `workDir`. */
export function ledeEngine(corpusDir: string, workDir: string): EngineAdapter & { artifactPath: string } {
  const artifactPath = path.join(workDir, 'lede-index.bin');
  let engine: SearchEngine | null = null;
  let bytes = 0;
  const notes = [
    'build = `buildIndex({ full: true, keepWorkers: true })` from the article files: reading, cleaning, analysis, MiniSearch, positions, writing the artifact; its workers kept from one build to the next',
    'load = `readArtifact` (read, checksum, parse) + `new SearchEngine`',
  ];
  return {
    name: 'Lede',
    asked:
      'the query as typed (`"phrase"`, `prefix*`, typo tolerance built in); `search(q, { limit: 10 })` with snippets',
    notes,
    artifactPath,
    async build() {
      // The articles were written to `corpusDir` beforehand; Lede reads them from there as `npm run index`
      // does. This is the warm, in-process figure: the workers stay for the next build, where a
      // build process (the fresh-process figure) stops them.
      const report = await buildIndex({
        seedsDir: corpusDir,
        outPath: artifactPath,
        full: true,
        keepWorkers: true,
      });
      bytes = report.bytes;
      // A skipped file would make Lede's index smaller than the others'; the report must say so.
      const warned = `the build warned about ${report.warnings.length} files (first: ${report.warnings[0]})`;
      if (report.warnings.length > 0 && !notes.includes(warned)) notes.push(warned);
    },
    async save() {
      return bytes;
    },
    async load() {
      engine = null;
      // The result cache off: the timed passes repeat each query, and they measure computing it.
      engine = new SearchEngine(await readArtifact(artifactPath), { resultCacheEntries: 0 });
    },
    search(query) {
      if (engine === null) throw new Error('Lede: search before load');
      return engine.search(query.text, { limit: 10 }).total;
    },
    release() {
      engine = null;
    },
  };
}
