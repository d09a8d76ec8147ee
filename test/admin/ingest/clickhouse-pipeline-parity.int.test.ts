import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { groupLag } from '../../../admin/connectors/connector-status.js';
import { createWarehouse } from '../../../admin/warehouse/create-warehouse.js';
import { ALL_TIME, runKpis } from '../../../admin/warehouse/run-kpis.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { createKafka } from '../../../lib/kafka/kafka-client.js';
import { recordsWritten } from '../../../lib/kafka/topic-ranges.js';
import { pollUntil } from '../../../lib/poll.js';
import { eventTopics, STREAMS } from '../../../lib/streams.js';
import type { Dialect } from '../../../lib/warehouses.js';
import { type ClickHouseIngestUnderTest, startClickHouseIngestUnderTest } from '../../support/clickhouse-ingest-under-test.js';
import { expectSameReport } from '../../support/kpi-reports.js';
import { describeCheck, type PipelineUnderTest, startPipelineUnderTest } from '../../support/pipeline-under-test.js';
import { runTsCli, testTargets } from '../../support/test-env.js';

/**
 * One produced stream, two engines: the same topics land in PostgreSQL (the Debezium JDBC sinks in
 * Connect) and in ClickHouse (its own Kafka engine). Every KPI must be identical, also after ClickHouse
 * has read every topic a second time from the start (a redelivery).
 */
const kpisOf = async (env: NodeJS.ProcessEnv, dialect: Dialect) => {
  const warehouse = createWarehouse(loadConfig({ env }), dialect);
  await warehouse.connect();
  try {
    return (await runKpis(warehouse, ALL_TIME)).report;
  } finally {
    await warehouse.close();
  }
};

describe('PostgreSQL (Connect) and ClickHouse (Kafka engine) from the same topics', () => {
  const work = mkdtempSync(join(tmpdir(), 'ch-parity-'));
  let postgres: PipelineUnderTest | undefined;
  let clickhouse: ClickHouseIngestUnderTest | undefined;

  afterAll(async () => {
    await clickhouse?.cleanup({ keepTopics: true });
    await postgres?.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('gives identical KPIs, money to the cent, also after ClickHouse re-reads every record', async () => {
    postgres = await startPipelineUnderTest('chpar', work);
    clickhouse = await startClickHouseIngestUnderTest('chpar', work, { suffix: postgres.suffix });
    const run = await postgres.produce(['--count', '1500', '--seed', '61', '--stream', 'sales,clickstream,feedback']);
    expect(run.code, run.stderr).toBe(0);
    const landedInPostgres = await postgres.waitClean(run.reportFile, 120_000);
    expect(landedInPostgres.ok, describeCheck(landedInPostgres)).toBe(true);
    const landedInClickHouse = await clickhouse.waitClean(run.reportFile, 120_000);
    expect(landedInClickHouse.ok, describeCheck(landedInClickHouse)).toBe(true);
    const fromPostgres = await kpisOf(postgres.env, 'postgres');
    expect(fromPostgres.summary.orders).toBe(1500);
    expect(fromPostgres.summary.revenue).toBe(run.report.generator.revenue);
    expectSameReport(await kpisOf(clickhouse.env, 'clickhouse'), fromPostgres);

    // Redelivery: drop ClickHouse's ingests, move their groups back to the start, apply again.
    const ch = clickhouse;
    const group = ch.env.CLICKHOUSE_INGEST_GROUP as string;
    for (const stream of STREAMS)
      expect((await runTsCli('admin/connectors-cli.ts', ['delete', `${group}-${stream}`], ch.env)).code).toBe(0);
    const admin = createKafka({ brokers: testTargets().kafkaBrokers, clientId: 'it-chpar' }).admin();
    await admin.connect();
    try {
      // The engine's consumers do not leave their groups on close: the reset waits until the broker drops them.
      for (const [index, topic] of eventTopics(ch.suffix).entries()) {
        const reset = await pollUntil(
          () =>
            admin
              .resetOffsets({ groupId: `${group}-${STREAMS[index]}`, topic, earliest: true })
              .then(() => true)
              .catch(() => undefined),
          { timeoutMs: 60_000, intervalMs: 1_000 },
        );
        expect(reset, `offsets of ${group}-${STREAMS[index]} reset`).toBe(true);
      }
      const records = await recordsWritten(admin, eventTopics(ch.suffix));
      expect((await runTsCli('admin/connectors-cli.ts', ['apply'], ch.env)).code).toBe(0);
      // Re-read to the end: each group's committed offsets (the engine commits after the insert) reach
      // every partition's end again. The engine may read a batch more than once on the way (at least
      // once, like Connect), so the messages it counts are at least the records, not exactly them.
      const rereadToEnd = await pollUntil(
        async () => {
          for (const [index, topic] of eventTopics(ch.suffix).entries())
            if ((await groupLag(admin, `${group}-${STREAMS[index]}`, [topic])) > 0) return undefined;
          return true;
        },
        { timeoutMs: 120_000, intervalMs: 1_000 },
      );
      expect(rereadToEnd, 'every ClickHouse ingest group committed to the end of its topic again').toBe(true);
      const [read] = await ch.rows<{ read: number }>(
        'SELECT sum(num_messages_read) AS read FROM system.kafka_consumers WHERE database = currentDatabase()',
      );
      expect(Number(read?.read ?? 0)).toBeGreaterThanOrEqual(records);
    } finally {
      await admin.disconnect();
    }
    // Every record arrived twice: the table holds both copies until a merge, FINAL counts each key once.
    expect(await ch.lineStats()).toEqual({
      rows: run.report.generator.lines,
      distinctKeys: run.report.generator.lines,
      total: run.report.generator.revenue,
    });
    expectSameReport(await kpisOf(ch.env, 'clickhouse'), fromPostgres);
  }, 300_000);
});
