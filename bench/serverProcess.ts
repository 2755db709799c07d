/**
 * Lede's real server as the benchmarks and the load test run it: `server/main.ts` in a process of its
 * own (so it has a core and an event loop of its own), on 127.0.0.1 and a free port, configured only
 * through its environment; compiled, as `npm start` runs it (`node dist/server/main.js`, which the
 * caller must have compiled), or from the TypeScript through tsx.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../index/paths.ts';

/** A server process that is listening. */
export interface ServerProcess {
  baseUrl: string;
  /** Stops it (SIGTERM, then SIGKILL if it lingers) and waits for it to exit. */
  stop: () => Promise<void>;
}

/** What to serve and how; `environment` is applied over this process's, an `undefined` value unsets. */
export interface ServerProcessOptions {
  indexPath: string;
  seedsDir: string;
  environment?: Readonly<Record<string, string | undefined>>;
  /** Run the compiled `dist/server/main.js` with plain node (default: the TypeScript, through tsx). */
  compiled?: boolean;
}

const START_TIMEOUT_MS = 120_000;
/** How much of the server's stderr is kept for a start-up error: bounded, as it runs for long. */
const STDERR_TAIL_CHARS = 16 * 1024;
const STARTED = /serving (?:\d+ articles|with \d+ workers) at (http:\/\/127\.0\.0\.1:\d+)\//;

/** Spawns `server/main.ts` with `PORT=0` and reads the port it chose from its start-up line. */
export function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LEDE_INDEX_PATH: options.indexPath,
    LEDE_SEEDS_DIR: options.seedsDir,
    NO_COLOR: '1',
  };
  for (const [name, value] of Object.entries(options.environment ?? {})) {
    if (value === undefined) delete environment[name];
    else environment[name] = value;
  }
  const args = options.compiled
    ? [path.join(PROJECT_ROOT, 'dist', 'server', 'main.js')]
    : ['--import', import.meta.resolve('tsx'), path.join(PROJECT_ROOT, 'server', 'main.ts')];
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Should the caller die midway, the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await stopChild(child);
  };
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-STDERR_TAIL_CHARS);
  });
  return new Promise((resolve, reject) => {
    // Only read until the start-up line: after it, stdout carries a log line per request, which must
    // still be drained (a full pipe would stall the server) but not kept.
    let output = '';
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${why}\n${errors.trim()}`)));
    };
    const timer = setTimeout(() => fail('the server did not start in time'), START_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (settled) return;
      output += chunk.toString();
      const match = STARTED.exec(output);
      if (match?.[1] !== undefined) {
        settled = true;
        clearTimeout(timer);
        output = '';
        resolve({ baseUrl: match[1], stop });
      }
    });
    child.once('exit', (code) => fail(`the server exited (code ${code}) before listening`));
  });
}

/** SIGTERM (the server drains and exits), then SIGKILL if it lingers. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
