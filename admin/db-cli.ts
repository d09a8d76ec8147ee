import { Command } from 'commander';
import { runCli } from '../lib/cli/run-cli.js';
import { loadCommand } from './warehouse/commands/load-command.js';
import { migrateCommand } from './warehouse/commands/migrate-command.js';
import { statusCommand } from './warehouse/commands/status-command.js';

/** `npm run db:<verb>`: one module per verb under warehouse/commands/. */
const program = new Command('db').description('Warehouse schema and data: migrations, status, seeded loads.');
for (const command of [migrateCommand, statusCommand, loadCommand]) program.addCommand(command());

await runCli(program);
