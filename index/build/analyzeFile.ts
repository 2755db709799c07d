/**
 * One article file to one analyzed document: clean the text, apply the sidecar, analyze each
 * searchable field. Pure (but for the cleaning budget's clock), so it runs alike on the main thread and
 * on a build worker.
 */
import { analyzeWords, MAX_WORD_LENGTH } from '../analysis/analyzer.ts';
import type { NameSource } from '../analysis/names.ts';
import type { StoredDocument } from '../artifact/documentStore.ts';
import type { AnalyzedDocument, FieldTokens } from '../artifact/snapshot.ts';
import { FIELD_INDEX, FIELD_NAMES, type FieldValues, fieldValues, SEARCH_FIELDS } from '../fields.ts';
import type { CleanedArticle } from '../sources/article.ts';
import type { ArticleFile, Sidecar } from '../sources/articleFiles.ts';
import {
  type BudgetCheck,
  type BudgetClock,
  CleaningBudget,
  DEFAULT_CLEANING_BUDGET_MS,
  REAL_CLOCKS,
  UNLIMITED_BUDGET,
} from '../sources/cleaning/budget.ts';
import { cleanArticle } from '../sources/cleaning.ts';

/** Cleans, applies the sidecar and analyzes one file. Throws if cleaning fails or runs over `budget`. */
export function analyzeFile(file: ArticleFile, budget: BudgetCheck = UNLIMITED_BUDGET): AnalyzedDocument {
  const document = storedDocument(file, cleanedArticle(file, budget));
  return { document, fields: documentFields(document) };
}

/** What a build allows each file; see {@link defaultAnalysisLimits}. */
export interface AnalysisLimits {
  /** Milliseconds of cleaning per file before it is given up (see cleaning/budget.ts). */
  cleaningBudgetMs: number;
  /** Dates before this year are dropped: no news archive reaches further back. */
  earliestYear: number;
  /** Dates after this year are dropped; the build passes next year, allowing for time zones and embargoes. */
  latestYear: number;
  /** The clocks the cleaning budget reads (tests pass one that runs out on cue). */
  clock: BudgetClock;
  /**
   * Index web pages that are not articles (section fronts, tag pages, error pages; see
   * cleaning/pageKind.ts) instead of leaving them out.
   */
  keepNonArticles: boolean;
}

/** Defaults; `latestYear` is far off, since only the caller knows what year it is. */
export const defaultAnalysisLimits: AnalysisLimits = {
  cleaningBudgetMs: DEFAULT_CLEANING_BUDGET_MS,
  earliestYear: 1800,
  latestYear: 9999,
  clock: REAL_CLOCKS,
  keepNonArticles: false,
};

/** Longest title kept whole; a longer one (a sidecar's, or a first line that is a whole text) is cut. */
export const MAX_TITLE_LENGTH = 500;
/** Longest source or author name (any text field but title and body) kept; a longer one is not a name. */
export const MAX_NAME_LENGTH = 200;
/** Most values of a field of many (authors) kept per article. */
export const MAX_VALUES = 20;

/** A web page left out of the index for not being an article, and why. */
export interface NonArticle {
  relativePath: string;
  reason: string;
}

/** A file's analysis for a build: the document, or null when the file was skipped; warnings name the file. */
export interface FileAnalysis {
  analyzed: AnalyzedDocument | null;
  warnings: string[];
  /** Why a web page was left out as no article (`link-dense index page`), or null. */
  notArticle: string | null;
}

/**
 * Analyzes one file for a build, never throwing: a file whose cleaning fails or runs over budget is
 * skipped with a warning naming it, metadata out of bounds (a date outside the years a news archive
 * covers, an overlong title or name) is dropped or cut with a warning, and words too long to index are
 * reported. One bad file never stops a build.
 */
export function analyzeFileForBuild(file: ArticleFile, limits: Partial<AnalysisLimits> = {}): FileAnalysis {
  const settings = { ...defaultAnalysisLimits, ...limits };
  const warnings: string[] = [];
  try {
    const budget = new CleaningBudget(settings.cleaningBudgetMs, settings.clock);
    const article = cleanedArticle(file, budget);
    if (article.page?.isArticle === false && !settings.keepNonArticles) {
      return { analyzed: null, warnings, notArticle: article.page.reason };
    }
    const document = boundMetadata(storedDocument(file, article), settings, (problem) =>
      warnings.push(`${file.relativePath}: ${problem}`),
    );
    let overlong = 0;
    const fields = fieldTexts(document).map((text) => analyzeWords(text, () => (overlong += 1)));
    if (overlong > 0) {
      const words = overlong === 1 ? 'a word' : `${overlong.toLocaleString('en-US')} words`;
      warnings.push(
        `${file.relativePath}: ${words} longer than ${MAX_WORD_LENGTH} characters left out of the index.`,
      );
    }
    return {
      analyzed: { document, fields, ...(warnings.length > 0 ? { warnings } : {}) },
      warnings,
      notArticle: null,
    };
  } catch (error) {
    warnings.push(`${file.relativePath}: skipped, it could not be cleaned (${describeFailure(error)}).`);
    return { analyzed: null, warnings, notArticle: null };
  }
}

