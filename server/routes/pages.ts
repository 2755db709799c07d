/** The HTML pages: home, results and article. They work without JavaScript. */
import { Router } from 'express';
import { QueryError } from '../../index/errors.ts';
import { articleFieldsOf, FACET_FIELDS, type FacetKey, facetOf } from '../../index/fields.ts';
import type { LiveIndex } from '../../index/liveIndex.ts';
import { articleHref, feedHref, type SearchLink, searchHref } from '../../index/render/links.ts';
import { markedHtml, paragraphsHtml } from '../../index/render/markedHtml.ts';
import { dateBound, type FacetCount, facetKey } from '../../index/search/facets.ts';
import { type SearchResult, SORT_ORDERS } from '../../index/search/results.ts';
import { filterParametersSchema, MAX_QUERY_LENGTH, searchFilters } from '../apiSchemas.ts';
import { notFound } from '../httpErrors.ts';
import {
  articleLinkModel,
  dateLabel,
  dateModel,
  hitModel,
  layoutModel,
  pageLinks,
  periodLabel,
  queryTitle,
  timelineModel,
  webAddress,
} from '../presenters.ts';
import { parseParameters, textParameter } from '../validation.ts';
import type {
  ActiveFilterModel,
  ArticlePageModel,
  FacetLinkModel,
  HomeModel,
  SearchPageModel,
} from '../viewModels.ts';

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

  router.get('/search', async (req, res) => {
    const engine = index.engine;
    const query = textParameter(req.query.q).slice(0, MAX_QUERY_LENGTH);
    const requestedPage = pageParameter(req.query.page);
    const filters = parseParameters(filterParametersSchema, req.query);
    // `/search` with neither words nor a filter is the search box's page: the home page.
    const anyFilter = Object.values(searchFilters(filters)).some((value) =>
      Array.isArray(value) ? value.length > 0 : value !== null && value !== undefined,
    );
    if (req.query.q === undefined && !anyFilter) {
      res.redirect('/');
      return;
    }
    const layout = layoutModel(engine, query.trim() === '' ? 'Search – Lede' : queryTitle(query), query);
    let result: SearchResult;
    try {
      result = await index.search(query, {
        limit: pageSize,
        offset: (requestedPage - 1) * pageSize,
        filters: searchFilters(filters),
        sort: filters.sort,
        facets: true,
        explain: true,
      });
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      const model: SearchPageModel = {
        ...layout,
        error: error.message,
        result: null,
        pagination: null,
        feedHref: null,
      };
      res.status(400).render('search', model);
      return;
    }
    const link: SearchLink = { q: query, ...result.filters, sort: result.sort };
    const pageCount = Math.max(1, Math.ceil(result.total / pageSize));
    const page = Math.min(requestedPage, pageCount);
    if (page !== requestedPage && result.total > 0) {
      res.redirect(searchHref(link, page));
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
        hits: result.hits.map((hit, i) => ({
          ...hitModel(hit, query),
          // Where the articles with some of the words start, below those with all of them.
          firstWithSomeWords:
            result.allWords > 0 &&
            hit.explanation?.tier === 'some words' &&
            result.hits[i - 1]?.explanation?.tier !== 'some words',
        })),
        allWords: result.allWords,
        from,
        to: from + result.hits.length - 1,
        ...facetModels(result, link),
      },
      pagination:
        pageCount > 1
          ? {
              page,
              pageCount,
              previousHref: page > 1 ? searchHref(link, page - 1) : null,
              nextHref: page < pageCount ? searchHref(link, page + 1) : null,
              pages: pageLinks(link, page, pageCount),
            }
          : null,
      feedHref: feedHref(link),
    };
    res.render('search', model);
  });

  router.get('/articles/:id', (req, res) => {
    const engine = index.engine;
    const query = textParameter(req.query.q).slice(0, MAX_QUERY_LENGTH);
    const article = engine.article(req.params.id);
    const requestedPart = req.query.part === undefined ? undefined : pageParameter(req.query.part);
    const highlighted = engine.highlightArticle(req.params.id, query, requestedPart);
    if (article === undefined || highlighted === undefined) throw notFound('This article');
    const { part, parts, firstMatchPart } = highlighted;
    const partHref = (number: number) => articleHref(article.id, query, '', number);
    const fromPage = pageParameter(req.query.page);
    const model: ArticlePageModel = {
      ...layoutModel(
        engine,
        query === '' ? `${article.title} – Lede` : `${article.title} – ${queryTitle(query)}`,
        query,
      ),
      article: {
        id: article.id,
        ...articleFieldsOf(article),
        date: dateModel(article),
        sourceUrl: webAddress(article.url),
        paragraphsHtml: paragraphsHtml(highlighted.paragraphs, 'first-match'),
        matches: highlighted.matches,
        firstMatchHref:
          firstMatchPart === null || firstMatchPart === part
            ? '#first-match'
            : articleHref(article.id, query, 'first-match', firstMatchPart),
      },
      parts:
        parts === 1
          ? null
          : {
              current: part,
              count: parts,
              previousHref: part > 1 ? partHref(part - 1) : null,
              nextHref: part < parts ? partHref(part + 1) : null,
            },
      duplicates: engine.duplicatesOf(article.id).map((reference) => articleLinkModel(reference, query)),
      related: engine.related(article.id).map((reference) => articleLinkModel(reference)),
      backHref: query === '' ? null : searchHref(query, fromPage),
    };
    res.render('article', model);
  });

  return router;
}

