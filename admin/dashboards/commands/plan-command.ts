import { EXIT, say } from '../../../lib/cli/run-cli.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { changeLine, summarize } from '../describe-changes.js';
import { loadDashboards } from '../load-dashboards.js';
import { runSuperset } from '../superset/run-superset.js';
import { type ApplyOptions, applyCommandBase } from './shared.js';

export const planCommand = () =>
  applyCommandBase('plan', 'Show what dashboards:apply would create, update or delete on Superset; change nothing.')
    .option('--json', 'print the changes as JSON', false)
    .addHelpText(
      'after',
      `
Exit codes: 0 Superset matches dashboards/, 3 changes pending, 1 Superset or the warehouse unreachable, 2 bad options or files.

Examples:
  npm run dashboards:plan
  npm run dashboards:plan -- --warehouse clickhouse --prune --json`,
    )
    .action(async (options: ApplyOptions) => {
      const files = loadDashboards(options.dir, options.target);
      const warehouse = options.warehouse ?? loadConfig().values.WAREHOUSE;
      const { changes, url } = await runSuperset(files, { write: false, prune: options.prune, warehouse });
      const { pending, line } = summarize(changes);
      if (options.json) say(JSON.stringify({ target: 'superset', url, warehouse, pending, changes }, null, 2));
      else {
        say(`Plan for Superset at ${url} (${warehouse}):`);
        for (const change of changes.filter((candidate) => candidate.action !== 'unchanged')) say(changeLine(change));
        say(pending === 0 ? `Nothing to change: ${line}.` : `${line}. Run npm run dashboards:apply to make it so.`);
      }
      process.exitCode = pending === 0 ? EXIT.OK : EXIT.PENDING;
    });
