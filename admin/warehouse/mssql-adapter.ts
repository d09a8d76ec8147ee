import sql from 'mssql';
import { describeCause, PipelineError } from '../../lib/errors.js';
import { TABLE_NAMES, type TableName } from '../../lib/streams.js';
import { MSSQL_HAS_NO_ROLLUPS, type RollupState } from '../rollups/rollup-plan.js';
import type { AppliedMigration } from './migration-plan.js';
import { bindRange, type MigrationFile, splitStatements } from './sql-files.js';
import { keyColumnsOf } from './table-keys.js';
import type { IngestedRow, WarehouseAdapter } from './warehouse-adapter.js';

/** The read-only login `db:migrate` creates when MSSQL_READER_PASSWORD is set (notebooks and dashboards read as it). */
export const MSSQL_READER_LOGIN = 'warehouse_reader_login';

export interface MssqlSettings {
  /** mssql://user@host:port/database */
  readonly url: string;
  readonly password: string | undefined;
  /** The login the sinks use (MSSQL_SINK_USER), made a member of role warehouse_sink. */
  readonly sinkLogin: string;
  readonly sinkPassword: string | undefined;
  readonly readerPassword: string | undefined;
}

const quoteLiteral = (text: string) => `N'${text.replaceAll("'", "''")}'`;
const quoteName = (name: string) => `[${name.replaceAll(']', ']]')}]`;

/** SQL Server through the `mssql` driver (tedious). Live tests run only where a server is reachable (MSSQL_URL). */
export class MssqlAdapter implements WarehouseAdapter {
  readonly dialect = 'mssql' as const;
  readonly description: string;
  private pool: sql.ConnectionPool | undefined;
  private readonly parsed: URL;

  constructor(private readonly settings: MssqlSettings) {
    this.parsed = new URL(settings.url);
    this.description = `SQL Server at ${this.parsed.host}${this.parsed.pathname}`;
  }

  private get db(): sql.ConnectionPool {
    if (!this.pool) throw new Error('MssqlAdapter used before connect()');
    return this.pool;
  }

  async connect(): Promise<void> {
    const pool = new sql.ConnectionPool({
      server: this.parsed.hostname,
      port: Number(this.parsed.port || 1433),
      user: decodeURIComponent(this.parsed.username) || 'sa',
      password: this.settings.password ?? decodeURIComponent(this.parsed.password),
      database: decodeURIComponent(this.parsed.pathname.slice(1)) || 'warehouse',
      options: { encrypt: true, trustServerCertificate: true, useUTC: true },
      connectionTimeout: 10_000,
      requestTimeout: 120_000,
    });
    try {
      this.pool = await pool.connect();
    } catch (error) {
      const number = (error as { originalError?: { info?: { number?: number } } }).originalError?.info?.number;
      const reason =
        number === 18456
          ? 'rejected the login: check the user in MSSQL_URL and MSSQL_PASSWORD'
          : number === 4060
            ? 'has no such database: check the database name in MSSQL_URL'
            : `could not be reached (${describeCause(error)}): check MSSQL_URL and that the server runs`;
      throw new PipelineError('WAREHOUSE_ERROR', `${this.description} ${reason}.`, { cause: error });
    }
  }

  async appliedMigrations(): Promise<AppliedMigration[]> {
    await this.db.request().batch(`IF OBJECT_ID(N'dbo.schema_migrations') IS NULL
      CREATE TABLE dbo.schema_migrations (name NVARCHAR(200) PRIMARY KEY, checksum CHAR(64) NOT NULL,
        applied_at DATETIME2(3) NOT NULL DEFAULT SYSUTCDATETIME())`);
    const result = await this.db
      .request()
      .query<{ name: string; checksum: string; applied_at: Date }>(
        'SELECT name, checksum, applied_at FROM dbo.schema_migrations ORDER BY name',
      );
    return result.recordset.map((row) => ({ name: row.name, checksum: row.checksum, appliedAt: row.applied_at.toISOString() }));
  }

