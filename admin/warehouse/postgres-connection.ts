import type pg from 'pg';

/**
 * pg client settings from a `postgresql://user@host:port/db` URL and a separate password. (pg lets an
 * absent password in the URL override the `password` option, so the URL is taken apart here.)
 */
export function pgClientConfig(url: string, password: string | undefined, overrides: Partial<pg.ClientConfig> = {}): pg.ClientConfig {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username) || 'postgres',
    database: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres',
    password: password ?? (parsed.password ? decodeURIComponent(parsed.password) : undefined),
    connectionTimeoutMillis: 5_000,
    ...overrides,
  };
}
