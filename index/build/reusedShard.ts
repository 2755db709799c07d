/**
 * A shard made of a previous index's documents, taken out of its arrays as they are: an incremental
 * build indexes only the files that changed, and merges them with runs of the unchanged documents in
 * id order (see build.ts). Merged, the shards give the index a full build of the same files gives:
 * the words, streams, MiniSearch postings and field lengths are the previous build's, the statistics
 * over the whole collection are computed again by the merge, and the bodies' shingles are made from
 * the stored words as the analyzer gave them.
 *
 * Before, an incremental build turned every unchanged document's token streams back into strings and
 * indexed them all again: BBC+Reuters with one file changed took 7.7–8.6 s and 810 MB.
 */
import { shingleBodies } from '../analysis/duplicates.ts';
import type { DocumentRange } from '../artifact/documentStore.ts';
import type { IndexSnapshot } from '../artifact/snapshot.ts';
import { FIELD_INDEX, perFacet, SEARCH_FIELDS } from '../fields.ts';
import type { MiniSearchExport } from './miniSearchAdapter.ts';
import type { ShardIndex } from './shards.ts';

/**
 * The shards of `previous`'s documents in each of `runs` (document indexes, ascending within a run
 * and from one run to the next), each as {@link ShardBuilder} would have made it from their analysis.
 * Made together, so that the previous postings and manifest are each read once, not once per run.
 */
export function shardsOfPrevious(
  previous: IndexSnapshot,
  runs: readonly (readonly number[])[],
): ShardIndex[] {
  const pathOfId = new Map<string, string>();
  for (const [relativePath, source] of Object.entries(previous.manifest.files))
    pathOfId.set(source.id, relativePath);
  const postings = postingsOfRuns(previous, runs);
  return runs.map((docIndexes, r) =>
    shardOfPrevious(previous, docIndexes, pathOfId, postings[r] as MiniSearchExport),
  );
}

/** The shard of `previous`'s documents at `docIndexes`, given their postings and the manifest's paths by id. */
function shardOfPrevious(
  previous: IndexSnapshot,
  docIndexes: readonly number[],
  pathOfId: ReadonlyMap<string, string>,
  postings: MiniSearchExport,
): ShardIndex {
  const fieldCount = SEARCH_FIELDS.length;
  const { streamOffsets: previousOffsets, streams } = previous;

  // The shard's words: those its documents use, in the previous (sorted) order, numbered anew.
  const documentsOfWord = new Uint32Array(previous.words.length);
  const lastDocOfWord = new Int32Array(previous.words.length).fill(-1);
  let tokenCount = 0;
  docIndexes.forEach((doc, local) => {
    const start = previousOffsets[doc * fieldCount] ?? 0;
    const end = previousOffsets[(doc + 1) * fieldCount] ?? start;
    tokenCount += end - start;
    for (let i = start; i < end; i += 1) {
      const word = streams[i] ?? 0;
      if (lastDocOfWord[word] !== local) {
        lastDocOfWord[word] = local;
        documentsOfWord[word] = (documentsOfWord[word] ?? 0) + 1;
      }
    }
  });
  const localWord = new Uint32Array(previous.words.length);
  const words: string[] = [];
  const stems: string[] = [];
  const wordDocFreq: number[] = [];
  for (let word = 0; word < previous.words.length; word += 1) {
    const docFreq = documentsOfWord[word] ?? 0;
    if (docFreq === 0) continue;
    localWord[word] = words.length;
    words.push(previous.words[word] ?? '');
    stems.push(previous.terms[previous.wordTerm[word] ?? 0] ?? '');
    wordDocFreq.push(docFreq);
  }

  // The token streams, in one chunk of each column.
  const tokenWords = new Uint32Array(tokenCount);
  const tokenStarts = new Uint32Array(tokenCount);
  const tokenLengths = new Uint16Array(tokenCount);
  const streamOffsets = new Uint32Array(docIndexes.length * fieldCount + 1);
  const bodies: string[][] = [];
  let at = 0;
  docIndexes.forEach((doc, local) => {
    for (let field = 0; field < fieldCount; field += 1) {
      streamOffsets[local * fieldCount + field] = at;
      const start = previousOffsets[doc * fieldCount + field] ?? 0;
      const end = previousOffsets[doc * fieldCount + field + 1] ?? start;
      const body: string[] | null = field === FIELD_INDEX.body ? [] : null;
      for (let i = start; i < end; i += 1, at += 1) {
        const word = streams[i] ?? 0;
        tokenWords[at] = localWord[word] ?? 0;
        tokenStarts[at] = previous.tokenStarts[i] ?? 0;
        tokenLengths[at] = previous.tokenLengths[i] ?? 0;
        body?.push(previous.words[word] ?? '');
      }
      if (body !== null) bodies.push(body);
    }
  });
  streamOffsets[docIndexes.length * fieldCount] = at;

  return {
    ...documentsAndFiles(previous, docIndexes, pathOfId),
    words,
    stems,
    wordDocFreq: Uint32Array.from(wordDocFreq),
    tokens: {
      count: tokenCount,
      words: [tokenWords],
      starts: [tokenStarts],
      lengths: [tokenLengths],
      largestStart: tokenStarts.reduce((largest, start) => Math.max(largest, start), 0),
      largestLength: tokenLengths.reduce((largest, length) => Math.max(largest, length), 0),
    },
    streamOffsets,
    miniSearch: [postings],
    bodyShingles: shingleBodies(bodies),
  };
}

