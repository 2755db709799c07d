/**
 * One build at a time per artifact, across processes: the server's workers (`WEB_CONCURRENCY`), a
 * rebuild requested of each, and `npm run index` by hand all build into the same file. Two builds at
 * once would each read the folder at a different moment and the last to finish would win, so a
 * reindex could answer with a count its own build did not produce. A build holds a lock file beside the
 * artifact (`<artifact>.lock`, holding its process id) from before it lists the folder until its
 * artifact is in place; another build waits for it, then reads the folder as it is by then.
 *
 * A lock whose process is gone (a build killed with SIGKILL, a power cut) is taken over, so a crash
 * never blocks the next build.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { BuildError } from '../errors.ts';
import { processExists } from './processes.ts';

/** How often a waiting build looks at the lock again. */
const POLL_MS = 100;

/** A held lock; release it when the artifact is written (or the build failed). */
export interface BuildLock {
  release(): Promise<void>;
}

/**
 * Takes the build lock of the artifact at `artifactPath`, waiting up to `timeoutMs` for a build in
 * another process to finish. Throws {@link BuildError} (`build_locked`) when it does not.
 */
export async function acquireBuildLock(artifactPath: string, timeoutMs: number): Promise<BuildLock> {
  const lockPath = `${artifactPath}.lock`;
  const deadline = Date.now() + timeoutMs;
  await mkdir(path.dirname(lockPath), { recursive: true });
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => rm(lockPath, { force: true }) };
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
    const holder = await lockHolder(lockPath);
    if (holder !== null && !processExists(holder)) {
      // Read again just before removing: another waiting build may have taken the lock over meanwhile.
      if ((await lockHolder(lockPath)) === holder) await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new BuildError(
        'build_locked',
        `Another build of ${artifactPath} (process ${holder ?? 'starting'}) has run for over ${Math.round(timeoutMs / 1000)} s; try again when it ends.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The process id in a lock file, or null while it is being written or gone. */
async function lockHolder(lockPath: string): Promise<number | null> {
  const pid = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}
