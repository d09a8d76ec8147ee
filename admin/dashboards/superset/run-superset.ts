import { loadConfig } from '../../../lib/config/load-config.js';
import type { ResolvedConfig } from '../../../lib/config/resolve-config.js';
import { PipelineError } from '../../../lib/errors.js';
import { readKpiSql } from '../../warehouse/sql-files.js';
import type { DashboardFile } from '../dashboard-definition.js';
import type { DashboardRun } from '../dashboard-targets.js';
import { KPI_COLUMNS } from '../load-dashboards.js';
import { managedMarker, reconcileSuperset, type SupersetChange } from './apply-superset.js';
import { renderSuperset } from './render-superset.js';
import { SupersetClient } from './superset-client.js';
import { supersetWarehouse } from './warehouse-connection.js';

export type SupersetRun = DashboardRun<SupersetChange>;

/** A logged-in client for the configured Superset (SUPERSET_URL, SUPERSET_USER, SUPERSET_PASSWORD). */
export async function supersetClientFor(config: ResolvedConfig): Promise<SupersetClient> {
  const url = config.values.SUPERSET_URL;
  if (!url) {
    throw new PipelineError(
      'CONFIG_INVALID',
      "SUPERSET_URL is not set: start the native stack's Superset (npm run stack:up -- --with superset writes it into the endpoints file) or set it to yours.",
    );
  }
  const password = config.values.SUPERSET_PASSWORD;
  if (!password)
    throw new PipelineError(
      'CONFIG_INVALID',
      `SUPERSET_PASSWORD is not set: give the password of ${config.values.SUPERSET_USER} on ${url}.`,
    );
  const client = new SupersetClient(url, { user: config.values.SUPERSET_USER, password });
  await client.connect();
  return client;
}

/** Plans or applies the dashboards on the configured Superset for one warehouse. */
export async function runSuperset(files: readonly DashboardFile[], run: SupersetRun): Promise<{ changes: SupersetChange[]; url: string }> {
  const config = loadConfig({ env: run.env });
  const client = await supersetClientFor(config);
  const prefix = config.values.DASHBOARD_PREFIX;
  const desired = renderSuperset(files, supersetWarehouse(config, run.warehouse), {
    prefix,
    kpiSql: (kpi) => readKpiSql(run.warehouse, kpi),
    kpiColumns: KPI_COLUMNS,
  });
  const changes = await reconcileSuperset(client, desired, {
    write: run.write,
    prune: run.prune,
    marker: managedMarker(prefix, run.warehouse),
    onChange: run.onChange,
  });
  return { changes, url: client.base };
}
