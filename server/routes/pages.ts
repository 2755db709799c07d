/** The HTML pages: home, results and article. They work without JavaScript. */
import { Router } from 'express';
import { QueryError } from '../../index/errors.ts';
import type { LiveIndex } from '../../index/liveIndex.ts';
import { MAX_QUERY_LENGTH } from '../apiSchemas.ts';
import { notFound } from '../httpErrors.ts';
import { dateLabel, hitModel, layoutModel, pageLinks, queryTitle, searchHref } from '../presenters.ts';
import type { ArticlePageModel, HomeModel, SearchPageModel } from '../viewModels.ts';

/** A single string parameter from the query string ('' when absent or repeated). */
function textParameter(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A page number from the query string; anything unusable reads as page 1. */
function pageParameter(value: unknown): number {
  const page = Number(textParameter(value));
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

/** Routes mounted at `/`. */
export function pagesRouter(index: LiveIndex, pageSize: number): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    const model: HomeModel = layoutModel(index.engine, 'Lede – search the news archive', '');
    res.render('home', model);
  });

  router.get('/search', (req, res) => {
    const engine = index.engine;
    const query = textParameter(req.query.q).slice(0, MAX_QUERY_LENGTH * 2);
    const requestedPage = pageParameter(req.query.page);
    const layout = layoutModel(engine, query.trim() === '' ? 'Search – Lede' : queryTitle(query), query);
    let result: ReturnType<typeof engine.search>;
    try {
      result = engine.search(query, { limit: pageSize, offset: (requestedPage - 1) * pageSize });
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      const model: SearchPageModel = { ...layout, error: error.message, result: null, pagination: null };
      res.status(400).render('search', model);
      return;
    }
    const pageCount = Math.max(1, Math.ceil(result.total / pageSize));
    const page = Math.min(requestedPage, pageCount);
    if (page !== requestedPage && result.total > 0) {
      res.redirect(searchHref(query, page));
      return;
    }
    const from = result.total === 0 ? 0 : (page - 1) * pageSize + 1;
    const model: SearchPageModel = {
      ...layout,
      error: null,
      result: {
        total: result.total,
        tookMs: Math.round(result.tookMs * 10) / 10,
        fallback: result.fallback,
        notices: result.notices,
        hits: result.hits.map((hit) => hitModel(hit, query)),
        from,
        to: from + result.hits.length - 1,
      },
      pagination:
        pageCount > 1
          ? {
              page,
              pageCount,
              previousHref: page > 1 ? searchHref(query, page - 1) : null,
              nextHref: page < pageCount ? searchHref(query, page + 1) : null,
              pages: pageLinks(query, page, pageCount),
            }
          : null,
    };
    res.render('search', model);
  });

  router.get('/articles/:id', (req, res) => {
    const engine = index.engine;
    const query = textParameter(req.query.q).slice(0, MAX_QUERY_LENGTH);
    const article = engine.article(req.params.id);
    const highlighted = engine.highlightArticle(req.params.id, query);
    if (article === undefined || highlighted === undefined) throw notFound('This article');
    const fromPage = pageParameter(req.query.page);
    const model: ArticlePageModel = {
      ...layoutModel(
        engine,
        query === '' ? `${article.title} – Lede` : `${article.title} – ${queryTitle(query)}`,
        query,
      ),
      article: {
        id: article.id,
        title: article.title,
        source: article.source,
        authors: article.authors,
        dateLabel: dateLabel(article),
        dateIso: article.date,
        sourceUrl: article.url,
        paragraphsHtml: highlighted.paragraphs,
        matches: highlighted.matches,
      },
      backHref: query === '' ? null : searchHref(query, fromPage),
    };
    res.render('article', model);
  });

  return router;
}
