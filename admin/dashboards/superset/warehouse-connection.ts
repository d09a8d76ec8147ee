import type { ResolvedConfig } from '../../../lib/config/resolve-config.js';
import { PipelineError } from '../../../lib/errors.js';
import type { Dialect } from '../../../lib/warehouses.js';
import { CLICKHOUSE_READER_USER } from '../../../stack/services/clickhouse-service.js';
import type { WarehouseConnection } from './render-superset.js';

const required = (value: string | undefined, name: string, dialect: Dialect): string => {
  if (value) return value;
  throw new PipelineError(
    'CONFIG_INVALID',
    `${name} is not set: Superset reads the ${dialect} warehouse as its read-only login, which needs it (npm run db:migrate creates the login; the native stack's password is in .stack/secrets.env).`,
  );
};

/**
 * How Superset reaches the warehouse (pure): the read-only login of the dialect, with its password,
 * as a SQLAlchemy URI (Superset runs on this machine, so the endpoints' addresses work for it too).
 */
export function supersetWarehouse(config: Pick<ResolvedConfig, 'values'>, dialect: Dialect): WarehouseConnection {
  const v = config.values;
  switch (dialect) {
    case 'postgres': {
      const url = new URL(v.PG_URL);
      const password = encodeURIComponent(required(v.PG_READER_PASSWORD, 'PG_READER_PASSWORD', dialect));
      return {
        dialect,
        sqlalchemyUri: `postgresql+psycopg2://${encodeURIComponent(v.PG_READER_USER)}:${password}@${url.host}${url.pathname}`,
        schema: 'public',
      };
    }
    case 'clickhouse': {
      const url = new URL(required(v.CLICKHOUSE_URL, 'CLICKHOUSE_URL', dialect));
      const password = encodeURIComponent(required(v.CLICKHOUSE_READER_PASSWORD, 'CLICKHOUSE_READER_PASSWORD', dialect));
      const secure = url.protocol === 'https:' ? '?secure=true' : '';
      return {
        dialect,
        sqlalchemyUri: `clickhousedb://${CLICKHOUSE_READER_USER}:${password}@${url.hostname}:${url.port || (secure ? '8443' : '8123')}/${v.CLICKHOUSE_DATABASE}${secure}`,
        schema: null,
      };
    }
    case 'mssql':
      throw new PipelineError(
        'USAGE',
        'Dashboards on SQL Server are not supported yet: the native stack has no SQL Server and its Superset no SQL Server driver. Apply them with --warehouse postgres or clickhouse.',
      );
  }
}
