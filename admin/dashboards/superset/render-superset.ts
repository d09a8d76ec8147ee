import type { Dialect } from '../../../lib/warehouses.js';
import type { ColumnKind } from '../../warehouse/kpi-definitions.js';
import type { Card, DashboardFile, Metric } from '../dashboard-definition.js';
import { databaseNameOf } from '../dashboard-targets.js';
import { stableId } from '../stable-ids.js';
import type { KpiColumns } from '../validate-dashboards.js';
import type { SupersetChart, SupersetDashboard, SupersetDataset, SupersetObjects } from './superset-objects.js';

/** Where the warehouse is, as Superset connects to it (the reader login). */
export interface WarehouseConnection {
  readonly dialect: Dialect;
  /** SQLAlchemy URI with the reader's password. */
  readonly sqlalchemyUri: string;
  /** Schema the KPI tables live in (PostgreSQL public, SQL Server dbo; ClickHouse has none). */
  readonly schema: string | null;
}

export interface RenderOptions {
  /** DASHBOARD_PREFIX: set apart one pipeline's objects from another's on the same Superset. */
  readonly prefix: string;
  readonly kpiSql: (kpi: string) => string;
  readonly kpiColumns: KpiColumns;
}

/** The dashboard's time range inside a KPI file: Superset's from_dttm/to_dttm (UTC, ISO), all time when unset. */
const FROM = '{{ from_dttm or "1970-01-01T00:00:00" }}';
const TO = '{{ to_dttm or "2200-01-01T00:00:00" }}';

/** A KPI file's @from/@to as Jinja Superset fills from the dashboard's time filter, per dialect. */
export function templateKpiSql(dialect: Dialect, sql: string): string {
  const bound = (value: string) => {
    switch (dialect) {
      case 'postgres':
        return `TIMESTAMPTZ '${value}+00:00'`;
      case 'clickhouse':
        return `parseDateTime64BestEffort('${value}', 3, 'UTC')`;
      case 'mssql':
        return `CAST('${value}' AS DATETIME2(3))`;
    }
  };
  return sql
    .replaceAll(/@from\b/g, bound(FROM))
    .replaceAll(/@to\b/g, bound(TO))
    .trim();
}

export const FORMATS: Record<ColumnKind | 'percent' | 'decimal', string> = {
  money: ',.2f',
  count: ',d',
  percent: '.1%',
  decimal: '.2f',
  text: 'SMART_NUMBER',
  hour: 'SMART_NUMBER',
  day: 'SMART_NUMBER',
};

/** A card's metric as a Superset ad-hoc metric (SUM of a column, or a ratio of two sums in SQL). */
export function supersetMetric(metric: Metric): Record<string, unknown> {
  if (typeof metric === 'string') {
    return { expressionType: 'SIMPLE', column: { column_name: metric }, aggregate: 'SUM', label: metric, hasCustomLabel: true };
  }
  const [numerator, denominator] = metric.ratio;
  const ratio = `SUM(${numerator}) * 1.0 / NULLIF(SUM(${denominator}), 0)`;
  return { expressionType: 'SQL', sqlExpression: metric.complement ? `1 - ${ratio}` : ratio, label: metric.label, hasCustomLabel: true };
}

const formatOf = (metric: Metric, columns: Readonly<Record<string, ColumnKind>>): string =>
  FORMATS[typeof metric === 'string' ? (columns[metric] ?? 'count') : metric.format];

/** Form data (what Superset's chart editor shows) for one card, without its datasource. */
export function chartFormData(card: Card, columns: Readonly<Record<string, ColumnKind>>) {
  const metrics = (card.metrics ?? []).map(supersetMetric);
  const first = card.metrics?.[0];
  const format = first === undefined ? 'SMART_NUMBER' : formatOf(first, columns);
  const base = { time_range: 'No filter', adhoc_filters: [], row_limit: 10_000 };
  switch (card.chart) {
    case 'number':
      return { viz_type: 'big_number_total', params: { ...base, metric: metrics[0], y_axis_format: format, header_font_size: 0.3 } };
    case 'line':
    case 'bar':
    case 'row':
      return {
        viz_type: card.chart === 'line' ? 'echarts_timeseries_line' : 'echarts_timeseries_bar',
        params: {
          ...base,
          x_axis: card.x,
          metrics,
          groupby: [],
          orientation: card.chart === 'row' ? 'horizontal' : 'vertical',
          y_axis_format: format,
          show_legend: metrics.length > 1,
          rich_tooltip: true,
          markerEnabled: card.chart === 'line',
          x_axis_sort_asc: true,
          order_desc: false,
        },
      };
    case 'pie':
      return {
        viz_type: 'pie',
        params: {
          ...base,
          groupby: [card.x],
          metric: metrics[0],
          number_format: format,
          show_labels: true,
          label_type: 'key_percent',
          show_legend: true,
        },
      };
    case 'funnel':
      return { viz_type: 'funnel', params: { ...base, groupby: [card.x], metric: metrics[0], number_format: format, show_legend: false } };
    case 'heatmap':
      return { viz_type: 'heatmap_v2', params: { ...base, x_axis: card.x, groupby: card.y, metric: metrics[0], number_format: format } };
    case 'table':
      return { viz_type: 'table', params: { ...base, query_mode: 'raw', all_columns: [...(card.columns ?? [])], order_by_cols: [] } };
  }
}

