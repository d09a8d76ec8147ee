import { Command, Option } from 'commander';
import { say } from '../../../lib/cli/run-cli.js';
import { instantOf, listOf, nonNegativeInteger, positiveInteger } from '../../../lib/cli/value-parsers.js';
import { PipelineError } from '../../../lib/errors.js';
import { formatDecimal } from '../../../lib/money.js';
import { STREAMS, type StreamName } from '../../../lib/schemas/event-schemas.js';
import { TABLE_OF_STREAM } from '../../../lib/streams.js';
import type { Dialect } from '../../../lib/warehouses.js';
import { warehouseOption } from '../../cli-options.js';
import { generateDataset } from '../dataset.js';
import { requireTables } from '../require-tables.js';
import { withWarehouse } from './shared.js';

export const loadCommand = () =>
  new Command('load')
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
        await requireTables(warehouse);
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
