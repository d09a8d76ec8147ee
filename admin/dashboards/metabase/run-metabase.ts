import { loadConfig } from '../../../lib/config/load-config.js';
import type { ResolvedConfig } from '../../../lib/config/resolve-config.js';
import { PipelineError } from '../../../lib/errors.js';
import { readKpiSql } from '../../warehouse/sql-files.js';
import type { DashboardFile } from '../dashboard-definition.js';
import type { DashboardRun } from '../dashboard-targets.js';
import { KPI_COLUMNS } from '../load-dashboards.js';
import { type MetabaseChange, reconcileMetabase } from './apply-metabase.js';
import { MetabaseClient } from './metabase-client.js';
import { readMetabaseState } from './metabase-state.js';
import { metabaseWarehouse } from './metabase-warehouse.js';
import { collectionNameOf, renderMetabase } from './render-metabase.js';

export type MetabaseRun = DashboardRun<MetabaseChange>;

/** A dashboard's address on Metabase (its id is enough: Metabase adds the slug itself). */
export const dashboardUrl = (base: string, id: number): string => `${base}/dashboard/${id}`;

/** A session on the configured Metabase (METABASE_URL), setting it up on its first run. */
export async function metabaseClientFor(config: ResolvedConfig): Promise<MetabaseClient> {
  const url = config.values.METABASE_URL;
  if (!url) {
    throw new PipelineError(
      'CONFIG_INVALID',
      "METABASE_URL is not set: start the Compose stack's Metabase (npm run up -- --with metabase writes it into the endpoints file) or set it to yours.",
    );
  }
  const client = new MetabaseClient(url);
  await client.connect({ email: config.values.METABASE_ADMIN_EMAIL, password: config.values.METABASE_ADMIN_PASSWORD });
  return client;
}

/** Plans or applies the dashboards on the configured Metabase for one warehouse. */
export async function runMetabase(
  files: readonly DashboardFile[],
  run: MetabaseRun,
): Promise<{ changes: MetabaseChange[]; url: string; dashboards: Array<{ name: string; url: string | undefined }> }> {
  const config = loadConfig({ env: run.env });
  const prefix = config.values.DASHBOARD_PREFIX;
  const database = metabaseWarehouse(config, run.warehouse, prefix);
  const desired = renderMetabase(files, database, {
    prefix,
    dialect: run.warehouse,
    kpiSql: (kpi) => readKpiSql(run.warehouse, kpi),
    kpiColumns: KPI_COLUMNS,
  });
  const client = await metabaseClientFor(config);
  const { changes, dashboardIds } = await reconcileMetabase(client, desired, run);
  const dashboards = desired.dashboards.map(({ name }) => {
    const id = dashboardIds.get(name) ?? -1;
    return { name, url: id > 0 ? dashboardUrl(client.base, id) : undefined };
  });
  return { changes, url: client.base, dashboards };
}

/** The dashboards inside the project's collection, with their addresses as `base` (the browser's view of Metabase) names them. */
export async function metabaseDashboards(config: ResolvedConfig, base: string): Promise<Array<{ name: string; url: string }>> {
  const client = await metabaseClientFor(config);
  const state = await readMetabaseState(client, { database: '', collection: collectionNameOf(config.values.DASHBOARD_PREFIX) });
  return state.dashboards.map((dashboard) => ({ name: dashboard.name, url: dashboardUrl(base.replace(/\/$/, ''), dashboard.id) }));
}
