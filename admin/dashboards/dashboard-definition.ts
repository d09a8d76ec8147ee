import { isAbsolute, join, relative } from 'node:path';
import { REPO_ROOT } from '../../lib/repo-root.js';

/** Where the dashboards live: one `<slug>.json` per dashboard, checked by dashboard.schema.json. */
export const DASHBOARDS_DIR = join(REPO_ROOT, 'dashboards');

/** A path as messages show it: relative to the repository when inside it, else as given. */
export function shownPath(path: string): string {
  const inside = relative(REPO_ROOT, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

/** The grid every definition is drawn on; each target maps it onto its own. */
export const GRID_COLUMNS = 12;

export const CHART_TYPES = ['number', 'line', 'bar', 'row', 'pie', 'table', 'funnel', 'heatmap'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

export interface RatioMetric {
  readonly label: string;
  /** [numerator, denominator]: KPI columns, each summed. */
  readonly ratio: readonly [string, string];
  /** 1 − the ratio. */
  readonly complement?: boolean;
  readonly format: 'money' | 'percent' | 'decimal';
}

/** A numeric KPI column (summed over the rows shown), or a ratio of two. */
export type Metric = string | RatioMetric;

export interface Position {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Card {
  readonly id: string;
  readonly title: string;
  readonly kpi: string;
  readonly chart: ChartType;
  readonly x?: string;
  readonly y?: string;
  readonly metrics?: readonly Metric[];
  readonly columns?: readonly string[];
  readonly position: Position;
}

export interface Dashboard {
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly cards: readonly Card[];
}

/** A dashboard with the file it came from (for messages). */
export interface DashboardFile {
  readonly path: string;
  readonly dashboard: Dashboard;
}

/** The KPI columns a metric reads. */
export const metricColumns = (metric: Metric): readonly string[] => (typeof metric === 'string' ? [metric] : metric.ratio);

/** A metric's name as a chart shows it. */
export const metricLabel = (metric: Metric): string => (typeof metric === 'string' ? metric : metric.label);
