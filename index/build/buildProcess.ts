/**
 * A build run in a child process (`npm run index -- --json`), as the server runs its builds: before it
 * listens, when the artifact is stale, and on every rebuild. A child keeps the server answering while
 * articles are analyzed, and a build that crashes, runs out of memory or overruns its time limit takes
 * only the child down; the artifact it would have replaced stays as it was.
 */
import { type ExecFileException, execFile } from 'node:child_process';
import { ownModule, PROJECT_ROOT, RUNS_COMPILED } from '../paths.ts';
import type { RecordField } from '../sources/archives.ts';
import type { BuildSummary } from './build.ts';

/** The build CLI as this process's own code: compiled, run by plain `node`, or TypeScript, through tsx. */
const BUILD_CLI = ownModule('index/cli/buildIndex.ts');

/** What to build, and how long it may take. */
export interface BuildProcessOptions {
  seedsDir: string;
  indexPath: string;
  /** Re-analyze every file (`--full`). */
  full?: boolean;
  /** Follow links out of the seeds folder (`--follow-links-outside`). */
  followLinksOutside?: boolean;
  /** Index web pages that are not articles (`--keep-non-articles`). */
  keepNonArticles?: boolean;
  /** Columns to read archive records' fields from first (`--map field=column`). */
  recordFields?: Partial<Record<RecordField, string>>;
  /** Longest the build may run before it is stopped and reported as failed. */
  timeoutMs: number;
}

/**
 * Why a build process failed: `message` is fit for whoever asked (an admin API caller: no paths, no
 * command lines), `detail` is everything the build said, for the server's log.
 */
export class BuildProcessError extends Error {
  override readonly name = 'BuildProcessError';
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(message);
  }
}

/** What a failed build's codes mean, in words that name no folder. */
const PUBLIC_REASONS: Readonly<Record<string, string>> = {
  seeds_missing: 'the articles folder is missing',
  no_articles: 'the articles folder holds no article that could be indexed',
  build_locked: 'another build of the index is still running',
};

/** Runs the build CLI as a child process and returns its report; rejects with {@link BuildProcessError}. */
export function runBuildProcess(options: BuildProcessOptions): Promise<BuildSummary> {
  const args = [
    ...(RUNS_COMPILED ? [] : ['--import', import.meta.resolve('tsx')]),
    BUILD_CLI,
    '--seeds',
    options.seedsDir,
    '--out',
    options.indexPath,
    '--json',
    ...(options.full ? ['--full'] : []),
    ...(options.followLinksOutside ? ['--follow-links-outside'] : []),
    ...(options.keepNonArticles ? ['--keep-non-articles'] : []),
    ...Object.entries(options.recordFields ?? {}).flatMap(([field, column]) => [
      '--map',
      `${field}=${column}`,
    ]),
  ];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      {
        cwd: PROJECT_ROOT,
        timeout: options.timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1' },
      },
      (error, stdout, stderr) => {
        const report = lastJsonLine(stdout);
        if (error !== null) {
          reject(buildFailure(error, report, stderr, options.timeoutMs));
          return;
        }
        if (report === null || typeof report !== 'object' || !('documentCount' in report)) {
          reject(new BuildProcessError('the build finished without a report', stderr.trim()));
          return;
        }
        resolve(report as BuildSummary);
      },
    );
  });
}

/** The last line of a child's output, parsed as JSON, or null. */
function lastJsonLine(stdout: string): unknown {
  try {
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
  } catch {
    return null;
  }
}

/** Why the build process failed: its own error code in words, or what stopped it. */
function buildFailure(
  error: ExecFileException,
  report: unknown,
  stderr: string,
  timeoutMs: number,
): BuildProcessError {
  const detail = stderr.trim();
  if (error.killed === true) {
    return new BuildProcessError(
      `the build took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`,
      detail,
    );
  }
  if (error.signal != null)
    return new BuildProcessError(`the build process was killed (${error.signal})`, detail);
  const code =
    typeof report === 'object' && report !== null && 'error' in report
      ? String((report.error as { code?: unknown }).code ?? '')
      : '';
  return new BuildProcessError(
    PUBLIC_REASONS[code] ?? 'the build failed; the server log says why',
    detail === '' ? `the build process exited with code ${error.code}` : detail,
  );
}
