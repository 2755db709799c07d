/** The known names as a section of the index artifact. */
import { foldedKey, type NameEntry } from '../analysis/names.ts';
import { IndexError } from '../errors.ts';

/**
 * The name list as text for the index artifact: JSON triples `[text, docFreq, key]`, read whole at
 * load. Keys are stored so that loading analyzes nothing (the artifact's analyzer version already
 * forces a rebuild when folding changes); the artifact's own version and checksum cover the format
 * and integrity.
 */
export function encodeNames(entries: readonly NameEntry[]): string {
  return JSON.stringify(
    entries.map((entry) => [entry.text, entry.docFreq, entry.key ?? foldedKey(entry.text)]),
  );
}

/** Reads {@link encodeNames}'s text back. Throws {@link IndexError} (`index_corrupt`) when it is not such a list. */
export function decodeNames(text: string): NameEntry[] {
  const damaged = new IndexError(
    'index_corrupt',
    'The name list in the index is damaged. Rebuild the index with --full.',
  );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw damaged;
  }
  if (!Array.isArray(json)) throw damaged;
  // Checked by hand rather than with a schema: tens of thousands of triples are read on every load.
  return json.map((item: unknown): NameEntry => {
    if (!Array.isArray(item) || item.length !== 3) throw damaged;
    const [name, docFreq, key]: unknown[] = item;
    if (typeof name !== 'string' || typeof key !== 'string') throw damaged;
    if (typeof docFreq !== 'number' || !Number.isSafeInteger(docFreq) || docFreq < 0) throw damaged;
    return { text: name, docFreq, key };
  });
}
