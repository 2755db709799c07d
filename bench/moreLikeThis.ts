/**
 * "More like this" queries made from a judged collection: each of a few of a query's relevant
 * documents becomes a query of its own (its whole text, a long natural-language query), and the other
 * documents relevant to the same query are what it should find. Issue #15 asks Lede to hold up on long,
 * natural-language queries it was not tuned on; the development suite has short ones only, and this
 * turns its own judgments into long ones, no new data needed.
 */
import { Rng } from './benchRandom.ts';

/** A document's searchable text, by id. */
export type DocumentTexts = ReadonlyMap<string, string>;

/** One derived query: its id (`<query>-<document>`), text, and the documents relevant to it. */
export interface MoreLikeThisQuery {
  id: string;
  text: string;
  relevant: string[];
}

/**
 * For each judged query with at least `minRelevant` relevant documents (grade above 0), up to
 * `perQuery` of them, drawn with `seed`, each as a query whose relevant documents are the others.
 * Queries come in the order of their ids; documents missing from `texts` are skipped.
 */
export function moreLikeThisQueries(
  qrels: ReadonlyMap<string, ReadonlyMap<string, number>>,
  texts: DocumentTexts,
  {
    perQuery = 3,
    minRelevant = 3,
    seed = 5,
  }: { perQuery?: number; minRelevant?: number; seed?: number } = {},
): MoreLikeThisQuery[] {
  const rng = new Rng(seed);
  const queries: MoreLikeThisQuery[] = [];
  for (const queryId of [...qrels.keys()].sort()) {
    const relevant = [...(qrels.get(queryId) ?? new Map())]
      .filter(([id, grade]) => grade > 0 && texts.has(id))
      .map(([id]) => id)
      .sort();
    if (relevant.length < minRelevant) continue;
    const pool = [...relevant];
    for (let taken = 0; taken < perQuery && pool.length > 0; taken += 1) {
      const [document] = pool.splice(rng.int(pool.length), 1);
      if (document === undefined) continue;
      queries.push({
        id: `${queryId}-${document}`,
        text: texts.get(document) ?? '',
        relevant: relevant.filter((id) => id !== document),
      });
    }
  }
  return queries;
}
