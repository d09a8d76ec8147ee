import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarehouse } from '../../../admin/warehouse/create-warehouse.js';
import { generateDataset } from '../../../admin/warehouse/dataset.js';
import { migrateWarehouse } from '../../../admin/warehouse/migrate.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { TABLE_NAMES } from '../../../lib/streams.js';
import { createScratchDatabase } from '../../support/scratch-database.js';
import { runTsCli } from '../../support/test-env.js';

/** `npm run rollups:refresh` on a scratch PostgreSQL database: first build, nothing new, then exit codes. */
describe('npm run rollups:refresh', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let env: NodeJS.ProcessEnv;
  let dataHours = 0;

  beforeAll(async () => {
    scratch = await createScratchDatabase('it_rollups');
    env = { ...process.env, PG_URL: scratch.url, WAREHOUSE: 'postgres' };
    const warehouse = createWarehouse(loadConfig({ env }), 'postgres');
    await warehouse.connect();
    try {
      await migrateWarehouse(warehouse);
      const dataset = generateDataset({ orders: 500, seed: 5, startMs: Date.parse('2025-04-01T00:00:00.000Z') });
      for (const table of TABLE_NAMES) await warehouse.bulkLoad(table, dataset[table] as unknown as Record<string, unknown>[]);
      // Hours with sales lines or clickstream events: the sales and the session rollups recompute both.
      dataHours = new Set([
        ...dataset.sales_lines.map((line) => Math.floor(Date.parse(String(line.order_ts)) / 3_600_000)),
        ...dataset.user_events.map((event) => Math.floor(Date.parse(String(event.ts)) / 3_600_000)),
      ]).size;
    } finally {
      await warehouse.close();
    }
  });

  afterAll(async () => {
    await scratch?.drop();
  });

  it('builds every hour the first time; then recomputes only the hours with rows from the last few minutes', async () => {
    const first = await runTsCli('admin/rollups-cli.ts', ['refresh', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    const built = JSON.parse(first.stdout) as { firstBuild: boolean; ranges: unknown[]; closedBefore: string };
    expect(built.firstBuild).toBe(true);
    expect(built.ranges).toHaveLength(1);
    expect(Date.parse(built.closedBefore) % 3_600_000).toBe(0);
    // The load ran seconds before: inside the five-minute margin for rows of transactions still open at a
    // refresh, so its hours count as late once more, and only they (plus the current hour, had one just closed).
    const again = await runTsCli('admin/rollups-cli.ts', ['refresh', '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    const second = JSON.parse(again.stdout) as { firstBuild: boolean; lateHours: number; ranges: { from: string; to: string }[] };
    expect(second.firstBuild).toBe(false);
    expect(second.lateHours).toBe(dataHours);
    const lateRanges = second.ranges.filter((range) => range.to <= '2026');
    expect(lateRanges.reduce((sum, range) => sum + (Date.parse(range.to) - Date.parse(range.from)) / 3_600_000, 0)).toBe(dataHours);
    const text = await runTsCli('admin/rollups-cli.ts', ['refresh'], env);
    expect(text.stdout).toMatch(
      /^rollups: (nothing to recompute|\d+ hour\(s\) recomputed in \d+ range\(s\)(, \d+ with late rows)?); closed before \S+Z \(\d+ ms\)\n$/,
    );
  });

  it('refuses SQL Server in one sentence (exit 2), before connecting to anything', async () => {
    const run = await runTsCli('admin/rollups-cli.ts', ['refresh', '--warehouse', 'mssql'], env);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'error: SQL Server has no rollups: its KPIs read sales_lines directly (sql/KPIS.md, "Rollups"). Run rollups:refresh with --warehouse postgres or clickhouse.',
    );
  });

  it('says to run db:migrate where the rollup tables do not exist yet (exit 1)', async () => {
    const bare = await createScratchDatabase('it_rollups_bare');
    try {
      const run = await runTsCli('admin/rollups-cli.ts', ['refresh'], { ...env, PG_URL: bare.url });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /has no tables sales_lines, user_events, feedback, sales_hourly_markets, .* yet: run npm run db:migrate -- --warehouse postgres first/,
      );
    } finally {
      await bare.drop();
    }
  });
});
