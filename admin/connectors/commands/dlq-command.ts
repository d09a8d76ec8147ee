import { Command, Option } from 'commander';
import { say } from '../../../lib/cli/run-cli.js';
import { positiveInteger } from '../../../lib/cli/value-parsers.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { PipelineError } from '../../../lib/errors.js';
import { connectedKafka } from '../../../lib/kafka/kafka-client.js';
import { dlqIngestCommand, ingestStreamNamed } from '../../ingest/ingest-commands.js';
import { describeDeadLetters, readDeadLetters } from '../dead-letters.js';
import { connectClient } from './shared.js';

export const dlqCommand = () =>
  new Command('dlq')
    .description(
      "Count a connector's dead letters and show the first ones with their error headers (stage, exception, original topic/partition/offset).",
    )
    .argument(
      '<name>',
      'connector name, or with CLICKHOUSE_INGEST=kafka-engine an ingest name (its dead letters are the rows of ingest_errors)',
    )
    .addOption(new Option('-n, --limit <count>', 'how many to show').default(10).argParser(positiveInteger('--limit')))
    .option('--json', 'print JSON', false)
    .action(async (name: string, options: { limit: number; json: boolean }) => {
      const config = loadConfig();
      const stream = config.values.CLICKHOUSE_INGEST === 'kafka-engine' ? ingestStreamNamed(config, name) : undefined;
      if (stream) return dlqIngestCommand(config, stream, options);
      const live = await connectClient(config).listExpanded();
      const connector = live[name];
      if (!connector)
        throw new PipelineError('CONNECT_NOT_FOUND', `Kafka Connect has no connector ${name}; see npm run connectors:status.`);
      const topic = connector.info.config['errors.deadletterqueue.topic.name'];
      if (!topic)
        throw new PipelineError('USAGE', `Connector ${name} has no dead-letter topic (errors.deadletterqueue.topic.name is not set).`);
      const report = await readDeadLetters(await connectedKafka(config), topic, options.limit);
      if (options.json) say(JSON.stringify(report, null, 2));
      else for (const line of describeDeadLetters(topic, report)) say(line);
    });
