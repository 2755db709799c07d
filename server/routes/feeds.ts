/**
 * `/search.atom?q=…`: every search as an Atom feed (RFC 4287), so a reader can follow a query in a
 * feed reader. Same parameters as the results page; newest first unless `sort` says otherwise, since
 * following a query means seeing what is new.
 */
import { Router } from 'express';
import type { LiveIndex } from '../../index/liveIndex.ts';
import { articleHref, feedHref, type SearchLink, searchHref } from '../../index/render/links.ts';
import { markedHtml } from '../../index/render/markedHtml.ts';
import { filterParametersSchema, MAX_QUERY_LENGTH, searchFilters } from '../apiSchemas.ts';
import { queryTitle } from '../presenters.ts';
import { publicOrigin } from '../publicOrigin.ts';
import { parseParameters, textParameter } from '../validation.ts';
import type { FeedModel } from '../viewModels.ts';
import { xmlText } from '../xml.ts';

/** Entries per feed: enough for a reader to catch up, small enough to poll. */
export const FEED_ENTRIES = 20;

/**
 * Routes mounted at `/`. Absolute links are built on `publicUrl` or the address the request reached
 * (see publicOrigin.ts); every text is stripped of characters XML does not allow.
 */
export function feedsRouter(index: LiveIndex, publicUrl: string | null): Router {
  const router = Router();
  router.get('/search.atom', async (req, res) => {
    const engine = index.engine;
    const q = textParameter(req.query.q).slice(0, MAX_QUERY_LENGTH);
    const filters = parseParameters(filterParametersSchema, req.query);
    const sort = typeof req.query.sort === 'string' ? filters.sort : 'newest';
    const result = await index.search(q, {
      limit: FEED_ENTRIES,
      filters: searchFilters(filters),
      sort,
    });
    const link: SearchLink = { q, ...result.filters, sort: result.sort };
    const origin = publicOrigin(req, publicUrl);
    const builtAt = engine.manifest.builtAt;
    const model: FeedModel = {
      id: origin + searchHref({ ...link, sort: undefined }),
      title: xmlText(queryTitle(q)),
      selfHref: origin + feedHref(link),
      alternateHref: origin + searchHref(link),
      // The feed changes when the index does; articles without a date are as new as the build.
      updated: builtAt,
      entries: result.hits.map((hit) => ({
        id: `${origin}/articles/${encodeURIComponent(hit.id)}`,
        title: xmlText(hit.title),
        href: origin + articleHref(hit.id, q),
        updated: hit.date === null ? builtAt : `${hit.date}T00:00:00Z`,
        published: hit.date === null ? null : `${hit.date}T00:00:00Z`,
        authors: (hit.authors.length > 0 ? hit.authors : [hit.source ?? 'Unknown']).map(xmlText),
        source: hit.source === null ? null : xmlText(hit.source),
        summaryHtml: xmlText(markedHtml(hit.snippet)),
      })),
    };
    res.type('application/atom+xml; charset=utf-8');
    res.render('feed', model);
  });
  return router;
}
