import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARDS_DIR } from '../../../admin/dashboards/dashboard-definition.js';
import { managedMarker } from '../../../admin/dashboards/superset/apply-superset.js';
import { REPO_ROOT } from '../../../lib/repo-root.js';
import { browserUnavailable, launchBrowser } from '../../support/browser.js';
import { createClickHouseScratch, createScratchDatabase } from '../../support/scratch-database.js';
import {
  dashboardFilesOf,
  logIntoSuperset,
  renderedDashboard,
  type SupersetUnderTest,
  startSupersetUnderTest,
} from '../../support/superset-under-test.js';
import { runTsCli, uniqueSuffix } from '../../support/test-env.js';

/**
 * The dashboards applied for real to the native stack's Superset (started here when it is not
 * running), on PostgreSQL and on the ClickHouse service, each warehouse filled by db:load: every
 * chart answers, the Revenue number equals kpis --json, applying again changes nothing, a changed card
 * is one update, --prune removes only what the project made, and Chromium draws every chart.
 */
const WAREHOUSES = {
  postgres: async () => {
    const scratch = await createScratchDatabase('it_dash');
    return { env: { ...process.env, WAREHOUSE: 'postgres', PG_URL: scratch.url }, drop: scratch.drop };
  },
  clickhouse: () => createClickHouseScratch('it_dash'),
};
const browserMissing = browserUnavailable();
if (browserMissing) process.stdout.write(`[skip] dashboards in a browser: ${browserMissing}\n`);

let superset: SupersetUnderTest;
const work = mkdtempSync(join(tmpdir(), 'it-dashboards-'));

beforeAll(async () => {
  superset = await startSupersetUnderTest();
}, 900_000);

afterAll(async () => {
  await superset?.close();
  rmSync(work, { recursive: true, force: true });
});

