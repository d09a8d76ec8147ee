import { Command } from 'commander';
import { EXIT, say } from '../../../lib/cli/run-cli.js';
import type { Dialect } from '../../../lib/warehouses.js';
import { warehouseOption } from '../../cli-options.js';
import { migrateWarehouse, migrationPlanOf } from '../migrate.js';
import { withWarehouse } from './shared.js';

export const migrateCommand = () =>
  new Command('migrate')
    .description('Apply pending migrations from sql/<dialect>/migrations in order, record them, and create the sink and analytics roles.')
    .addOption(warehouseOption())
    .option('--dry-run', 'list what would be applied, change nothing', false)
    .action(async (options: { warehouse?: Dialect; dryRun: boolean }) => {
      await withWarehouse(options.warehouse, async (warehouse) => {
        if (options.dryRun) {
          const plan = await migrationPlanOf(warehouse);
          say(
            plan.pending.length === 0
              ? `${warehouse.description}: up to date.`
              : `Would apply to ${warehouse.description}: ${plan.pending.map((m) => m.name).join(', ')}`,
          );
          process.exitCode = plan.pending.length === 0 ? EXIT.OK : EXIT.PENDING;
          return;
        }
        const { plan, roles } = await migrateWarehouse(warehouse, (name, ms) => say(`applied ${name} in ${ms} ms`));
        say(
          `${warehouse.description}: ${plan.pending.length === 0 ? 'already up to date' : `${plan.pending.length} migration(s) applied`}, ${plan.applied.length + plan.pending.length} in total.${roles.length > 0 ? ` Roles: ${roles.join(', ')}.` : ''}`,
        );
      });
    });
