import { Command } from 'commander';
import { runCli } from '../lib/cli/run-cli.js';
import { refreshCommand } from './rollups/commands/refresh-command.js';

/** `npm run rollups:<verb>`: one module per verb under rollups/commands/. */
const program = new Command('rollups').description(
  'The hourly sales and session rollups (PostgreSQL, ClickHouse): sql/KPIS.md, "Rollups".',
);
program.addCommand(refreshCommand());

await runCli(program);
