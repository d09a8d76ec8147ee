import { createClient } from '@clickhouse/client';
import pg from 'pg';
import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import { PipelineError } from '../../lib/errors.js';
import { pgClientConfig } from '../warehouse/postgres-connection.js';

/**
 * The chaos run's own database on the stack's warehouse, so a run never mixes with the user's tables
 * or another run's: created before, dropped after (unless kept). Returns the variables that point
 * every command of the run at it.
 */
export async function createRunDatabase(
  config: ResolvedConfig,
  warehouse: 'postgres' | 'clickhouse',
  name: string,
): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const v = config.values;
  if (warehouse === 'postgres') {
    const pgUrl = v.PG_URL;
    if (!pgUrl) throw new PipelineError('CONFIG_INVALID', 'PG_URL is not set: start the stack with PostgreSQL (npm run stack:up).');
    const admin = async (sql: string) => {
      const client = new pg.Client(pgClientConfig(pgUrl, v.PG_PASSWORD));
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    return {
      env: { PG_URL: url.toString(), PG_SINK_JDBC_URL: `jdbc:postgresql://${url.host}/${name}` },
      drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  if (!v.CLICKHOUSE_URL) {
    throw new PipelineError(
      'CONFIG_INVALID',
      'CLICKHOUSE_URL is not set: start the stack with ClickHouse (npm run stack:up -- --warehouse clickhouse).',
    );
  }
  const command = async (query: string) => {
    const client = createClient({ url: v.CLICKHOUSE_URL, username: v.CLICKHOUSE_USER, password: v.CLICKHOUSE_PASSWORD ?? '' });
    try {
      await client.command({ query });
    } finally {
      await client.close();
    }
  };
  await command(`CREATE DATABASE ${name}`);
  return {
    // Consumer groups of the run's own: a run never shares offsets with the user's ingest or another run's.
    env: { CLICKHOUSE_DATABASE: name, CLICKHOUSE_INGEST: 'kafka-engine', CLICKHOUSE_INGEST_GROUP: name.replaceAll('_', '-') },
    drop: () => command(`DROP DATABASE IF EXISTS ${name} SYNC`),
  };
}
