/**
 * Fault injection for the crash tests: loaded with `--import` into a build process, it stops the build
 * at one chosen point, so a test can kill it there with SIGKILL instead of guessing when the
 * build is midway. Configured by environment variables, since the build may be started by a server:
 *
 * - `LEDE_TEST_PAUSE_AT=read`: when the build first opens a file to read (the previous index, before
 *   the article files).
 * - `LEDE_TEST_PAUSE_AT=rename`: when the new index is written to its temporary file and flushed, just
 *   before it would be renamed over the artifact (the last moment a crash can happen).
 * - `LEDE_TEST_PAUSED_FILE`: where to write this process's pid once paused.
 *
 * A paused build waits to be killed, for at most a minute.
 *
 * Only `node:fs/promises` functions are wrapped, and only for the first call of the chosen kind.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';

/** The longest a build stays paused before it exits on its own (code 3). */
const PAUSE_LIMIT_MS = 60_000;

type Rename = (from: string, to: string) => Promise<void>;
type Open = (file: string, flags?: string, ...rest: unknown[]) => Promise<unknown>;

const pauseAt = process.env.LEDE_TEST_PAUSE_AT;
const pausedFile = process.env.LEDE_TEST_PAUSED_FILE;
if ((pauseAt === 'read' || pauseAt === 'rename') && pausedFile !== undefined) {
  // The CommonJS object behind `node:fs/promises`: after changing it, syncBuiltinESMExports() makes
  // the build's `import { rename } from 'node:fs/promises'` see the change.
  const fsPromises = createRequire(import.meta.url)('node:fs/promises') as {
    rename: Rename;
    open: Open;
  };
  let paused = false;
  const pauseUntilKilled = (): Promise<never> => {
    paused = true;
    writeFileSync(`${pausedFile}.partial`, String(process.pid));
    renameSync(`${pausedFile}.partial`, pausedFile);
    // A pending promise alone would let the process exit; the timer keeps it alive until it is killed,
    // or gives up after a while, so a test that failed before killing it does not wait on it forever.
    setTimeout(() => process.exit(3), PAUSE_LIMIT_MS);
    return new Promise<never>(() => {});
  };
  if (pauseAt === 'rename') {
    const rename = fsPromises.rename;
    fsPromises.rename = (from, to) =>
      paused || !from.endsWith('.tmp') ? rename(from, to) : pauseUntilKilled();
  } else {
    // Opened for reading: the build lock is opened for writing ('wx') before, and must not pause.
    const open = fsPromises.open;
    fsPromises.open = (file, flags, ...rest) =>
      paused || (flags !== undefined && flags !== 'r') ? open(file, flags, ...rest) : pauseUntilKilled();
  }
  syncBuiltinESMExports();
}
