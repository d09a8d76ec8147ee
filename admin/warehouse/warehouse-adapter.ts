import type { TableName } from '../../lib/streams.js';
import type { Dialect } from '../../lib/warehouses.js';
import type { AppliedMigration } from './migration-plan.js';
import type { MigrationFile } from './sql-files.js';

/** A row's key and when the warehouse wrote it (its ingested_at column). */
export interface IngestedRow {
  readonly key: string;
  readonly ingestedAtMs: number;
}

/** One warehouse, behind the same small surface for every dialect. */
export interface WarehouseAdapter {
  readonly dialect: Dialect;
  /** Names the warehouse and where it is, for messages ("PostgreSQL at 127.0.0.1:54329/warehouse"). */
  readonly description: string;
  connect(): Promise<void>;
  /** Migrations recorded in schema_migrations (created when missing). */
  appliedMigrations(): Promise<AppliedMigration[]>;
  /** Runs one migration and records it, in one transaction where the dialect allows. */
  applyMigration(migration: MigrationFile): Promise<void>;
  /** Creates or updates the sink and read-only analytics roles (server dialects only). */
  ensureRoles(): Promise<string[]>;
  /** Runs a KPI file's SQL with its time range bound. Rows come back as the driver gives them. */
  queryRange(sql: string, range: { from: Date; to: Date }): Promise<Record<string, unknown>[]>;
  /** Every row's key, the given columns joined by "|" (deduplicated rows only: ClickHouse reads FINAL). */
  selectKeys(table: TableName, columns: readonly string[]): Promise<string[]>;
  /**
   * Keys (as selectKeys) and ingestion times (ms since epoch) of rows whose ingested_at is at or after
   * `since`. An upsert keeps the first write's time in PostgreSQL and SQL Server; ClickHouse keeps the latest.
   */
  ingestedSince(table: TableName, columns: readonly string[], since: Date): Promise<IngestedRow[]>;
  /** Runs one statement without parameters or results (maintenance, benchmarks). */
  execute(sql: string): Promise<void>;
  rowCounts(): Promise<Record<TableName, number>>;
  /** Loads rows idempotently: a row whose key exists already changes nothing. */
  bulkLoad(table: TableName, rows: readonly Record<string, unknown>[]): Promise<void>;
  close(): Promise<void>;
}
