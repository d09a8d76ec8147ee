import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectClient } from '../../admin/connect/connect-client.js';
import type { DeadLetterReport } from '../../admin/connectors/dead-letters.js';
import { pgClientConfig } from '../../admin/warehouse/postgres-connection.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { createKafka } from '../../lib/kafka/kafka-client.js';
import { eventTopics } from '../../lib/streams.js';
import { pgConnectors, pgDeadLetterTopics } from '../support/pipeline-under-test.js';
import { deleteTopics } from '../support/read-topic.js';
import { createScratchDatabase } from '../support/scratch-database.js';
import { eventually, runTsCli, testTargets, uniqueSuffix } from '../support/test-env.js';

/**
 * The repository's PostgreSQL connector files, applied for real: the producer's records land in the
 * tables db:migrate created, with exact money; malformed records go to the dead-letter topic with
 * their context headers; resetting offsets re-reads everything and changes no row.
 */
const PREFIX = 'itp';
const CONNECTORS = pgConnectors(PREFIX);
const SALES = `${PREFIX}-postgres-sales`;

describe('producer → Kafka → Debezium JDBC sinks → PostgreSQL, with the files in connectors/postgres', () => {
  const suffix = `-e2e${uniqueSuffix()}`;
  const targets = testTargets();
  const client = new ConnectClient(targets.connectUrl);
  const work = mkdtempSync(join(tmpdir(), 'e2e-'));
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let env: NodeJS.ProcessEnv;
  let db: pg.Client;
  let lettersBeforeReset = 0;
  let report: { generator: { lines: number; revenue: string; clickstreamEvents: number; feedback: number } };

  const count = async (table: string) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);

  beforeAll(async () => {
    scratch = await createScratchDatabase('it_e2e');
    env = {
      ...process.env,
      PG_URL: scratch.url,
      WAREHOUSE: 'postgres',
      CONNECTOR_PREFIX: PREFIX,
      TOPIC_SUFFIX: suffix,
      PG_SINK_JDBC_URL: scratch.sinkJdbcUrl,
    };
    expect((await runTsCli('admin/db-cli.ts', ['migrate'], env)).code).toBe(0);
    db = new pg.Client(pgClientConfig(scratch.url, loadConfig().values.PG_PASSWORD));
    await db.connect();
  });

  afterAll(async () => {
    for (const name of CONNECTORS) await client.deleteConnector(name).catch(() => undefined);
    await db?.end();
    await deleteTopics([...eventTopics(suffix), ...pgDeadLetterTopics(suffix)]);
    await scratch?.drop();
  });

  it('lands every produced record exactly once, money to the cent', async () => {
    const reportFile = join(work, 'report.json');
    const produced = await runTsCli(
      'producer/cli.ts',
      [
        '--count',
        '400',
        '--seed',
        '12',
        '--stream',
        'sales,clickstream,feedback',
        '--start',
        '2025-05-01T00:00:00.000Z',
        '--profile',
        'compact',
        '--report',
        reportFile,
      ],
      env,
    );
    expect(produced.code).toBe(0);
    report = JSON.parse(readFileSync(reportFile, 'utf8'));

    // Two records the value converter cannot read: not JSON, and JSON without the stream's fields.
    const producer = createKafka({ brokers: targets.kafkaBrokers }).producer();
    await producer.connect();
    await producer.send({
      topic: `sales_events${suffix}`,
      messages: [
        { key: 'bad-1', value: '{"broken": ' },
        { key: 'bad-2', value: JSON.stringify({ order_id: 'bad-2', note: 'not a sales line' }) },
      ],
    });
    await producer.disconnect();

    const apply = await runTsCli('admin/connectors-cli.ts', ['apply', '--settle', '3s'], env);
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('All 3 connector(s) RUNNING.');

    await eventually(
      async () =>
        (await count('sales_lines')) === report.generator.lines &&
        (await count('user_events')) === report.generator.clickstreamEvents &&
        (await count('feedback')) === report.generator.feedback
          ? true
          : undefined,
      120_000,
      'every produced record in its table',
    );
    const total = await db.query<{ total: string }>('SELECT sum(line_total)::text AS total FROM sales_lines');
    expect(total.rows[0]?.total).toBe(report.generator.revenue);
  });

  it('connectors:dlq shows the malformed records with their error context', async () => {
    // With one task per partition a rebalance while the tasks start may hand a partition to another task
    // before the dead-lettered records' offsets were committed, which dead-letters them again: letters
    // are at least once, so the report counts the distinct records they stand for as well.
    const dlq = await eventually(
      async () => {
        const run = await runTsCli('admin/connectors-cli.ts', ['dlq', SALES, '--json', '--limit', '20'], env);
        const parsed = JSON.parse(run.stdout) as DeadLetterReport;
        return parsed.records === 2 ? parsed : undefined;
      },
      60_000,
      'two dead-lettered records',
    );
    expect(dlq.topic).toBe(`dlq-ecom-postgres-sales${suffix}`);
    expect(dlq.count).toBeGreaterThanOrEqual(2);
    expect(dlq.first).toHaveLength(dlq.count);
    expect([...new Set(dlq.first.map((letter) => letter.key))].sort()).toEqual(['bad-1', 'bad-2']);
    for (const letter of dlq.first) {
      expect(letter.errors.stage).toBe('VALUE_CONVERTER');
      expect(letter.errors.topic).toBe(`sales_events${suffix}`);
      expect(letter.errors['exception.class.name']).toBe('org.apache.kafka.connect.errors.DataException');
      expect(letter.errors['connector.name']).toBe(SALES);
    }
    lettersBeforeReset = dlq.count;
    const text = await runTsCli('admin/connectors-cli.ts', ['dlq', SALES], env);
    expect(text.stdout).toContain(`${dlq.count} dead letter(s) in dlq-ecom-postgres-sales${suffix}`);
    expect(text.stdout).toMatch(/stage VALUE_CONVERTER, org\.apache\.kafka\.connect\.errors\.DataException/);
  });

  it('connectors:offsets shows committed offsets; --reset re-reads everything and no row changes', async () => {
    const committed = await eventually(
      async () => {
        const run = await runTsCli('admin/connectors-cli.ts', ['offsets', SALES, '--json'], env);
        const parsed = JSON.parse(run.stdout) as {
          offsets: Array<{ partition: { kafka_topic: string }; offset: { kafka_offset: number } }>;
        };
        // The consumer group may remember other topics from earlier runs of a connector with this name.
        const ours = parsed.offsets.filter((entry) => entry.partition.kafka_topic === `sales_events${suffix}`);
        const sum = ours.reduce((total, entry) => total + entry.offset.kafka_offset, 0);
        // Connect commits a partition's position past a dead-lettered record only once a later record there is
        // processed, so the two malformed records (sent last) may stay uncommitted; every valid one is.
        return sum >= report.generator.lines ? sum : undefined;
      },
      60_000,
      'committed offsets covering every sales record',
    );
    expect(committed).toBeGreaterThanOrEqual(report.generator.lines);
    expect(committed).toBeLessThanOrEqual(report.generator.lines + 2);
    const refused = await runTsCli('admin/connectors-cli.ts', ['offsets', SALES, '--reset'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --yes to confirm');
    const before = await db.query('SELECT order_id, line_no, line_total::text, ingested_at FROM sales_lines ORDER BY 1, 2');
    const reset = await runTsCli('admin/connectors-cli.ts', ['offsets', SALES, '--reset', '--yes'], env);
    expect(reset.stderr).toBe('');
    expect(reset.code).toBe(0);
    // The re-read dead-letters the two malformed records again; rows stay exactly as they were (upsert).
    await eventually(
      async () => {
        const run = await runTsCli('admin/connectors-cli.ts', ['dlq', SALES, '--json'], env);
        const parsed = JSON.parse(run.stdout) as DeadLetterReport;
        return parsed.count >= lettersBeforeReset + 2 && parsed.records === 2 ? true : undefined;
      },
      90_000,
      'the malformed records dead-lettered again after the reset',
    );
    const after = await db.query('SELECT order_id, line_no, line_total::text, ingested_at FROM sales_lines ORDER BY 1, 2');
    expect(after.rows.length).toBe(before.rows.length);
    expect(after.rows.map((row) => [row.order_id, row.line_no, row.line_total])).toEqual(
      before.rows.map((row) => [row.order_id, row.line_no, row.line_total]),
    );
  });

  it('pipeline:check reconciles every topic with its table, and fails on a missing or an extra row', async () => {
    const run = await runTsCli('admin/pipeline-cli.ts', ['check', '--json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      ok: boolean;
      streams: Array<{
        table: string;
        topicKeys: number;
        landed: number;
        missing: string[];
        extra: string[];
        unreadable: Array<{ deadLettered: boolean }>;
      }>;
    };
    const sales = result.streams.find((stream) => stream.table === 'sales_lines');
    expect(sales).toMatchObject({ topicKeys: report.generator.lines, landed: report.generator.lines, missing: [], extra: [] });
    expect(sales?.unreadable.map((record) => record.deadLettered)).toEqual([true, true]);
    expect(result.streams.find((stream) => stream.table === 'user_events')?.landed).toBe(report.generator.clickstreamEvents);
    expect(result.streams.find((stream) => stream.table === 'feedback')?.landed).toBe(report.generator.feedback);

    const gone = (
      await db.query<{ order_id: string; line_no: number }>(
        'DELETE FROM sales_lines WHERE ctid = (SELECT min(ctid) FROM sales_lines) RETURNING order_id, line_no',
      )
    ).rows[0];
    await db.query(
      "INSERT INTO feedback (feedback_id, ts, customer_id, feature, rating, comment) VALUES ('00000000-0000-4000-8000-0000000000ee', now(), NULL, 'search', 5, '')",
    );
    const broken = await runTsCli('admin/pipeline-cli.ts', ['check'], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`sales_events${suffix} missing: ${gone?.order_id}|${gone?.line_no}`);
    expect(broken.stdout).toContain(`feedback${suffix} extra: 00000000-0000-4000-8000-0000000000ee`);
    expect(broken.stdout).toContain('Some keys are missing or extra (see above).');
  });
});
