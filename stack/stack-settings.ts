import { stackDirOf } from '../lib/config/load-config.js';
import type { ResolvedConfig } from '../lib/config/resolve-config.js';
import { REPO_ROOT } from '../lib/repo-root.js';
import { kafkaBootstrapOf } from './services/kafka-service.js';
import { replicationFactorOf, SINGLE_NODE, type StackTopology } from './stack-topology.js';

/** The native stack's settings, read once from the configuration at the CLI edge. */
export interface StackSettings {
  readonly stackDir: string;
  readonly kafkaPort: number;
  readonly kafkaControllerPort: number;
  readonly connectPort: number;
  readonly pgPort: number;
  readonly clickhousePort: number;
  readonly supersetPort: number;
  readonly supersetUser: string;
  /** The Python that builds Superset's environment. */
  readonly supersetPython: string;
  /** The warehouses `stack:up` runs (STACK_WAREHOUSES, or `--warehouse`). */
  readonly warehouses: readonly StackWarehouse[];
  /** What STACK_BROKERS and STACK_CONNECT_WORKERS ask for when set (`--brokers`, `--workers` override). */
  readonly topology: Partial<StackTopology>;
  readonly clickhouseUser: string;
  readonly clickhouseSinkUser: string;
  readonly pgOsUser: string;
  readonly pgSinkUser: string;
  readonly kafkaHeap: string;
  readonly connectHeap: string;
  readonly startTimeoutMs: number;
  readonly offsetFlushIntervalMs: number;
  readonly consumerSessionTimeoutMs: number;
  /** Present when set in the environment, `.env` or the stack's secrets file; generated on first `stack:up` otherwise. */
  readonly pgPassword: string | undefined;
  readonly pgSinkPassword: string | undefined;
  readonly pgReaderPassword: string | undefined;
  readonly clickhousePassword: string | undefined;
  readonly clickhouseSinkPassword: string | undefined;
  readonly clickhouseReaderPassword: string | undefined;
  readonly supersetPassword: string | undefined;
  readonly supersetSecretKey: string | undefined;
}

/** What `stack:up -- --with` adds to the stack. */
export const STACK_EXTRAS = ['superset'] as const;
export type StackExtra = (typeof STACK_EXTRAS)[number];

export const STACK_WAREHOUSES = ['postgres', 'clickhouse'] as const;
export type StackWarehouse = (typeof STACK_WAREHOUSES)[number];

/** "postgres,clickhouse" → the warehouses, in start order, without repeats (the text was checked already). */
export const stackWarehousesOf = (text: string): StackWarehouse[] =>
  STACK_WAREHOUSES.filter((warehouse) =>
    text
      .split(',')
      .map((part) => part.trim())
      .includes(warehouse),
  );

export function stackSettingsFrom(config: ResolvedConfig, repoRoot = REPO_ROOT): StackSettings {
  const v = config.values;
  return {
    stackDir: stackDirOf(config, repoRoot),
    kafkaPort: v.STACK_KAFKA_PORT,
    kafkaControllerPort: v.STACK_KAFKA_CONTROLLER_PORT,
    connectPort: v.STACK_CONNECT_PORT,
    pgPort: v.STACK_PG_PORT,
    clickhousePort: v.STACK_CLICKHOUSE_PORT,
    supersetPort: v.STACK_SUPERSET_PORT,
    supersetUser: v.SUPERSET_USER,
    supersetPython: v.SUPERSET_PYTHON,
    warehouses: stackWarehousesOf(v.STACK_WAREHOUSES),
    topology: {
      ...(config.origins.STACK_BROKERS === 'default' ? {} : { brokers: v.STACK_BROKERS }),
      ...(config.origins.STACK_CONNECT_WORKERS === 'default' ? {} : { workers: v.STACK_CONNECT_WORKERS }),
    },
    clickhouseUser: v.CLICKHOUSE_USER,
    clickhouseSinkUser: v.CLICKHOUSE_SINK_USER,
    pgOsUser: v.STACK_PG_OS_USER,
    pgSinkUser: v.PG_SINK_USER,
    kafkaHeap: v.STACK_KAFKA_HEAP,
    connectHeap: v.STACK_CONNECT_HEAP,
    startTimeoutMs: v.STACK_START_TIMEOUT_S * 1000,
    offsetFlushIntervalMs: v.CONNECT_OFFSET_FLUSH_INTERVAL_MS,
    consumerSessionTimeoutMs: v.CONNECT_CONSUMER_SESSION_TIMEOUT_MS,
    pgPassword: v.PG_PASSWORD,
    pgSinkPassword: v.PG_SINK_PASSWORD,
    pgReaderPassword: v.PG_READER_PASSWORD,
    clickhousePassword: v.CLICKHOUSE_PASSWORD,
    clickhouseSinkPassword: v.CLICKHOUSE_SINK_PASSWORD,
    clickhouseReaderPassword: v.CLICKHOUSE_READER_PASSWORD,
    supersetPassword: v.SUPERSET_PASSWORD,
    supersetSecretKey: v.SUPERSET_SECRET_KEY,
  };
}

/**
 * The endpoints the stack serves, as clients reach them, for the warehouses that run: PostgreSQL's
 * when it runs, ClickHouse's when it runs; WAREHOUSE is postgres whenever PostgreSQL runs; Superset's
 * when it runs. Kafka's bootstrap list names every node; Connect's URL is worker 1's (any worker
 * forwards to the leader); dead-letter topics get as many copies as the cluster gives.
 */
export function stackEndpoints(
  settings: StackSettings,
  running: readonly StackWarehouse[],
  extras: readonly StackExtra[] = [],
  topology: StackTopology = SINGLE_NODE,
): Record<string, string> {
  return {
    WAREHOUSE: running.includes('postgres') || !running.includes('clickhouse') ? 'postgres' : 'clickhouse',
    KAFKA_BROKERS: kafkaBootstrapOf(settings, topology),
    CONNECT_URL: `http://127.0.0.1:${settings.connectPort}`,
    ...(running.includes('postgres')
      ? {
          PG_URL: `postgresql://postgres@127.0.0.1:${settings.pgPort}/warehouse`,
          PG_SINK_JDBC_URL: `jdbc:postgresql://127.0.0.1:${settings.pgPort}/warehouse`,
        }
      : {}),
    // No ClickHouse Kafka Connect sink can be had here: ClickHouse consumes the topics itself.
    ...(running.includes('clickhouse')
      ? { CLICKHOUSE_URL: `http://127.0.0.1:${settings.clickhousePort}`, CLICKHOUSE_INGEST: 'kafka-engine' }
      : {}),
    ...(extras.includes('superset') ? { SUPERSET_URL: `http://127.0.0.1:${settings.supersetPort}` } : {}),
    DLQ_REPLICATION_FACTOR: String(replicationFactorOf(topology)),
  };
}
