import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllRecords } from '../../admin/pipeline/read-all-records.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { createKafka } from '../../lib/kafka/kafka-client.js';
import { topicOf } from '../../lib/streams.js';
import { createClickHouseScratch, createScratchDatabase } from '../support/scratch-database.js';
import { runTsCli, testTargets, uniqueSuffix } from '../support/test-env.js';

/** Commands run before the setup they need, and outputs that cannot be written: one sentence, exit 1, no work done. */
describe('before db:migrate, and with paths that cannot be written', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let clickhouse: Awaited<ReturnType<typeof createClickHouseScratch>>;
  let env: NodeJS.ProcessEnv;
  const suffix = `-bs${uniqueSuffix()}`;

  beforeAll(async () => {
    scratch = await createScratchDatabase('it_before');
    clickhouse = await createClickHouseScratch('it_before');
    env = { ...process.env, WAREHOUSE: 'postgres', PG_URL: scratch.url, CLICKHOUSE_DATABASE: clickhouse.name, TOPIC_SUFFIX: suffix };
  });
  afterAll(async () => {
    await scratch?.drop();
    await clickhouse?.drop();
  });

  const missing = (where: string, dialect: string) =>
    `error: ${where} has no tables sales_lines, user_events, feedback, sales_hourly_markets, sales_hourly_products, sales_hourly_customers, session_hours, rollup_state yet: run npm run db:migrate -- --warehouse ${dialect} first (it creates the tables and roles).\n`;

  it('kpis, db:load, pipeline:check and notebooks say the tables are missing and which command creates them', async () => {
    const where = `PostgreSQL at ${new URL(scratch.url).host}/${scratch.name}`;
    for (const [script, args] of [
      ['admin/kpis-cli.ts', []],
      ['admin/db-cli.ts', ['load', '--count', '5']],
      ['admin/pipeline-cli.ts', ['check']],
      ['admin/notebooks-cli.ts', ['run']],
    ] as const) {
      const run = await runTsCli(script, args, env);
      expect({ script, code: run.code, stderr: run.stderr }).toEqual({ script, code: 1, stderr: missing(where, 'postgres') });
    }
    for (const [script, args] of [
      ['admin/kpis-cli.ts', ['--warehouse', 'clickhouse']],
      ['admin/db-cli.ts', ['load', '--warehouse', 'clickhouse', '--count', '5']],
    ] as const) {
      const run = await runTsCli(script, args, env);
      expect({ script, code: run.code, stderr: run.stderr }).toEqual({
        script,
        code: 1,
        stderr: missing(
          `ClickHouse at ${new URL(loadConfig().values.CLICKHOUSE_URL ?? '').host} (database ${clickhouse.name})`,
          'clickhouse',
        ),
      });
    }
  });

  it('kpis --json still prints its report when the HTML page cannot be written, then exits 1 and says why', async () => {
    expect((await runTsCli('admin/db-cli.ts', ['migrate'], env)).code).toBe(0);
    const run = await runTsCli('admin/kpis-cli.ts', ['--json', '--html', '/proc/kpis.html'], env);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ summary: { orders: 0, revenue: '0.00' } });
    expect(run.stderr).toBe(
      'error: --html /proc/kpis.html cannot be written: /proc/kpis.html lies in a kernel pseudo-filesystem (/proc, /sys, /dev). The report is above; choose another path.\n',
    );
  });

  it('produce --report into a folder is refused before a single record reaches Kafka', async () => {
    const run = await runTsCli('producer/cli.ts', ['--count', '20', '--stream', 'sales', '--report', tmpdir()], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: --report ${tmpdir()} cannot be written: ${tmpdir()} is a folder; give a file name. Choose another path.\n`,
    );
    const kafka = createKafka({ brokers: testTargets().kafkaBrokers });
    const admin = kafka.admin();
    await admin.connect();
    const topics = await admin.listTopics();
    await admin.disconnect();
    const topic = topicOf('sales', suffix);
    expect(topics.includes(topic) ? (await readAllRecords(kafka, topic)).length : 0).toBe(0);
  });

  it('notebooks --out that is a file is one sentence, not a Python traceback', async () => {
    const run = await runTsCli('admin/notebooks-cli.ts', ['run', '--out', join(process.cwd(), 'package.json')], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: --out ${join(process.cwd(), 'package.json')} cannot be written: ${join(process.cwd(), 'package.json')} is a file; give a folder. Choose another path.\n`,
    );
  });
});
