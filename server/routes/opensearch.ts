/**
 * `/opensearch.xml`: the OpenSearch description every page links to, so a browser can add Lede as a
 * search engine. The search URL uses the host the browser asked for, so it works behind any name.
 */
import { Router } from 'express';
import { escapeHtml } from '../../index/snippets.ts';

export function openSearchRouter(): Router {
  const router = Router();
  router.get('/opensearch.xml', (req, res) => {
    const origin = escapeHtml(`${req.protocol}://${req.get('host') ?? 'localhost'}`);
    res.type('application/opensearchdescription+xml').send(`<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>Lede</ShortName>
  <Description>Search the news archive</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Image type="image/svg+xml">${origin}/assets/favicon.svg</Image>
  <Url type="text/html" method="get" template="${origin}/search?q={searchTerms}"/>
</OpenSearchDescription>
`);
  });
  return router;
}
