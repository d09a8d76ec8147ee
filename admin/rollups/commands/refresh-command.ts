import { Command, Option } from 'commander';
import { say } from '../../../lib/cli/run-cli.js';
import { untilStopSignal } from '../../../lib/cli/until-stop-signal.js';
import { duration } from '../../../lib/cli/value-parsers.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { describeCause, PipelineError } from '../../../lib/errors.js';
import type { Dialect } from '../../../lib/warehouses.js';
import { warehouseOption } from '../../cli-options.js';
import { openMigratedWarehouse } from '../../warehouse/require-tables.js';
import { describeRefresh, type RefreshOutcome, refreshRollups } from '../refresh-rollups.js';
import { MSSQL_HAS_NO_ROLLUPS } from '../rollup-plan.js';

const asJson = (outcome: RefreshOutcome) => ({
  hours: outcome.hours,
  lateHours: outcome.lateHours,
  firstBuild: outcome.firstBuild,
  ranges: outcome.ranges.map((range) => ({ from: range.from.toISOString(), to: range.to.toISOString() })),
  closedBefore: outcome.closedBefore.toISOString(),
  ms: Math.round(outcome.ms),
});

/** `npm run rollups:refresh`: recompute the hourly sales and session rollups, once or every --every. */
export const refreshCommand = () =>
  new Command('refresh')
    .description(
      'Recomputes the hourly rollups the KPIs read (sales for the Sales dashboard, sessions for the funnel, sessions per day and cart abandonment): every hour closed since the last refresh, and earlier hours that received rows since (late or redelivered records), each rebuilt whole from sales_lines and user_events, so they stay exact. PostgreSQL and ClickHouse.',
    )
    .addOption(warehouseOption())
    .addOption(new Option('--every <time>', 'keep refreshing at this interval until stopped (e.g. 1m)').argParser(duration('--every')))
    .option('--rebuild', 'empty the rollups first and rebuild every hour', false)
    .option('--json', 'print each refresh as JSON', false)
    .addHelpText(
      'after',
      `
Until the first refresh (and for the current, open hour always) the KPIs read sales_lines itself, so
they are right either way; the rollups make them fast. Run it after loads, or every minute beside a
running pipeline (Compose does, with the rollups service).

Examples:
  npm run rollups:refresh -- --warehouse clickhouse
  npm run rollups:refresh -- --warehouse postgres --every 1m
  npm run rollups:refresh -- --rebuild --json`,
    )
    .action(async (options: { warehouse?: Dialect; every?: number; rebuild: boolean; json: boolean }) => {
      const config = loadConfig();
      if ((options.warehouse ?? config.values.WAREHOUSE) === 'mssql') {
        throw new PipelineError('USAGE', MSSQL_HAS_NO_ROLLUPS);
      }
      const warehouse = await openMigratedWarehouse(config, options.warehouse);
      const report = (outcome: RefreshOutcome) => say(options.json ? JSON.stringify(asJson(outcome)) : describeRefresh(outcome));
      try {
        report(await refreshRollups(warehouse, { rebuild: options.rebuild }));
        if (options.every === undefined) return;
        const stop = untilStopSignal();
        let stopped = false;
        void stop.then(() => {
          stopped = true;
        });
        while (!stopped) {
          const tick = new Promise((resolve) => setTimeout(resolve, options.every));
          await Promise.race([tick, stop]);
          if (stopped) break;
          try {
            report(await refreshRollups(warehouse));
          } catch (error) {
            // A warehouse that went away comes back: say so and try again at the next tick.
            process.stderr.write(`rollups: refresh failed (${describeCause(error)}); trying again in ${options.every} ms\n`);
          }
        }
      } finally {
        await warehouse.close();
      }
    });
