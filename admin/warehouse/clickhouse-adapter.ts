import { type ClickHouseClient, ClickHouseLogLevel, type ClickHouseSettings, createClient } from '@clickhouse/client';
import { describeCause, PipelineError } from '../../lib/errors.js';
import { ROLLUP_TABLES, TABLE_NAMES, type TableName } from '../../lib/streams.js';
import { EMBEDDED_SERVER_DISPLAY_NAME } from '../../stack/clickhouse/service-identity.js';
import type { HourRange, RollupState } from '../rollups/rollup-plan.js';
import type { AppliedMigration } from './migration-plan.js';
import { bindRange, type MigrationFile, readRollupSql, splitStatements } from './sql-files.js';
import type { IngestedRow, WarehouseAdapter } from './warehouse-adapter.js';

export interface ClickHouseSettingsInput {
  /** ClickHouse's HTTP interface: a server, or the native stack's ClickHouse service (CLICKHOUSE_URL). */
  readonly url: string | undefined;
  readonly user: string;
  readonly password: string | undefined;
  readonly database: string;
  /** Benchmarks only: the embedded engine in this process, on this data directory, instead of `url`. */
  readonly chdbPath?: string;
  /** Benchmarks only: how long one request may take (the client's default, 30 s, is too short for their bulk copies). */
  readonly requestTimeoutMs?: number;
  /** The user the sinks log in as (CLICKHOUSE_SINK_USER), given role warehouse_sink. */
  readonly sinkUser: string;
  readonly sinkPassword: string | undefined;
  readonly readerPassword: string | undefined;
}

/**
 * The ClickHouse sink's exactly-once state: a KeeperMap table in the sink's database. connectors/clickhouse
 * names both (`zkDatabase`, `zkPath`); db:migrate creates the table as admin (a unit test keeps them equal).
 */
export const CLICKHOUSE_SINK_STATE = { table: 'connect_state', keeperPath: '/kafka-connect' } as const;

const SETTINGS: ClickHouseSettings = {
  // Decimals as exact strings with their scale, 64-bit integers as strings: nothing passes through a float.
  output_format_json_quote_decimals: 1,
  output_format_decimal_trailing_zeros: 1,
  output_format_json_quote_64bit_integers: 1,
  date_time_input_format: 'best_effort',
  session_timezone: 'UTC',
};

/** "2025-01-31 12:34:56.789": the DateTime64 text form for query parameters. */
const clickhouseTime = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '');

export class ClickHouseAdapter implements WarehouseAdapter {
  readonly dialect = 'clickhouse' as const;
  readonly description: string;
  private client: ClickHouseClient | undefined;
  /** The native stack's service (the embedded engine behind the HTTP interface): it enforces the roles itself. */
  private embeddedService = false;

  constructor(private readonly settings: ClickHouseSettingsInput) {
    this.description = settings.chdbPath
      ? `embedded ClickHouse (chdb, in this process) at ${settings.chdbPath}`
      : settings.url
        ? `ClickHouse at ${new URL(settings.url).host} (database ${settings.database})`
        : 'ClickHouse (no CLICKHOUSE_URL)';
  }

  private get db(): ClickHouseClient {
    if (!this.client) throw new Error('ClickHouseAdapter used before connect()');
    return this.client;
  }

  private async open(database: string | undefined): Promise<ClickHouseClient> {
    if (!this.settings.chdbPath) {
      return createClient({
        url: this.settings.url as string,
        username: this.settings.user,
        password: this.settings.password ?? '',
        database,
        clickhouse_settings: SETTINGS,
        ...(this.settings.requestTimeoutMs ? { request_timeout: this.settings.requestTimeoutMs } : {}),
        // Failures reach the user once, as this adapter's own message; the client would log each first.
        log: { level: ClickHouseLogLevel.OFF },
      });
    }
    const { createChdbConnection } = await import('chdb/connection');
    return createClient({
      connection: createChdbConnection({ path: this.settings.chdbPath }),
      database,
      clickhouse_settings: SETTINGS,
    } as Parameters<typeof createClient>[0]);
  }

