/**
 * What the dashboard commands keep on Superset, in the fields they manage: one database connection per
 * warehouse, one virtual dataset per KPI file used, one chart per card, one dashboard per file. Each
 * carries a stable UUID (admin/dashboards/stable-ids.ts), which is how a later apply finds it again.
 */
export interface SupersetDatabase {
  readonly uuid: string;
  readonly database_name: string;
  /** With the reader's password; never printed (plans show `describeUri`). */
  readonly sqlalchemy_uri: string;
}

export interface SupersetDataset {
  readonly uuid: string;
  readonly table_name: string;
  /** The KPI file, its @from/@to written as Jinja on the dashboard's time range. */
  readonly sql: string;
  readonly schema: string | null;
  /** The KPI file it shows, for messages. */
  readonly kpi: string;
}

export interface SupersetChart {
  readonly uuid: string;
  readonly slice_name: string;
  readonly viz_type: string;
  /** The chart's form data (what the UI edits) without its datasource, which apply adds. */
  readonly params: Record<string, unknown>;
  /** What the data endpoint runs (GET /api/v1/chart/{id}/data), without its datasource. */
  readonly query: Record<string, unknown>;
  readonly datasetUuid: string;
  /** Where it comes from: "dashboards/sales.json#revenue". */
  readonly source: string;
}

export interface SupersetDashboard {
  readonly uuid: string;
  readonly dashboard_title: string;
  readonly slug: string;
  readonly chartUuids: readonly string[];
  /** The grid: each chart's uuid, position and size in Superset's 12-column layout. */
  readonly layout: ReadonlyArray<{
    readonly chartUuid: string;
    readonly x: number;
    readonly y: number;
    readonly w: number;
    readonly h: number;
  }>;
  readonly source: string;
}

export interface SupersetObjects {
  readonly database: SupersetDatabase;
  readonly datasets: readonly SupersetDataset[];
  readonly charts: readonly SupersetChart[];
  readonly dashboards: readonly SupersetDashboard[];
}
