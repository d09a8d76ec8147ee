import { Command, Option } from 'commander';
import { choices } from '../../../lib/cli/value-parsers.js';
import type { Dialect } from '../../../lib/warehouses.js';
import { warehouseOption } from '../../cli-options.js';
import { DASHBOARDS_DIR, type DashboardFile } from '../dashboard-definition.js';
import { DASHBOARD_TARGETS, type DashboardRun, type DashboardTarget } from '../dashboard-targets.js';
import type { DashboardChange } from '../describe-changes.js';
import { runMetabase } from '../metabase/run-metabase.js';
import { runSuperset } from '../superset/run-superset.js';

export interface ApplyOptions {
  readonly dir: string;
  readonly target: DashboardTarget[];
  readonly warehouse?: Dialect;
  readonly prune: boolean;
  readonly json?: boolean;
}

/** The options plan and apply share: the folder, the targets, the warehouse, --prune. */
export const applyCommandBase = (name: string, description: string) =>
  new Command(name)
    .description(description)
    .option('--dir <folder>', 'the dashboards folder', DASHBOARDS_DIR)
    .addOption(
      new Option('--target <targets>', `where, comma-separated: superset (SUPERSET_URL), metabase (METABASE_URL)`)
        .default(['superset'], 'superset')
        .argParser(choices('--target', DASHBOARD_TARGETS, 'target')),
    )
    .addOption(warehouseOption())
    .option('--prune', 'also delete what this project made there and no longer declares (Metabase: only inside its collection)', false);

/** Plans or applies on one target; Metabase also says where each dashboard is. */
export async function runTarget(
  target: DashboardTarget,
  files: readonly DashboardFile[],
  run: DashboardRun,
): Promise<{ changes: DashboardChange[]; url: string; dashboards?: Array<{ name: string; url: string | undefined }> }> {
  return target === 'metabase' ? runMetabase(files, run) : runSuperset(files, run);
}
