import { isAbsolute, join } from 'node:path';
import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import type { Dialect } from '../../lib/warehouses.js';
import { ClickHouseAdapter } from './clickhouse-adapter.js';
import { MssqlAdapter } from './mssql-adapter.js';
import { PostgresAdapter } from './postgres-adapter.js';
import type { WarehouseAdapter, WarehouseMaintenance } from './warehouse-adapter.js';

/** The adapter for `dialect` (default: WAREHOUSE), configured from the variable registry. Not yet connected. */
export function createWarehouse(config: ResolvedConfig, dialect?: Dialect): WarehouseAdapter {
  return createAdapter(config, dialect);
}

/** The same adapter with the benchmarks' raw-statement helper. */
export function createBenchWarehouse(config: ResolvedConfig, dialect?: Dialect): WarehouseAdapter & WarehouseMaintenance {
  return createAdapter(config, dialect);
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
    case 'clickhouse': {
      const chdbPath = v.CHDB_PATH;
      return new ClickHouseAdapter({
        url: v.CLICKHOUSE_URL,
        user: v.CLICKHOUSE_USER,
        password: v.CLICKHOUSE_PASSWORD,
        database: v.CLICKHOUSE_DATABASE,
        chdbPath: isAbsolute(chdbPath) ? chdbPath : join(REPO_ROOT, chdbPath),
        sinkUser: v.CLICKHOUSE_SINK_USER,
        sinkPassword: v.CLICKHOUSE_SINK_PASSWORD,
        readerPassword: v.CLICKHOUSE_READER_PASSWORD,
      });
    }
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