describe.each(Object.keys(WAREHOUSES) as (keyof typeof WAREHOUSES)[])('dashboards:apply to Superset on %s', (warehouse) => {
  const prefix = `it${uniqueSuffix()}-`;
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void>;
  const cli = (args: string[], dir = DASHBOARDS_DIR) => runTsCli('admin/dashboards-cli.ts', [...args, '--dir', dir], env);

  beforeAll(async () => {
    const created = await WAREHOUSES[warehouse]();
    env = { ...created.env, DASHBOARD_PREFIX: prefix };
    drop = created.drop;
    expect((await runTsCli('admin/db-cli.ts', ['migrate'], env)).code).toBe(0);
    const load = await runTsCli('admin/db-cli.ts', ['load', '--count', '1500', '--seed', '11', '--start', '2025-03-01T00:00:00Z'], env);
    expect(load.code, load.stderr).toBe(0);
  }, 300_000);

  afterAll(async () => {
    await superset?.removeApplied(prefix, warehouse);
    await drop?.();
  });

  it('applies everything on a first run, then finds nothing to change', async () => {
    const first = await cli(['apply']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/: 37 created, 0 updated, 0 deleted, 0 unchanged\.\n$/);
    const again = await cli(['apply']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(
      `Nothing to change on Superset at ${superset.url} (${warehouse}): 0 created, 0 updated, 0 deleted, 37 unchanged.\n`,
    );
    const plan = await cli(['plan']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Nothing to change: 0 to create, 0 to update, 0 to delete, 37 unchanged.');
  });

  it("answers every chart's data endpoint, and the Revenue number equals kpis --json over all time and over six hours", async () => {
    expect((await cli(['apply'])).code).toBe(0);
    const client = await superset.client();
    const charts = (await client.list('chart', ['id', 'slice_name', 'certified_by'])).filter((chart) =>
      String(chart.certified_by).includes(prefix.replace(/-$/, '')),
    );
    expect(charts).toHaveLength(20);
    for (const chart of charts) {
      const data = await client.request<{ result: Array<{ data: unknown[] }> }>('GET', `/api/v1/chart/${chart.id}/data/`);
      expect(data.result[0]?.data.length, String(chart.slice_name)).toBeGreaterThan(0);
    }
    const revenue = charts.find((chart) => chart.slice_name === 'Revenue') as { id: number };
    const saved = await client.get<{ query_context: string }>('chart', revenue.id);
    for (const range of [undefined, { since: '2025-03-01T00:00:00Z', until: '2025-03-01T06:00:00Z' }]) {
      const context = JSON.parse(saved.result.query_context) as { queries: Array<Record<string, unknown>> };
      for (const query of context.queries)
        query.time_range = range ? `${range.since.slice(0, 19)} : ${range.until.slice(0, 19)}` : 'No filter';
      const answer = await client.request<{ result: Array<{ data: Array<{ revenue: number }> }> }>('POST', '/api/v1/chart/data', context);
      const kpis = await runTsCli(
        'admin/kpis-cli.ts',
        ['--json', '--html', join(work, 'k.html'), ...(range ? ['--since', range.since, '--until', range.until] : [])],
        env,
      );
      const report = JSON.parse(kpis.stdout) as { summary: { revenue: string } };
      expect(answer.result[0]?.data[0]?.revenue.toFixed(2)).toBe(report.summary.revenue);
    }
  });

  it('updates only the chart of a changed card, and --prune removes what the project no longer declares, nothing else', async () => {
    expect((await cli(['apply'])).code).toBe(0);
    const dir = join(work, `${warehouse}-changed`);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of dashboardFilesOf(DASHBOARDS_DIR)) {
      if (name === 'feedback.json') continue;
      writeFileSync(join(dir, name), name === 'sales.json' ? text.replace('"title": "Customers"', '"title": "Distinct customers"') : text);
    }
    const changed = await cli(['apply'], dir);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toContain('  ~ chart "Distinct customers" (slice_name)\n');
    expect(changed.stdout).toMatch(/: 0 created, 1 updated, 0 deleted, 27 unchanged\.\n$/);

    const client = await superset.client();
    // Someone else's chart, on the same Superset: --prune must leave it.
    const strayId = await client.create('chart', {
      slice_name: `${prefix}someone else's`,
      viz_type: 'table',
      datasource_id: 1,
      datasource_type: 'table',
    });
    try {
      const plan = await cli(['plan', '--prune'], dir);
      expect(plan.code).toBe(3);
      expect(plan.stdout).toContain('  - dashboard "Feedback" (delete)\n');
      expect(plan.stdout).toContain('0 to create, 0 to update, 9 to delete, 28 unchanged.');
      const pruned = await cli(['apply', '--prune'], dir);
      expect(pruned.code, pruned.stderr).toBe(0);
      expect(pruned.stdout).toMatch(/: 0 created, 0 updated, 9 deleted, 28 unchanged\.\n$/);
      const left = await client.list('chart', ['id', 'slice_name', 'certified_by']);
      expect(left.map((chart) => chart.slice_name)).toContain(`${prefix}someone else's`);
      const ours = left.filter((chart) => chart.certified_by === managedMarker(prefix, warehouse)).map((chart) => chart.slice_name);
      expect(ours).toHaveLength(15);
      expect(ours).not.toContain('Responses per rating');
    } finally {
      await client.remove('chart', strayId);
    }
    const back = await cli(['apply']);
    expect(back.stdout).toMatch(/: 9 created, 1 updated, 0 deleted, 27 unchanged\.\n$/);
  });

  it('exports a dashboard changed in the UI back into the file format, and applying that file changes nothing', async () => {
    expect((await cli(['apply'])).code).toBe(0);
    const untouched = await runTsCli('admin/dashboards-cli.ts', ['export', 'sales', '--stdout'], env);
    expect(untouched.code, untouched.stderr).toBe(0);
    const { $schema: _s, ...original } = JSON.parse(readFileSync(join(DASHBOARDS_DIR, 'sales.json'), 'utf8')) as Record<string, unknown>;
    expect(JSON.parse(untouched.stdout)).toEqual({ $schema: './dashboard.schema.json', ...original });

    // In the UI: the Orders card renamed and widened to half the row, the Customers card dropped from the layout.
    const client = await superset.client();
    const dashboard = await client.request<{ result: { id: number; position_json: string } }>('GET', `/api/v1/dashboard/${prefix}sales`);
    const position = JSON.parse(dashboard.result.position_json) as Record<string, { children?: string[]; meta?: Record<string, unknown> }>;
    const charts = await client.list('chart', ['id', 'slice_name', 'certified_by']);
    const ours = charts.filter((chart) => chart.certified_by === managedMarker(prefix, warehouse));
    const orders = ours.find((chart) => chart.slice_name === 'Orders') as { id: number };
    const customers = ours.find((chart) => chart.slice_name === 'Customers') as { id: number };
    await client.update('chart', orders.id, { slice_name: 'Orders placed' });
    const keyOf = (id: number) => Object.keys(position).find((key) => position[key]?.meta?.chartId === id) as string;
    (position[keyOf(orders.id)]?.meta as Record<string, unknown>).width = 6;
    position['ROW-0'] = {
      ...position['ROW-0'],
      children: (position['ROW-0']?.children ?? []).filter((key) => key !== keyOf(customers.id)),
    };
    await client.update('dashboard', dashboard.result.id, { position_json: JSON.stringify(position) });

    const dir = join(work, `${warehouse}-exported`);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of dashboardFilesOf(DASHBOARDS_DIR)) writeFileSync(join(dir, name), text);
    const exported = await cli(['export', 'sales'], dir);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(`Wrote ${join(dir, 'sales.json')}: 9 card(s) from "Sales" on Superset.`);
    const file = JSON.parse(readFileSync(join(dir, 'sales.json'), 'utf8')) as {
      cards: Array<{ id: string; title: string; position: { w: number } }>;
    };
    expect(file.cards.find((card) => card.id === 'orders')).toMatchObject({ title: 'Orders placed', position: { w: 6 } });
    expect(file.cards.map((card) => card.id)).not.toContain('customers');
    const valid = await cli(['validate'], dir);
    expect(valid.code, valid.stderr).toBe(0);
    const plan = await cli(['plan'], dir);
    expect(plan.stdout).toContain('Nothing to change');
    expect(plan.code).toBe(0);
  });

  it.skipIf(browserMissing !== undefined)('draws every chart of every dashboard in Chromium, without a chart error', async () => {
    expect((await cli(['apply'])).code).toBe(0);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
      await logIntoSuperset(page, superset);
      for (const [slug, expected] of [
        ['sales', 10],
        ['clickstream-funnel', 5],
        ['feedback', 5],
      ] as const) {
        await page.goto(`${superset.url}/superset/dashboard/${prefix}${slug}/`);
        expect(await renderedDashboard(page), slug).toEqual({ charts: expected, errors: 0 });
        if (warehouse === 'postgres' && slug === 'sales') {
          mkdirSync(join(REPO_ROOT, 'build', 'dashboards'), { recursive: true });
          await page.screenshot({ path: join(REPO_ROOT, 'build', 'dashboards', 'superset-sales.png'), fullPage: true });
        }
      }
    } finally {
      await browser.close();
    }
  });
});
