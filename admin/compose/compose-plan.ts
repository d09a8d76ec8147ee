import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import type { ConfigValues } from '../../lib/config/variables.js';
import { PipelineError } from '../../lib/errors.js';
import type { Dialect } from '../../lib/warehouses.js';

export const EXTRAS = ['metabase', 'jupyter', 'demo', 'web'] as const;
export type Extra = (typeof EXTRAS)[number];

/** Each warehouse's own services: its server, one-shots before `migrate`, and one-shots after it. */
const WAREHOUSE_SERVICES: Record<Dialect, { longRunning: string[]; before: string[]; after: string[] }> = {
  mssql: { longRunning: ['mssql'], before: ['mssql-init'], after: [] },
  // clickhouse-ingest applies the Kafka-engine ingest when CLICKHOUSE_INGEST=kafka-engine (else it exits 0 at once).
  clickhouse: { longRunning: ['clickhouse'], before: [], after: ['clickhouse-ingest'] },
  postgres: { longRunning: ['postgres'], before: [], after: [] },
};

/** What `npm run up` starts for a warehouse and extras: the profiles, and the services to wait for. */
export function composePlan(warehouse: Dialect, extras: readonly Extra[]) {
  // connectors-watch quarantines or restarts a FAILED sink (connectors/watch-policy.json).
  const longRunning = ['kafka', 'connect', ...WAREHOUSE_SERVICES[warehouse].longRunning, 'connectors-watch'];
  // rollups keeps the Sales dashboard's hourly rollups current (PostgreSQL and ClickHouse have them).
  if (warehouse !== 'mssql') longRunning.push('rollups');
  if (extras.includes('metabase')) longRunning.push('metabase');
  if (extras.includes('jupyter')) longRunning.push('jupyter');
  if (extras.includes('web')) longRunning.push('collector');
  const { before, after } = WAREHOUSE_SERVICES[warehouse];
  // dashboards applies dashboards/ on Metabase once it is healthy (its URLs are printed after it).
  const oneShots = [...before, 'migrate', 'connectors', ...after, ...(extras.includes('metabase') ? ['dashboards'] : [])];
  // The demo producer runs for hours: waiting for it to start is enough, so it is not awaited here.
  return { profiles: [warehouse, ...extras].join(','), longRunning, oneShots };
}

/** The demo shop of Compose's collector service (profile web), from this machine. */
export const composeShopUrl = (port: number): string => `http://localhost:${port}/shop/`;

/** Endpoints of the Compose stack as seen from this machine, for the endpoints file every command reads. */
export function composeEndpoints(
  warehouse: Dialect,
  ports: Pick<
    ConfigValues,
    | 'COMPOSE_KAFKA_PORT'
    | 'COMPOSE_CONNECT_PORT'
    | 'COMPOSE_PG_PORT'
    | 'COMPOSE_MSSQL_PORT'
    | 'COMPOSE_CLICKHOUSE_PORT'
    | 'COMPOSE_METABASE_PORT'
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
    CLICKHOUSE_KAFKA_BROKERS: 'kafka:19092',
    DLQ_REPLICATION_FACTOR: '1',
    // Metabase runs inside the network: dashboards commands run here reach it on its port and tell it the warehouse's service.
    METABASE_URL: `http://localhost:${ports.COMPOSE_METABASE_PORT}`,
    METABASE_WAREHOUSE_HOST: { mssql: 'mssql:1433', clickhouse: 'clickhouse:8123', postgres: 'postgres:5432' }[warehouse],
  };
}

/** Docker's name for an architecture whose images SQL Server publishes (amd64 only). */
const MSSQL_ARCHES = new Set(['amd64', 'x86_64']);

export interface ComposeWarehouseChoice {
  readonly warehouse: Dialect;
  /** Why the warehouse differs from the one the user would expect, when it does. */
  readonly note?: string;
}

/**
 * The warehouse Compose runs (pure): `--warehouse`, else WAREHOUSE as the user set it (environment or
 * .env), else the stack's endpoints file's, except that the native stack's `postgres` (or no setting at
 * all) means Compose's default, SQL Server. SQL Server's image is amd64 only: on another engine
 * architecture the default becomes ClickHouse (with a note), and an explicit `mssql` is refused.
 */
export function chooseComposeWarehouse(config: ResolvedConfig, engineArch: string, option?: Dialect): ComposeWarehouseChoice {
  const configured = config.values.WAREHOUSE;
  const origin = config.origins.WAREHOUSE;
  const explicit = option ?? (origin === 'the environment' || origin === '.env' ? configured : undefined);
  const warehouse = explicit ?? (configured === 'postgres' ? 'mssql' : configured);
  if (warehouse !== 'mssql' || MSSQL_ARCHES.has(engineArch)) return { warehouse };
  if (explicit === 'mssql') {
    const where = option ? '--warehouse mssql' : `WAREHOUSE=mssql (${origin})`;
    throw new PipelineError(
      'USAGE',
      `${where} cannot run here: SQL Server's image is amd64 only and this Docker engine is ${engineArch}; choose clickhouse or postgres.`,
    );
  }
  return {
    warehouse: 'clickhouse',
    note: `This Docker engine is ${engineArch} and SQL Server's image is amd64 only: using ClickHouse (choose with --warehouse or WAREHOUSE).`,
  };
}

/** The architecture the Docker engine reports, else this machine's in Docker's words. */
export function engineArchOf(reported: string | undefined, nodeArch: string = process.arch): string {
  return reported ?? (nodeArch === 'x64' ? 'amd64' : nodeArch);
}
