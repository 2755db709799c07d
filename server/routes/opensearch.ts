/**
 * `/opensearch.xml`: the OpenSearch description every page links to, so a browser can add Lede as a
 * search engine. Its absolute URLs are built on the configured public address, or the address the
 * request reached (see publicOrigin.ts), never on the `Host` header.
 */
import { Router } from 'express';
import { publicOrigin } from '../publicOrigin.ts';
import { xmlEscape } from '../xml.ts';

export function openSearchRouter(publicUrl: string | null): Router {
  const router = Router();
  router.get('/opensearch.xml', (req, res) => {
    const origin = xmlEscape(publicOrigin(req, publicUrl));
    res.type('application/opensearchdescription+xml').send(`<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>Lede</ShortName>
  <Description>Search the news archive</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Image type="image/svg+xml">${origin}/assets/favicon.svg</Image>
  <Url type="text/html" method="get" template="${origin}/search?q={searchTerms}"/>
  <Url type="application/x-suggestions+json" method="get" template="${origin}/api/suggest?q={searchTerms}&amp;format=opensearch"/>
</OpenSearchDescription>
`);
  });
  return router;
}
