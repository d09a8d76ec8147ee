import { Command } from 'commander';
import { say } from '../../../lib/cli/run-cli.js';
import type { ConnectClient } from '../../connect/connect-client.js';
import { connectClient } from './shared.js';

/** A verb that takes one connector name and makes one Connect call. */
function oneCallCommand(verb: string, done: string, description: string, call: (client: ConnectClient, name: string) => Promise<void>) {
  return () =>
    new Command(verb)
      .description(description)
      .argument('<name>', 'connector name')
      .action(async (name: string) => {
        await call(connectClient(), name);
        say(`${done} ${name}`);
      });
}

export const pauseCommand = oneCallCommand('pause', 'paused', 'Pause a connector (it keeps its offsets).', (c, n) => c.pause(n));
export const resumeCommand = oneCallCommand('resume', 'resumed', 'Resume a paused connector.', (c, n) => c.resume(n));
export const deleteCommand = oneCallCommand('delete', 'deleted', 'Delete a connector (its consumer group offsets stay in Kafka).', (c, n) =>
  c.deleteConnector(n),
);
