/** The load test's verdict and its printed form. */
import path from 'node:path';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from '../server/security.ts';
import { formatMs, machineInfo, markdownTable } from './benchReport.ts';
import { LOAD_QUERY_KINDS } from './loadtestQueries.ts';
import type { LoadTestReport } from './loadtestRun.ts';

/** What went wrong in a run, one line each; empty when the run passed. */
export function loadTestProblems(report: LoadTestReport): string[] {
  const problems: string[] = [];
  if (report.errors > 0) {
    problems.push(`${count(report.errors)} requests failed (${count(report.timeouts)} of them timed out)`);
  }
  if (report.non2xx > 0) {
    const codes = Object.entries(report.statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, n]) => `${code}: ${count(n)}`);
    problems.push(`${count(report.non2xx)} answers were not 2xx (${codes.join(', ')})`);
  }
  if (report.answersWithHits === 0) problems.push('no search returned a hit');
  if (report.reindexes.length > 0 && report.answersDuringReindex === 0) {
    problems.push('no search was answered while a reindex ran, so the swap was not tested under load');
  }
  if (report.changedAnswers > 0) {
    problems.push(
      `${count(report.changedAnswers)} answers had another hit count than before the load (${report.changedExamples.join('; ')})`,
    );
  }
  report.reindexes.forEach((reindex, i) => {
    if (!reindex.succeeded) problems.push(`reindex ${i + 1} failed: ${reindex.problem ?? 'unknown'}`);
  });
  return problems;
}

/** The report as a few lines and two tables, ending with PASS or FAIL and why. */
export function renderLoadTest(report: LoadTestReport): string {
  const machine = machineInfo(false);
  const mix = LOAD_QUERY_KINDS.map((kind) => `${kind} ${report.queries[kind]}`).join(', ');
  const seeds = path.relative(process.cwd(), report.seedsDir) || '.';
  const lines = [
    `Lede load test: ${count(report.documents)} articles from ${seeds}, ${report.connections} connections for ${report.seconds.toFixed(1)} s`,
    `Server: server/main.ts on 127.0.0.1 with its default configuration (rate limit ${count(DEFAULT_RATE_LIMIT_PER_MINUTE)}/min per client, this machine exempt)`,
    `Machine: ${machine.cpu}, ${machine.cores} cores, Node.js ${machine.node} (autocannon runs on the same cores)`,
    `Queries: ${mix}`,
    '',
    markdownTable(
      ['/api/search', ''],
      [
        ['requests', count(report.requests)],
        ['req/s', count(Math.round(report.requestsPerSecond))],
        ['latency p50', `${formatMs(report.latency.p50)} ms`],
        ['latency p99', `${formatMs(report.latency.p99)} ms`],
        ['latency max', `${formatMs(report.latency.max)} ms`],
        ['2xx', count(report.ok2xx)],
        ['non-2xx', count(report.non2xx)],
        ['errors (timeouts)', `${count(report.errors)} (${count(report.timeouts)})`],
        ['answers with hits', count(report.answersWithHits)],
        ['answers while a reindex ran', count(report.answersDuringReindex)],
        ['answers changed by a reindex', count(report.changedAnswers)],
      ],
    ),
    '',
  ];
  if (report.reindexes.length > 0) {
    lines.push(
      markdownTable(
        ['reindex', 'sent at', 'status', 'took', 'articles', 'files warned about', 'result'],
        report.reindexes.map((reindex, i) => [
          String(i + 1),
          `${reindex.sentAt.toFixed(1)} s`,
          reindex.status === null ? 'no answer' : String(reindex.status),
          `${(reindex.answeredAt - reindex.sentAt).toFixed(2)} s`,
          reindex.documents === null ? '–' : count(reindex.documents),
          count(new Set(reindex.warnings.map((warning) => warning.split(': ')[0])).size),
          reindex.succeeded
            ? reindex.answeredAt > report.seconds
              ? 'new index served (after the load ended)'
              : 'new index served'
            : 'FAILED',
        ]),
      ),
      '',
    );
  }
  const warned = report.reindexes.at(-1)?.warnings ?? [];
  if (warned.length > 0)
    lines.push('The last rebuild warned:', ...warned.map((warning) => `- ${warning}`), '');
  const problems = loadTestProblems(report);
  lines.push(
    problems.length === 0 ? 'PASS' : ['FAIL', ...problems.map((problem) => `- ${problem}`)].join('\n'),
  );
  return lines.join('\n');
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
