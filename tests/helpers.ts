/** Shared fixtures: temporary folders and an index built from the real seeds. */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { buildIndex } from '../index/build.ts';
import { SearchEngine } from '../index/engine.ts';
import { DEFAULT_SEEDS_DIR } from '../index/paths.ts';

/** A fresh temporary folder, removed when the test file finishes. */
export async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'lede-test-'));
  after(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

/** A copy of the project's seeds in a temporary folder, safe to modify. */
export async function copyOfSeeds(): Promise<string> {
  const folder = await temporaryFolder();
  const seeds = path.join(folder, 'seeds');
  await cp(DEFAULT_SEEDS_DIR, seeds, { recursive: true });
  return seeds;
}

/** An engine over an index freshly built from the real seeds (in a temporary folder). */
export async function seedEngine(): Promise<SearchEngine> {
  const folder = await temporaryFolder();
  const report = await buildIndex({ seedsDir: DEFAULT_SEEDS_DIR, outPath: path.join(folder, 'index.bin') });
  return new SearchEngine(report.snapshot);
}

/** The ids of a search's hits, in rank order. */
export function hitIds(engine: SearchEngine, query: string, limit = 100): string[] {
  return engine.search(query, { limit }).hits.map((hit) => hit.id);
}

export const SEED_IDS = {
  cnnTrade: '000_f4e733550bd64f5d',
  cnnDavos: '001_c9e868900b246019',
  breitbart: '002_bb622a1beba4e295',
  washingtonPost: '003_a63a1182bbf9768a',
  wsj: '004_a8811397f6ad08aa',
} as const;
