import { EXIT, say } from '../../../lib/cli/run-cli.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { TARGET_TITLES } from '../dashboard-targets.js';
import { changeLine, summarize } from '../describe-changes.js';
import { loadDashboards } from '../load-dashboards.js';
import { type ApplyOptions, applyCommandBase, runTarget } from './shared.js';

export const planCommand = () =>
  applyCommandBase('plan', 'Show what dashboards:apply would create, update or delete on Superset or Metabase; change nothing.')
    .option('--json', 'print the changes as JSON', false)
    .addHelpText(
      'after',
      `
Exit codes: 0 the target matches dashboards/, 3 changes pending, 1 the target or the warehouse unreachable or
a login refused, 2 bad options or files (a chart type the target lacks, a missing METABASE_ADMIN_PASSWORD).

Examples:
  npm run dashboards:plan
  npm run dashboards:plan -- --warehouse clickhouse --prune --json
  npm run dashboards:plan -- --target metabase`,
    )
    .action(async (options: ApplyOptions) => {
      const files = loadDashboards(options.dir, options.target);
      const warehouse = options.warehouse ?? loadConfig().values.WAREHOUSE;
      const plans = [];
      let pendingTotal = 0;
      for (const target of options.target) {
        const { changes, url } = await runTarget(target, files, { write: false, prune: options.prune, warehouse });
        const { pending, line } = summarize(changes);
        pendingTotal += pending;
        plans.push({ target, url, warehouse, pending, changes });
        if (options.json) continue;
        say(`Plan for ${TARGET_TITLES[target]} at ${url} (${warehouse}):`);
        for (const change of changes.filter((candidate) => candidate.action !== 'unchanged')) say(changeLine(change));
        say(
          pending === 0
            ? `Nothing to change: ${line}.`
            : `${line}. Run npm run dashboards:apply${target === 'superset' ? '' : ` -- --target ${target}`} to make it so.`,
        );
      }
      if (options.json) say(JSON.stringify(plans.length === 1 ? plans[0] : plans, null, 2));
      process.exitCode = pendingTotal === 0 ? EXIT.OK : EXIT.PENDING;
    });
