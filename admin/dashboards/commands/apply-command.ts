import { say } from '../../../lib/cli/run-cli.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { TARGET_TITLES } from '../dashboard-targets.js';
import { changeLine, summarize } from '../describe-changes.js';
import { loadDashboards } from '../load-dashboards.js';
import { type ApplyOptions, applyCommandBase, runTarget } from './shared.js';

export const applyCommand = () =>
  applyCommandBase(
    'apply',
    'Put the dashboards on Superset or Metabase: the warehouse connection (read-only login), then the queries, charts and dashboards; idempotent.',
  )
    .addHelpText(
      'after',
      `
Superset: each KPI file becomes a virtual dataset whose @from/@to are the dashboard's time range
(template processing; the stack's superset_config.py turns it on); a chart per card, found again by
stable UUIDs.
Metabase: a first run is set up with METABASE_ADMIN_EMAIL and METABASE_ADMIN_PASSWORD; everything lives
in one collection ("E-commerce pipeline", after DASHBOARD_PREFIX), found again by name there. Each card
is a native question on its KPI file, @from/@to as the date template tags {{from}} and {{to}}, which the
dashboard's From and To filters set.
A second apply changes nothing and says so; a changed card updates that card only.
Exit codes: 0 applied, 1 the target or the warehouse unreachable, a login or a request refused, 2 bad options or files.

Examples:
  npm run dashboards:apply
  npm run dashboards:apply -- --warehouse clickhouse
  npm run dashboards:apply -- --target metabase --prune`,
    )
    .action(async (options: ApplyOptions) => {
      const files = loadDashboards(options.dir, options.target);
      const warehouse = options.warehouse ?? loadConfig().values.WAREHOUSE;
      for (const target of options.target) {
        const started = Date.now();
        const title = TARGET_TITLES[target];
        const { changes, url, dashboards } = await runTarget(target, files, {
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
            ? `Nothing to change on ${title} at ${url} (${warehouse}): ${line}.`
            : `Applied to ${title} at ${url} (${warehouse}) in ${seconds} s: ${line}.`,
        );
        for (const dashboard of dashboards ?? []) if (dashboard.url) say(`  ${dashboard.name}: ${dashboard.url}`);
      }
    });