/** A failure in words for a warning: a stack overflow is named as what it means for the file. */
function describeFailure(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message))
    return 'its structure is nested too deeply';
  return error instanceof Error ? error.message : String(error);
}

/** The file cleaned, with what its sidecar supplies or corrects. */
function cleanedArticle(file: ArticleFile, budget: BudgetCheck): CleanedArticle {
  return applySidecar(cleanArticle(file.text, file.format, budget), file.sidecar);
}

function storedDocument(file: ArticleFile, article: CleanedArticle): StoredDocument {
  // Only the stored fields: what web pages declare besides (language, section, time, the page
  // verdict) is not part of the stored document until the index has fields for it.
  const fields = Object.fromEntries(FIELD_NAMES.map((name) => [name, article[name]])) as FieldValues;
  return {
    ...fields,
    date: article.date,
    dateText: article.dateText,
    url: article.url,
    id: file.id,
    relativePath: file.relativePath,
    contentHash: file.contentHash,
  };
}

/**
 * The document with its metadata inside what a reader and the index can use: dates within
 * `earliestYear`–`latestYear`, titles and names of sane length, a bounded author list.
 */
function boundMetadata(
  document: StoredDocument,
  limits: AnalysisLimits,
  warn: (problem: string) => void,
): StoredDocument {
  let bounded = document;
  const year = document.date === null ? null : Number(document.date.slice(0, 4));
  if (year !== null && (year < limits.earliestYear || year > limits.latestYear)) {
    warn(
      `its date ${document.date} is outside ${limits.earliestYear}–${limits.latestYear} and was left out.`,
    );
    bounded = { ...bounded, date: null, dateText: null };
  }
  if (bounded.title.length > MAX_TITLE_LENGTH) {
    warn(`its title was cut to ${MAX_TITLE_LENGTH} characters.`);
    bounded = { ...bounded, title: cutAtWord(bounded.title, MAX_TITLE_LENGTH) };
  }
  // The other text fields hold names (a source, authors, a section): a longer value is not one.
  for (const name of FIELD_NAMES) {
    if (name === 'title' || name === 'body') continue;
    const value: string | string[] | null = bounded[name];
    if (typeof value === 'string' && value.length > MAX_NAME_LENGTH) {
      warn(`its ${name} is over ${MAX_NAME_LENGTH} characters and was left out.`);
      bounded = { ...bounded, [name]: null };
    } else if (Array.isArray(value)) {
      const kept = value.filter((item) => item.length <= MAX_NAME_LENGTH).slice(0, MAX_VALUES);
      if (kept.length < value.length) {
        warn(
          `kept ${kept.length} of its ${value.length} ${name} (at most ${MAX_VALUES}, each under ${MAX_NAME_LENGTH} characters).`,
        );
        bounded = { ...bounded, [name]: kept };
      }
    }
  }
  return bounded;
}

/** `text` cut to at most `max` characters at a word boundary, with an ellipsis. */
function cutAtWord(text: string, max: number): string {
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The text of each searchable field of a document, in field order; token offsets refer to these. */
function fieldTexts(document: CleanedArticle): string[] {
  return SEARCH_FIELDS.map((field) => fieldValues(document[field]).join(', '));
}

/** The tokens of each searchable field of a document, in field order. */
export function documentFields(document: CleanedArticle): FieldTokens[] {
  return fieldTexts(document).map((text) => analyzeWords(text));
}

/** What phrase extraction reads of an analyzed document: its title and body with their tokens. */
export function nameSource({ document, fields }: AnalyzedDocument): NameSource {
  return {
    title: document.title,
    body: document.body,
    titleWords: fields[FIELD_INDEX.title] ?? { words: [], starts: [], lengths: [] },
    bodyWords: fields[FIELD_INDEX.body] ?? { words: [], starts: [], lengths: [] },
  };
}

function applySidecar(article: CleanedArticle, sidecar: Sidecar | null): CleanedArticle {
  if (sidecar === null) return article;
  const supplied = Object.fromEntries(
    FIELD_NAMES.map((name) => [name, (name === 'body' ? undefined : sidecar[name]) ?? article[name]]),
  );
  return {
    ...article,
    ...(supplied as FieldValues),
    date: sidecar.date ?? article.date,
    dateText: sidecar.date ?? article.dateText,
    url: sidecar.url ?? article.url,
  };
}
