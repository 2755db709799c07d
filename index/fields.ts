/**
 * The field registry: every text field of an article, and what Lede does with it. The build, the
 * engine, the query parser, the API, the pages and the CLI all read their field lists from here, so a
 * new field is one entry below (and the line that shows it), not a change in eighteen places:
 *
 * - `search`: its words are indexed (positions and BM25), with this boost for queries that name no
 *   field, and the names a query may limit a word to it by (`title:tariffs`);
 * - `facet`: its values are counted for every search and can filter it (`?source=CNN`): `key` names it
 *   in filters and facets (`sources`), `parameter` in addresses and options (`source`), and `label` and
 *   `filterLabel` on the results page;
 * - `supplied`: the names a sidecar or an archive record gives it under, first the sidecar's own key;
 * - `many`: a list of values (authors) rather than one.
 *
 * Order matters for searchable fields: it is the order of the token streams in the artifact, so a
 * searchable field is added at the end, and the artifact's version goes up.
 */

/** What Lede does with one text field of an article. */
export interface FieldSpec {
  many: boolean;
  search?: { boost: number; aliases: readonly string[] };
  facet?: { key: string; parameter: string; label: string; filterLabel: string };
  supplied: readonly string[];
}

/**
 * The text fields. Boosts: a headline states what the article is about, so a match there counts more
 * than one in the body; but a title's few words already score high on their own (short fields weigh
 * each word more), so the boost is modest: 1.25 ranked best on SciFact (nDCG@10 0.665 against 0.656 at
 * 1.5 and 0.643 at 2.5). Source and author names count a little, so that `CNN` finds CNN's articles
 * without outranking articles about CNN.
 */
export const FIELDS = {
  title: {
    many: false,
    search: { boost: 1.25, aliases: ['title'] },
    supplied: ['title', 'headline'],
  },
  body: {
    many: false,
    search: { boost: 1, aliases: [] },
    supplied: ['body', 'content', 'text', 'article'],
  },
  source: {
    many: false,
    search: { boost: 0.5, aliases: ['source'] },
    facet: { key: 'sources', parameter: 'source', label: 'Sources', filterLabel: 'Source' },
    supplied: ['source', 'publication', 'publisher', 'outlet'],
  },
  authors: {
    many: true,
    search: { boost: 1, aliases: ['author', 'authors', 'by'] },
    facet: { key: 'authors', parameter: 'author', label: 'Authors', filterLabel: 'Author' },
    supplied: ['authors', 'author', 'byline'],
  },
  section: {
    many: false,
    search: { boost: 0.5, aliases: ['section'] },
    facet: { key: 'sections', parameter: 'section', label: 'Sections', filterLabel: 'Section' },
    supplied: ['section', 'category', 'articlesection'],
  },
  // A web page's language as it declares it (BCP 47: `en`, `pt-BR`): not searched, but a facet, so an
  // archive in several languages can be narrowed to one.
  language: {
    many: false,
    facet: { key: 'languages', parameter: 'language', label: 'Languages', filterLabel: 'Language' },
    supplied: ['language', 'lang', 'inlanguage'],
  },
} as const satisfies Record<string, FieldSpec>;

/** The name of a text field. */
export type FieldName = keyof typeof FIELDS;

/** Every text field, in registry order. */
const FIELD_NAMES_LIST = Object.keys(FIELDS) as FieldName[];
export const FIELD_NAMES: readonly FieldName[] = FIELD_NAMES_LIST;

/**
 * An article's value of each text field: a text, or null when the article has none; a list for a field
 * of many values (empty when none). Every article has a title and a body.
 */
export type FieldValues = {
  [K in FieldName]: K extends 'title' | 'body'
    ? string
    : (typeof FIELDS)[K]['many'] extends true
      ? string[]
      : string | null;
};

/** An article's text fields but its body: what a result shows of it. */
export type ArticleFields = Omit<FieldValues, 'body'>;

/** The fields of {@link ArticleFields} in registry order. */
export const ARTICLE_FIELDS = FIELD_NAMES_LIST.filter(
  (name): name is Exclude<FieldName, 'body'> => name !== 'body',
);

/** An article's text fields but its body, taken from anything that has them (a stored document). */
export function articleFieldsOf(article: ArticleFields): ArticleFields {
  // A loop, not Object.fromEntries: this runs for every hit of every search.
  const fields: Partial<Record<keyof ArticleFields, unknown>> = {};
  for (const name of ARTICLE_FIELDS) fields[name] = article[name];
  return fields as ArticleFields;
}

/** The fields whose words are indexed. */
export type SearchField = {
  [K in FieldName]: (typeof FIELDS)[K] extends { search: object } ? K : never;
}[FieldName];

/** The fields that are facets and filters. */
export type FacetField = {
  [K in FieldName]: (typeof FIELDS)[K] extends { facet: object } ? K : never;
}[FieldName];

/** A facet's key in filters and facet counts (`sources`, `authors`). */
export type FacetKey = (typeof FIELDS)[FacetField]['facet']['key'];

const names = FIELD_NAMES_LIST;

/** Field order as stored in the artifact's token streams. Never reorder without a format bump. */
export const SEARCH_FIELDS: readonly SearchField[] = names.filter(
  (name): name is SearchField => 'search' in FIELDS[name],
);

/** Index of each field in {@link SEARCH_FIELDS}. */
export const FIELD_INDEX = Object.fromEntries(SEARCH_FIELDS.map((field, i) => [field, i])) as Readonly<
  Record<SearchField, number>
>;

/** BM25 boosts per field for queries that name no field (see {@link FIELDS}). */
export const FIELD_BOOSTS = Object.fromEntries(
  SEARCH_FIELDS.map((field) => [field, FIELDS[field].search.boost]),
) as Readonly<Record<SearchField, number>>;

/** The names a query limits a word to a field by (`by:` and `author:` both mean authors). */
export const FIELD_ALIASES: Readonly<Record<string, SearchField>> = Object.fromEntries(
  SEARCH_FIELDS.flatMap((field) => FIELDS[field].search.aliases.map((alias) => [alias, field])),
);

/** The facet fields, in registry order. */
export const FACET_FIELDS: readonly FacetField[] = names.filter(
  (name): name is FacetField => 'facet' in FIELDS[name],
);

/** The facets' keys in filters and counts (`sources`, `authors`), in registry order. */
export const FACET_KEYS: readonly FacetKey[] = FACET_FIELDS.map((field) => FIELDS[field].facet.key);

/** The facet field a facet key names. */
export function facetField(key: FacetKey): FacetField {
  return FACET_FIELDS[FACET_KEYS.indexOf(key)] as FacetField;
}

/** A record with a value for every facet, made by `value` from the facet's key and index. */
export function perFacet<T>(value: (key: FacetKey, index: number) => T): Record<FacetKey, T> {
  // Properties added in a loop, not Object.fromEntries: V8 then keeps the record a fast object (built,
  // copied and serialized for every search, at 7 µs a record the other way).
  const record: Partial<Record<FacetKey, T>> = {};
  FACET_KEYS.forEach((key, i) => {
    record[key] = value(key, i);
  });
  return record as Record<FacetKey, T>;
}

/** A facet field's facet settings. */
export function facetOf(field: FacetField): (typeof FIELDS)[FacetField]['facet'] {
  return FIELDS[field].facet;
}

/** A document's values of a text field, as a list (a single value is a list of one, none an empty list). */
export function fieldValues(value: string | readonly string[] | null | undefined): readonly string[] {
  if (value === null || value === undefined || value === '') return [];
  return typeof value === 'string' ? [value] : value;
}