/** The data endpoint's query for a chart: its metrics over its x (or the table's columns), unfiltered. */
function chartQuery(card: Card): Record<string, unknown> {
  const metrics = (card.metrics ?? []).map(supersetMetric);
  const columns =
    card.chart === 'table' ? [...(card.columns ?? [])] : [card.x, card.y].filter((name): name is string => name !== undefined);
  return {
    columns,
    metrics: card.chart === 'table' ? [] : metrics,
    orderby: card.chart === 'table' || metrics.length === 0 ? [] : [[metrics[0], false]],
    filters: [],
    extras: { having: '', where: '' },
    row_limit: 10_000,
    time_range: 'No filter',
  };
}

/** A chart's form data and data-endpoint query on its dataset, once the dataset's id is known. */
export function chartOnDataset(chart: SupersetChart, datasetId: number) {
  const params = { ...chart.params, datasource: `${datasetId}__table`, viz_type: chart.viz_type };
  return {
    params,
    query_context: {
      datasource: { id: datasetId, type: 'table' },
      force: false,
      queries: [chart.query],
      form_data: params,
      result_format: 'json',
      result_type: 'full',
    },
  };
}

/** Superset's grid: 12 columns; a definition row is 80 px, 10 of Superset's 8-px height units. */
export const HEIGHT_UNITS_PER_ROW = 10;

/**
 * Everything the definitions put on Superset for one warehouse (pure): the connection, a dataset per
 * KPI file used, a chart per card, a dashboard per file, each with its stable UUID. Charts name their
 * dataset by UUID; apply puts in the dataset's id (chartOnDataset).
 */
export function renderSuperset(files: readonly DashboardFile[], warehouse: WarehouseConnection, options: RenderOptions): SupersetObjects {
  const id = (...parts: string[]) => stableId(options.prefix, warehouse.dialect, ...parts);
  const kpis = [...new Set(files.flatMap((file) => file.dashboard.cards.map((card) => card.kpi)))].sort();
  const datasets: SupersetDataset[] = kpis.map((kpi) => ({
    uuid: id('dataset', kpi),
    table_name: `${options.prefix}kpi_${kpi}`,
    sql: templateKpiSql(warehouse.dialect, options.kpiSql(kpi)),
    schema: warehouse.schema,
    kpi,
  }));
  const datasetUuid = new Map(datasets.map((dataset) => [dataset.kpi, dataset.uuid]));
  const charts: SupersetChart[] = [];
  const dashboards: SupersetDashboard[] = [];
  for (const file of files) {
    const { dashboard } = file;
    const layout: Array<SupersetDashboard['layout'][number]> = [];
    for (const card of dashboard.cards) {
      const chartUuid = id('chart', dashboard.slug, card.id);
      const { viz_type, params } = chartFormData(card, options.kpiColumns.get(card.kpi) ?? {});
      charts.push({
        uuid: chartUuid,
        slice_name: card.title,
        viz_type,
        params,
        query: chartQuery(card),
        datasetUuid: datasetUuid.get(card.kpi) as string,
        source: `dashboards/${dashboard.slug}.json#${card.id}`,
      });
      layout.push({ chartUuid, x: card.position.x, y: card.position.y, w: card.position.w, h: card.position.h * HEIGHT_UNITS_PER_ROW });
    }
    dashboards.push({
      uuid: id('dashboard', dashboard.slug),
      dashboard_title: dashboard.title,
      slug: `${options.prefix}${dashboard.slug}`,
      chartUuids: layout.map((cell) => cell.chartUuid),
      layout,
      source: `dashboards/${dashboard.slug}.json`,
    });
  }
  return {
    database: {
      uuid: id('database'),
      database_name: databaseNameOf(options.prefix, warehouse.dialect),
      sqlalchemy_uri: warehouse.sqlalchemyUri,
    },
    datasets,
    charts,
    dashboards,
  };
}
