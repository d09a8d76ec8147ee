import { randomBytes } from 'node:crypto';
import { describeCause } from '../../lib/errors.js';
import { readVersions } from '../../stack/versions.js';

export type MssqlTarget =
  | { readonly kind: 'server'; readonly url: string; readonly password: string | undefined; readonly stop: () => Promise<void> }
  | { readonly kind: 'skip'; readonly reason: string };

/**
 * A SQL Server for live tests: MSSQL_URL (+ MSSQL_PASSWORD) when set; otherwise, when a Docker engine
 * answers, a throw-away container (testcontainers) with an empty `warehouse` database; otherwise the
 * reason there is none. Never a stand-in.
 */
export async function mssqlTarget(): Promise<MssqlTarget> {
  if (process.env.MSSQL_URL)
    return { kind: 'server', url: process.env.MSSQL_URL, password: process.env.MSSQL_PASSWORD, stop: async () => undefined };
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    return { kind: 'skip', reason: `MSSQL_URL is not set and no Docker engine answers (${describeCause(error).split('\n')[0]})` };
  }
  const password = `It-${randomBytes(12).toString('base64url')}9!`;
  const container = await new GenericContainer(readVersions().mssqlImage)
    .withEnvironment({ ACCEPT_EULA: 'Y', MSSQL_SA_PASSWORD: password })
    .withExposedPorts(1433)
    .withWaitStrategy(Wait.forLogMessage(/Recovery is complete/))
    .withStartupTimeout(240_000)
    .start();
  const host = container.getHost();
  const port = container.getMappedPort(1433);
  const sql = (await import('mssql')).default;
  const pool = await new sql.ConnectionPool({
    server: host,
    port,
    user: 'sa',
    password,
    database: 'master',
    options: { encrypt: true, trustServerCertificate: true },
  }).connect();
  await pool.request().batch('CREATE DATABASE warehouse');
  await pool.close();
  return { kind: 'server', url: `mssql://sa@${host}:${port}/warehouse`, password, stop: async () => void (await container.stop()) };
}
