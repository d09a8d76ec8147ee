import type { Card, ChartType, Dashboard, Metric, Position } from '../dashboard-definition.js';
import { FORMATS, HEIGHT_UNITS_PER_ROW } from './render-superset.js';

/** A chart of the dashboard as Superset holds it, with its dataset's name. */
export interface ExportedChart {
  readonly id: number;
  readonly slice_name: string;
  readonly viz_type: string;
  readonly params: Record<string, unknown>;
  /** "dashboards/sales.json#revenue" when this project made it; the card id comes from there. */
  readonly certification_details: string | null;
  readonly datasetName: string;
}

export interface ExportInput {
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly position: Record<string, { type?: string; children?: string[]; meta?: Record<string, unknown> }>;
  readonly charts: readonly ExportedChart[];
  /** DASHBOARD_PREFIX, taken off slugs and dataset names. */
  readonly prefix: string;
}

/** A number format back to a ratio's format: the inverse of the rendering's FORMATS. */
const FORMAT_OF: Record<string, 'money' | 'percent' | 'decimal'> = Object.fromEntries(
  (['money', 'percent', 'decimal'] as const).map((format) => [FORMATS[format], format]),
);
const RATIO = /^(1 - )?SUM\((\w+)\) \* 1\.0 \/ NULLIF\(SUM\((\w+)\), 0\)$/;

/** A Superset ad-hoc metric back as a definition metric, or why it cannot be one. */
function metricOf(raw: unknown, format: string | undefined): Metric | string {
  const metric = raw as {
    expressionType?: string;
    aggregate?: string;
    column?: { column_name?: string };
    sqlExpression?: string;
    label?: string;
  };
  if (metric?.expressionType === 'SIMPLE' && metric.aggregate === 'SUM' && metric.column?.column_name) return metric.column.column_name;
  const ratio = metric?.expressionType === 'SQL' ? RATIO.exec((metric.sqlExpression ?? '').trim()) : null;
  if (ratio) {
    return {
      label: metric.label ?? 'ratio',
      ratio: [ratio[2] as string, ratio[3] as string],
      ...(ratio[1] ? { complement: true } : {}),
      format: FORMAT_OF[format ?? ''] ?? 'decimal',
    };
  }
  return `problem: metric ${JSON.stringify(metric?.label ?? raw)} is neither a SUM of a KPI column nor a ratio of two such sums`;
}

/** The card a Superset chart is, or the problems that keep it from being one. */
function cardOf(chart: ExportedChart, id: string, position: Position, prefix: string): { card?: Card; problems: string[] } {
  const problems: string[] = [];
  const p = chart.params;
  const kpiPrefix = `${prefix}kpi_`;
  if (!chart.datasetName.startsWith(kpiPrefix)) {
    return {
      problems: [
        `chart "${chart.slice_name}" reads dataset "${chart.datasetName}", not a KPI file's (${kpiPrefix}<kpi>); point it at one or leave it out`,
      ],
    };
  }
  const kpi = chart.datasetName.slice(kpiPrefix.length);
  const format = (p.y_axis_format ?? p.number_format) as string | undefined;
  const metrics = (list: unknown[]): Metric[] =>
    list
      .map((raw) => metricOf(raw, format))
      .filter((metric): metric is Metric => {
        if (typeof metric === 'string' && metric.startsWith('problem: ')) {
          problems.push(`chart "${chart.slice_name}": ${metric.slice('problem: '.length)}`);
          return false;
        }
        return true;
      });
  const base = { id, title: chart.slice_name, kpi, position };
  const typed = (chartType: ChartType, rest: Partial<Card>): Card => ({ ...base, chart: chartType, ...rest });
  switch (chart.viz_type) {
    case 'big_number_total':
      return { card: typed('number', { metrics: metrics([p.metric]) }), problems };
    case 'echarts_timeseries_line':
    case 'echarts_timeseries_bar': {
      const kind: ChartType = chart.viz_type === 'echarts_timeseries_line' ? 'line' : p.orientation === 'horizontal' ? 'row' : 'bar';
      return { card: typed(kind, { x: p.x_axis as string, metrics: metrics((p.metrics as unknown[]) ?? []) }), problems };
    }
    case 'pie':
    case 'funnel':
      return { card: typed(chart.viz_type, { x: (p.groupby as string[])?.[0], metrics: metrics([p.metric]) }), problems };
    case 'heatmap_v2':
      return { card: typed('heatmap', { x: p.x_axis as string, y: p.groupby as string, metrics: metrics([p.metric]) }), problems };
    case 'table':
      if (p.query_mode !== 'raw')
        return { problems: [`chart "${chart.slice_name}" is an aggregating table; the definitions hold tables of KPI columns (raw mode)`] };
      return { card: typed('table', { columns: [...((p.all_columns as string[]) ?? [])] }), problems };
    default:
      return {
        problems: [
          `chart "${chart.slice_name}" is a Superset ${chart.viz_type}, which the definition format has no type for (number, line, bar, row, pie, table, funnel, heatmap)`,
        ],
      };
  }
}

const slugOf = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'card';

/**
 * A Superset dashboard back in the definition format (pure), so its UI can draft and git stays the
 * source: rows of charts become cards on the 12-column grid, each chart its card (kept ids for what
 * this project made, ids from titles for new ones). What the format cannot hold is listed, not guessed.
 */
export function exportDashboard(input: ExportInput): { dashboard: Dashboard; problems: string[] } {
  const problems: string[] = [];
  const cards: Card[] = [];
  const used = new Set<string>();
  const byId = new Map(input.charts.map((chart) => [chart.id, chart]));
  let y = 0;
  for (const rowKey of input.position.GRID_ID?.children ?? []) {
    const row = input.position[rowKey];
    if (row?.type !== 'ROW') {
      problems.push(
        `the dashboard holds a ${String(row?.type ?? rowKey).toLowerCase()} at the top level; the definitions have rows of charts only`,
      );
      continue;
    }
    let x = 0;
    let rowHeight = 1;
    for (const key of row.children ?? []) {
      const component = input.position[key];
      if (component?.type !== 'CHART') {
        problems.push(`the dashboard holds a ${String(component?.type ?? key).toLowerCase()} in a row; the definitions have charts only`);
        continue;
      }
      const meta = component.meta ?? {};
      const chart = byId.get(Number(meta.chartId));
      if (!chart) {
        problems.push(`the layout names chart ${String(meta.chartId)}, which the dashboard does not hold`);
        continue;
      }
      const w = Math.max(1, Math.min(12, Number(meta.width) || 4));
      const h = Math.max(1, Math.ceil((Number(meta.height) || 50) / HEIGHT_UNITS_PER_ROW));
      const own = /#([a-z][a-z0-9-]*)$/.exec(chart.certification_details ?? '')?.[1];
      let id = own ?? slugOf(chart.slice_name);
      for (let n = 2; used.has(id); n++) id = `${own ?? slugOf(chart.slice_name)}-${n}`;
      used.add(id);
      const { card, problems: cardProblems } = cardOf(chart, id, { x, y, w, h }, input.prefix);
      problems.push(...cardProblems);
      if (card) cards.push(card);
      x += w;
      rowHeight = Math.max(rowHeight, h);
    }
    y += rowHeight;
  }
  const slug = input.slug.startsWith(input.prefix) ? input.slug.slice(input.prefix.length) : input.slug;
  return { dashboard: { slug, title: input.title, description: input.description, cards }, problems };
}
