import type { TableName } from '../../lib/streams.js';
import type { Dialect } from '../../lib/warehouses.js';
import type { HourRange, RollupState } from '../rollups/rollup-plan.js';
import type { AppliedMigration } from './migration-plan.js';
import type { MigrationFile } from './sql-files.js';

/** A row's key and when the warehouse wrote it (its ingested_at column). */
export interface IngestedRow {
  readonly key: string;
  readonly ingestedAtMs: number;
}

/** Which warehouse, and the connection's lifetime. */
export interface WarehouseConnection {
  readonly dialect: Dialect;
  /** Names the warehouse and where it is, for messages ("PostgreSQL at 127.0.0.1:54329/warehouse"). */
  readonly description: string;
  connect(): Promise<void>;
  close(): Promise<void>;
}

/** What `db:migrate` and `db:status` need. */
export interface WarehouseSchema {
  /** Migrations recorded in schema_migrations (created when missing). */
  appliedMigrations(): Promise<AppliedMigration[]>;
  /** Runs one migration and records it, in one transaction where the dialect allows. */
  applyMigration(migration: MigrationFile): Promise<void>;
  /** Creates or updates the sink and read-only analytics roles (server dialects only). */
  ensureRoles(): Promise<string[]>;
}

/** Whether `db:migrate` has run: the tables that exist now. */
export interface WarehouseInventory {
  existingTables(): Promise<string[]>;
}

/** What `kpis` needs. */
export interface WarehouseKpis {
  /** Runs a KPI file's SQL with its time range bound. Rows come back as the driver gives them. */
  queryRange(sql: string, range: { from: Date; to: Date }): Promise<Record<string, unknown>[]>;
}

/** What `db:load`, `pipeline:check` and the demo need: the pipeline's tables, row by row. */
export interface WarehouseTables {
  /** Every row's key, the given columns joined by "|" (deduplicated rows only: ClickHouse reads FINAL). */
  selectKeys(table: TableName, columns: readonly string[]): Promise<string[]>;
  /**
   * Keys (as selectKeys) and ingestion times (ms since epoch) of rows whose ingested_at is at or after
   * `since`. An upsert keeps the first write's time in PostgreSQL and SQL Server; ClickHouse keeps the latest.
   */
  ingestedSince(table: TableName, columns: readonly string[], since: Date): Promise<IngestedRow[]>;
  rowCounts(): Promise<Record<TableName, number>>;
  /** Loads rows idempotently: a row whose key exists already changes nothing. */
  bulkLoad(table: TableName, rows: readonly Record<string, unknown>[]): Promise<void>;
}

/** What `rollups:refresh` needs (sql/<dialect>/rollups/; SQL Server has no rollups and refuses). */
export interface WarehouseRollups {
  /** The warehouse's own clock (ingested_at is written by it). */
  warehouseNow(): Promise<Date>;
  /** The last refresh's state, or null before the first. */
  rollupState(): Promise<RollupState | null>;
  /** Hours before `closedBefore` with rows ingested at or after `since`. */
  lateRollupHours(since: Date, closedBefore: Date): Promise<Date[]>;
  /** Recomputes the ranges' hours and records the new state (in one transaction where the dialect allows). */
  applyRollupRefresh(ranges: readonly HourRange[], next: RollupState): Promise<void>;
  /** Empties the rollups and their state: until the next refresh every KPI reads sales_lines. */
  clearRollups(): Promise<void>;
}

/** One warehouse, behind the same surface for every dialect: everything the commands use. */
export interface WarehouseAdapter
  extends WarehouseConnection,
    WarehouseSchema,
    WarehouseInventory,
    WarehouseKpis,
    WarehouseTables,
    WarehouseRollups {}

/** Benchmarks only: any statement without parameters or results (copies, VACUUM, OPTIMIZE). */
export interface WarehouseMaintenance {
  execute(sql: string): Promise<void>;
}
