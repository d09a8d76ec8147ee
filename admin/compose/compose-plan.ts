import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import type { ConfigValues } from '../../lib/config/variables.js';
import type { Dialect } from '../../lib/warehouses.js';

export const EXTRAS = ['metabase', 'jupyter', 'demo'] as const;
export type Extra = (typeof EXTRAS)[number];

const WAREHOUSE_SERVICES: Record<Dialect, { longRunning: string[]; oneShots: string[] }> = {
  mssql: { longRunning: ['mssql'], oneShots: ['mssql-init'] },
  clickhouse: { longRunning: ['clickhouse'], oneShots: [] },
  postgres: { longRunning: ['postgres'], oneShots: [] },
};

/** What `npm run up` starts for a warehouse and extras: the profiles, and the services to wait for. */
export function composePlan(warehouse: Dialect, extras: readonly Extra[]) {
  const longRunning = ['kafka', 'connect', ...WAREHOUSE_SERVICES[warehouse].longRunning];
  if (extras.includes('metabase')) longRunning.push('metabase');
  if (extras.includes('jupyter')) longRunning.push('jupyter');
  const oneShots = [...WAREHOUSE_SERVICES[warehouse].oneShots, 'migrate', 'connectors'];
  // The demo producer runs for hours: waiting for it to start is enough, so it is not awaited here.
  return { profiles: [warehouse, ...extras].join(','), longRunning, oneShots };
}

/** Endpoints of the Compose stack as seen from this machine, for the endpoints file every command reads. */
export function composeEndpoints(
  warehouse: Dialect,
  ports: Pick<
    ConfigValues,
    'COMPOSE_KAFKA_PORT' | 'COMPOSE_CONNECT_PORT' | 'COMPOSE_PG_PORT' | 'COMPOSE_MSSQL_PORT' | 'COMPOSE_CLICKHOUSE_PORT'
  >,
): Record<string, string> {
  return {
    WAREHOUSE: warehouse,
    KAFKA_BROKERS: `localhost:${ports.COMPOSE_KAFKA_PORT}`,
    CONNECT_URL: `http://localhost:${ports.COMPOSE_CONNECT_PORT}`,
    PG_URL: `postgresql://postgres@127.0.0.1:${ports.COMPOSE_PG_PORT}/warehouse`,
    PG_SINK_JDBC_URL: 'jdbc:postgresql://postgres:5432/warehouse',
    MSSQL_URL: `mssql://sa@127.0.0.1:${ports.COMPOSE_MSSQL_PORT}/warehouse`,
    MSSQL_SINK_JDBC_URL: 'jdbc:sqlserver://mssql:1433;databaseName=warehouse;encrypt=true;trustServerCertificate=true',
    CLICKHOUSE_URL: `http://127.0.0.1:${ports.COMPOSE_CLICKHOUSE_PORT}`,
    CLICKHOUSE_SINK_HOST: 'clickhouse',
    DLQ_REPLICATION_FACTOR: '1',
  };
}

/**
 * The warehouse Compose runs when none is given: WAREHOUSE as the user set it (environment or .env);
 * otherwise the stack's endpoints file's, except that the native stack's `postgres` (or no setting at
 * all) means Compose's default, SQL Server.
 */
export function defaultComposeWarehouse(config: ResolvedConfig): Dialect {
  const configured = config.values.WAREHOUSE;
  const origin = config.origins.WAREHOUSE;
  if (origin === 'the environment' || origin === '.env') return configured;
  return configured === 'postgres' ? 'mssql' : configured;
}
