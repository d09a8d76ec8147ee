import type { ResolvedConfig } from '../../../lib/config/resolve-config.js';
import { PipelineError } from '../../../lib/errors.js';
import type { Dialect } from '../../../lib/warehouses.js';
import { CLICKHOUSE_READER_USER } from '../../../stack/services/clickhouse-service.js';
import { MSSQL_READER_LOGIN } from '../../warehouse/mssql-adapter.js';
import { databaseNameOf } from '../dashboard-targets.js';
import type { MetabaseDatabase } from './render-metabase.js';

const required = (value: string | undefined, name: string, dialect: Dialect): string => {
  if (value) return value;
  throw new PipelineError(
    'CONFIG_INVALID',
    `${name} is not set: Metabase reads the ${dialect} warehouse as its read-only login, which needs it (npm run db:migrate creates the login; npm run up generates the password into .env).`,
  );
};

/** host and port of a URL, or METABASE_WAREHOUSE_HOST's when set (where Metabase itself reaches the warehouse). */
function hostPort(url: URL, override: string | undefined, defaultPort: number): { host: string; port: number } {
  if (override) {
    const at = override.lastIndexOf(':');
    return { host: override.slice(0, at), port: Number(override.slice(at + 1)) };
  }
  return { host: url.hostname, port: url.port ? Number(url.port) : defaultPort };
}

/**
 * The warehouse as a Metabase database (pure): the dialect's engine, the read-only login with its
 * password, and the address Metabase reaches it at. Details are each driver's connection properties
 * (modules/drivers/<engine>/resources/metabase-plugin.yaml in Metabase's source).
 */
export function metabaseWarehouse(config: Pick<ResolvedConfig, 'values'>, dialect: Dialect, prefix: string): MetabaseDatabase {
  const v = config.values;
  const name = databaseNameOf(prefix, dialect);
  switch (dialect) {
    case 'postgres': {
      const url = new URL(v.PG_URL);
      const password = required(v.PG_READER_PASSWORD, 'PG_READER_PASSWORD', dialect);
      const { host, port } = hostPort(url, v.METABASE_WAREHOUSE_HOST, 5432);
      return {
        engine: 'postgres',
        name,
        details: { host, port, dbname: decodeURIComponent(url.pathname.slice(1)), user: v.PG_READER_USER, password, ssl: false },
      };
    }
    case 'clickhouse': {
      const url = new URL(required(v.CLICKHOUSE_URL, 'CLICKHOUSE_URL', dialect));
      const password = required(v.CLICKHOUSE_READER_PASSWORD, 'CLICKHOUSE_READER_PASSWORD', dialect);
      const ssl = url.protocol === 'https:';
      const { host, port } = hostPort(url, v.METABASE_WAREHOUSE_HOST, ssl ? 8443 : 8123);
      return {
        engine: 'clickhouse',
        name,
        details: { host, port, dbname: v.CLICKHOUSE_DATABASE, user: CLICKHOUSE_READER_USER, password, ssl },
      };
    }
    case 'mssql': {
      const url = new URL(v.MSSQL_URL);
      const password = required(v.MSSQL_READER_PASSWORD, 'MSSQL_READER_PASSWORD', dialect);
      const { host, port } = hostPort(url, v.METABASE_WAREHOUSE_HOST, 1433);
      return {
        engine: 'sqlserver',
        name,
        details: { host, port, db: decodeURIComponent(url.pathname.slice(1)), user: MSSQL_READER_LOGIN, password, ssl: false },
      };
    }
  }
}
