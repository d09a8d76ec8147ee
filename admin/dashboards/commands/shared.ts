import { Command, Option } from 'commander';
import { choices } from '../../../lib/cli/value-parsers.js';
import type { Dialect } from '../../../lib/warehouses.js';
import { warehouseOption } from '../../cli-options.js';
import { DASHBOARDS_DIR } from '../dashboard-definition.js';

/** The targets the apply commands reach today (Metabase follows). */
export const APPLY_TARGETS = ['superset'] as const;

export interface ApplyOptions {
  readonly dir: string;
  readonly target: Array<(typeof APPLY_TARGETS)[number]>;
  readonly warehouse?: Dialect;
  readonly prune: boolean;
  readonly json?: boolean;
}

/** The options plan and apply share: the folder, the target, the warehouse, --prune. */
export const applyCommandBase = (name: string, description: string) =>
  new Command(name)
    .description(description)
    .option('--dir <folder>', 'the dashboards folder', DASHBOARDS_DIR)
    .addOption(
      new Option('--target <target>', `where: ${APPLY_TARGETS.join(', ')} (SUPERSET_URL)`)
        .default(['superset'], 'superset')
        .argParser(choices('--target', APPLY_TARGETS, 'target')),
    )
    .addOption(warehouseOption())
    .option('--prune', 'also delete the dashboards, charts and datasets this project made there and no longer declares', false);
