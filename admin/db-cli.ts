import Table from 'cli-table3';
import { Command, Option } from 'commander';
import { EXIT, runCli } from '../lib/cli/run-cli.js';
import { instantOf, listOf, nonNegativeInteger, positiveInteger } from '../lib/cli/value-parsers.js';
import { loadConfig } from '../lib/config/load-config.js';
import { PipelineError } from '../lib/errors.js';
import { formatDecimal } from '../lib/money.js';
import { STREAMS, type StreamName } from '../lib/schemas/event-schemas.js';
import { TABLE_OF_STREAM } from '../lib/streams.js';
import type { Dialect } from '../lib/warehouses.js';
import { warehouseOption } from './cli-options.js';
import { createWarehouse } from './warehouse/create-warehouse.js';
import { generateDataset } from './warehouse/dataset.js';
import { migrateWarehouse, migrationPlanOf } from './warehouse/migrate.js';
import type { WarehouseAdapter } from './warehouse/warehouse-adapter.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function withWarehouse<T>(dialect: Dialect | undefined, work: (warehouse: WarehouseAdapter) => Promise<T>): Promise<T> {
  const warehouse = createWarehouse(loadConfig(), dialect);
  await warehouse.connect();
  try {
    return await work(warehouse);
  } finally {
    await warehouse.close();
  }
}

const program = new Command('db').description('Warehouse schema and data: migrations, status, seeded loads.');

program
  .command('migrate')
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

program
  .command('status')
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
        const table = new Table({ head: ['migration', 'state', 'applied at'] });
        for (const row of rows) table.push([row.migration, row.state, row.appliedAt ?? '-']);
        say(`${warehouse.description}\n${table.toString()}`);
      }
      if (options.check && plan.pending.length > 0) process.exitCode = EXIT.PENDING;
    });
  });

program
  .command('load')
  .description('Load a seeded, generated dataset straight into the warehouse (no Kafka). Idempotent: loading it again changes nothing.')
  .addOption(warehouseOption())
  .addOption(new Option('--count <orders>', 'orders to generate').default(1000).argParser(positiveInteger('--count')))
  .addOption(new Option('--seed <n>', 'random seed').default(1).argParser(nonNegativeInteger('--seed')))
  .addOption(
    new Option('--stream <names>', `streams to load: ${STREAMS.join(', ')}`).default([...STREAMS], STREAMS.join(',')).argParser(listOf),
  )
  .option('--start <time>', 'event time of the first order (ISO-8601, now, now-<duration>)', 'now-1d')
  .action(async (options: { warehouse?: Dialect; count: number; seed: number; stream: string[]; start: string }) => {
    const unknown = options.stream.filter((name) => !(STREAMS as readonly string[]).includes(name));
    if (unknown.length > 0) {
      throw new PipelineError('USAGE', `--stream ${unknown.join(', ')} is not one of ${STREAMS.join(', ')}.`);
    }
    const dataset = generateDataset({
      orders: options.count,
      seed: options.seed,
      startMs: instantOf(options.start, Date.now(), '--start'),
    });
    await withWarehouse(options.warehouse, async (warehouse) => {
      for (const stream of options.stream as StreamName[]) {
        const table = TABLE_OF_STREAM[stream];
        const rows = dataset[table] as unknown as Record<string, unknown>[];
        const started = performance.now();
        await warehouse.bulkLoad(table, rows);
        const seconds = (performance.now() - started) / 1000;
        say(
          `${table.padEnd(12)} ${String(rows.length).padStart(9)} rows in ${seconds.toFixed(1)} s (${Math.round(rows.length / Math.max(seconds, 0.001))} rows/s)`,
        );
      }
      const counts = await warehouse.rowCounts();
      say(
        `${warehouse.description} now holds ${counts.sales_lines} sales lines, ${counts.user_events} clickstream events, ${counts.feedback} feedback rows. Revenue of this dataset: ${formatDecimal(dataset.revenueCents)}.`,
      );
    });
  });

await runCli(program);
