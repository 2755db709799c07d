/**
 * 405 Method Not Allowed: a request for a path the app serves, with a method it does not answer there
 * (`GET /api/admin/reindex`, `POST /search`), gets a 405 with an `Allow` header naming the methods that
 * work, instead of a 404 that says the route does not exist. The allowed methods are read from the
 * routes themselves, so they cannot drift from what is served.
 */
import type { RequestHandler, Router } from 'express';
import { HttpError } from './httpErrors.ts';

/** Answers OPTIONS with the allowed methods, and any other method with a 405 naming them. */
function refuse(allow: string): RequestHandler {
  return (req, res, next) => {
    res.set('Allow', allow);
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next(new HttpError(405, 'method_not_allowed', `This address answers ${allow} only.`));
  };
}

/** `GET, HEAD` from `['get']`: what `Allow` lists (HEAD goes with GET, as Express answers it). */
function allowHeader(methods: Iterable<string>): string {
  const allowed = new Set([...methods].map((method) => method.toUpperCase()));
  if (allowed.has('GET')) allowed.add('HEAD');
  return [...allowed].sort().join(', ');
}

/**
 * Adds, after `router`'s routes, a 405 for each of their paths asked with another method. Call it once
 * all the routes are registered; it returns the router.
 */
export function refuseOtherMethods(router: Router): Router {
  const methodsByPath = new Map<string, { path: string; methods: Set<string> }>();
  for (const layer of router.stack) {
    const route = layer.route;
    if (route === undefined) continue;
    // A route registered for several paths at once has an array here, whatever the type says.
    const key = JSON.stringify(route.path);
    const entry = methodsByPath.get(key) ?? { path: route.path, methods: new Set<string>() };
    for (const handler of route.stack) entry.methods.add(handler.method);
    methodsByPath.set(key, entry);
  }
  for (const { path, methods } of methodsByPath.values()) router.all(path, refuse(allowHeader(methods)));
  return router;
}

/** Lets only these methods through (for middleware such as static files, which has no routes). */
export function onlyMethods(...methods: string[]): RequestHandler {
  const allowed = allowHeader(methods);
  const handle = refuse(allowed);
  return (req, res, next) => {
    if (allowed.split(', ').includes(req.method)) next();
    else handle(req, res, next);
  };
}
