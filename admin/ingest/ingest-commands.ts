import { EXIT, say } from '../../lib/cli/run-cli.js';
import { renderTable } from '../../lib/cli/table.js';
import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import { PipelineError } from '../../lib/errors.js';
import { connectedKafka } from '../../lib/kafka/kafka-client.js';
import { STREAMS, type StreamName, topicOf } from '../../lib/streams.js';
import { consumerLag } from '../connectors/connector-status.js';
import { ClickHouseIngest, ingestNameOf, renderIngest } from './clickhouse-ingest.js';
import { describeIngestAction, ingestHasChanges } from './ingest-plan.js';

/** The `connectors:*` verbs for ClickHouse's Kafka-engine ingest (CLICKHOUSE_INGEST=kafka-engine). */

async function withIngest<T>(config: ResolvedConfig, work: (ingest: ClickHouseIngest) => Promise<T>): Promise<T> {
  const ingest = await ClickHouseIngest.open(config);
  try {
    return await work(ingest);
  } finally {
    await ingest.close();
  }
}

export async function planIngestCommand(config: ResolvedConfig, options: { json: boolean; ingestDir: string }): Promise<void> {
  const rendered = renderIngest(config, options.ingestDir);
  await withIngest(config, async (ingest) => {
    const actions = await ingest.plan(rendered);
    if (options.json) say(JSON.stringify(actions, null, 2));
    else for (const action of actions) say(describeIngestAction(action));
    process.exitCode = ingestHasChanges(actions) ? EXIT.PENDING : EXIT.OK;
  });
}

export async function applyIngestCommand(config: ResolvedConfig, options: { dryRun: boolean; ingestDir: string }): Promise<void> {
  const rendered = renderIngest(config, options.ingestDir);
  await withIngest(config, async (ingest) => {
    const actions = await ingest.plan(rendered);
    for (const action of actions) say(describeIngestAction(action));
    if (options.dryRun) {
      say('Dry run: nothing was changed.');
      process.exitCode = ingestHasChanges(actions) ? EXIT.PENDING : EXIT.OK;
      return;
    }
    await ingest.apply(actions, rendered, say);
    say(`All ${actions.length} ingest(s) in place on ${ingest.description}: ClickHouse consumes ${STREAMS.length} topic(s) itself.`);
  });
}

export async function statusIngestCommand(config: ResolvedConfig, options: { json: boolean }): Promise<void> {
  const suffix = config.values.TOPIC_SUFFIX;
  const kafka = await connectedKafka(config);
  const rows = await withIngest(config, async (ingest) => {
    const statuses = await ingest.status(STREAMS, suffix);
    return Promise.all(
      statuses.map(async (row) => ({
        ingest: ingestNameOf(config, row.stream),
        ...row,
        lag: await consumerLag(kafka, ingestNameOf(config, row.stream), [row.topic]),
      })),
    );
  });
  if (options.json) {
    say(JSON.stringify(rows, null, 2));
    return;
  }
  say(
    renderTable(
      ['ingest', 'state', 'topic', 'read', 'lag', 'dead-lettered', 'last commit', 'last error'],
      rows.map((row) => [
        row.ingest,
        row.state,
        row.topic,
        row.messagesRead,
        row.lag ?? '?',
        row.deadLettered,
        row.lastCommit ?? '-',
        row.lastError ?? '-',
      ]),
    ),
  );
}

/** The stream an ingest name (`<CLICKHOUSE_INGEST_GROUP>-<stream>`) stands for, if it is one. */
export const ingestStreamNamed = (config: ResolvedConfig, name: string): StreamName | undefined =>
  STREAMS.find((stream) => ingestNameOf(config, stream) === name);

export async function deleteIngestCommand(config: ResolvedConfig, stream: StreamName): Promise<void> {
  await withIngest(config, async (ingest) => {
    const existed = await ingest.delete(stream);
    if (!existed) {
      throw new PipelineError(
        'CONNECT_NOT_FOUND',
        `There is no ingest ${ingestNameOf(config, stream)} on ${ingest.description}; connectors:status lists them.`,
      );
    }
    say(
      `deleted ${ingestNameOf(config, stream)} (its consumer group's offsets stay in Kafka; the table and ingest_errors keep their rows)`,
    );
  });
}

export async function dlqIngestCommand(
  config: ResolvedConfig,
  stream: StreamName,
  options: { limit: number; json: boolean },
): Promise<void> {
  const topic = topicOf(stream, config.values.TOPIC_SUFFIX);
  await withIngest(config, async (ingest) => {
    const { count, letters } = await ingest.deadLetters(topic, options.limit);
    if (options.json) {
      say(JSON.stringify({ topic, count, first: letters }, null, 2));
      return;
    }
    say(
      `${count} dead letter(s) of ${ingestNameOf(config, stream)} in ingest_errors (topic ${topic})${count > letters.length ? `; the first ${letters.length}:` : ''}`,
    );
    for (const letter of letters)
      say(`- ${letter.topic}[${letter.partition}]@${letter.offset} key ${letter.key || '-'}: ${letter.error.trim()}`);
  });
}
