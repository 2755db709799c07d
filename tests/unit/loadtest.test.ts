import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadTestProblems } from '../../bench/loadtestReport.ts';
import { type LoadTestReport, runLoadTest } from '../../bench/loadtestRun.ts';
import { copyOfSeeds } from '../helpers.ts';

describe('the load test (npm run loadtest), shortened', () => {
  it('serves searches without a failure, a refusal or a changed answer while the index is rebuilt twice', async () => {
    const report = await runLoadTest({ seedsDir: await copyOfSeeds(), seconds: 3, reindexes: 2 });
    assert.deepEqual(loadTestProblems(report), []);
    assert.equal(report.errors, 0);
    assert.equal(report.timeouts, 0);
    assert.equal(report.non2xx, 0, 'the default rate limit never refused this machine');
    assert.equal(report.changedAnswers, 0);
    assert.ok(report.ok2xx > 50, `${report.ok2xx} searches answered`);
    assert.ok(report.answersWithHits > 20, `${report.answersWithHits} searches found something`);
    // A rebuild takes a few seconds under this load, so the second may start after the searches end;
    // what matters is that searches were answered while one ran.
    assert.ok(report.answersDuringReindex > 10, `${report.answersDuringReindex} answers during a rebuild`);
    assert.equal(report.reindexes.length, 2);
    for (const reindex of report.reindexes) {
      assert.equal(reindex.status, 200);
      assert.equal(reindex.documents, 5);
      assert.ok(reindex.succeeded, reindex.problem ?? '');
    }
  });

  it('fails a run with refused requests, errors or a rebuild that did not land, saying which', () => {
    const passing: LoadTestReport = {
      seedsDir: '/seeds',
      documents: 5,
      queries: {
        word: 1,
        phrase: 1,
        commonphrase: 1,
        prefix: 1,
        typo: 1,
        rare: 1,
        nohit: 1,
        stopword: 1,
        or: 1,
        exclusion: 1,
        field: 1,
      },
      connections: 10,
      seconds: 3,
      requests: 1000,
      requestsPerSecond: 333,
      latency: { p50: 1, p99: 5, max: 9, mean: 1.5 },
      ok2xx: 1000,
      non2xx: 0,
      statusCodes: { '200': 1000 },
      errors: 0,
      timeouts: 0,
      answersWithHits: 800,
      answersDuringReindex: 300,
      changedAnswers: 0,
      changedExamples: [],
      reindexes: [
        { sentAt: 1, answeredAt: 2, status: 200, documents: 5, succeeded: true, problem: null, warnings: [] },
      ],
    };
    assert.deepEqual(loadTestProblems(passing), []);
    const failing: LoadTestReport = {
      ...passing,
      non2xx: 12,
      statusCodes: { '200': 988, '429': 12 },
      errors: 3,
      timeouts: 1,
      reindexes: [
        {
          ...(passing.reindexes[0] as LoadTestReport['reindexes'][number]),
          status: 409,
          succeeded: false,
          problem: 'not rebuilt',
        },
      ],
    };
    assert.deepEqual(loadTestProblems(failing), [
      '3 requests failed (1 of them timed out)',
      '12 answers were not 2xx (429: 12)',
      'reindex 1 failed: not rebuilt',
    ]);
  });
});
