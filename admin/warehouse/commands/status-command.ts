import { Command } from 'commander';
import { EXIT, say } from '../../../lib/cli/run-cli.js';
import { renderTable } from '../../../lib/cli/table.js';
import type { Dialect } from '../../../lib/warehouses.js';
import { warehouseOption } from '../../cli-options.js';
import { migrationPlanOf } from '../migrate.js';
import { withWarehouse } from './shared.js';

export const statusCommand = () =>
  new Command('status')
    .description('List applied and pending migrations.')
    .addOption(warehouseOption())
    .option('--json', 'print JSON', false)
    .option('--check', 'exit 3 when migrations are pending', false)
    .action(async (options: { warehouse?: Dialect; json: boolean; check: boolean }) => {
      await withWarehouse(options.warehouse, async (warehouse) => {
        const plan = await migrationPlanOf(warehouse);
        const rows = [
          ...plan.applied.map((m) => ({ migration: m.name, state: 'applied', appliedAt: m.appliedAt })),
          ...plan.pending.map((m) => ({ migration: m.name, state: 'pending', appliedAt: null })),
        ];
        if (options.json) say(JSON.stringify({ warehouse: warehouse.description, dialect: warehouse.dialect, migrations: rows }, null, 2));
        else {
          const table = renderTable(
            ['migration', 'state', 'applied at'],
            rows.map((row) => [row.migration, row.state, row.appliedAt ?? '-']),
          );
          say(`${warehouse.description}\n${table}`);
        }
        if (options.check && plan.pending.length > 0) process.exitCode = EXIT.PENDING;
      });
    });
