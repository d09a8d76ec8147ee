import { Command } from 'commander';
import { runCli } from '../lib/cli/run-cli.js';
import { applyCommand } from './connectors/commands/apply-command.js';
import { dlqCommand } from './connectors/commands/dlq-command.js';
import { deleteCommand, pauseCommand, resumeCommand } from './connectors/commands/lifecycle-commands.js';
import { offsetsCommand } from './connectors/commands/offsets-command.js';
import { planCommand } from './connectors/commands/plan-command.js';
import { quarantineCommand } from './connectors/commands/quarantine-command.js';
import { restartCommand } from './connectors/commands/restart-command.js';
import { statusCommand } from './connectors/commands/status-command.js';
import { validateCommand } from './connectors/commands/validate-command.js';
import { watchCommand } from './connectors/commands/watch-command.js';

/** `npm run connectors:<verb>`: one module per verb under connectors/commands/. */
const program = new Command('connectors').description(
  'Kafka Connect sinks kept as files in connectors/<warehouse>/: validate, plan, apply, operate.',
);
for (const command of [
  validateCommand,
  planCommand,
  applyCommand,
  statusCommand,
  restartCommand,
  quarantineCommand,
  watchCommand,
  dlqCommand,
  offsetsCommand,
  pauseCommand,
  resumeCommand,
  deleteCommand,
])
  program.addCommand(command());

await runCli(program);
