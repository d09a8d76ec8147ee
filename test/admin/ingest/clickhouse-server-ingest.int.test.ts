import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickhouseServerTarget } from '../../support/clickhouse-target.js';
import { runTsCli, uniqueSuffix } from '../../support/test-env.js';

/**
 * The same ingest SQL on a ClickHouse server (the one Compose runs), when CLICKHOUSE_TEST_URL is set or a
 * Docker engine answers: the server accepts the generated DDL, plan/apply/delete manage it as on the
 * native stack's service. (The server may not reach this machine's broker, so rows are not asserted here:
 * the native stack's tests prove the data path with the same files.)
 */
const target = await clickhouseServerTarget();
if (target.kind === 'skip') {
  process.stdout.write(
    `[skip] ClickHouse server Kafka-engine ingest: ${target.reason}. Set CLICKHOUSE_TEST_URL and CLICKHOUSE_PASSWORD, or run where Docker answers.\n`,
  );
}

describe.skipIf(target.kind === 'skip')('the Kafka-engine ingest on a ClickHouse server', () => {
  const database = `it_server_ingest_${uniqueSuffix()}`;
  const group = `it-server-ingest-${uniqueSuffix()}`;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    if (target.kind !== 'server') return;
    env = {
      ...process.env,
      WAREHOUSE: 'clickhouse',
      CLICKHOUSE_URL: target.url,
      CLICKHOUSE_PASSWORD: target.password,
      CLICKHOUSE_SINK_PASSWORD: 'sink-It-1',
      CLICKHOUSE_READER_PASSWORD: 'reader-It-1',
      CLICKHOUSE_DATABASE: database,
      CLICKHOUSE_INGEST: 'kafka-engine',
      CLICKHOUSE_INGEST_GROUP: group,
      TOPIC_SUFFIX: `-${group}`,
    };
  });

  afterAll(async () => {
    if (target.kind !== 'server') return;
    await fetch(`${target.url}/?user=default&password=${encodeURIComponent(target.password)}`, {
      method: 'POST',
      body: `DROP DATABASE IF EXISTS ${database} SYNC`,
    }).catch(() => undefined);
    await target.stop();
  });

  it('accepts the generated DDL: plan, apply, plan again, delete', async () => {
    const migrate = await runTsCli('admin/db-cli.ts', ['migrate'], env);
    expect(migrate.code, migrate.stdout + migrate.stderr).toBe(0);
    const plan = await runTsCli('admin/connectors-cli.ts', ['plan'], env);
    expect(plan.code, plan.stderr).toBe(3);
    const apply = await runTsCli('admin/connectors-cli.ts', ['apply'], env);
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(apply.stdout).toContain(`created ${group}-sales\ncreated ${group}-clickstream\ncreated ${group}-feedback\n`);
    const again = await runTsCli('admin/connectors-cli.ts', ['plan'], env);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const deleted = await runTsCli('admin/connectors-cli.ts', ['delete', `${group}-feedback`], env);
    expect(deleted.code, deleted.stderr).toBe(0);
    const after = await runTsCli('admin/connectors-cli.ts', ['plan'], env);
    expect(after.code).toBe(3);
    expect(after.stdout).toContain(`+ ${group}-feedback: create`);
  });
});
