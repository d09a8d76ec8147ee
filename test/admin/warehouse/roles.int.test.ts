import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { CLICKHOUSE_SINK_STATE } from '../../../admin/warehouse/clickhouse-adapter.js';
import { createBenchWarehouse } from '../../../admin/warehouse/create-warehouse.js';
import { pgClientConfig } from '../../../admin/warehouse/postgres-connection.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import type { Dialect } from '../../../lib/warehouses.js';
import { clickhouseServerTarget } from '../../support/clickhouse-target.js';
import { mssqlTarget } from '../../support/mssql-target.js';
import { createScratchDatabase } from '../../support/scratch-database.js';
import { runTsCli, uniqueSuffix, withPgAdmin } from '../../support/test-env.js';

// Zero rows, but every server checks the INSERT right when it plans the statement.
const INSERT_NOTHING = 'INSERT INTO feedback SELECT * FROM feedback WHERE 1 = 0';
const SELECT_SOME = 'SELECT count(*) AS n FROM sales_lines';

/**
 * The migrations' role statements as Compose runs them: `db:migrate` with the sink and reader passwords
 * set (nothing else creates the logins there). The sink can log in with its password and write data but
 * not change the schema; the reader can only read.
 */
describe('db:migrate roles as Compose runs them: PostgreSQL', () => {
  it('gives the sink LOGIN with its password (data rights, no DDL) and the reader read-only LOGIN', async () => {
    const scratch = await createScratchDatabase('it_roles');
    const suffix = uniqueSuffix();
    const sink = { user: `it_sink_${suffix}`, password: `Sink-${suffix}-Aa1` };
    const reader = { user: `it_reader_${suffix}`, password: `Reader-${suffix}-Aa1` };
    try {
      const env = {
        ...process.env,
        WAREHOUSE: 'postgres',
        PG_URL: scratch.url,
        PG_SINK_USER: sink.user,
        PG_SINK_PASSWORD: sink.password,
        PG_READER_USER: reader.user,
        PG_READER_PASSWORD: reader.password,
      };
      const migrate = await runTsCli('admin/db-cli.ts', ['migrate'], env);
      expect(migrate.stderr).toBe('');
      expect(migrate.code).toBe(0);
      expect(migrate.stdout).toContain(`Roles: ${sink.user} (SELECT, INSERT, UPDATE, DELETE), ${reader.user} (SELECT).`);

      const as = async (login: { user: string; password: string }, sql: string) => {
        const url = new URL(scratch.url);
        url.username = login.user;
        const client = new pg.Client(pgClientConfig(url.toString(), login.password));
        await client.connect();
        try {
          return await client.query(sql);
        } finally {
          await client.end();
        }
      };
      expect((await as(sink, INSERT_NOTHING)).rowCount).toBe(0);
      await expect(as(sink, 'CREATE TABLE it_sink_ddl (x int)')).rejects.toThrow(/permission denied for schema public/);
      await expect(as({ ...sink, password: 'wrong' }, 'SELECT 1')).rejects.toThrow(/password authentication failed/);
      expect((await as(reader, SELECT_SOME)).rows).toEqual([{ n: '0' }]);
      await expect(as(reader, INSERT_NOTHING)).rejects.toThrow(/permission denied for table feedback/);
      // The rollups the Sales KPIs read (migration 003, created before the roles' default privileges).
      expect((await as(reader, 'SELECT count(*) AS n FROM sales_hourly_markets, rollup_state')).rows).toEqual([{ n: '0' }]);

      const unset = await runTsCli('admin/db-cli.ts', ['migrate'], { ...env, PG_SINK_PASSWORD: '' });
      expect(unset.code).toBe(2);
      expect(unset.stderr).toBe(
        `error: PG_SINK_PASSWORD is not set: db:migrate gives the sinks' login ${sink.user} that password and the connectors log in with it; set it in .env (npm run up generates one, the native stack writes its own).\n`,
      );
    } finally {
      await scratch.drop();
      await withPgAdmin(async (client) => {
        for (const role of [sink.user, reader.user]) await client.query(`DROP ROLE IF EXISTS ${role}`);
      });
    }
  });
});

const mssql = await mssqlTarget();
const clickhouse = await clickhouseServerTarget();
for (const [name, target] of [
  ['SQL Server', mssql],
  ['ClickHouse server', clickhouse],
] as const) {
  if (target.kind === 'skip')
    process.stdout.write(`[skip] ${name} roles: ${target.reason}. Set its URL variables (README, "Tests"), or run where Docker answers.\n`);
}
afterAll(async () => {
  for (const target of [mssql, clickhouse]) if (target.kind === 'server') await target.stop();
});