  async applyMigration(migration: MigrationFile): Promise<void> {
    const transaction = new sql.Transaction(this.db);
    await transaction.begin();
    try {
      for (const statement of splitStatements(migration.sql)) await new sql.Request(transaction).batch(statement);
      await new sql.Request(transaction)
        .input('name', sql.NVarChar(200), migration.name)
        .input('checksum', sql.Char(64), migration.checksum)
        .query('INSERT INTO dbo.schema_migrations (name, checksum) VALUES (@name, @checksum)');
      await transaction.commit();
    } catch (error) {
      await transaction.rollback().catch(() => undefined);
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
    const statements = [
      "IF DATABASE_PRINCIPAL_ID(N'warehouse_sink') IS NULL CREATE ROLE warehouse_sink",
      'GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA::dbo TO warehouse_sink',
      "IF DATABASE_PRINCIPAL_ID(N'warehouse_reader') IS NULL CREATE ROLE warehouse_reader",
      'GRANT SELECT ON SCHEMA::dbo TO warehouse_reader',
    ];
    for (const [role, login, password] of [
      ['warehouse_sink', this.settings.sinkLogin, this.settings.sinkPassword],
      ['warehouse_reader', MSSQL_READER_LOGIN, this.settings.readerPassword],
    ] as const) {
      if (!password) continue;
      const name = quoteName(login);
      statements.push(
        `IF SUSER_ID(${quoteLiteral(login)}) IS NULL CREATE LOGIN ${name} WITH PASSWORD = ${quoteLiteral(password)} ELSE ALTER LOGIN ${name} WITH PASSWORD = ${quoteLiteral(password)}`,
        `IF DATABASE_PRINCIPAL_ID(${quoteLiteral(login)}) IS NULL CREATE USER ${name} FOR LOGIN ${name}`,
        `ALTER ROLE ${role} ADD MEMBER ${name}`,
      );
    }
    for (const statement of statements) await this.db.request().batch(statement);
    return ['warehouse_sink (SELECT, INSERT, UPDATE, DELETE)', 'warehouse_reader (SELECT)'];
  }

  async queryRange(text: string, range: { from: Date; to: Date }): Promise<Record<string, unknown>[]> {
    const result = await this.db
      .request()
      .input('from', sql.DateTime2(3), range.from)
      .input('to', sql.DateTime2(3), range.to)
      .query(bindRange('mssql', text));
    return result.recordset;
  }

  async selectKeys(table: TableName, columns: readonly string[]): Promise<string[]> {
    const result = await this.db
      .request()
      .query<{ k: string }>(
        `SELECT CONCAT_WS('|', ${columns.map((c) => `CAST(${c} AS NVARCHAR(100))`).join(', ')}) AS k FROM dbo.${table}`,
      );
    return result.recordset.map((row) => row.k);
  }

  async ingestedSince(table: TableName, columns: readonly string[], since: Date): Promise<IngestedRow[]> {
    const result = await this.db
      .request()
      .input('since', sql.DateTime2(3), since)
      .query<{ k: string; t: string }>(
        `SELECT CONCAT_WS('|', ${columns.map((c) => `CAST(${c} AS NVARCHAR(100))`).join(', ')}) AS k,
                DATEDIFF_BIG(millisecond, '1970-01-01', ingested_at) AS t
         FROM dbo.${table} WHERE ingested_at >= @since`,
      );
    return result.recordset.map((row) => ({ key: row.k, ingestedAtMs: Number(row.t) }));
  }

  async execute(text: string): Promise<void> {
    await this.db.request().batch(text);
  }

  async existingTables(): Promise<string[]> {
    const result = await this.db.request().query<{ name: string }>("SELECT name FROM sys.tables WHERE schema_id = SCHEMA_ID('dbo')");
    return result.recordset.map((row) => row.name);
  }

  private noRollups(): never {
    throw new PipelineError('USAGE', MSSQL_HAS_NO_ROLLUPS);
  }

  warehouseNow(): Promise<Date> {
    return this.noRollups();
  }

  rollupState(): Promise<RollupState | null> {
    return this.noRollups();
  }

  lateRollupHours(): Promise<Date[]> {
    return this.noRollups();
  }

  applyRollupRefresh(): Promise<void> {
    return this.noRollups();
  }

  clearRollups(): Promise<void> {
    return this.noRollups();
  }

  async rowCounts(): Promise<Record<TableName, number>> {
    const counts = {} as Record<TableName, number>;
    for (const table of TABLE_NAMES) {
      const result = await this.db.request().query<{ n: number }>(`SELECT count_big(*) AS n FROM dbo.${table}`);
      counts[table] = Number(result.recordset[0]?.n ?? 0);
    }
    return counts;
  }

  /** JSON chunks through OPENJSON; rows whose key exists are skipped (idempotent). */
  async bulkLoad(table: TableName, rows: readonly Record<string, unknown>[]): Promise<void> {
    const columns = await this.db
      .request()
      .input('table', sql.NVarChar(128), table)
      .query<{
        COLUMN_NAME: string;
        DATA_TYPE: string;
        CHARACTER_MAXIMUM_LENGTH: number | null;
        NUMERIC_PRECISION: number | null;
        NUMERIC_SCALE: number | null;
      }>(
        `SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE FROM INFORMATION_SCHEMA.COLUMNS
         WHERE TABLE_SCHEMA = 'dbo' AND TABLE_NAME = @table AND COLUMN_NAME <> 'ingested_at' ORDER BY ORDINAL_POSITION`,
      );
    const spec = columns.recordset.map((column) => {
      const type = column.DATA_TYPE.toLowerCase();
      // Instants travel as ISO strings and are converted with style 127 (ISO 8601 with Z).
      if (type === 'datetime2')
        return { name: column.COLUMN_NAME, withType: 'NVARCHAR(40)', select: `CONVERT(DATETIME2(3), s.${column.COLUMN_NAME}, 127)` };
      const sized =
        type === 'decimal'
          ? `DECIMAL(${column.NUMERIC_PRECISION},${column.NUMERIC_SCALE})`
          : column.CHARACTER_MAXIMUM_LENGTH
            ? `${type.toUpperCase()}(${column.CHARACTER_MAXIMUM_LENGTH === -1 ? 'MAX' : column.CHARACTER_MAXIMUM_LENGTH})`
            : type.toUpperCase();
      return { name: column.COLUMN_NAME, withType: sized, select: `s.${column.COLUMN_NAME}` };
    });
    const keys = keyColumnsOf(table);
    const statement = `INSERT INTO dbo.${table} (${spec.map((column) => column.name).join(', ')})
      SELECT ${spec.map((column) => column.select).join(', ')}
      FROM OPENJSON(@rows) WITH (${spec.map((column) => `${column.name} ${column.withType} '$.${column.name}'`).join(', ')}) AS s
      WHERE NOT EXISTS (SELECT 1 FROM dbo.${table} AS t WHERE ${keys.map((key) => `t.${key} = s.${key}`).join(' AND ')})`;
    const chunk = 5_000;
    for (let start = 0; start < rows.length; start += chunk) {
      await this.db
        .request()
        .input('rows', sql.NVarChar(sql.MAX), JSON.stringify(rows.slice(start, start + chunk)))
        .query(statement);
    }
  }

  async close(): Promise<void> {
    await this.pool?.close().catch(() => undefined);
    this.pool = undefined;
  }
}
