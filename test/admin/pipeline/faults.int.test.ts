import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { loadConfig } from '../../../lib/config/load-config.js';
import { describeCheck, type PipelineUnderTest, startPipelineUnderTest, TEST_CONNECTOR_PREFIX } from '../../support/pipeline-under-test.js';
import {
  faultTestsUnavailable,
  keepStackLogs,
  killService,
  restoreStack,
  startStackService,
  stopStackService,
} from '../../support/stack-faults.js';
import { runTsCli, sleep } from '../../support/test-env.js';

/**
 * Faults against the real native stack, through the Debezium JDBC sink into PostgreSQL: after each,
 * every produced key is in its table exactly once and the money adds up to the cent. Each test is
 * bounded in time, restores the stack when it fails half-way, and keeps the parts' logs.
 */
const unavailable = faultTestsUnavailable();
if (unavailable) process.stdout.write(`[skip] pipeline fault tests: ${unavailable}\n`);

const work = mkdtempSync(join(tmpdir(), 'faults-'));
const ALL_STREAMS = ['--stream', 'sales,clickstream,feedback'];

describe.skipIf(unavailable !== undefined)('the pipeline under faults (native stack, PostgreSQL)', () => {
  let pipeline: PipelineUnderTest | undefined;

  afterEach(async () => {
    await restoreStack();
    await pipeline?.cleanup();
    pipeline = undefined;
  });
  beforeAll(() => restoreStack());
  afterAll(() => restoreStack());

  const keepLogsOnFailure = () => onTestFailed(({ task }) => void keepStackLogs(task.name));

  type Run = Awaited<ReturnType<PipelineUnderTest['produce']>>;

  /** Every sales line exactly once, and the sum to the cent. */
  async function expectSalesLinesExact(run: Run) {
    expect(await (pipeline as PipelineUnderTest).lineStats()).toEqual({
      rows: run.report.generator.lines,
      distinctKeys: run.report.generator.lines,
      total: run.report.generator.revenue,
    });
  }

  /** Nothing missing or extra in any stream, then every sales line exactly once with the sum to the cent. */
  async function expectEverythingLanded(run: Run, timeoutMs: number) {
    const check = await (pipeline as PipelineUnderTest).waitClean(run.reportFile, timeoutMs);
    expect(check.ok, describeCheck(check)).toBe(true);
    await expectSalesLinesExact(run);
    return check;
  }

  it('lands every sales line exactly once, with the generator total to the cent', async () => {
    keepLogsOnFailure();
    pipeline = await startPipelineUnderTest('base', work);
    const run = await pipeline.produce(['--count', '2000', '--seed', '31', ...ALL_STREAMS]);
    expect(run.code, run.stderr).toBe(0);
    const check = await expectEverythingLanded(run, 90_000);
    expect(check.streams.map((s) => s.topicKeys)).toEqual([
      run.report.generator.lines,
      run.report.generator.clickstreamEvents,
      run.report.generator.feedback,
    ]);
    const cli = await runTsCli('admin/pipeline-cli.ts', ['check', '--against', run.reportFile], pipeline.env);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toContain('Nothing missing, nothing extra, and the producer report agrees.');
  }, 150_000);

  it('survives kill -9 of the Connect worker three times mid-stream', async () => {
    keepLogsOnFailure();
    pipeline = await startPipelineUnderTest('kill', work);
    const producing = pipeline.produce(['--duration', '45s', '--rate', '60/s', '--seed', '32', ...ALL_STREAMS]);
    let landed = 0;
    for (let round = 0; round < 3; round++) {
      // Kill only once rows are landing again since the last kill (or since the start).
      landed = await pipeline.waitForSalesRows(landed + 50);
      await killService('connect'); // returns once the process is gone
      await startStackService('connect');
    }
    const run = await producing;
    expect(run.code, run.stderr).toBe(0);
    await expectEverythingLanded(run, 150_000);
  }, 300_000);

  it('recovers from PostgreSQL stopped for 20 s mid-stream, dead-lettering nothing', async () => {
    keepLogsOnFailure();
    pipeline = await startPipelineUnderTest('pgdown', work);
    const producing = pipeline.produce(['--duration', '40s', '--rate', '60/s', '--seed', '33', ...ALL_STREAMS]);
    await pipeline.waitForSalesRows(100);
    await stopStackService('postgres');
    await sleep(20_000); // the fault: PostgreSQL is down for 20 s
    await startStackService('postgres');
    const run = await producing;
    expect(run.code, run.stderr).toBe(0);
    // An outage during a flush is retried by the sink (flush.max.retries × flush.retry.delay.ms outlast 20 s);
    // one that hits between batches fails the task, and the documented remedy brings it back.
    let check = await pipeline.waitClean(run.reportFile, 60_000, { stopOnFailedTask: true });
    process.stdout.write(
      `[fault] after the outage the sink ${check.ok ? 'recovered by itself' : 'had a FAILED task (or had not recovered in 60 s): restarting failed tasks'}\n`,
    );
    if (!check.ok) {
      const restart = await runTsCli('admin/connectors-cli.ts', ['restart', '--failed'], pipeline.env);
      expect(restart.code, restart.stdout + restart.stderr).toBe(0);
      check = await pipeline.waitClean(run.reportFile, 90_000);
    }
    expect(check.ok, describeCheck(check)).toBe(true);
    await expectSalesLinesExact(run);
    for (const stream of ['sales', 'clickstream', 'feedback'] as const) {
      expect((await pipeline.deadLetters(stream)).length, `${stream} dead letters`).toBe(0);
    }
  }, 300_000);

  it('restarts the broker mid-produce: every acknowledged record lands and the report accounts for the rest', async () => {
    keepLogsOnFailure();
    pipeline = await startPipelineUnderTest('broker', work);
    const producing = pipeline.produce(['--duration', '40s', '--rate', '80/s', '--seed', '34', ...ALL_STREAMS]);
    await pipeline.waitForSalesRows(100);
    await stopStackService('kafka');
    // The fault: down longer than kafkajs' retries last, so batches end in error: with four batches in
    // flight this once booked written records as failed and then refused everything after the restart.
    await sleep(12_000);
    await startStackService('kafka');
    const run = await producing;
    const totals = run.report.totals;
    process.stdout.write(`[fault] producer (${run.report.client}) across the broker restart: ${JSON.stringify(totals)}\n`);
    // The configured client (PRODUCER_CLIENT, confluent by default) sent them.
    expect(run.report.client).toBe(loadConfig({ env: pipeline.env }).values.PRODUCER_CLIENT);
    // Exit 0 when everything was acknowledged after retries, 1 when some records ended failed or in doubt.
    expect([0, 1], run.stderr).toContain(run.code);
    expect(totals.acked + totals.failed + totals.inDoubt).toBe(totals.sent);
    expect(run.code === 0).toBe(totals.failed + totals.inDoubt === 0);
    // The producer recovers once the broker is back: only the batches of the outage are not acknowledged.
    expect(totals.failed + totals.inDoubt, JSON.stringify(totals)).toBeLessThan(totals.sent / 4);
    const check = await pipeline.waitClean(run.reportFile, 150_000);
    expect(check.ok, describeCheck(check)).toBe(true);
    for (const comparison of check.against ?? []) {
      const booked = run.report.topics[comparison.topic];
      expect(comparison.acknowledged).toBe((booked?.acked ?? 0) - (booked?.invalidSent ?? 0));
      expect(comparison.inDoubtInTopic.length + comparison.inDoubtNotInTopic.length).toBe(booked?.inDoubtKeys.length);
    }
    const cli = await runTsCli('admin/pipeline-cli.ts', ['check', '--against', run.reportFile, '--json'], pipeline.env);
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).ok).toBe(true);
  }, 300_000);

  it('sends exactly the poison records to the dead-letter topics, with context headers, and lands every valid one', async () => {
    keepLogsOnFailure();
    pipeline = await startPipelineUnderTest('poison', work);
    // Converter-stage kinds: they reach the dead-letter topics by themselves. A constraint violation fails
    // the pinned Debezium 3.6.0 sink's task and reaches them through quarantine (quarantine.int.test.ts).
    const run = await pipeline.produce([
      '--count',
      '1500',
      '--seed',
      '35',
      ...ALL_STREAMS,
      '--invalid-rate',
      '0.02',
      '--invalid-kinds',
      'malformed-json,schema-mismatch',
    ]);
    expect(run.code, run.stderr).toBe(0);
    await expectEverythingLanded(run, 90_000);
    const suffix = pipeline.suffix;
    const topicOf = { sales: `sales_events${suffix}`, clickstream: `user-events${suffix}`, feedback: `feedback${suffix}` };
    let poisoned = 0;
    for (const stream of ['sales', 'clickstream', 'feedback'] as const) {
      const expected = run.report.topics[topicOf[stream]]?.invalidSent ?? 0;
      poisoned += expected;
      const letters = await pipeline.deadLetters(stream);
      expect(letters.length, `${stream} dead letters`).toBe(expected);
      for (const letter of letters) {
        expect(['malformed-json', 'schema-mismatch']).toContain(letter.headers['x-invalid']);
        expect(letter.headers['__connect.errors.stage']).toBe('VALUE_CONVERTER');
        expect(letter.headers['__connect.errors.topic']).toBe(topicOf[stream]);
        expect(letter.headers['__connect.errors.connector.name']).toBe(`${TEST_CONNECTOR_PREFIX}-postgres-${stream}`);
      }
    }
    expect(poisoned).toBeGreaterThan(10);
  }, 150_000);
});