/** Runs statements on a server warehouse as the given login, through the project's own adapter. */
async function runAs(dialect: Dialect, env: NodeJS.ProcessEnv, statements: readonly string[]): Promise<void> {
  const warehouse = createBenchWarehouse(loadConfig({ env }), dialect);
  await warehouse.connect();
  try {
    for (const statement of statements) await warehouse.execute(statement);
  } finally {
    await warehouse.close();
  }
}

describe('db:migrate roles as Compose runs them: server warehouses (Docker or URL variables)', () => {
  it.skipIf(mssql.kind === 'skip')('SQL Server: the sink login writes data, the reader login only reads', async () => {
    if (mssql.kind === 'skip') return;
    const suffix = uniqueSuffix();
    const sinkPassword = `Sink-${suffix}-Aa1`;
    const readerPassword = `Reader-${suffix}-Aa1`;
    const admin = { ...process.env, WAREHOUSE: 'mssql', MSSQL_URL: mssql.url, MSSQL_PASSWORD: mssql.password ?? '' };
    const migrate = await runTsCli('admin/db-cli.ts', ['migrate'], {
      ...admin,
      MSSQL_SINK_PASSWORD: sinkPassword,
      MSSQL_READER_PASSWORD: readerPassword,
    });
    expect(migrate.code, migrate.stderr).toBe(0);
    const loginUrl = (login: string) => {
      const url = new URL(mssql.url);
      url.username = login;
      return url.toString();
    };
    const sink = { ...admin, MSSQL_URL: loginUrl('warehouse_sink_login'), MSSQL_PASSWORD: sinkPassword };
    const reader = { ...admin, MSSQL_URL: loginUrl('warehouse_reader_login'), MSSQL_PASSWORD: readerPassword };
    await runAs('mssql', sink, [INSERT_NOTHING]);
    await expect(runAs('mssql', sink, ['CREATE TABLE dbo.it_sink_ddl (x int)'])).rejects.toThrow(/CREATE TABLE permission denied/);
    await runAs('mssql', reader, [SELECT_SOME]);
    await expect(runAs('mssql', reader, [INSERT_NOTHING])).rejects.toThrow(/INSERT permission was denied/);
  });

  it.skipIf(clickhouse.kind === 'skip')(
    'ClickHouse: the sink user uses its exactly-once state table (created by the admin), the reader only reads',
    async () => {
      if (clickhouse.kind === 'skip') return;
      const suffix = uniqueSuffix();
      const sinkPassword = `Sink-${suffix}-Aa1`;
      const readerPassword = `Reader-${suffix}-Aa1`;
      const admin = { ...process.env, WAREHOUSE: 'clickhouse', CLICKHOUSE_URL: clickhouse.url, CLICKHOUSE_PASSWORD: clickhouse.password };
      const migrate = await runTsCli('admin/db-cli.ts', ['migrate'], {
        ...admin,
        CLICKHOUSE_SINK_PASSWORD: sinkPassword,
        CLICKHOUSE_READER_PASSWORD: readerPassword,
      });
      expect(migrate.code, migrate.stderr).toBe(0);
      const sink = { ...admin, CLICKHOUSE_USER: 'warehouse_sink_user', CLICKHOUSE_PASSWORD: sinkPassword };
      const reader = { ...admin, CLICKHOUSE_USER: 'warehouse_reader_user', CLICKHOUSE_PASSWORD: readerPassword };
      const state = CLICKHOUSE_SINK_STATE.table;
      // What the sink does at every task start and for every batch.
      await runAs('clickhouse', sink, [
        `CREATE TABLE IF NOT EXISTS ${state} (\`key\` String, minOffset Int64, maxOffset Int64, state String) ENGINE = KeeperMap('${CLICKHOUSE_SINK_STATE.keeperPath}') PRIMARY KEY \`key\``,
        `INSERT INTO ${state} VALUES ('it-roles-${suffix}', 0, 0, 'NONE')`,
        `SELECT * FROM ${state} WHERE \`key\` = 'it-roles-${suffix}'`,
        INSERT_NOTHING,
      ]);
      await expect(runAs('clickhouse', sink, ['CREATE TABLE it_sink_ddl (x Int8) ENGINE = Memory'])).rejects.toThrow(
        /ACCESS_DENIED|Not enough privileges/,
      );
      await runAs('clickhouse', reader, [SELECT_SOME]);
      await expect(runAs('clickhouse', reader, [INSERT_NOTHING])).rejects.toThrow(/ACCESS_DENIED|Not enough privileges/);
    },
  );
});
