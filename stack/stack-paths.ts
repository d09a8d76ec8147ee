import { join } from 'node:path';

/** Every path the native stack uses, derived from its root directory (`STACK_DIR`, default `.stack/`). */
export interface StackPaths {
  readonly root: string;
  readonly kafkaLibs: string;
  readonly plugins: string;
  readonly assemblyStamp: string;
  readonly logs: string;
  readonly run: string;
  readonly conf: string;
  readonly connectData: string;
  /** PostgreSQL's home (binaries copy + data); may be a symlink when the repo is unreachable for the postgres user. */
  readonly postgres: string;
  /** The ClickHouse service's data directory (one engine process owns it). */
  readonly clickhouse: string;
  /** Superset's home: its SQLite metadata database. */
  readonly superset: string;
  readonly endpoints: string;
  readonly secrets: string;
}

export function stackPaths(root: string): StackPaths {
  return {
    root,
    kafkaLibs: join(root, 'lib', 'kafka'),
    plugins: join(root, 'plugins'),
    assemblyStamp: join(root, 'lib', 'assembled.json'),
    logs: join(root, 'logs'),
    run: join(root, 'run'),
    conf: join(root, 'conf'),
    connectData: join(root, 'data', 'connect'),
    postgres: join(root, 'postgres'),
    clickhouse: join(root, 'clickhouse'),
    superset: join(root, 'superset'),
    endpoints: join(root, 'endpoints.env'),
    secrets: join(root, 'secrets.env'),
  };
}

export function pidFileOf(paths: StackPaths, service: string): string {
  return join(paths.run, `${service}.pid`);
}

export function logFileOf(paths: StackPaths, service: string): string {
  return join(paths.logs, `${service}.log`);
}
