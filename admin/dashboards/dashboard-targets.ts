import type { Dialect } from '../../lib/warehouses.js';
import type { ChartType } from './dashboard-definition.js';
import type { DashboardChange } from './describe-changes.js';

/** Where dashboards are applied. */
export const DASHBOARD_TARGETS = ['superset', 'metabase'] as const;
export type DashboardTarget = (typeof DASHBOARD_TARGETS)[number];

export const TARGET_TITLES: Record<DashboardTarget, string> = { superset: 'Superset', metabase: 'Metabase' };

/**
 * The chart types each target draws (Superset: big number, ECharts line/bar/pie/funnel, table,
 * heatmap; Metabase: scalar, line, bar, row, pie, table, funnel — Metabase has no heatmap).
 */
export const CHART_TYPES_OF: Record<DashboardTarget, readonly ChartType[]> = {
  superset: ['number', 'line', 'bar', 'row', 'pie', 'table', 'funnel', 'heatmap'],
  metabase: ['number', 'line', 'bar', 'row', 'pie', 'table', 'funnel'],
};

/** The warehouse connection's name on a dashboard tool (Superset's database, Metabase's database). */
export const databaseNameOf = (prefix: string, dialect: Dialect): string => `${prefix}pipeline warehouse (${dialect})`;

/** A plan (`write: false`) or an apply on one target for one warehouse. */
export interface DashboardRun<Change extends DashboardChange = DashboardChange> {
  readonly write: boolean;
  readonly prune: boolean;
  readonly warehouse: Dialect;
  readonly env?: NodeJS.ProcessEnv;
  readonly onChange?: (change: Change) => void;
}
