import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../lib/config/load-config.js';
import { describeCause } from '../../lib/errors.js';
import { readVersions } from '../../stack/versions.js';
import { closedPort } from './test-env.js';

export type MetabaseTarget =
  | {
      readonly kind: 'server';
      readonly url: string;
      /** Variables the dashboard commands need to reach it (URL and admin). */
      readonly env: Record<string, string>;
      /** Where it came from, for the test's log. */
      readonly origin: string;
      readonly stop: () => Promise<void>;
    }
  | { readonly kind: 'skip'; readonly reason: string };

/**
 * A Metabase for live tests: METABASE_URL (with METABASE_ADMIN_EMAIL and METABASE_ADMIN_PASSWORD from
 * the configuration, as npm run up writes them) when set; otherwise, when a Docker engine answers, a
 * throw-away container of the Compose image (testcontainers) on the host's network, so it reaches the
 * native stack's warehouse at the address the endpoints file names; otherwise the reason there is none.
 * Never a stand-in.
 */
export async function metabaseTarget(): Promise<MetabaseTarget> {
  const config = loadConfig();
  if (config.values.METABASE_URL) {
    return {
      kind: 'server',
      url: config.values.METABASE_URL,
      env: {},
      origin: `METABASE_URL (${config.origins.METABASE_URL})`,
      stop: async () => undefined,
    };
  }
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    return { kind: 'skip', reason: `METABASE_URL is not set and no Docker engine answers (${describeCause(error).split('\n')[0]})` };
  }
  // A port nothing listens on now: Metabase binds it on the host's network.
  const port = await closedPort();
  const container = await new GenericContainer(readVersions().metabaseImage)
    .withNetworkMode('host')
    .withEnvironment({ MB_JETTY_PORT: String(port), MB_JETTY_HOST: '127.0.0.1', MB_ENCRYPTION_SECRET_KEY: randomBytes(24).toString('hex') })
    .withWaitStrategy(Wait.forLogMessage(/Metabase Initialization COMPLETE/))
    .withStartupTimeout(300_000)
    .start();
  const url = `http://127.0.0.1:${port}`;
  return {
    kind: 'server',
    url,
    env: { METABASE_URL: url, METABASE_ADMIN_EMAIL: 'admin@example.com', METABASE_ADMIN_PASSWORD: `It-${randomBytes(12).toString('hex')}` },
    origin: `a container of ${readVersions().metabaseImage} (testcontainers)`,
    stop: async () => void (await container.stop()),
  };
}
