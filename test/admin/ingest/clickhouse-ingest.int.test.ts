import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPipeline, type PipelineCheck } from '../../../admin/pipeline/check-pipeline.js';
import { loadReportToCheck } from '../../../admin/pipeline/producer-report.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { createKafka } from '../../../lib/kafka/kafka-client.js';
import { connectEnvelopeSerializer } from '../../../lib/schemas/connect-envelope.js';
import { EVENT_SCHEMAS } from '../../../lib/schemas/event-schemas.js';
import { eventTopics, topicOf } from '../../../lib/streams.js';
import { describeCheck, type ProducerRun } from '../../support/pipeline-under-test.js';
import { deleteTopics } from '../../support/read-topic.js';
import { clickhouseTestClient, createClickHouseScratch } from '../../support/scratch-database.js';
import { eventually, runTsCli, uniqueSuffix } from '../../support/test-env.js';

/**
 * ClickHouse consuming the topics itself (CLICKHOUSE_INGEST=kafka-engine) on the native stack's ClickHouse
 * service, managed with the connectors verbs: plan, apply, status, dlq, delete; every valid record lands
 * exactly once with the generator's revenue to the cent, and exactly the malformed ones go to ingest_errors.
 */
describe('the Kafka-engine ingest into ClickHouse, as code', () => {
  const suffix = `-ing${uniqueSuffix()}`;
  const group = `it-ingest${suffix}`;
  const work = mkdtempSync(join(tmpdir(), 'ingest-'));
  let scratch: Awaited<ReturnType<typeof createClickHouseScratch>>;
  let env: NodeJS.ProcessEnv;
  let db: ClickHouseClient;
  let runs = 0;
  const cli = (args: string[]) => runTsCli('admin/connectors-cli.ts', args, env);
  const rows = async <T>(query: string): Promise<T[]> => (await (await db.query({ query, format: 'JSONEachRow' })).json()) as T[];

  async function produce(args: string[]): Promise<ProducerRun> {
    runs += 1;
    const reportFile = join(work, `report-${runs}.json`);
    const run = await runTsCli('producer/cli.ts', [...args, '--profile', 'compact', '--report', reportFile], env);
    expect(run.code, run.stderr).toBe(0);
    return { ...run, reportFile, report: JSON.parse(readFileSync(reportFile, 'utf8')) };
  }

  /** Waits until the check against the producer report is clean (a condition, not a sleep). */
  async function waitClean(run: ProducerRun): Promise<PipelineCheck> {
    const config = loadConfig({ env });
    const report = await loadReportToCheck(run.reportFile);
    let last: PipelineCheck | undefined;
    try {
      return await eventually(
        async () => {
          last = await checkPipeline(config, 'clickhouse', report);
          const clean = last.ok && last.streams.every((stream) => stream.unreadable.every((record) => record.deadLettered));
          return clean ? last : undefined;
        },
        120_000,
        'every record landed or dead-lettered',
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}: ${last ? describeCheck(last) : 'no check yet'}`);
    }
  }

  beforeAll(async () => {
    scratch = await createClickHouseScratch('it_ingest');
    env = { ...scratch.env, CLICKHOUSE_INGEST: 'kafka-engine', CLICKHOUSE_INGEST_GROUP: group, TOPIC_SUFFIX: suffix };
    db = clickhouseTestClient(scratch.name);
  });

  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
    await deleteTopics(eventTopics(suffix)).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses to plan before db:migrate, then plans, dry-runs, applies and re-plans to nothing', async () => {
    const early = await cli(['plan', '--warehouse', 'clickhouse']);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain(
      `(database ${scratch.name}) has no tables sales_lines, user_events, feedback yet: run npm run db:migrate -- --warehouse clickhouse first`,
    );
    expect((await runTsCli('admin/db-cli.ts', ['migrate'], env)).code).toBe(0);
    const plan = await cli(['plan', '--warehouse', 'clickhouse']);
    expect(plan.code).toBe(3);
    expect(plan.stdout.trim().split('\n')).toEqual(
      ['sales', 'clickstream', 'feedback'].map(
        (stream) => `+ ${group}-${stream}: create the Kafka table, its views and the Null table (consumer group ${group}-${stream})`,
      ),
    );
    const dryRun = await cli(['apply', '--warehouse', 'clickhouse', '--dry-run']);
    expect(dryRun.code).toBe(3);
    expect(await rows("SELECT name FROM system.tables WHERE database = currentDatabase() AND engine = 'Kafka'")).toEqual([]);
    const apply = await cli(['apply', '--warehouse', 'clickhouse']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain(`created ${group}-sales\ncreated ${group}-clickstream\ncreated ${group}-feedback\n`);
    const again = await cli(['plan', '--warehouse', 'clickhouse']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`= ${group}-sales: unchanged`);
  });

  it('lands every valid record exactly once with the revenue to the cent, and exactly the malformed ones in ingest_errors', async () => {
    const run = await produce(['--count', '800', '--seed', '41', '--stream', 'sales,clickstream,feedback', '--invalid-rate', '0.02']);
    const check = await waitClean(run);
    expect(check.ok, describeCheck(check)).toBe(true);
    const lines = await rows<{ rows: number; keys: number; total: string }>(
      'SELECT count() AS rows, uniqExact(order_id, line_no) AS keys, sum(line_total) AS total FROM sales_lines FINAL',
    );
    expect(lines).toEqual([{ rows: run.report.generator.lines, keys: run.report.generator.lines, total: run.report.generator.revenue }]);
    const invalidSent = Object.fromEntries(Object.entries(run.report.topics).map(([topic, booked]) => [topic, booked.invalidSent]));
    const errors = await rows<{ topic: string; n: number }>('SELECT topic, count() AS n FROM ingest_errors GROUP BY topic ORDER BY topic');
    expect(Object.fromEntries(errors.map((row) => [row.topic, row.n]))).toEqual(
      Object.fromEntries(Object.entries(invalidSent).filter(([, n]) => n > 0)),
    );
    const dlq = await cli(['dlq', `${group}-sales`, '--json']);
    expect(dlq.code, dlq.stderr).toBe(0);
    expect(JSON.parse(dlq.stdout).count).toBe(run.report.topics[`sales_events${suffix}`]?.invalidSent);
    // Offsets are committed right after each block lands: wait for the commit, then every lag is 0.
    type StatusRow = { ingest: string; state: string; lag: number; deadLettered: number };
    const status = await eventually(
      async () => {
        const run = await cli(['status', '--warehouse', 'clickhouse', '--json']);
        const parsed = JSON.parse(run.stdout) as StatusRow[];
        return parsed.every((row) => row.lag === 0) ? parsed : undefined;
      },
      60_000,
      'every ingest consumer group to have committed its last offset',
    );
    expect(status.map((row) => [row.ingest, row.state, row.lag, row.deadLettered])).toEqual(
      ['sales', 'clickstream', 'feedback'].map((stream, index) => [`${group}-${stream}`, 'RUNNING', 0, Object.values(invalidSent)[index]]),
    );
  });

  it('reads the payload alone and the whole envelope (with epoch milliseconds, as written before 2026-12-08), and names a bad instant', async () => {
    const feedback = (id: string, ts: unknown) => ({
      feedback_id: `00000000-0000-4000-8000-0000000000${id}`,
      ts,
      customer_id: null,
      feature: 'search',
      rating: 4,
      comment: `case ${id}`,
    });
    const envelope = JSON.parse(connectEnvelopeSerializer(EVENT_SCHEMAS.feedback)(feedback('00', '2025-01-31T12:34:56.789Z'))) as {
      schema: unknown;
    };
    const values = [
      JSON.stringify(feedback('a1', '2025-01-31T12:34:56.789Z')),
      JSON.stringify({ schema: envelope.schema, payload: feedback('a2', 1738326896789) }),
      JSON.stringify(feedback('a3', '2025-02-30T00:00:00.000Z')),
      JSON.stringify(feedback('a4', 'yesterday')),
      '[1, 2]',
    ];
    const producer = createKafka({ brokers: loadConfig({ env }).values.KAFKA_BROKERS }).producer();
    await producer.connect();
    await producer.send({ topic: topicOf('feedback', suffix), messages: values.map((value, index) => ({ key: `case-${index}`, value })) });
    await producer.disconnect();
    const landed = await eventually(
      async () => {
        const found = await rows<{ feedback_id: string; ts: string }>(
          "SELECT feedback_id, toString(ts) AS ts FROM feedback FINAL WHERE comment IN ('case a1', 'case a2') ORDER BY comment",
        );
        return found.length === 2 ? found : undefined;
      },
      60_000,
      'the two good records in feedback',
    );
    expect(landed.map((row) => row.ts)).toEqual(['2025-01-31 12:34:56.789', '2025-01-31 12:34:56.789']);
    const refused = await eventually(
      async () => {
        const found = await rows<{ key: string; error: string }>(
          "SELECT key, error FROM ingest_errors WHERE key LIKE 'case-%' ORDER BY key",
        );
        return found.length === 3 ? found : undefined;
      },
      60_000,
      'the three bad records in ingest_errors',
    );
    expect(refused).toEqual([
      { key: 'case-2', error: 'ts is not a real UTC instant written as 2025-01-31T12:34:56.789Z' },
      { key: 'case-3', error: 'ts is not a real UTC instant written as 2025-01-31T12:34:56.789Z' },
      { key: 'case-4', error: 'the record is not a JSON object' },
    ]);
  });

  it('re-creates an ingest whose DDL changed with the same consumer group: nothing replayed, nothing skipped', async () => {
    // What apply recorded no longer matches the file (as after an edit of the settings): plan says update.
    await db.insert({ table: 'ingest_state', values: [{ stream: 'sales', checksum: 'edited-elsewhere' }], format: 'JSONEachRow' });
    const plan = await cli(['plan', '--warehouse', 'clickhouse']);
    expect(plan.code).toBe(3);
    expect(plan.stdout).toContain(`~ ${group}-sales: the DDL changed`);
    const apply = await cli(['apply', '--warehouse', 'clickhouse']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain(`re-created ${group}-sales`);
    const run = await produce(['--count', '200', '--seed', '42', '--stream', 'sales', '--start', '2025-06-01T00:00:00Z']);
    await waitClean(run);
    // The new Kafka table's consumer read exactly the records sent after it was created: no replay of the first run.
    const consumed = await rows<{ read: number }>(
      `SELECT sum(num_messages_read) AS read FROM system.kafka_consumers WHERE database = currentDatabase() AND table = 'ingest_sales_lines_kafka'`,
    );
    expect(consumed).toEqual([{ read: run.report.topics[`sales_events${suffix}`]?.sent }]);
  });

  it('deletes one ingest by name (its table and errors stay), and says so when there is none', async () => {
    const before = await rows<{ n: number }>('SELECT count() AS n FROM feedback');
    const deleted = await cli(['delete', `${group}-feedback`]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain(
      `deleted ${group}-feedback (its consumer group's offsets stay in Kafka; the table and ingest_errors keep their rows)`,
    );
    expect(await rows("SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE 'ingest_feedback%'")).toEqual([]);
    expect(await rows<{ n: number }>('SELECT count() AS n FROM feedback')).toEqual(before);
    const missing = await cli(['delete', `${group}-feedback`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`There is no ingest ${group}-feedback on ClickHouse at`);
    const plan = await cli(['plan', '--warehouse', 'clickhouse']);
    expect(plan.code).toBe(3);
    expect(plan.stdout).toContain(`+ ${group}-feedback: create`);
  });
});
