import { testTargets, uniqueSuffix, withPgAdmin } from './test-env.js';

/** A PostgreSQL database of the test file's own, so files never share warehouse tables. */
export async function createScratchDatabase(prefix: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${uniqueSuffix()}`;
  await withPgAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(testTargets().pgUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withPgAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
