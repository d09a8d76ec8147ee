import { Command } from 'commander';
import { say } from '../../../lib/cli/run-cli.js';
import { renderTable } from '../../../lib/cli/table.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { connectedKafka } from '../../../lib/kafka/kafka-client.js';
import type { Dialect } from '../../../lib/warehouses.js';
import { warehouseOption } from '../../cli-options.js';
import { statusIngestCommand } from '../../ingest/ingest-commands.js';
import { managesKafkaEngine } from '../../ingest/ingest-mode.js';
import { readConnectorStatuses } from '../connector-status.js';
import { connectClient } from './shared.js';

export const statusCommand = () =>
  new Command('status')
    .description(
      "Connector, state, tasks running/failed, topics and consumer-group lag; for ClickHouse with CLICKHOUSE_INGEST=kafka-engine, each stream's ingest: messages read, lag, dead-lettered, last commit and error.",
    )
    .addOption(warehouseOption())
    .option('--json', 'print JSON', false)
    .action(async (options: { json: boolean; warehouse?: Dialect }) => {
      const config = loadConfig();
      if (managesKafkaEngine(config, options.warehouse)) return statusIngestCommand(config, options);
      const rows = await readConnectorStatuses(connectClient(config), await connectedKafka(config));
      if (options.json) {
        say(JSON.stringify(rows, null, 2));
        return;
      }
      const table = renderTable(
        ['connector', 'state', 'tasks running', 'tasks failed', 'topics', 'lag'],
        rows.map((row) => [row.connector, row.state, row.tasksRunning, row.tasksFailed, row.topics.join(', '), row.lag ?? '?']),
      );
      say(rows.length === 0 ? 'No connectors.' : table);
      for (const failure of rows.flatMap((row) => row.failures)) say(failure.line);
    });