  async connect(): Promise<void> {
    if (!this.settings.url && !this.settings.chdbPath) {
      throw new PipelineError(
        'CONFIG_INVALID',
        "WAREHOUSE=clickhouse needs CLICKHOUSE_URL: start the native stack's ClickHouse service (`npm run stack:up -- --warehouse clickhouse` writes it into .stack/endpoints.env), or point it at a ClickHouse server (Compose publishes http://127.0.0.1:8123).",
      );
    }
    try {
      const bootstrap = await this.open(undefined);
      await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${this.settings.database}` });
      await bootstrap.close();
      this.client = await this.open(this.settings.database);
      const probe = await this.client.query({ query: 'SELECT 1', format: 'JSONEachRow' });
      await probe.json();
      this.embeddedService = probe.response_headers['x-clickhouse-server-display-name'] === EMBEDDED_SERVER_DISPLAY_NAME;
    } catch (error) {
      const setting = this.settings.chdbPath
        ? 'one process at a time may use the data directory'
        : "check CLICKHOUSE_URL, CLICKHOUSE_USER and CLICKHOUSE_PASSWORD (npm run stack:status shows whether the native stack's ClickHouse runs)";
      throw new PipelineError('WAREHOUSE_ERROR', `${this.description} cannot be used (${describeCause(error)}): ${setting}.`, {
        cause: error,
      });
    }
  }

  private async rows(query: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
    const result = await this.db.query({ query, query_params: params, format: 'JSONEachRow' });
    return (await result.json()) as Record<string, unknown>[];
  }

  async appliedMigrations(): Promise<AppliedMigration[]> {
    await this.db.command({
      query: `CREATE TABLE IF NOT EXISTS schema_migrations (name String, checksum String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
              ENGINE = ReplacingMergeTree(applied_at) ORDER BY name`,
    });
    const rows = await this.rows('SELECT name, checksum, toString(applied_at) AS applied_at FROM schema_migrations FINAL ORDER BY name');
    return rows.map((row) => ({ name: String(row.name), checksum: String(row.checksum), appliedAt: String(row.applied_at) }));
  }

  /** ClickHouse has no transactions: the statements are idempotent (IF NOT EXISTS), so a failed run can be rerun. */
  async applyMigration(migration: MigrationFile): Promise<void> {
    try {
      for (const statement of splitStatements(migration.sql)) await this.db.command({ query: statement });
      await this.db.insert({
        table: 'schema_migrations',
        values: [{ name: migration.name, checksum: migration.checksum }],
        format: 'JSONEachRow',
      });
    } catch (error) {
      throw new PipelineError(
        'WAREHOUSE_ERROR',
        `Migration ${migration.file} failed on ${this.description}: ${describeCause(error)}. ClickHouse has no transactions; its statements are idempotent, so fix the cause and run db:migrate again.`,
        { cause: error },
      );
    }
  }

  /** Roles need a server: the embedded engine refuses CREATE ROLE / CREATE USER (the native stack's service enforces them). */
  async ensureRoles(): Promise<string[]> {
    if (this.settings.chdbPath) return [];
    if (this.embeddedService) {
      return [
        "none created: the embedded ClickHouse engine refuses role statements, so they were skipped; the native stack's ClickHouse service enforces warehouse_sink (no DDL) and warehouse_reader (read-only) itself",
      ];
    }
    const database = this.settings.database;
    const state = `${database}.${CLICKHOUSE_SINK_STATE.table}`;
    // The sink's exactly-once state (a KeeperMap table) is created here, by the admin, because the sink's
    // own CREATE only logs a failure when it lacks the right; the sink then reads and writes it.
    try {
      await this.db.command({
        query: `CREATE TABLE IF NOT EXISTS ${state} (\`key\` String, minOffset Int64, maxOffset Int64, state String) ENGINE = KeeperMap('${CLICKHOUSE_SINK_STATE.keeperPath}') PRIMARY KEY \`key\``,
      });
    } catch (error) {
      throw new PipelineError(
        'WAREHOUSE_ERROR',
        `${this.description} could not create the ClickHouse sink's exactly-once state table ${state} (${describeCause(error)}): KeeperMap needs ClickHouse Keeper; configure it as compose/clickhouse/keeper.xml does.`,
        { cause: error },
      );
    }
    const statements = [
      'CREATE ROLE IF NOT EXISTS warehouse_sink',
      `GRANT SELECT, INSERT ON ${database}.* TO warehouse_sink`,
      // The sink runs CREATE TABLE IF NOT EXISTS on its state table at every task start: exactly that right.
      `GRANT CREATE TABLE ON ${state} TO warehouse_sink`,
      'CREATE ROLE IF NOT EXISTS warehouse_reader',
      `GRANT SELECT ON ${database}.* TO warehouse_reader`,
    ];
    for (const [user, password, role] of [
      [this.settings.sinkUser, this.settings.sinkPassword, 'warehouse_sink'],
      ['warehouse_reader_user', this.settings.readerPassword, 'warehouse_reader'],
    ] as const) {
      if (!password) continue;
      const name = `\`${user.replaceAll('`', '\\`')}\``;
      const secret = `'${password.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
      statements.push(
        `CREATE USER IF NOT EXISTS ${name} IDENTIFIED WITH sha256_password BY ${secret}`,
        `ALTER USER ${name} IDENTIFIED WITH sha256_password BY ${secret}`,
        `GRANT ${role} TO ${name}`,
        `SET DEFAULT ROLE ${role} TO ${name}`,
      );
    }
    for (const query of statements) await this.db.command({ query });
    return ['warehouse_sink (SELECT, INSERT)', 'warehouse_reader (SELECT)'];
  }

  queryRange(sql: string, range: { from: Date; to: Date }): Promise<Record<string, unknown>[]> {
    return this.rows(bindRange('clickhouse', sql), { from: clickhouseTime(range.from), to: clickhouseTime(range.to) });
  }

  async warehouseNow(): Promise<Date> {
    const rows = await this.rows('SELECT toUnixTimestamp64Milli(now64(3)) AS t');
    return new Date(Number(rows[0]?.t ?? 0));
  }

  async rollupState(): Promise<RollupState | null> {
    const rows = await this.rows(
      "SELECT toUnixTimestamp64Milli(closed_before) AS c, toUnixTimestamp64Milli(watermark) AS w FROM rollup_state FINAL WHERE name = 'sales'",
    );
    const row = rows[0];
    return row ? { closedBefore: new Date(Number(row.c)), watermark: new Date(Number(row.w)) } : null;
  }

  async lateRollupHours(since: Date, closedBefore: Date): Promise<Date[]> {
    const rows = await this.queryRange(readRollupSql('clickhouse', 'late_hours'), { from: since, to: closedBefore });
    return rows.map((row) => new Date(Number(row.hour_ms)));
  }

  /**
   * No transactions: each hour's new rows replace its old ones as they are inserted (ReplacingMergeTree,
   * read with FINAL), and the state moves only after every range is done, so a failed refresh is redone.
   */
  async applyRollupRefresh(ranges: readonly HourRange[], next: RollupState): Promise<void> {
    const statements = splitStatements(readRollupSql('clickhouse', 'refresh')).map((statement) => bindRange('clickhouse', statement));
    for (const range of ranges) {
      for (const statement of statements) {
        await this.db.command({ query: statement, query_params: { from: clickhouseTime(range.from), to: clickhouseTime(range.to) } });
      }
    }
    await this.db.command({
      query: `INSERT INTO rollup_state (name, closed_before, watermark, refreshed_at)
              VALUES ('sales', {c:DateTime64(3, 'UTC')}, {w:DateTime64(3, 'UTC')}, now64(3))`,
      query_params: { c: clickhouseTime(next.closedBefore), w: clickhouseTime(next.watermark) },
    });
  }

  async clearRollups(): Promise<void> {
    for (const table of ROLLUP_TABLES) {
      await this.db.command({ query: `TRUNCATE TABLE IF EXISTS ${table}` });
    }
  }

  async selectKeys(table: TableName, columns: readonly string[]): Promise<string[]> {
    const rows = await this.rows(`SELECT concat_ws('|', ${columns.map((c) => `toString(${c})`).join(', ')}) AS k FROM ${table} FINAL`);
    return rows.map((row) => String(row.k));
  }

  async ingestedSince(table: TableName, columns: readonly string[], since: Date): Promise<IngestedRow[]> {
    const rows = await this.rows(
      `SELECT concat_ws('|', ${columns.map((c) => `toString(${c})`).join(', ')}) AS k, toUnixTimestamp64Milli(ingested_at) AS t
       FROM ${table} FINAL WHERE ingested_at >= fromUnixTimestamp64Milli({since: Int64})`,
      { since: since.getTime() },
    );
    return rows.map((row) => ({ key: String(row.k), ingestedAtMs: Number(row.t) }));
  }

  async execute(sql: string): Promise<void> {
    await this.db.command({ query: sql });
  }

  async existingTables(): Promise<string[]> {
    return (await this.rows('SELECT name FROM system.tables WHERE database = currentDatabase()')).map((row) => String(row.name));
  }

  async rowCounts(): Promise<Record<TableName, number>> {
    const counts = {} as Record<TableName, number>;
    for (const table of TABLE_NAMES) {
      const rows = await this.rows(`SELECT count() AS n FROM ${table} FINAL`);
      counts[table] = Number(rows[0]?.n ?? 0);
    }
    return counts;
  }

  async bulkLoad(table: TableName, rows: readonly Record<string, unknown>[]): Promise<void> {
    const chunk = 100_000;
    for (let start = 0; start < rows.length; start += chunk) {
      await this.db.insert({ table, values: rows.slice(start, start + chunk) as Record<string, unknown>[], format: 'JSONEachRow' });
    }
  }

  async close(): Promise<void> {
    await this.client?.close().catch(() => undefined);
    this.client = undefined;
  }
}