/** The documents' stored articles, serialized as they are, and where each came from. */
function documentsAndFiles(
  previous: IndexSnapshot,
  docIndexes: readonly number[],
  pathOfId: ReadonlyMap<string, string>,
): Pick<ShardIndex, 'documents' | 'files'> {
  const { columns, bytes, offsets } = previous.documents.encode();
  const rangeOffsets = new Uint32Array(docIndexes.length + 1);
  docIndexes.forEach((doc, local) => {
    rangeOffsets[local + 1] = (rangeOffsets[local] ?? 0) + (offsets[doc + 1] ?? 0) - (offsets[doc] ?? 0);
  });
  const rangeBytes = new Uint8Array(rangeOffsets[docIndexes.length] ?? 0);
  docIndexes.forEach((doc, local) => {
    rangeBytes.set(bytes.subarray(offsets[doc] ?? 0, offsets[doc + 1] ?? 0), rangeOffsets[local]);
  });
  const pick = <T>(values: readonly T[]) => docIndexes.map((doc) => values[doc] as T);
  const range: DocumentRange = {
    columns: {
      ids: pick(columns.ids),
      facets: perFacet((key) => pick(columns.facets[key])),
      dates: pick(columns.dates),
    },
    bytes: rangeBytes,
    offsets: rangeOffsets,
  };
  const files = range.columns.ids.map((id) => {
    const relativePath = pathOfId.get(id) ?? '';
    const source = previous.manifest.files[relativePath];
    return {
      relativePath,
      contentHash: source?.contentHash ?? '',
      ...(source?.warnings === undefined ? {} : { warnings: source.warnings }),
    };
  });
  return { documents: [range], files };
}

/**
 * The MiniSearch postings and field lengths of each run's documents, as one export per run, document
 * indexes local to the run: one pass over the previous postings, each posting going to its
 * document's run. A term none of a run's documents has is left out of that run's export, as a
 * MiniSearch of those documents alone would not have it.
 */
function postingsOfRuns(previous: IndexSnapshot, runs: readonly (readonly number[])[]): MiniSearchExport[] {
  const { postings, terms: previousTerms } = previous;
  const { fieldCount } = postings;
  const runOfDoc = new Int32Array(postings.documentCount).fill(-1);
  const localDoc = new Uint32Array(postings.documentCount);
  runs.forEach((docIndexes, r) => {
    docIndexes.forEach((doc, local) => {
      runOfDoc[doc] = r;
      localDoc[doc] = local;
    });
  });
  const termCount = postings.offsets.length === 0 ? 0 : (postings.offsets.length - 1) / fieldCount;
  const termStart = (term: number) => postings.offsets[term * fieldCount] ?? 0;
  const termEnd = (term: number) => postings.offsets[(term + 1) * fieldCount] ?? 0;
  // Count first (each run's postings and terms), so each array is allocated once at its size.
  const postingCount = new Uint32Array(runs.length);
  const runTermCount = new Uint32Array(runs.length);
  const lastTermOfRun = new Int32Array(runs.length).fill(-1);
  for (let term = 0; term < termCount; term += 1) {
    for (let p = termStart(term); p < termEnd(term); p += 1) {
      const r = runOfDoc[postings.docs[p] ?? 0] ?? -1;
      if (r < 0) continue;
      postingCount[r] = (postingCount[r] ?? 0) + 1;
      if (lastTermOfRun[r] !== term) {
        lastTermOfRun[r] = term;
        runTermCount[r] = (runTermCount[r] ?? 0) + 1;
      }
    }
  }
  const exports: MiniSearchExport[] = runs.map((docIndexes, r) => {
    const fieldLength = new Uint32Array(docIndexes.length * fieldCount);
    docIndexes.forEach((doc, local) => {
      for (let f = 0; f < fieldCount; f += 1)
        fieldLength[local * fieldCount + f] = postings.fieldLength[doc * fieldCount + f] ?? 0;
    });
    return {
      documentCount: docIndexes.length,
      fieldLength,
      terms: [],
      offsets: new Uint32Array((runTermCount[r] ?? 0) * fieldCount + 1),
      docs: new Uint32Array(postingCount[r] ?? 0),
      freqs: new Uint32Array(postingCount[r] ?? 0),
    };
  });
  const cursor = new Uint32Array(runs.length);
  lastTermOfRun.fill(-1);
  const runsOfTerm: number[] = [];
  for (let term = 0; term < termCount; term += 1) {
    // The runs with this term, each given it as its next term.
    runsOfTerm.length = 0;
    for (let p = termStart(term); p < termEnd(term); p += 1) {
      const r = runOfDoc[postings.docs[p] ?? 0] ?? -1;
      if (r < 0 || lastTermOfRun[r] === term) continue;
      lastTermOfRun[r] = term;
      runsOfTerm.push(r);
      exports[r]?.terms.push(previousTerms[term] ?? '');
    }
    for (let f = 0; f < fieldCount; f += 1) {
      for (const r of runsOfTerm) {
        const run = exports[r] as MiniSearchExport;
        run.offsets[(run.terms.length - 1) * fieldCount + f] = cursor[r] ?? 0;
      }
      const slot = term * fieldCount + f;
      for (let p = postings.offsets[slot] ?? 0; p < (postings.offsets[slot + 1] ?? 0); p += 1) {
        const doc = postings.docs[p] ?? 0;
        const r = runOfDoc[doc] ?? -1;
        if (r < 0) continue;
        const run = exports[r] as MiniSearchExport;
        const at = cursor[r] ?? 0;
        run.docs[at] = localDoc[doc] ?? 0;
        run.freqs[at] = postings.freqs[p] ?? 0;
        cursor[r] = at + 1;
      }
    }
  }
  exports.forEach((run, r) => {
    run.offsets[run.terms.length * fieldCount] = cursor[r] ?? 0;
  });
  return exports;
}
