import { say } from '../../../lib/cli/run-cli.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { changeLine, summarize } from '../describe-changes.js';
import { loadDashboards } from '../load-dashboards.js';
import { runSuperset } from '../superset/run-superset.js';
import { type ApplyOptions, applyCommandBase } from './shared.js';

export const applyCommand = () =>
  applyCommandBase(
    'apply',
    'Create or update on Superset the warehouse connection (read-only login), a dataset per KPI file, a chart per card and a dashboard per file; idempotent by stable UUIDs.',
  )
    .addHelpText(
      'after',
      `
Each KPI file becomes a virtual dataset whose @from/@to are the dashboard's time range (Superset's
template processing; the stack's superset_config.py turns it on). Objects are found again by UUID, so a
second apply changes nothing and says so; a changed card updates its chart only.
Exit codes: 0 applied, 1 Superset or the warehouse unreachable or a request refused, 2 bad options or files.

Examples:
  npm run dashboards:apply
  npm run dashboards:apply -- --warehouse clickhouse
  npm run dashboards:apply -- --prune`,
    )
    .action(async (options: ApplyOptions) => {
      const files = loadDashboards(options.dir, options.target);
      const warehouse = options.warehouse ?? loadConfig().values.WAREHOUSE;
      const started = Date.now();
      const { changes, url } = await runSuperset(files, {
        write: true,
        prune: options.prune,
        warehouse,
        onChange: (change) => {
          if (change.action !== 'unchanged') say(changeLine(change));
        },
      });
      const { pending, line } = summarize(changes, 'done');
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      say(
        pending === 0
          ? `Nothing to change on Superset at ${url} (${warehouse}): ${line}.`
          : `Applied to Superset at ${url} (${warehouse}) in ${seconds} s: ${line}.`,
      );
    });
