import { Command } from 'commander';
import { runCli } from '../lib/cli/run-cli.js';
import { downCommand } from './compose/commands/down-command.js';
import { upCommand } from './compose/commands/up-command.js';
import { versionsCommand } from './compose/commands/versions-command.js';

/** `npm run up`, `down`, `compose:versions`: one module per verb under compose/commands/. */
const program = new Command('compose').description('The Docker Compose stack (compose/docker-compose.yml).');
for (const command of [upCommand, downCommand, versionsCommand]) program.addCommand(command());

await runCli(program);
