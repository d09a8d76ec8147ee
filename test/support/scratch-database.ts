import { testTargets, uniqueSuffix, withPgAdmin } from './test-env.js';

/** A PostgreSQL database of the test file's own, so files never share warehouse tables. */
export async function createScratchDatabase(
  prefix: string,
): Promise<{ name: string; url: string; sinkJdbcUrl: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${uniqueSuffix()}`;
  await withPgAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(testTargets().pgUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    /** The same database as the Connect worker reaches it (PG_SINK_JDBC_URL). */
    sinkJdbcUrl: `jdbc:postgresql://${url.host}${url.pathname}`,
    drop: () => withPgAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
