import type { SupersetDashboard } from './superset-objects.js';

/**
 * A dashboard's grid as Superset stores it (position_json, pure): one ROW per definition row (cards
 * with the same y, left to right), each card a CHART with its id, uuid, width in Superset's 12 columns
 * and height in its 8-px units. No chart title here: renaming a card updates its chart only.
 */
export function positionJson(dashboard: SupersetDashboard, chartIds: ReadonlyMap<string, number>) {
  const rows = [...new Set(dashboard.layout.map((cell) => cell.y))].sort((a, b) => a - b);
  const position: Record<string, unknown> = {
    DASHBOARD_VERSION_KEY: 'v2',
    ROOT_ID: { type: 'ROOT', id: 'ROOT_ID', children: ['GRID_ID'] },
    GRID_ID: { type: 'GRID', id: 'GRID_ID', children: rows.map((y) => `ROW-${y}`), parents: ['ROOT_ID'] },
    HEADER_ID: { id: 'HEADER_ID', type: 'HEADER', meta: { text: dashboard.dashboard_title } },
  };
  for (const y of rows) {
    const cells = dashboard.layout.filter((cell) => cell.y === y).sort((a, b) => a.x - b.x);
    const chartKeys = cells.map((cell) => `CHART-${cell.chartUuid.slice(0, 8)}`);
    position[`ROW-${y}`] = {
      type: 'ROW',
      id: `ROW-${y}`,
      children: chartKeys,
      parents: ['ROOT_ID', 'GRID_ID'],
      meta: { background: 'BACKGROUND_TRANSPARENT' },
    };
    cells.forEach((cell, index) => {
      const key = chartKeys[index] as string;
      position[key] = {
        type: 'CHART',
        id: key,
        children: [],
        parents: ['ROOT_ID', 'GRID_ID', `ROW-${y}`],
        meta: {
          chartId: chartIds.get(cell.chartUuid) ?? 0,
          uuid: cell.chartUuid,
          width: cell.w,
          height: cell.h,
        },
      };
    });
  }
  return position;
}

/** The dashboard-wide time filter: Superset hands its range to every chart as from_dttm/to_dttm (the KPI files' @from/@to). */
export const TIME_FILTER_ID = 'NATIVE_FILTER-time-range';

export function dashboardMetadata() {
  return {
    native_filter_configuration: [
      {
        id: TIME_FILTER_ID,
        name: 'Time range',
        description: "The KPI files' [@from, @to) range, in UTC; no filter: all time.",
        filterType: 'filter_time',
        type: 'NATIVE_FILTER',
        targets: [{}],
        controlValues: {},
        defaultDataMask: { extraFormData: {}, filterState: {}, ownState: {} },
        cascadeParentIds: [],
        scope: { rootPath: ['ROOT_ID'], excluded: [] },
      },
    ],
    timed_refresh_immune_slices: [],
    expanded_slices: {},
    refresh_frequency: 0,
    color_scheme: 'supersetColors',
    label_colors: {},
    cross_filters_enabled: false,
  };
}
