import pg from 'pg';
import { describeCause, PipelineError } from '../../lib/errors.js';
import { ROLLUP_TABLES, TABLE_NAMES, type TableName } from '../../lib/streams.js';
import type { HourRange, RollupState } from '../rollups/rollup-plan.js';
import type { AppliedMigration } from './migration-plan.js';
import { pgClientConfig } from './postgres-connection.js';
import { bindRange, type MigrationFile, readRollupSql, splitStatements } from './sql-files.js';
import type { IngestedRow, WarehouseAdapter } from './warehouse-adapter.js';

export interface PostgresSettings {
  readonly url: string;
  readonly password: string | undefined;
  readonly sinkUser: string;
  /** Without it the sink role is created NOLOGIN (the native stack then grants LOGIN itself). */
  readonly sinkPassword: string | undefined;
  readonly readerUser: string;
  readonly readerPassword: string | undefined;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

// Timestamps and dates come back as the server's text, normalised per KPI column kind (never local time).
const RAW_TEXT_TYPES = new Set([1082, 1114, 1184]);
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    RAW_TEXT_TYPES.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format ?? 'text'),
};

export class PostgresAdapter implements WarehouseAdapter {
  readonly dialect = 'postgres' as const;
  readonly description: string;
  private client: pg.Client | undefined;
  private readonly columnTypes = new Map<TableName, Array<{ name: string; type: string }>>();

  constructor(private readonly settings: PostgresSettings) {
    const url = new URL(settings.url);
    this.description = `PostgreSQL at ${url.host}${url.pathname}`;
  }

  private get db(): pg.Client {
    if (!this.client) throw new Error('PostgresAdapter used before connect()');
    return this.client;
  }

  async connect(): Promise<void> {
    const client = new pg.Client({ ...pgClientConfig(this.settings.url, this.settings.password), types });
    try {
      await client.connect();
      await client.query("SET TIME ZONE 'UTC'");
    } catch (error) {
      await client.end().catch(() => undefined);
      throw this.connectionError(error);
    }
    this.client = client;
  }

  private connectionError(error: unknown): PipelineError {
    const code = (error as { code?: string }).code;
    const user = pgClientConfig(this.settings.url, undefined).user;
    const reason =
      code === '28P01'
        ? `rejected the password for user ${user}: check PG_PASSWORD`
        : code === '3D000'
          ? 'has no such database: check the database name in PG_URL'
          : code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT'
            ? `could not be reached (${code}): check PG_URL, and that the server runs (npm run stack:status)`
            : `refused the connection (${describeCause(error)}): check PG_URL and PG_PASSWORD`;
    return new PipelineError('WAREHOUSE_ERROR', `${this.description} ${reason}.`, { cause: error });
  }

  async appliedMigrations(): Promise<AppliedMigration[]> {
    await this.db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name varchar(200) PRIMARY KEY, checksum char(64) NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const result = await this.db.query<{ name: string; checksum: string; applied_at: string }>(
      'SELECT name, checksum, applied_at::text AS applied_at FROM schema_migrations ORDER BY name',
    );
    return result.rows.map((row) => ({ name: row.name, checksum: row.checksum, appliedAt: row.applied_at }));
  }

