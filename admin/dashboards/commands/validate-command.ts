import { Command, Option } from 'commander';
import { say } from '../../../lib/cli/run-cli.js';
import { choices } from '../../../lib/cli/value-parsers.js';
import { DASHBOARDS_DIR } from '../dashboard-definition.js';
import { DASHBOARD_TARGETS, type DashboardTarget } from '../dashboard-targets.js';
import { loadDashboards } from '../load-dashboards.js';

export const validateCommand = () =>
  new Command('validate')
    .description(
      'Check the dashboard files offline (no services): JSON, dashboards/dashboard.schema.json, KPI files and their columns, chart types each target draws, cells on the grid.',
    )
    .option('--dir <folder>', 'the dashboards folder', DASHBOARDS_DIR)
    .addOption(
      new Option('--target <targets>', `check for these targets, comma-separated: ${DASHBOARD_TARGETS.join(', ')}`)
        .default([...DASHBOARD_TARGETS], 'all')
        .argParser(choices('--target', DASHBOARD_TARGETS, 'target')),
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 valid, 2 a file has problems (each named: file, field, value, what is valid).

Examples:
  npm run dashboards:validate
  npm run dashboards:validate -- --target metabase`,
    )
    .action((options: { dir: string; target: DashboardTarget[] }) => {
      const dashboards = loadDashboards(options.dir, options.target);
      const cards = dashboards.reduce((sum, file) => sum + file.dashboard.cards.length, 0);
      say(`${dashboards.length} dashboard(s) with ${cards} card(s) valid for ${options.target.join(' and ')}.`);
    });
