import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS_DIR } from '../../../admin/dashboards/dashboard-definition.js';
import { DASHBOARD_TARGETS } from '../../../admin/dashboards/dashboard-targets.js';
import { loadDashboards } from '../../../admin/dashboards/load-dashboards.js';
import { stableId } from '../../../admin/dashboards/stable-ids.js';
import { REPO_ROOT } from '../../../lib/repo-root.js';
import { runTsCli } from '../../support/test-env.js';

const BAD = join('test', 'fixtures', 'dashboards', 'bad');

describe('dashboard files', () => {
  it('the repository dashboards are valid for every target: Sales, Clickstream funnel and Feedback', () => {
    const dashboards = loadDashboards(DASHBOARDS_DIR, DASHBOARD_TARGETS).map((file) => file.dashboard);
    expect(dashboards.map((dashboard) => dashboard.title)).toEqual(['Clickstream funnel', 'Feedback', 'Sales']);
    const kpisOf = (slug: string) => new Set(dashboards.find((dashboard) => dashboard.slug === slug)?.cards.map((card) => card.kpi));
    expect([...kpisOf('sales')].sort()).toEqual(
      ['revenue_by_channel', 'revenue_by_country', 'revenue_by_day', 'revenue_by_hour', 'summary', 'top_categories', 'top_products'].sort(),
    );
    expect([...kpisOf('clickstream-funnel')].sort()).toEqual(['cart_abandonment', 'funnel', 'sessions_by_day']);
    expect([...kpisOf('feedback')].sort()).toEqual(['feedback_by_day', 'feedback_by_feature', 'rating_distribution']);
  });

  it('refuses bad files with one sentence per problem (file, field, value, what is valid) and exit 2', async () => {
    const run = await runTsCli('admin/dashboards-cli.ts', ['validate', '--dir', join(REPO_ROOT, BAD)]);
    expect(run.code).toBe(2);
    const file = (name: string) => `${BAD}/${name}`;
    expect(run.stderr.split('\n').filter((line) => line.startsWith('  '))).toEqual([
      `  ${file('cards-bad.json')} /slug: "cards" must equal the file name, "cards-bad"`,
      `  ${file('cards-bad.json')} /cards/0/kpi: "revnue_by_day" is not a KPI file of sql/<dialect>/kpis/; valid: summary, revenue_by_hour, revenue_by_day, top_products, top_categories, revenue_by_country, revenue_by_channel, new_vs_returning, funnel, cart_abandonment, feedback_by_feature, sessions_by_day, rating_distribution, feedback_by_day`,
      `  ${file('cards-bad.json')} /cards/1/chart: "heatmap" is not a chart type metabase has; choose from number, line, bar, row, pie, table, funnel`,
      `  ${file('cards-bad.json')} /cards/2/metrics/0: "country" is a text column of revenue_by_country, not a number; numeric columns: revenue, orders`,
      `  ${file('cards-bad.json')} /cards/2/position: overlaps card "revenue" (/cards/0) at column 4, row 2; move it or make it smaller`,
      `  ${file('cards-bad.json')} /cards/3/x: is required for a pie chart: the revenue_by_channel column along its axis`,
      `  ${file('cards-bad.json')} /cards/3/metrics: a pie chart shows one metric, not 2; split it into several cards`,
      `  ${file('cards-bad.json')} /cards/3/position: x 8 + w 6 passes the grid's 12 columns; make x + w at most 12`,
      `  ${file('cards-bad.json')} /cards/4/id: "channel" is also the id of /cards/3; each card needs its own`,
      `  ${file('cards-bad.json')} /cards/4/columns/1: "price" is not a column of top_products; its columns: product_id, product_name, category, revenue, units, lines`,
      `  ${file('shape-bad.json')} /cards/0/colour: is not a field of a dashboard definition (a typo?); dashboards/dashboard.schema.json lists the fields`,
      `  ${file('shape-bad.json')} /cards/0/chart: is not allowed; valid: number, line, bar, row, pie, table, funnel, heatmap`,
      `  ${file('shape-bad.json')} /cards/1/position: is required`,
    ]);
    expect(run.stderr).toMatch(/^error: 13 problem\(s\) in the dashboard files:\n/);
  });

  it('checks chart types only for the targets asked: a heatmap is fine for Superset alone', async () => {
    const superset = await runTsCli('admin/dashboards-cli.ts', ['validate', '--dir', join(REPO_ROOT, BAD), '--target', 'superset']);
    expect(superset.code).toBe(2);
    expect(superset.stderr).not.toContain('heatmap" is not a chart type');
    const unknown = await runTsCli('admin/dashboards-cli.ts', ['validate', '--target', 'grafana']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('error: --target "grafana" names unknown target(s) grafana; choose from superset, metabase.\n');
    const ok = await runTsCli('admin/dashboards-cli.ts', ['validate']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('3 dashboard(s) with 20 card(s) valid for superset and metabase.\n');
  });

  it('gives everything a stable id: the same on every run and machine, different per thing', () => {
    expect(stableId('dashboard', 'sales')).toBe(stableId('dashboard', 'sales'));
    expect(stableId('dashboard', 'sales')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableId('dashboard', 'sales')).not.toBe(stableId('chart', 'sales', 'revenue'));
  });
});
