import { isDeepStrictEqual } from 'node:util';
import type { ChangeAction, DashboardChange } from '../describe-changes.js';
import { holds } from '../holds.js';
import { chartOnDataset } from './render-superset.js';
import type { SupersetClient, SupersetKind } from './superset-client.js';
import { dashboardMetadata, positionJson } from './superset-layout.js';
import type { SupersetObjects } from './superset-objects.js';
import { readDashboardDetail, readSupersetState, type SupersetState } from './superset-state.js';

export interface SupersetChange extends DashboardChange {
  readonly kind: SupersetKind;
  readonly uuid: string;
}

/** How the objects this project made are known again: `certified_by` (charts, dashboards) and the dataset's certification. */
export const managedMarker = (prefix: string, dialect: string): string =>
  `ecommerce-kafka-pipeline (${prefix ? `${prefix.replace(/[-_]$/, '')}, ` : ''}${dialect})`;

/** Superset shows a stored password as this mask: compare URIs with it in place of the password. */
const masked = (uri: string): string => uri.replace(/^([^:]+:\/\/[^:/@]+:)[^@]*@/, '$1XXXXXXXXXX@');

const parsed = (text: string | null | undefined): unknown => {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
};

/** The fields of `desired` that `current` does not hold (JSON text compared as parsed values). */
function differing(
  desired: Record<string, unknown>,
  current: Record<string, unknown> | undefined,
  jsonFields: readonly string[] = [],
): string[] {
  if (!current) return Object.keys(desired);
  return Object.keys(desired).filter((field) =>
    jsonFields.includes(field)
      ? !holds(parsed(desired[field] as string), parsed(current[field] as string))
      : !isDeepStrictEqual(desired[field], current[field]),
  );
}

export interface ReconcileOptions {
  /** false: only plan (nothing is written; objects to create get id -1 in what depends on them). */
  readonly write: boolean;
  /** Delete what this project made (by its marker) and no longer declares. */
  readonly prune: boolean;
  readonly marker: string;
  readonly onChange?: (change: SupersetChange) => void;
}

/**
 * Brings Superset to the rendered objects, in dependency order (database, datasets, dashboards, charts,
 * then the dashboards' layout), or with `write: false` says what that would change. Idempotent: an
 * object whose managed fields already match is left alone; found again by its UUID.
 */
