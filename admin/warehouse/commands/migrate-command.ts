import { Command } from 'commander';
import { EXIT, say } from '../../../lib/cli/run-cli.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import type { Dialect } from '../../../lib/warehouses.js';
import { warehouseOption } from '../../cli-options.js';
import { migrateWarehouse, migrationPlanOf } from '../migrate.js';
import { requireSinkLogin } from '../sink-login.js';
import { withWarehouse } from './shared.js';

export const migrateCommand = () =>
  new Command('migrate')
    .description('Apply pending migrations from sql/<dialect>/migrations in order, record them, and create the sink and analytics roles.')
    .addOption(warehouseOption())
    .option('--dry-run', 'list what would be applied, change nothing', false)
    .action(async (options: { warehouse?: Dialect; dryRun: boolean }) => {
      const config = loadConfig();
      if (!options.dryRun) requireSinkLogin(options.warehouse ?? config.values.WAREHOUSE, config.values);
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
