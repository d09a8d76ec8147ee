import type { ConfigValues } from '../../lib/config/variables.js';
import { PipelineError } from '../../lib/errors.js';
import type { Dialect } from '../../lib/warehouses.js';

type SinkLoginValues = Pick<
  ConfigValues,
  | 'PG_SINK_USER'
  | 'PG_SINK_PASSWORD'
  | 'MSSQL_SINK_USER'
  | 'MSSQL_SINK_PASSWORD'
  | 'CLICKHOUSE_SINK_USER'
  | 'CLICKHOUSE_SINK_PASSWORD'
  | 'CLICKHOUSE_URL'
>;

/**
 * Pure: why `db:migrate` cannot give the sinks a login on this warehouse, or undefined. A server
 * warehouse needs the sink's password: the migration creates the login with it and the connectors
 * log in with it (`${env:…_SINK_PASSWORD}`); without it the sinks would fail at their first write.
 * The embedded ClickHouse engine has no logins.
 */
export function sinkLoginProblem(dialect: Dialect, values: SinkLoginValues): string | undefined {
  const [user, password, name] =
    dialect === 'postgres'
      ? [values.PG_SINK_USER, values.PG_SINK_PASSWORD, 'PG_SINK_PASSWORD']
      : dialect === 'mssql'
        ? [values.MSSQL_SINK_USER, values.MSSQL_SINK_PASSWORD, 'MSSQL_SINK_PASSWORD']
        : [values.CLICKHOUSE_SINK_USER, values.CLICKHOUSE_SINK_PASSWORD, 'CLICKHOUSE_SINK_PASSWORD'];
  if (dialect === 'clickhouse' && !values.CLICKHOUSE_URL) return undefined;
  if (password) return undefined;
  return `${name} is not set: db:migrate gives the sinks' login ${user} that password and the connectors log in with it; set it in .env (npm run up generates one, the native stack writes its own).`;
}

export function requireSinkLogin(dialect: Dialect, values: SinkLoginValues): void {
  const problem = sinkLoginProblem(dialect, values);
  if (problem) throw new PipelineError('CONFIG_INVALID', problem);
}
