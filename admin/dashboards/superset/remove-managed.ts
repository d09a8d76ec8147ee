import { holds } from '../holds.js';
import type { SupersetClient } from './superset-client.js';
import { readSupersetState } from './superset-state.js';

/**
 * Deletes everything carrying a marker (dashboards, charts, datasets) and the connection named
 * `databaseName`: how tests and benchmarks leave a Superset as they found it.
 */
export async function removeManaged(client: SupersetClient, marker: string, databaseName: string): Promise<number> {
  const state = await readSupersetState(client);
  const certified = (extra: string | null) => {
    try {
      return holds({ certification: { certified_by: marker } }, JSON.parse(extra ?? 'null'));
    } catch {
      return false;
    }
  };
  const doomed = [
    ...state.dashboards.filter((row) => row.certified_by === marker).map((row) => ['dashboard', row.id] as const),
    ...state.charts.filter((row) => row.certified_by === marker).map((row) => ['chart', row.id] as const),
    ...state.datasets.filter((row) => certified(row.extra)).map((row) => ['dataset', row.id] as const),
    ...state.databases.filter((row) => row.database_name === databaseName).map((row) => ['database', row.id] as const),
  ];
  for (const [kind, id] of doomed) await client.remove(kind, id);
  return doomed.length;
}
