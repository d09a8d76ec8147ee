import { describe, expect, it } from 'vitest';
import { DASHBOARDS_DIR } from '../../../../admin/dashboards/dashboard-definition.js';
import { holds } from '../../../../admin/dashboards/holds.js';
import { KPI_COLUMNS, loadDashboards } from '../../../../admin/dashboards/load-dashboards.js';
import { managedMarker } from '../../../../admin/dashboards/superset/apply-superset.js';
import { chartOnDataset, renderSuperset, supersetMetric, templateKpiSql } from '../../../../admin/dashboards/superset/render-superset.js';
import { positionJson } from '../../../../admin/dashboards/superset/superset-layout.js';
import { supersetWarehouse } from '../../../../admin/dashboards/superset/warehouse-connection.js';
import { readKpiSql } from '../../../../admin/warehouse/sql-files.js';
import { resolveConfig } from '../../../../lib/config/resolve-config.js';

const files = loadDashboards(DASHBOARDS_DIR, ['superset']);
const config = resolveConfig([
  {
    origin: '.env',
    values: { PG_READER_PASSWORD: 'p@ss/word', CLICKHOUSE_URL: 'http://127.0.0.1:18123', CLICKHOUSE_READER_PASSWORD: 'r' },
    rejectUnknownKeys: true,
  },
]);
const render = (prefix = '') =>
  renderSuperset(files, supersetWarehouse(config, 'postgres'), {
    prefix,
    kpiSql: (kpi) => readKpiSql('postgres', kpi),
    kpiColumns: KPI_COLUMNS,
  });

describe('the dashboards as Superset objects', () => {
  it("writes a KPI file's @from/@to as the dashboard's time range, in each dialect's SQL", () => {
    const sql = 'SELECT 1 FROM t WHERE ts >= @from AND ts < @to';
    expect(templateKpiSql('postgres', sql)).toBe(
      `SELECT 1 FROM t WHERE ts >= TIMESTAMPTZ '{{ from_dttm or "1970-01-01T00:00:00" }}+00:00' AND ts < TIMESTAMPTZ '{{ to_dttm or "2200-01-01T00:00:00" }}+00:00'`,
    );
    expect(templateKpiSql('clickhouse', sql)).toContain(`parseDateTime64BestEffort('{{ from_dttm or "1970-01-01T00:00:00" }}', 3, 'UTC')`);
    expect(templateKpiSql('mssql', sql)).toContain(`CAST('{{ to_dttm or "2200-01-01T00:00:00" }}' AS DATETIME2(3))`);
  });

  it('makes a column metric a SUM and a ratio a division of sums that is empty on zero', () => {
    expect(supersetMetric('revenue')).toMatchObject({
      expressionType: 'SIMPLE',
      aggregate: 'SUM',
      column: { column_name: 'revenue' },
      label: 'revenue',
    });
    expect(supersetMetric({ label: 'AOV', ratio: ['revenue', 'orders'], format: 'money' }).sqlExpression).toBe(
      'SUM(revenue) * 1.0 / NULLIF(SUM(orders), 0)',
    );
    expect(supersetMetric({ label: 'A', ratio: ['p', 'c'], complement: true, format: 'percent' }).sqlExpression).toBe(
      '1 - SUM(p) * 1.0 / NULLIF(SUM(c), 0)',
    );
  });

  it('renders one connection, a dataset per KPI file used, a chart per card and a dashboard per file, with stable ids', () => {
    const objects = render();
    expect(objects.datasets).toHaveLength(13);
    expect(objects.charts).toHaveLength(20);
    expect(objects.dashboards.map((dashboard) => dashboard.slug).sort()).toEqual(['clickstream-funnel', 'feedback', 'sales']);
    expect(objects.database.sqlalchemy_uri).toBe('postgresql+psycopg2://warehouse_reader:p%40ss%2Fword@127.0.0.1:54329/warehouse');
    expect(render().charts.map((chart) => chart.uuid)).toEqual(objects.charts.map((chart) => chart.uuid));
    const prefixed = render('it1-');
    expect(prefixed.dashboards.map((dashboard) => dashboard.slug)).toContain('it1-sales');
    expect(prefixed.datasets[0]?.table_name).toMatch(/^it1-kpi_/);
    expect(new Set([...prefixed.charts, ...objects.charts].map((chart) => chart.uuid)).size).toBe(40);
    expect(managedMarker('it1-', 'postgres')).toBe('ecommerce-kafka-pipeline (it1, postgres)');
    expect(managedMarker('', 'clickhouse')).toBe('ecommerce-kafka-pipeline (clickhouse)');
  });

  it('maps each chart type onto a Superset visualisation with its dataset filled in', () => {
    const byTitle = new Map(render().charts.map((chart) => [chart.slice_name, chart]));
    const kinds = Object.fromEntries([...byTitle].map(([title, chart]) => [title, chart.viz_type]));
    expect(kinds).toMatchObject({
      Revenue: 'big_number_total',
      'Revenue per hour': 'echarts_timeseries_line',
      'Revenue by category': 'echarts_timeseries_bar',
      'Top 10 products': 'table',
      'Revenue by channel': 'pie',
      'Sessions per funnel step': 'funnel',
    });
    expect(byTitle.get('Revenue by category')?.params).toMatchObject({ orientation: 'horizontal', x_axis: 'category' });
    expect(byTitle.get('Top 10 products')?.params).toMatchObject({
      query_mode: 'raw',
      all_columns: ['product_name', 'category', 'revenue', 'units', 'lines'],
    });
    const onDataset = chartOnDataset(byTitle.get('Revenue') as never, 42);
    expect(onDataset.params).toMatchObject({ datasource: '42__table', viz_type: 'big_number_total', y_axis_format: ',.2f' });
    expect(onDataset.query_context).toMatchObject({ datasource: { id: 42, type: 'table' } });
  });

  it('lays each definition row out as a Superset ROW, cards left to right, without chart titles (a renamed card changes its chart only)', () => {
    const sales = render().dashboards.find((dashboard) => dashboard.slug === 'sales');
    const ids = new Map(sales?.chartUuids.map((uuid, index) => [uuid, index + 1]));
    const position = positionJson(sales as never, ids) as Record<string, { children?: string[]; meta?: Record<string, unknown> }>;
    expect(position.GRID_ID?.children).toEqual(['ROW-0', 'ROW-2', 'ROW-6', 'ROW-10', 'ROW-15']);
    expect(position['ROW-0']?.children).toHaveLength(4);
    const first = position[position['ROW-0']?.children?.[0] as string]?.meta;
    expect(first).toEqual({ chartId: 1, uuid: sales?.chartUuids[0], width: 3, height: 20 });
    expect(JSON.stringify(position)).not.toContain('Revenue per hour');
  });

  it('compares what apply wrote with what Superset holds: extra keys its UI saves are fine, a changed value or a missing element is not', () => {
    const wrote = { rows: [{ id: 'ROW-0', meta: { width: 3 } }], filter: 'time' };
    expect(holds(wrote, { rows: [{ id: 'ROW-0', meta: { width: 3, background: 'x' } }], filter: 'time', added: 1 })).toBe(true);
    expect(holds(wrote, { rows: [{ id: 'ROW-0', meta: { width: 4 } }], filter: 'time' })).toBe(false);
    expect(holds(wrote, { rows: [{ id: 'ROW-0', meta: { width: 3 } }, { id: 'ROW-1' }], filter: 'time' })).toBe(false);
    expect(holds(wrote, { rows: [], filter: 'time' })).toBe(false);
  });
});
