import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ClickHouseIngestUnderTest, startClickHouseIngestUnderTest } from '../../support/clickhouse-ingest-under-test.js';
import { describeCheck, type ProducerRun } from '../../support/pipeline-under-test.js';
import { faultTestsUnavailable, killService, restoreStack, startStackService, stopStackService } from '../../support/stack-faults.js';
import { sleep } from '../../support/test-env.js';

/**
 * ClickHouse consuming the topics itself, under faults on the native stack: the ClickHouse service killed
 * with SIGKILL three times mid-stream, and the broker restarted mid-stream. At-least-once delivery (the
 * engine commits offsets after each block lands) plus the idempotency key in ORDER BY: each ends with
 * every sales line exactly once (read with FINAL) and the revenue to the cent.
 */
const ALL_STREAMS = ['--stream', 'sales,clickstream,feedback'];
const unavailable = faultTestsUnavailable();
if (unavailable) process.stdout.write(`[skip] ClickHouse ingest fault tests: ${unavailable}\n`);

describe.skipIf(unavailable !== undefined)('ClickHouse Kafka-engine ingest under faults', () => {
  const work = mkdtempSync(join(tmpdir(), 'ch-faults-'));
  let ingest: ClickHouseIngestUnderTest | undefined;

  beforeAll(() => restoreStack());
  afterEach(async () => {
    await restoreStack();
    await ingest?.cleanup();
    ingest = undefined;
  });
  afterAll(async () => {
    await restoreStack();
    rmSync(work, { recursive: true, force: true });
  });

  async function expectEveryLineOnce(run: ProducerRun, timeoutMs: number): Promise<void> {
    const target = ingest as ClickHouseIngestUnderTest;
    const check = await target.waitClean(run.reportFile, timeoutMs);
    expect(check.ok, describeCheck(check)).toBe(true);
    expect(await target.lineStats()).toEqual({
      rows: run.report.generator.lines,
      distinctKeys: run.report.generator.lines,
      total: run.report.generator.revenue,
    });
  }

  it('survives kill -9 of the ClickHouse service three times mid-stream', async () => {
    ingest = await startClickHouseIngestUnderTest('chkill', work);
    const producing = ingest.produce(['--duration', '30s', '--rate', '60/s', '--seed', '51', ...ALL_STREAMS]);
    let landed = 0;
    for (let round = 0; round < 3; round++) {
      // Kill only once rows are landing again since the last kill (or since the start).
      landed = await ingest.waitForSalesRows(landed + 30);
      await killService('clickhouse'); // returns once the process is gone
      await startStackService('clickhouse');
    }
    const run = await producing;
    expect(run.code, run.stderr).toBe(0);
    await expectEveryLineOnce(run, 120_000);
  }, 300_000);

  it('restarts the broker mid-stream: every acknowledged record lands once, the report accounts for the rest', async () => {
    ingest = await startClickHouseIngestUnderTest('chbroker', work);
    const producing = ingest.produce(['--duration', '30s', '--rate', '60/s', '--seed', '52', ...ALL_STREAMS]);
    await ingest.waitForSalesRows(100);
    await stopStackService('kafka');
    await sleep(10_000); // the fault: the broker is down for 10 s
    await startStackService('kafka');
    const run = await producing;
    const totals = run.report.totals;
    expect(totals.acked + totals.failed + totals.inDoubt).toBe(totals.sent);
    const check = await ingest.waitClean(run.reportFile, 150_000);
    expect(check.ok, describeCheck(check)).toBe(true);
    // Every acknowledged sales line once; lines the producer booked failed or in doubt are accounted for by the check.
    const stats = await ingest.lineStats();
    expect(stats.rows).toBe(stats.distinctKeys);
    if (totals.failed + totals.inDoubt === 0)
      expect(stats).toEqual({
        rows: run.report.generator.lines,
        distinctKeys: run.report.generator.lines,
        total: run.report.generator.revenue,
      });
  }, 300_000);
});