export async function reconcileSuperset(
  client: SupersetClient,
  desired: SupersetObjects,
  options: ReconcileOptions,
): Promise<SupersetChange[]> {
  const state: SupersetState = await readSupersetState(client);
  const changes: SupersetChange[] = [];
  const record = (change: SupersetChange) => {
    changes.push(change);
    options.onChange?.(change);
  };
  const step = async (
    kind: SupersetKind,
    name: string,
    uuid: string,
    currentId: number | undefined,
    fields: string[],
    body: Record<string, unknown>,
    after?: (id: number) => Promise<void>,
  ): Promise<number> => {
    const action: ChangeAction = currentId === undefined ? 'create' : fields.length > 0 ? 'update' : 'unchanged';
    record({ kind, name, uuid, action, fields: action === 'update' ? fields : [] });
    if (!options.write || action === 'unchanged') return currentId ?? -1;
    let id = currentId;
    if (id === undefined) id = await client.create(kind, { ...body, uuid });
    else await client.update(kind, id, body);
    await after?.(id);
    return id;
  };

  // The warehouse connection, as the read-only reader (Superset checks it can connect).
  const database = desired.database;
  const currentDatabase = state.databases.find((row) => row.uuid === database.uuid);
  let databaseFields = ['database_name', 'sqlalchemy_uri'];
  if (currentDatabase) {
    const { result } = await client.request<{ result: { database_name: string; sqlalchemy_uri: string } }>(
      'GET',
      `/api/v1/database/${currentDatabase.id}/connection`,
    );
    databaseFields = differing(
      { database_name: database.database_name, sqlalchemy_uri: masked(database.sqlalchemy_uri) },
      { database_name: result.database_name, sqlalchemy_uri: masked(result.sqlalchemy_uri) },
    );
  }
  const databaseId = await step('database', database.database_name, database.uuid, currentDatabase?.id, databaseFields, {
    database_name: database.database_name,
    sqlalchemy_uri: database.sqlalchemy_uri,
    expose_in_sqllab: true,
  });

  // One virtual dataset per KPI file; its columns are read again after its SQL changes.
  const datasetIds = new Map<string, number>();
  for (const dataset of desired.datasets) {
    const current = state.datasets.find((row) => row.uuid === dataset.uuid);
    const extra = JSON.stringify({ certification: { certified_by: options.marker, details: `KPI file ${dataset.kpi}` } });
    const body = { table_name: dataset.table_name, sql: dataset.sql, schema: dataset.schema, database_id: databaseId, extra };
    const fields = differing(body, current as Record<string, unknown> | undefined, ['extra']);
    const create = { database: databaseId, table_name: dataset.table_name, sql: dataset.sql, schema: dataset.schema };
    const id = await step('dataset', dataset.table_name, dataset.uuid, current?.id, fields, current ? body : create, async (newId) => {
      if (!current) await client.update('dataset', newId, { extra });
      await client.request('PUT', `/api/v1/dataset/${newId}/refresh`);
    });
    datasetIds.set(dataset.uuid, id);
  }

  // Dashboards first as shells (the charts name their dashboard), their layout once the charts exist.
  const dashboardIds = new Map<string, number>();
  for (const dashboard of desired.dashboards) {
    const current = state.dashboards.find((row) => row.uuid === dashboard.uuid);
    dashboardIds.set(
      dashboard.uuid,
      current?.id ??
        (options.write
          ? await client.create('dashboard', {
              uuid: dashboard.uuid,
              dashboard_title: dashboard.dashboard_title,
              slug: dashboard.slug,
              certified_by: options.marker,
              certification_details: dashboard.source,
              published: true,
            })
          : -1),
    );
  }

  const chartIds = new Map<string, number>();
  for (const chart of desired.charts) {
    const current = state.charts.find((row) => row.uuid === chart.uuid);
    const datasetId = datasetIds.get(chart.datasetUuid) ?? -1;
    const { params, query_context } = chartOnDataset(chart, datasetId);
    const dashboardId = desired.dashboards.find((dashboard) => dashboard.chartUuids.includes(chart.uuid));
    const compared = {
      slice_name: chart.slice_name,
      viz_type: chart.viz_type,
      params: JSON.stringify(params),
      datasource_id: datasetId,
      certified_by: options.marker,
      certification_details: chart.source,
    };
    const fields = differing(compared, current as Record<string, unknown> | undefined, ['params']);
    const id = await step('chart', chart.slice_name, chart.uuid, current?.id, fields, {
      ...compared,
      datasource_type: 'table',
      query_context: JSON.stringify(query_context),
      dashboards: dashboardId ? [dashboardIds.get(dashboardId.uuid)] : [],
    });
    chartIds.set(chart.uuid, id);
  }

  for (const dashboard of desired.dashboards) {
    const current = state.dashboards.find((row) => row.uuid === dashboard.uuid);
    const detail = current ? await readDashboardDetail(client, current.id) : undefined;
    const metadata = dashboardMetadata();
    const wanted = {
      dashboard_title: dashboard.dashboard_title,
      slug: dashboard.slug,
      certified_by: options.marker,
      certification_details: dashboard.source,
      position_json: JSON.stringify(positionJson(dashboard, chartIds)),
    };
    const fields = differing(wanted, current ? { ...current, position_json: detail?.position_json } : undefined, ['position_json']);
    const currentFilters = (parsed(detail?.json_metadata) as { native_filter_configuration?: unknown } | null)?.native_filter_configuration;
    if (current && !holds(metadata.native_filter_configuration, currentFilters)) fields.push('json_metadata');
    const shellCreated = !current;
    const action: ChangeAction = shellCreated ? 'create' : fields.length > 0 ? 'update' : 'unchanged';
    record({ kind: 'dashboard', name: dashboard.dashboard_title, uuid: dashboard.uuid, action, fields: action === 'update' ? fields : [] });
    if (options.write && action !== 'unchanged') {
      await client.update('dashboard', dashboardIds.get(dashboard.uuid) as number, {
        ...wanted,
        json_metadata: JSON.stringify(metadata),
        published: true,
      });
    }
  }

  if (options.prune) {
    const keep = new Set([
      ...desired.charts.map((c) => c.uuid),
      ...desired.dashboards.map((d) => d.uuid),
      ...desired.datasets.map((d) => d.uuid),
    ]);
    const stale: Array<{ kind: SupersetKind; id: number; uuid: string; name: string }> = [
      ...state.dashboards
        .filter((row) => row.certified_by === options.marker && !keep.has(row.uuid))
        .map((row) => ({ kind: 'dashboard' as const, id: row.id, uuid: row.uuid, name: row.dashboard_title })),
      ...state.charts
        .filter((row) => row.certified_by === options.marker && !keep.has(row.uuid))
        .map((row) => ({ kind: 'chart' as const, id: row.id, uuid: row.uuid, name: row.slice_name })),
      ...state.datasets
        .filter(
          (row) =>
            (parsed(row.extra) as { certification?: { certified_by?: string } } | null)?.certification?.certified_by === options.marker &&
            !keep.has(row.uuid),
        )
        .map((row) => ({ kind: 'dataset' as const, id: row.id, uuid: row.uuid, name: row.table_name })),
    ];
    for (const object of stale) {
      record({ kind: object.kind, name: object.name, uuid: object.uuid, action: 'delete', fields: [] });
      if (options.write) await client.remove(object.kind, object.id);
    }
  }
  return changes;
}
