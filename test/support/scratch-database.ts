import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import pg from 'pg';
import { pgClientConfig } from '../../admin/warehouse/postgres-connection.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { testTargets, uniqueSuffix, withPgAdmin } from './test-env.js';

/** A PostgreSQL database of the test file's own, so files never share warehouse tables. */
export async function createScratchDatabase(prefix: string): Promise<{
  name: string;
  url: string;
  sinkJdbcUrl: string;
  query: <T extends pg.QueryResultRow>(sql: string) => Promise<T[]>;
  drop: () => Promise<void>;
}> {
  const name = `${prefix}_${uniqueSuffix()}`;
  await withPgAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(testTargets().pgUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    /** The same database as the Connect worker reaches it (PG_SINK_JDBC_URL). */
    sinkJdbcUrl: `jdbc:postgresql://${url.host}${url.pathname}`,
    /** One query in the database, as its owner (PG_PASSWORD). */
    async query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
      const client = new pg.Client(pgClientConfig(url.toString(), loadConfig().values.PG_PASSWORD));
      await client.connect();
      try {
        return (await client.query<T>(sql)).rows;
      } finally {
        await client.end();
      }
    },
    drop: () => withPgAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * A ClickHouse database of the test file's own on the native stack's ClickHouse service (or the
 * CLICKHOUSE_URL the environment names): `env` points a command at it, `drop` removes it.
 */
export async function createClickHouseScratch(
  prefix: string,
): Promise<{ name: string; env: NodeJS.ProcessEnv; drop: () => Promise<void> }> {
  const { values } = loadConfig();
  if (!values.CLICKHOUSE_URL) {
    throw new Error(
      'CLICKHOUSE_URL is not set: the integration setup starts the native stack with ClickHouse (npm run stack:up -- --warehouse postgres,clickhouse).',
    );
  }
  const name = `${prefix}_${uniqueSuffix()}`;
  const admin = createClient({ url: values.CLICKHOUSE_URL, username: values.CLICKHOUSE_USER, password: values.CLICKHOUSE_PASSWORD ?? '' });
  await admin.command({ query: `CREATE DATABASE ${name}` });
  return {
    name,
    env: { ...process.env, WAREHOUSE: 'clickhouse', CLICKHOUSE_DATABASE: name },
    drop: async () => {
      await admin.command({ query: `DROP DATABASE IF EXISTS ${name} SYNC` });
      await admin.close();
    },
  };
}

/** An admin client on one ClickHouse database (the configured CLICKHOUSE_URL), money as exact text with its two decimals. */
export function clickhouseTestClient(database: string): ClickHouseClient {
  const { values } = loadConfig();
  return createClient({
    url: values.CLICKHOUSE_URL,
    username: values.CLICKHOUSE_USER,
    password: values.CLICKHOUSE_PASSWORD ?? '',
    database,
    log: { level: ClickHouseLogLevel.OFF },
    clickhouse_settings: { output_format_json_quote_decimals: 1, output_format_decimal_trailing_zeros: 1 },
  });
}
