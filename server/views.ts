/**
 * How the app renders its EJS templates (`views/`): each compiled once and kept for the life of the
 * process, includes found without asking the file system.
 *
 * Express keeps compiled templates only when NODE_ENV is `production`, which `npm start` does not set:
 * without that, every page read its templates from disk, looked each one up and compiled it again,
 * and a search page spent half its main-thread time there. BBC+Reuters results pages for distinct
 * queries, one process, 4 rounds in turns: 303–373 pages a second before, 546–755 with templates kept
 * (the main thread's time per page 2.5–3.1 ms before, 1.1–1.5 ms after). Templates are code: a
 * changed one is seen on restart, as a changed route is.
 */
import path from 'node:path';
import ejs from 'ejs';
import type { Express } from 'express';
import { PROJECT_ROOT } from '../index/paths.ts';

/** The templates' folder; includes name their template from here (`/partials/date`). */
export const VIEWS_DIR = path.join(PROJECT_ROOT, 'views');

/**
 * What EJS is told besides the page's data. `root` makes an include named from the views folder
 * (`include('/partials/date')`) a path to join; a relative include is looked for on disk on every
 * call, even with templates kept (5% of a results page's main-thread time: it includes a date per hit).
 */
const RENDER_OPTIONS: ejs.Options = { cache: true, root: VIEWS_DIR };

/** Sets up `res.render(name, model)` over `views/`, templates compiled once. */
export function useViews(app: Express): void {
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  // Express's own cache: where each page's template is, found once instead of by a stat per render.
  app.set('view cache', true);
  app.engine('ejs', (file, data, done) => {
    ejs.renderFile(file, data as ejs.Data, RENDER_OPTIONS, done);
  });
}
