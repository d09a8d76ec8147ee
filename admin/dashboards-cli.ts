import { Command } from 'commander';
import { runCli } from '../lib/cli/run-cli.js';
import { applyCommand } from './dashboards/commands/apply-command.js';
import { exportCommand } from './dashboards/commands/export-command.js';
import { planCommand } from './dashboards/commands/plan-command.js';
import { validateCommand } from './dashboards/commands/validate-command.js';

/** `npm run dashboards:<verb>`: one module per verb under dashboards/commands/. */
const program = new Command('dashboards').description(
  'Dashboards kept as files in dashboards/ (each card one KPI file of sql/<dialect>/kpis/): validate, plan, apply, export.',
);
for (const command of [validateCommand, planCommand, applyCommand, exportCommand]) program.addCommand(command());

await runCli(program);
