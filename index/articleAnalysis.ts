/**
 * One article file to one analyzed document: clean the text, apply the sidecar, analyze each
 * searchable field. Pure, so it runs alike on the main thread and on a build worker.
 */
import { analyzeWords } from './analyzer.ts';
import type { CleanedArticle } from './article.ts';
import type { ArticleFile, Sidecar } from './articleFiles.ts';
import { cleanArticle } from './cleaning.ts';
import { FIELD_INDEX } from './fields.ts';
import type { PhraseSource } from './phrases.ts';
import type { AnalyzedDocument, FieldTokens, StoredDocument } from './snapshot.ts';

/** Cleans, applies the sidecar and analyzes one file. */
export function analyzeFile(file: ArticleFile): AnalyzedDocument {
  const article = applySidecar(cleanArticle(file.text, file.format), file.sidecar);
  // Only the stored fields: what web pages declare besides (language, section, time, the page
  // verdict) is not part of the stored document until the index has fields for it.
  const { title, source, authors, date, dateText, url, body } = article;
  const document: StoredDocument = {
    title,
    source,
    authors,
    date,
    dateText,
    url,
    body,
    id: file.id,
    relativePath: file.relativePath,
    contentHash: file.contentHash,
  };
  return { document, fields: documentFields(document) };
}

/** The text of each searchable field of a document, in field order; token offsets refer to these. */
function fieldTexts(document: CleanedArticle): string[] {
  return [document.title, document.body, document.source ?? '', document.authors.join(', ')];
}

/** The tokens of each searchable field of a document, in field order. */
export function documentFields(document: CleanedArticle): FieldTokens[] {
  return fieldTexts(document).map(analyzeWords);
}

/** What phrase extraction reads of an analyzed document: its title and body with their tokens. */
export function phraseSource({ document, fields }: AnalyzedDocument): PhraseSource {
  return {
    title: document.title,
    body: document.body,
    titleWords: fields[FIELD_INDEX.title] ?? { words: [], starts: [], lengths: [] },
    bodyWords: fields[FIELD_INDEX.body] ?? { words: [], starts: [], lengths: [] },
  };
}

function applySidecar(article: CleanedArticle, sidecar: Sidecar | null): CleanedArticle {
  if (sidecar === null) return article;
  return {
    ...article,
    title: sidecar.title ?? article.title,
    source: sidecar.source ?? article.source,
    authors: sidecar.authors ?? article.authors,
    date: sidecar.date ?? article.date,
    dateText: sidecar.date ?? article.dateText,
    url: sidecar.url ?? article.url,
  };
}
