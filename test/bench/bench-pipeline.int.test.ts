import { describe, expect, it } from 'vitest';
import { ConnectClient } from '../../admin/connect/connect-client.js';
import { renderedConnectorsFor } from '../../admin/connectors/load-connectors.js';
import { CONNECTORS_DIR } from '../../admin/connectors/read-connector-files.js';
import { BENCH_CONNECTOR_PREFIX, openBenchPipeline } from '../../bench/bench-pipeline.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { eventually, testTargets, uniqueSuffix } from '../support/test-env.js';

describe("a benchmark's pipeline", () => {
  it('runs under its own connector names and leaves the stack’s connectors exactly as it found them', async () => {
    const client = new ConnectClient(testTargets().connectUrl);
    const configsNow = async () =>
      Object.fromEntries(Object.entries(await client.listExpanded()).map(([name, entry]) => [name, entry.info.config]));
    // A pipeline of the user's own under the repository's names (created here unless one exists already).
    const ours = !(await configsNow())['ecom-postgres-sales'];
    if (ours) {
      const [sales] = renderedConnectorsFor(
        CONNECTORS_DIR,
        'postgres',
        loadConfig({ env: { ...process.env, TOPIC_SUFFIX: `-user${uniqueSuffix()}` } }),
      );
      if (sales) await client.putConfig('ecom-postgres-sales', sales.config);
      await eventually(
        async () => ((await configsNow())['ecom-postgres-sales'] ? true : undefined),
        30_000,
        'the user connector to be listed',
      );
    }
    const before = await configsNow();
    expect(before['ecom-postgres-sales']).toBeDefined();
    const pipeline = await openBenchPipeline('t');
    try {
      expect(pipeline.connectors.map((connector) => connector.name).sort()).toEqual(
        ['clickstream', 'feedback', 'sales'].map((stream) => `${BENCH_CONNECTOR_PREFIX}-postgres-${stream}`),
      );
      const during = await configsNow();
      for (const [name, config] of Object.entries(before)) expect(during[name]).toEqual(config);
    } finally {
      await pipeline.close();
    }
    try {
      expect(await configsNow()).toEqual(before);
    } finally {
      if (ours) await client.deleteConnector('ecom-postgres-sales');
    }
  });
});
