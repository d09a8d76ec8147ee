import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgClientConfig } from '../../admin/warehouse/postgres-connection.js';
import { readMigrations } from '../../admin/warehouse/sql-files.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { createScratchDatabase } from '../support/scratch-database.js';
import { runTsCli } from '../support/test-env.js';

const DB = 'admin/db-cli.ts';
const KPIS = 'admin/kpis-cli.ts';
/** The PostgreSQL migrations a fresh database gets, in order. */
const MIGRATIONS = readMigrations('postgres').map((migration) => migration.name);

describe('db:migrate, db:status, db:load and kpis on PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    scratch = await createScratchDatabase('it_dbcli');
    env = { ...process.env, PG_URL: scratch.url, WAREHOUSE: 'postgres' };
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it('--dry-run on an empty database lists the pending migration and exits 3', async () => {
    const run = await runTsCli(DB, ['migrate', '--dry-run'], env);
    expect(run.stdout).toContain(
      `Would apply to PostgreSQL at 127.0.0.1:${new URL(scratch.url).port}/${scratch.name}: ${MIGRATIONS.join(', ')}`,
    );
    expect(run.code).toBe(3);
  });

  it('applies migrations once, records them, and is idempotent', async () => {
    const first = await runTsCli(DB, ['migrate'], env);
    expect(first.code).toBe(0);
    for (const name of MIGRATIONS) expect(first.stdout).toMatch(new RegExp(`applied ${name} in \\d+ ms`));
    expect(first.stdout).toContain(
      `${MIGRATIONS.length} migration(s) applied, ${MIGRATIONS.length} in total. Roles: warehouse_sink (SELECT, INSERT, UPDATE, DELETE), warehouse_reader (SELECT).`,
    );
    const second = await runTsCli(DB, ['migrate'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`already up to date, ${MIGRATIONS.length} in total.`);
    const status = await runTsCli(DB, ['status', '--json', '--check'], env);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { dialect: string; migrations: Array<{ migration: string; state: string }> };
    expect(parsed.dialect).toBe('postgres');
    expect(parsed.migrations.map((m) => [m.migration, m.state])).toEqual(MIGRATIONS.map((name) => [name, 'applied']));
  });

  it('gives the sink role data rights and the reader role SELECT only', async () => {
    const config = loadConfig();
    const reader = new pg.Client(pgClientConfig(scratch.url, config.values.PG_READER_PASSWORD, { user: config.values.PG_READER_USER }));
    await reader.connect();
    try {
      await expect(reader.query('SELECT count(*) FROM sales_lines')).resolves.toBeDefined();
      await expect(
        reader.query("INSERT INTO feedback (feedback_id, ts, feature, rating, comment) VALUES (gen_random_uuid(), now(), 'search', 5, '')"),
      ).rejects.toThrow(/permission denied for table feedback/);
    } finally {
      await reader.end();
    }
    const sink = new pg.Client(pgClientConfig(scratch.url, config.values.PG_SINK_PASSWORD, { user: config.values.PG_SINK_USER }));
    await sink.connect();
    try {
      await sink.query(
        "INSERT INTO feedback (feedback_id, ts, feature, rating, comment) VALUES ('00000000-0000-4000-8000-000000000001', now(), 'search', 5, '')",
      );
      await expect(sink.query('CREATE TABLE sneaky (x int)')).rejects.toThrow(/permission denied for schema public/);
      await sink.query("DELETE FROM feedback WHERE feedback_id = '00000000-0000-4000-8000-000000000001'");
    } finally {
      await sink.end();
    }
  });

  it('db:load fills the tables and kpis reports exactly what was loaded', async () => {
    const load = await runTsCli(DB, ['load', '--count', '300', '--seed', '9', '--start', '2025-02-01T00:00:00.000Z'], env);
    expect(load.code).toBe(0);
    const revenue = /Revenue of this dataset: (\d+\.\d{2})\./.exec(load.stdout)?.[1];
    expect(revenue).toBeDefined();
    const html = join(mkdtempSync(join(tmpdir(), 'kpis-')), 'report.html');
    const kpis = await runTsCli(KPIS, ['--json', '--html', html], env);
    expect(kpis.code).toBe(0);
    const report = JSON.parse(kpis.stdout) as { summary: { revenue: string; orders: number } };
    expect(report.summary).toMatchObject({ revenue, orders: 300 });
    const since = await runTsCli(
      KPIS,
      ['--json', '--since', '2025-02-01T00:00:00.000Z', '--until', '2025-02-01T01:00:00.000Z', '--html', html],
      env,
    );
    expect((JSON.parse(since.stdout) as { summary: { orders: number } }).summary.orders).toBeLessThan(300);
    const again = await runTsCli(DB, ['load', '--count', '300', '--seed', '9', '--start', '2025-02-01T00:00:00.000Z'], env);
    expect(again.code).toBe(0);
    const after = JSON.parse((await runTsCli(KPIS, ['--json', '--html', html], env)).stdout) as { summary: unknown };
    expect(after.summary).toEqual(report.summary);
  });

  it('refuses to run when an applied migration changed, naming the file', async () => {
    const config = loadConfig();
    const admin = new pg.Client(pgClientConfig(scratch.url, config.values.PG_PASSWORD));
    await admin.connect();
    await admin.query("UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE name = '001_create_tables'");
    await admin.end();
    const run = await runTsCli(DB, ['migrate'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('sql/postgres/migrations/001_create_tables.sql changed after it was applied to PostgreSQL at');
    expect(run.stderr).toContain('Restore the file and put the change in a new migration.');
  });
});

describe('warehouse connection errors: one sentence naming the setting, exit 1', () => {
  it.each([
    [
      'a wrong port',
      { PG_URL: 'postgresql://postgres@127.0.0.1:1/warehouse' },
      'PostgreSQL at 127.0.0.1:1/warehouse could not be reached (ECONNREFUSED): check PG_URL',
    ],
    ['a wrong password', { PG_PASSWORD: 'wrong-password' }, 'rejected the password for user postgres: check PG_PASSWORD.'],
    [
      'a missing database',
      { PG_URL: `${loadConfig().values.PG_URL?.replace(/\/[^/]*$/, '')}/no_such_db` },
      '/no_such_db has no such database: check the database name in PG_URL.',
    ],
  ])('%s', async (_what, overrides, message) => {
    const run = await runTsCli(DB, ['status', '--warehouse', 'postgres'], { ...process.env, ...overrides });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unknown --warehouse is bad usage (exit 2)', async () => {
    const run = await runTsCli(DB, ['status', '--warehouse', 'oracle']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "option '--warehouse <name>' argument 'oracle' is invalid. Allowed choices are mssql, clickhouse, postgres.",
    );
  });
});
