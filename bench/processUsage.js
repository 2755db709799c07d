/**
 * Preloaded into a benchmarked process (`node --import ./bench/processUsage.js …`): when the process
 * exits, writes what it used to the file named by `LEDE_BENCH_USAGE_FILE`, as JSON. Read from inside
 * because Node cannot read a child's resource usage, and GNU time is not on every machine; the figures
 * are the process's own `getrusage`, worker threads included, from its start to its exit.
 * Plain JavaScript: it must not load tsx into the process it measures.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.LEDE_BENCH_USAGE_FILE;
if (file !== undefined && file !== '') {
  process.once('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({
        userMs: usage.userCPUTime / 1000,
        systemMs: usage.systemCPUTime / 1000,
        peakRssBytes: usage.maxRSS * 1024,
      }),
    );
  });
}
