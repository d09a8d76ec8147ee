import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describeCause } from '../../lib/errors.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { readVersions } from '../../stack/versions.js';

export type ClickHouseTarget =
  | { readonly kind: 'server'; readonly url: string; readonly password: string; readonly stop: () => Promise<void> }
  | { readonly kind: 'skip'; readonly reason: string };

/**
 * A ClickHouse server for live tests: CLICKHOUSE_TEST_URL (+ CLICKHOUSE_PASSWORD) when set; otherwise,
 * when a Docker engine answers, a throw-away container of the Compose image (testcontainers);
 * otherwise the reason there is none. The embedded engine (chdb) is tested elsewhere; this is the server.
 */
export async function clickhouseServerTarget(): Promise<ClickHouseTarget> {
  if (process.env.CLICKHOUSE_TEST_URL) {
    return {
      kind: 'server',
      url: process.env.CLICKHOUSE_TEST_URL,
      password: process.env.CLICKHOUSE_PASSWORD ?? '',
      stop: async () => undefined,
    };
  }
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    return { kind: 'skip', reason: `CLICKHOUSE_TEST_URL is not set and no Docker engine answers (${describeCause(error).split('\n')[0]})` };
  }
  const password = `It${randomBytes(12).toString('hex')}`;
  const container = await new GenericContainer(readVersions().clickhouseImage)
    .withEnvironment({ CLICKHOUSE_USER: 'default', CLICKHOUSE_PASSWORD: password, CLICKHOUSE_DEFAULT_ACCESS_MANAGEMENT: '1' })
    // Embedded Keeper, as in Compose: the sink's exactly-once state is a KeeperMap table db:migrate creates.
    .withCopyFilesToContainer([
      { source: join(REPO_ROOT, 'compose', 'clickhouse', 'keeper.xml'), target: '/etc/clickhouse-server/config.d/keeper.xml' },
    ])
    .withExposedPorts(8123)
    .withWaitStrategy(Wait.forHttp('/ping', 8123))
    .withStartupTimeout(180_000)
    .start();
  return {
    kind: 'server',
    url: `http://${container.getHost()}:${container.getMappedPort(8123)}`,
    password,
    stop: async () => void (await container.stop()),
  };
}