  async applyMigration(migration: MigrationFile): Promise<void> {
    await this.db.query('BEGIN');
    try {
      for (const statement of splitStatements(migration.sql)) await this.db.query(statement);
      await this.db.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [migration.name, migration.checksum]);
      await this.db.query('COMMIT');
    } catch (error) {
      await this.db.query('ROLLBACK').catch(() => undefined);
      throw new PipelineError(
        'WAREHOUSE_ERROR',
        `Migration ${migration.file} failed on ${this.description} and was rolled back: ${describeCause(error)}.`,
        {
          cause: error,
        },
      );
    }
  }

  async ensureRoles(): Promise<string[]> {
    const database = quoteIdent(pgClientConfig(this.settings.url, undefined).database as string);
    const done: string[] = [];
    for (const [user, password, rights] of [
      [this.settings.sinkUser, this.settings.sinkPassword, 'SELECT, INSERT, UPDATE, DELETE'],
      [this.settings.readerUser, this.settings.readerPassword, 'SELECT'],
    ] as const) {
      const role = quoteIdent(user);
      const exists = await this.db.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
      if (exists.rowCount === 0) await this.db.query(`CREATE ROLE ${role} ${password ? 'LOGIN' : 'NOLOGIN'}`);
      if (password) await this.db.query(`ALTER ROLE ${role} WITH LOGIN PASSWORD ${quoteLiteral(password)}`);
      await this.db.query(`ALTER ROLE ${role} SET timezone TO 'UTC'`);
      await this.db.query(`GRANT CONNECT ON DATABASE ${database} TO ${role}`);
      await this.db.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      // The rollups too: created by a migration before this, so the default privileges below do not cover them.
      await this.db.query(`GRANT ${rights} ON ${[...TABLE_NAMES, ...ROLLUP_TABLES].join(', ')} TO ${role}`);
      await this.db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ${rights} ON TABLES TO ${role}`);
      done.push(`${user} (${rights})`);
    }
    return done;
  }

  async queryRange(sql: string, range: { from: Date; to: Date }): Promise<Record<string, unknown>[]> {
    const result = await this.db.query(bindRange('postgres', sql), [range.from, range.to]);
    return result.rows;
  }

  async selectKeys(table: TableName, columns: readonly string[]): Promise<string[]> {
    const result = await this.db.query<{ k: string }>(
      `SELECT concat_ws('|', ${columns.map((c) => `${c}::text`).join(', ')}) AS k FROM ${table}`,
    );
    return result.rows.map((row) => row.k);
  }

  async ingestedSince(table: TableName, columns: readonly string[], since: Date): Promise<IngestedRow[]> {
    const result = await this.db.query<{ k: string; t: number }>(
      `SELECT concat_ws('|', ${columns.map((c) => `${c}::text`).join(', ')}) AS k, (extract(epoch FROM ingested_at) * 1000)::float8 AS t
       FROM ${table} WHERE ingested_at >= $1`,
      [since],
    );
    return result.rows.map((row) => ({ key: row.k, ingestedAtMs: Math.round(row.t) }));
  }

  async warehouseNow(): Promise<Date> {
    const result = await this.db.query<{ t: number }>('SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS t');
    return new Date(Math.round(result.rows[0]?.t ?? 0));
  }

  async rollupState(): Promise<RollupState | null> {
    const result = await this.db.query<{ c: number; w: number }>(
      `SELECT (extract(epoch FROM closed_before) * 1000)::float8 AS c, (extract(epoch FROM watermark) * 1000)::float8 AS w
       FROM rollup_state WHERE name = 'sales'`,
    );
    const row = result.rows[0];
    return row ? { closedBefore: new Date(Math.round(row.c)), watermark: new Date(Math.round(row.w)) } : null;
  }

  async lateRollupHours(since: Date, closedBefore: Date): Promise<Date[]> {
    const rows = await this.queryRange(readRollupSql('postgres', 'late_hours'), { from: since, to: closedBefore });
    return rows.map((row) => new Date(Math.round(Number(row.hour_ms))));
  }

  /** One transaction, under an advisory lock: readers see the rollups before or after, and refreshes queue. */
  async applyRollupRefresh(ranges: readonly HourRange[], next: RollupState): Promise<void> {
    const statements = splitStatements(readRollupSql('postgres', 'refresh')).map((statement) => bindRange('postgres', statement));
    await this.db.query('BEGIN');
    try {
      await this.db.query("SELECT pg_advisory_xact_lock(hashtext('sales_rollups'))");
      for (const range of ranges) for (const statement of statements) await this.db.query(statement, [range.from, range.to]);
      await this.db.query(
        `INSERT INTO rollup_state (name, closed_before, watermark, refreshed_at) VALUES ('sales', $1, $2, now())
         ON CONFLICT (name) DO UPDATE SET closed_before = EXCLUDED.closed_before, watermark = EXCLUDED.watermark, refreshed_at = now()`,
        [next.closedBefore, next.watermark],
      );
      await this.db.query('COMMIT');
    } catch (error) {
      await this.db.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async clearRollups(): Promise<void> {
    await this.db.query(`TRUNCATE ${ROLLUP_TABLES.join(', ')}`);
  }

  async execute(sql: string): Promise<void> {
    await this.db.query(sql);
  }

  async existingTables(): Promise<string[]> {
    const result = await this.db.query<{ name: string }>(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()',
    );
    return result.rows.map((row) => row.name);
  }

  async rowCounts(): Promise<Record<TableName, number>> {
    const counts = {} as Record<TableName, number>;
    for (const table of TABLE_NAMES) {
      const result = await this.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      counts[table] = Number(result.rows[0]?.n ?? 0);
    }
    return counts;
  }

  private async columnsOf(table: TableName) {
    let columns = this.columnTypes.get(table);
    if (!columns) {
      const result = await this.db.query<{ column_name: string; udt_name: string }>(
        `SELECT column_name, udt_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 AND column_name <> 'ingested_at' ORDER BY ordinal_position`,
        [table],
      );
      columns = result.rows.map((row) => ({ name: row.column_name, type: row.udt_name }));
      if (columns.length === 0)
        throw new PipelineError('WAREHOUSE_ERROR', `${this.description} has no table ${table}: run \`npm run db:migrate\` first.`);
      this.columnTypes.set(table, columns);
    }
    return columns;
  }

  /** One INSERT … SELECT FROM unnest(column arrays) per chunk; existing keys are left alone. */
  async bulkLoad(table: TableName, rows: readonly Record<string, unknown>[]): Promise<void> {
    const columns = await this.columnsOf(table);
    const chunk = 10_000;
    for (let start = 0; start < rows.length; start += chunk) {
      const slice = rows.slice(start, start + chunk);
      const arrays = columns.map((column) => slice.map((row) => row[column.name] ?? null));
      const casts = columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(', ');
      await this.db.query(
        `INSERT INTO ${table} (${columns.map((column) => column.name).join(', ')}) SELECT * FROM unnest(${casts}) ON CONFLICT DO NOTHING`,
        arrays,
      );
    }
  }

  async close(): Promise<void> {
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}
