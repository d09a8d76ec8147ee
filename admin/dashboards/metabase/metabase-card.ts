import type { ColumnKind } from '../../warehouse/kpi-definitions.js';
import type { Card, Metric } from '../dashboard-definition.js';
import { metricLabel } from '../dashboard-definition.js';

/**
 * One card as a Metabase question (pure): its display, its native SQL with the dashboard's time range as
 * template tags, and its visualization settings. Shapes, with where each comes from in Metabase's source:
 *
 * - `display`: scalar, line, bar, row, pie, table, funnel — the visualization names the frontend
 *   registers (frontend/src/metabase/visualizations/visualizations/*, the `identifier` of each).
 * - template tags: `{ id, name, display-name, type: "date", required, default }`, keyed by name
 *   (src/metabase/lib/schema/template_tag.cljc, `::raw-value`: a raw date value, no field filter).
 * - `graph.dimensions` / `graph.metrics` (line, bar, row), `pie.dimension` / `pie.metric`,
 *   `funnel.dimension` / `funnel.metric`, `scalar.field`, `table.columns` as `{ name, enabled }`:
 *   the settings those visualizations read.
 * - `column_settings` keyed by `["name","<column>"]` as JSON text
 *   (frontend/src/metabase-lib/v1/queries/utils/column-key.ts, `getColumnKey`).
 */

export const METABASE_DISPLAY: Record<Exclude<Card['chart'], 'heatmap'>, string> = {
  number: 'scalar',
  line: 'line',
  bar: 'bar',
  row: 'row',
  pie: 'pie',
  table: 'table',
  funnel: 'funnel',
};

/** The KPI files' range placeholders and the template tags that take their place. */
export const RANGE_TAGS = [
  { placeholder: '@from', name: 'from', displayName: 'From (UTC)', default: '1970-01-01' },
  { placeholder: '@to', name: 'to', displayName: 'To (UTC, exclusive)', default: '2200-01-01' },
] as const;

export type TemplateTag = {
  readonly id: string;
  readonly name: string;
  readonly 'display-name': string;
  readonly type: 'date';
  readonly required: false;
  readonly default: string;
};

/** The KPI file with each @from/@to as a Metabase variable ({{from}}, {{to}}), and the tags it uses. */
export function templateKpiSql(sql: string, tagId: (name: string) => string): { query: string; tags: Record<string, TemplateTag> } {
  let query = sql.trim();
  const tags: Record<string, TemplateTag> = {};
  for (const tag of RANGE_TAGS) {
    const pattern = new RegExp(`${tag.placeholder}\\b`, 'g');
    if (!pattern.test(query)) continue;
    query = query.replaceAll(pattern, `{{${tag.name}}}`);
    tags[tag.name] = {
      id: tagId(tag.name),
      name: tag.name,
      'display-name': tag.displayName,
      type: 'date',
      required: false,
      default: tag.default,
    };
  }
  return { query, tags };
}

/** An identifier as all three dialects accept it quoted (PostgreSQL, ClickHouse, SQL Server with QUOTED_IDENTIFIER on). */
export const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** A metric as a SQL aggregate over the KPI rows: the SUM of a column, or a ratio of two sums (as Superset's). */
export function metricSql(metric: Metric): string {
  if (typeof metric === 'string') return `SUM(${quoted(metric)})`;
  const [numerator, denominator] = metric.ratio;
  const ratio = `SUM(${quoted(numerator)}) * 1.0 / NULLIF(SUM(${quoted(denominator)}), 0)`;
  return metric.complement ? `1 - ${ratio}` : ratio;
}

/**
 * The KPI file's own ORDER BY is dropped when it becomes a derived table (SQL Server refuses one there
 * without TOP, and the outer query orders anyway); kept when TOP or LIMIT makes it part of the result.
 */
export function withoutTrailingOrderBy(sql: string): string {
  if (/\bTOP\s*\(|\bLIMIT\b/i.test(sql)) return sql;
  return sql.replace(/\s+ORDER\s+BY\s+[^()]*$/i, '');
}

/**
 * A card shows its KPI file as it is when its rows are what it draws (one row per x, plain columns);
 * numbers, funnels and ratios aggregate the KPI rows in an outer query, as Superset's metrics do.
 */
export function cardSql(card: Card, kpiSql: string): string {
  const metrics = card.metrics ?? [];
  const aggregates = card.chart === 'number' || card.chart === 'funnel' || metrics.some((metric) => typeof metric !== 'string');
  if (!aggregates) return kpiSql;
  const selected = metrics.map((metric) => `${metricSql(metric)} AS ${quoted(metricLabel(metric))}`);
  const inner = `(\n${withoutTrailingOrderBy(kpiSql.trim())}\n) kpi`;
  if (card.chart === 'number' || card.x === undefined) return `SELECT ${selected.join(', ')}\nFROM ${inner}`;
  const x = quoted(card.x);
  const order = card.chart === 'funnel' || card.chart === 'pie' || card.chart === 'row' ? '2 DESC' : x;
  return `SELECT ${x}, ${selected.join(', ')}\nFROM ${inner}\nGROUP BY ${x}\nORDER BY ${order}`;
}

/**
 * Metabase's number formatting for a metric's column: money and decimals to 2 places (money says its
 * style, so an export tells the two apart), percent to 1.
 */
function columnFormat(metric: Metric, columns: Readonly<Record<string, ColumnKind>>): Record<string, unknown> | undefined {
  const format = typeof metric === 'string' ? columns[metric] : metric.format;
  switch (format) {
    case 'money':
      return { number_style: 'decimal', decimals: 2 };
    case 'decimal':
      return { decimals: 2 };
    case 'percent':
      return { number_style: 'percent', decimals: 1 };
    default:
      return undefined;
  }
}

/** The card's visualization settings: what it draws on which axis, and how its numbers read. */
export function visualizationSettings(card: Card, columns: Readonly<Record<string, ColumnKind>>): Record<string, unknown> {
  const metrics = card.metrics ?? [];
  const labels = metrics.map(metricLabel);
  const columnSettings = Object.fromEntries(
    metrics.flatMap((metric) => {
      const format = columnFormat(metric, columns);
      return format ? [[JSON.stringify(['name', metricLabel(metric)]), format]] : [];
    }),
  );
  const formats = Object.keys(columnSettings).length > 0 ? { column_settings: columnSettings } : {};
  switch (card.chart) {
    case 'number':
      return { 'scalar.field': labels[0], ...formats };
    case 'line':
    case 'bar':
    case 'row':
      return { 'graph.dimensions': [card.x], 'graph.metrics': labels, ...formats };
    case 'pie':
      return { 'pie.dimension': card.x, 'pie.metric': labels[0], ...formats };
    case 'funnel':
      return { 'funnel.dimension': card.x, 'funnel.metric': labels[0], ...formats };
    case 'table': {
      const shown = card.columns ?? [];
      const hidden = Object.keys(columns).filter((name) => !shown.includes(name));
      return { 'table.columns': [...shown.map((name) => ({ name, enabled: true })), ...hidden.map((name) => ({ name, enabled: false }))] };
    }
    case 'heatmap':
      throw new Error('Metabase has no heatmap: load-dashboards refuses such a card for --target metabase before rendering.');
  }
}
