import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineError } from '../../lib/errors.js';
import { formatFileProblem } from '../file-problem.js';
import { KPI_DEFINITIONS } from '../warehouse/kpi-definitions.js';
import { DASHBOARDS_DIR, type DashboardFile, shownPath } from './dashboard-definition.js';
import type { DashboardTarget } from './dashboard-targets.js';
import { type DashboardFileText, type KpiColumns, validateDashboards } from './validate-dashboards.js';

const SCHEMA_FILE = 'dashboard.schema.json';

/** The KPI files' columns, from the one list of KPI definitions. */
export const KPI_COLUMNS: KpiColumns = new Map(KPI_DEFINITIONS.map((kpi) => [kpi.name, kpi.columns]));

/** Every `*.json` of a dashboards folder except the schema, as text (paths relative to the repository). */
export function readDashboardFiles(dir: string): DashboardFileText[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new PipelineError(
      'USAGE',
      `The dashboards folder ${dir} cannot be read (${(error as Error).message}); give an existing folder with --dir.`,
      {
        cause: error,
      },
    );
  }
  return names
    .filter((name) => name.endsWith('.json') && name !== SCHEMA_FILE)
    .sort()
    .map((name) => {
      const path = join(dir, name);
      return { path: shownPath(path), text: readFileSync(path, 'utf8') };
    });
}

/** validateDashboards with the repository's schema and KPI files: every file's dashboard, or its problems. */
export function checkDashboardFiles(files: readonly DashboardFileText[], targets: readonly DashboardTarget[]) {
  const schema = JSON.parse(readFileSync(join(DASHBOARDS_DIR, SCHEMA_FILE), 'utf8')) as object;
  return validateDashboards(files, schema, KPI_COLUMNS, targets);
}

/**
 * The dashboards of a folder, checked for the targets given; any problem stops here, listed one per
 * line (exit 2).
 */
export function loadDashboards(dir: string = DASHBOARDS_DIR, targets: readonly DashboardTarget[]): DashboardFile[] {
  const { dashboards, problems } = checkDashboardFiles(readDashboardFiles(dir), targets);
  if (problems.length > 0) {
    throw new PipelineError(
      'DASHBOARD_INVALID',
      `${problems.length} problem(s) in the dashboard files:\n${problems.map((problem) => `  ${formatFileProblem(problem)}`).join('\n')}\nFix them (dashboards/dashboard.schema.json and sql/KPIS.md say what is valid), then run again.`,
    );
  }
  if (dashboards.length === 0) throw new PipelineError('USAGE', `${dir} holds no dashboard file (<slug>.json); nothing to do.`);
  return dashboards;
}
