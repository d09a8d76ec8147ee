import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import type { Dialect } from '../../lib/warehouses.js';
import { ClickHouseAdapter, type ClickHouseSettingsInput } from './clickhouse-adapter.js';
import { MssqlAdapter } from './mssql-adapter.js';
import { PostgresAdapter } from './postgres-adapter.js';
import type { WarehouseAdapter, WarehouseMaintenance } from './warehouse-adapter.js';

/** The adapter for `dialect` (default: WAREHOUSE), configured from the variable registry. Not yet connected. */
export function createWarehouse(config: ResolvedConfig, dialect?: Dialect): WarehouseAdapter {
  return createAdapter(config, dialect);
}

/**
 * The same adapter with the benchmarks' raw-statement helper. `chdbPath` (ClickHouse only) opens the
 * embedded engine in this process on that data directory instead of CLICKHOUSE_URL: the baseline the
 * ClickHouse service's overhead is measured against.
 */
export function createBenchWarehouse(
  config: ResolvedConfig,
  dialect?: Dialect,
  options: { chdbPath?: string; requestTimeoutMs?: number } = {},
): WarehouseAdapter & WarehouseMaintenance {
  if ((dialect ?? config.values.WAREHOUSE) === 'clickhouse' && (options.chdbPath || options.requestTimeoutMs)) {
    return new ClickHouseAdapter({ ...clickhouseSettingsOf(config), ...options });
  }
  return createAdapter(config, dialect);
}

/** The ClickHouse adapter's settings from the registry (a benchmark adds `chdbPath` for the in-process engine). */
export function clickhouseSettingsOf(config: ResolvedConfig): ClickHouseSettingsInput {
  const v = config.values;
  return {
    url: v.CLICKHOUSE_URL,
    user: v.CLICKHOUSE_USER,
    password: v.CLICKHOUSE_PASSWORD,
    database: v.CLICKHOUSE_DATABASE,
    sinkUser: v.CLICKHOUSE_SINK_USER,
    sinkPassword: v.CLICKHOUSE_SINK_PASSWORD,
    readerPassword: v.CLICKHOUSE_READER_PASSWORD,
  };
}

function createAdapter(config: ResolvedConfig, dialect?: Dialect): PostgresAdapter | ClickHouseAdapter | MssqlAdapter {
  const v = config.values;
  const chosen = dialect ?? v.WAREHOUSE;
  switch (chosen) {
    case 'postgres':
      return new PostgresAdapter({
        url: v.PG_URL,
        password: v.PG_PASSWORD,
        sinkUser: v.PG_SINK_USER,
        sinkPassword: v.PG_SINK_PASSWORD,
        readerUser: v.PG_READER_USER,
        readerPassword: v.PG_READER_PASSWORD,
      });
    case 'clickhouse':
      return new ClickHouseAdapter(clickhouseSettingsOf(config));
    case 'mssql':
      return new MssqlAdapter({
        url: v.MSSQL_URL,
        password: v.MSSQL_PASSWORD,
        sinkLogin: v.MSSQL_SINK_USER,
        sinkPassword: v.MSSQL_SINK_PASSWORD,
        readerPassword: v.MSSQL_READER_PASSWORD,
      });
  }
}
