import { Command } from 'commander';
import { say } from '../../../lib/cli/run-cli.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import type { ConnectClient } from '../../connect/connect-client.js';
import { deleteIngestCommand, ingestStreamNamed } from '../../ingest/ingest-commands.js';
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
export const deleteCommand = () =>
  new Command('delete')
    .description(
      "Delete a connector, or with CLICKHOUSE_INGEST=kafka-engine a stream's ClickHouse ingest (<CLICKHOUSE_INGEST_GROUP>-<stream>); consumer group offsets stay in Kafka.",
    )
    .argument('<name>', 'connector or ingest name')
    .action(async (name: string) => {
      const config = loadConfig();
      const stream = config.values.CLICKHOUSE_INGEST === 'kafka-engine' ? ingestStreamNamed(config, name) : undefined;
      if (stream) return deleteIngestCommand(config, stream);
      await connectClient(config).deleteConnector(name);
      say(`deleted ${name}`);
    });