/** The results page's facets, timeline, active filters, sort links and spelling suggestion. */
function facetModels(
  result: SearchResult,
  link: SearchLink,
): Pick<
  NonNullable<SearchPageModel['result']>,
  'articles' | 'suggestion' | 'facets' | 'timeline' | 'activeFilters' | 'clearFiltersHref' | 'sortLinks'
> {
  const { filters } = result;
  const toggle = (values: readonly string[], value: string, selected: boolean) =>
    selected ? values.filter((v) => facetKey(v) !== facetKey(value)) : [...values, value];
  const facetLinks = (counts: FacetCount[], key: FacetKey): FacetLinkModel[] =>
    counts.map((count) => ({
      ...count,
      href: searchHref({ ...link, [key]: toggle(filters[key], count.value, count.selected) }),
    }));
  const activeFilters: ActiveFilterModel[] = FACET_FIELDS.flatMap((field) => {
    const { key, filterLabel } = facetOf(field);
    return filters[key].map((value) => ({
      label: `${filterLabel}: ${value}`,
      removeHref: searchHref({ ...link, [key]: toggle(filters[key], value, true) }),
    }));
  });
  if (filters.from !== null || filters.to !== null) {
    activeFilters.push({
      label: `Dates: ${dateRangeLabel(filters.from, filters.to)}`,
      removeHref: searchHref({ ...link, from: null, to: null }),
    });
  }
  const sortLabels = { relevance: 'Relevance', newest: 'Newest', oldest: 'Oldest' } as const;
  return {
    articles: result.articles,
    suggestion:
      result.suggestion === null
        ? null
        : {
            html: markedHtml(result.suggestion.marked, { tag: 'em' }),
            href: searchHref({ ...link, q: result.suggestion.query }),
          },
    facets: FACET_FIELDS.map((field) => {
      const { key, label } = facetOf(field);
      return { key, label, values: facetLinks(result.facets?.[key] ?? [], key) };
    }),
    timeline: result.facets === null ? null : timelineModel(result.facets.timeline, link),
    activeFilters,
    clearFiltersHref: activeFilters.length > 1 ? searchHref({ q: link.q, sort: link.sort }) : null,
    sortLinks: SORT_ORDERS.map((sort) => ({
      label: sortLabels[sort],
      href: searchHref({ ...link, sort }),
      current: sort === result.sort,
    })),
  };
}

/** `1 July 2019 – 31 July 2019` reads as `July 2019`; open ends read `from …` / `until …`. */
function dateRangeLabel(from: string | null, to: string | null): string {
  if (from !== null && to !== null) {
    const month = from.slice(0, 7);
    const year = from.slice(0, 4);
    if (from === dateBound(month, 'from') && to === dateBound(month, 'to')) return periodLabel(month);
    if (from === dateBound(year, 'from') && to === dateBound(year, 'to')) return year;
    return `${dateLabel({ date: from, dateText: null })} – ${dateLabel({ date: to, dateText: null })}`;
  }
  if (from !== null) return `from ${dateLabel({ date: from, dateText: null })}`;
  return `until ${dateLabel({ date: to, dateText: null })}`;
}
