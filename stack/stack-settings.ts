import { stackDirOf } from '../lib/config/load-config.js';
import type { ResolvedConfig } from '../lib/config/resolve-config.js';
import { REPO_ROOT } from '../lib/repo-root.js';

/** The native stack's settings, read once from the configuration at the CLI edge. */
export interface StackSettings {
  readonly stackDir: string;
  readonly kafkaPort: number;
  readonly kafkaControllerPort: number;
  readonly connectPort: number;
  readonly pgPort: number;
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
}

export function stackSettingsFrom(config: ResolvedConfig, repoRoot = REPO_ROOT): StackSettings {
  const v = config.values;
  return {
    stackDir: stackDirOf(config, repoRoot),
    kafkaPort: v.STACK_KAFKA_PORT,
    kafkaControllerPort: v.STACK_KAFKA_CONTROLLER_PORT,
    connectPort: v.STACK_CONNECT_PORT,
    pgPort: v.STACK_PG_PORT,
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
  };
}

/** The endpoints the stack serves, as clients reach them. */
export function stackEndpoints(settings: StackSettings) {
  return {
    WAREHOUSE: 'postgres',
    KAFKA_BROKERS: `127.0.0.1:${settings.kafkaPort}`,
    CONNECT_URL: `http://127.0.0.1:${settings.connectPort}`,
    PG_URL: `postgresql://postgres@127.0.0.1:${settings.pgPort}/warehouse`,
    PG_SINK_JDBC_URL: `jdbc:postgresql://127.0.0.1:${settings.pgPort}/warehouse`,
    DLQ_REPLICATION_FACTOR: '1',
  } as const;
}
