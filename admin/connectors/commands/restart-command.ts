import { Command } from 'commander';
import { say } from '../../../lib/cli/run-cli.js';
import { connectClient } from './shared.js';

export const restartCommand = () =>
  new Command('restart')
    .description('Restart a connector and its tasks (all connectors when no name); --failed restarts only failed ones.')
    .argument('[name]', 'connector name')
    .option('--failed', 'only failed connectors and tasks', false)
    .action(async (name: string | undefined, options: { failed: boolean }) => {
      const client = connectClient();
      const names = name ? [name] : Object.keys(await client.listExpanded());
      for (const each of names) {
        await client.restart(each, options.failed);
        say(`restart requested for ${each}${options.failed ? ' (failed parts only)' : ''}`);
      }
    });
