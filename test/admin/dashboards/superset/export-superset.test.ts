import { describe, expect, it } from 'vitest';
import { DASHBOARDS_DIR } from '../../../../admin/dashboards/dashboard-definition.js';
import { KPI_COLUMNS, loadDashboards } from '../../../../admin/dashboards/load-dashboards.js';
import { type ExportedChart, exportDashboard } from '../../../../admin/dashboards/superset/export-superset.js';
import { chartOnDataset, renderSuperset } from '../../../../admin/dashboards/superset/render-superset.js';
import { positionJson } from '../../../../admin/dashboards/superset/superset-layout.js';
import { readKpiSql } from '../../../../admin/warehouse/sql-files.js';

const files = loadDashboards(DASHBOARDS_DIR, ['superset']);

/** The dashboards as an apply leaves them on Superset (ids 1, 2, …), read back as export reads them. */
function asApplied(prefix: string) {
  const objects = renderSuperset(
    files,
    { dialect: 'postgres', sqlalchemyUri: 'postgresql+psycopg2://r:p@h:1/w', schema: 'public' },
    { prefix, kpiSql: (kpi) => readKpiSql('postgres', kpi), kpiColumns: KPI_COLUMNS },
  );
  const ids = new Map(objects.charts.map((chart, index) => [chart.uuid, index + 1]));
  const tableOf = new Map(objects.datasets.map((dataset) => [dataset.uuid, dataset.table_name]));
  return objects.dashboards.map((dashboard) => ({
    dashboard,
    position: positionJson(dashboard, ids) as Record<string, { type?: string; children?: string[]; meta?: Record<string, unknown> }>,
    charts: objects.charts
      .filter((chart) => dashboard.chartUuids.includes(chart.uuid))
      .map(
        (chart): ExportedChart => ({
          id: ids.get(chart.uuid) as number,
          slice_name: chart.slice_name,
          viz_type: chart.viz_type,
          params: chartOnDataset(chart, 7).params,
          certification_details: chart.source,
          datasetName: tableOf.get(chart.datasetUuid) as string,
        }),
      ),
  }));
}

describe('dashboards:export from Superset', () => {
  it('gives back exactly the definition a dashboard was applied from, for every dashboard (with a prefix too)', () => {
    for (const prefix of ['', 'it1-']) {
      for (const applied of asApplied(prefix)) {
        const file = files.find((candidate) => `${prefix}${candidate.dashboard.slug}` === applied.dashboard.slug);
        const { $schema: _schema, ...original } = (file?.dashboard ?? {}) as unknown as Record<string, unknown>;
        const exported = exportDashboard({
          slug: applied.dashboard.slug,
          title: applied.dashboard.dashboard_title,
          description: String(original.description),
          position: applied.position,
          charts: applied.charts,
          prefix,
        });
        expect(exported.problems).toEqual([]);
        expect(exported.dashboard).toEqual(original);
      }
    }
  });

  it('takes a chart added in the UI as a new card (id from its title) and names what the format cannot hold', () => {
    const sales = asApplied('').find((applied) => applied.dashboard.slug === 'sales') as ReturnType<typeof asApplied>[number];
    const position = structuredClone(sales.position);
    (position['ROW-15'] as { children: string[] }).children.push('CHART-new', 'MARKDOWN-1');
    position['CHART-new'] = { type: 'CHART', children: [], meta: { chartId: 99, width: 4, height: 40 } };
    position['MARKDOWN-1'] = { type: 'MARKDOWN', children: [] };
    const exported = exportDashboard({
      slug: 'sales',
      title: 'Sales',
      description: '',
      position,
      prefix: '',
      charts: [
        ...sales.charts,
        {
          id: 99,
          slice_name: 'Units by category!',
          viz_type: 'pie',
          params: { groupby: ['category'], metric: { expressionType: 'SIMPLE', aggregate: 'SUM', column: { column_name: 'units' } } },
          certification_details: null,
          datasetName: 'kpi_top_categories',
        },
      ],
    });
    expect(exported.dashboard.cards.at(-1)).toEqual({
      id: 'units-by-category',
      title: 'Units by category!',
      kpi: 'top_categories',
      chart: 'pie',
      x: 'category',
      metrics: ['units'],
      position: { x: 12, y: 15, w: 4, h: 4 },
    });
    expect(exported.problems).toEqual(['the dashboard holds a markdown in a row; the definitions have charts only']);
  });

  it('refuses charts on other datasets and metrics it cannot read back, one sentence each', () => {
    const sales = asApplied('').find((applied) => applied.dashboard.slug === 'sales') as ReturnType<typeof asApplied>[number];
    const charts = sales.charts.map((chart, index) =>
      index === 0
        ? { ...chart, datasetName: 'orders_raw' }
        : index === 1
          ? { ...chart, params: { ...chart.params, metric: { expressionType: 'SQL', sqlExpression: 'MAX(orders)', label: 'max orders' } } }
          : index === 2
            ? { ...chart, viz_type: 'sankey_v2' }
            : chart,
    );
    const exported = exportDashboard({ slug: 'sales', title: 'Sales', description: '', position: sales.position, charts, prefix: '' });
    expect(exported.problems).toEqual([
      'chart "Revenue" reads dataset "orders_raw", not a KPI file\'s (kpi_<kpi>); point it at one or leave it out',
      'chart "Orders": metric "max orders" is neither a SUM of a KPI column nor a ratio of two such sums',
      'chart "Average order value" is a Superset sankey_v2, which the definition format has no type for (number, line, bar, row, pie, table, funnel, heatmap)',
    ]);
  });
});
