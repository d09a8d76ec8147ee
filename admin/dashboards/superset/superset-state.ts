import type { SupersetClient } from './superset-client.js';

/** What Superset holds now, in the fields the plan compares (all objects of the four kinds). */
export interface SupersetState {
  readonly databases: ReadonlyArray<{ id: number; uuid: string; database_name: string }>;
  readonly datasets: ReadonlyArray<{
    id: number;
    uuid: string;
    table_name: string;
    sql: string | null;
    schema: string | null;
    database_id: number;
    extra: string | null;
  }>;
  readonly charts: ReadonlyArray<{
    id: number;
    uuid: string;
    slice_name: string;
    viz_type: string;
    params: string | null;
    datasource_id: number;
    certified_by: string | null;
    certification_details: string | null;
  }>;
  readonly dashboards: ReadonlyArray<{
    id: number;
    uuid: string;
    dashboard_title: string;
    slug: string | null;
    certified_by: string | null;
    certification_details: string | null;
  }>;
}

/** Reads every database, dataset, chart and dashboard (list endpoints: a few requests, whatever their number). */
export async function readSupersetState(client: SupersetClient): Promise<SupersetState> {
  const [databases, datasets, charts, dashboards] = await Promise.all([
    client.list('database', ['id', 'uuid', 'database_name']),
    client.list('dataset', ['id', 'uuid', 'table_name', 'sql', 'schema', 'database.id', 'extra']),
    client.list('chart', ['id', 'uuid', 'slice_name', 'viz_type', 'params', 'datasource_id', 'certified_by', 'certification_details']),
    client.list('dashboard', ['id', 'uuid', 'dashboard_title', 'slug', 'certified_by', 'certification_details']),
  ]);
  return {
    databases: databases as unknown as SupersetState['databases'],
    datasets: datasets.map((row) => ({
      ...row,
      database_id: (row.database as { id: number } | undefined)?.id ?? 0,
    })) as unknown as SupersetState['datasets'],
    charts: charts as unknown as SupersetState['charts'],
    dashboards: dashboards as unknown as SupersetState['dashboards'],
  };
}

/** A dashboard's layout and metadata (not on the list endpoint). */
export async function readDashboardDetail(
  client: SupersetClient,
  id: number,
): Promise<{ position_json: string | null; json_metadata: string | null }> {
  const { result } = await client.get<{ position_json: string | null; json_metadata: string | null }>('dashboard', id);
  return { position_json: result.position_json, json_metadata: result.json_metadata };
}
