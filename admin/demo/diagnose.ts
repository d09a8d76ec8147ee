import type { Kafka } from 'kafkajs';
import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import { STREAMS } from '../../lib/streams.js';
import type { ConnectClient } from '../connect/connect-client.js';
import { consumerLag, readConnectorStatuses } from '../connectors/connector-status.js';
import { deadLetterCount } from '../connectors/dead-letters.js';
import type { RenderedConnector } from '../connectors/render-connectors.js';
import { failureTrace } from '../connectors/wait-running.js';
import { ClickHouseIngest, ingestNameOf } from '../ingest/clickhouse-ingest.js';

/**
 * Why rows have not arrived, as far as the parts can tell: each connector's and task's state (with the
 * first lines of a failure's trace), its consumer lag, and how many records sit in its dead-letter topic.
 */
export async function diagnoseIngestion(client: ConnectClient, kafka: Kafka, connectors: readonly RenderedConnector[]): Promise<string[]> {
  const lines: string[] = [];
  const names = connectors.map((connector) => connector.name);
  let statuses: Awaited<ReturnType<typeof readConnectorStatuses>> = [];
  try {
    statuses = await readConnectorStatuses(client, kafka, names);
  } catch (error) {
    lines.push(`Kafka Connect did not answer: ${(error as Error).message}`);
  }
  for (const name of names) {
    const status = statuses.find((row) => row.connector === name);
    if (!status) {
      lines.push(`${name}: not found on the worker (run npm run connectors:apply).`);
      continue;
    }
    lines.push(
      `${name}: ${status.state}, tasks running ${status.tasksRunning}, failed ${status.tasksFailed}, consumer lag ${status.lag ?? 'unknown'}`,
    );
    if (status.tasksFailed > 0 || status.state === 'FAILED') {
      const detail = await client.status(name).catch(() => undefined);
      if (detail) lines.push(`  ${failureTrace(detail, 4).replaceAll('\n', '\n  ')}`);
    }
    const dlq = connectors.find((connector) => connector.name === name)?.config['errors.deadletterqueue.topic.name'];
    if (dlq) {
      const letters = await deadLetterCount(kafka, dlq).catch(() => undefined);
      lines.push(`  dead-letter topic ${dlq}: ${letters === undefined ? 'unreadable' : `${letters} record(s)`}`);
    }
  }
  lines.push('Next: npm run connectors:status, npm run connectors:dlq -- <name>, npm run stack:logs -- connect -n 100.');
  return lines;
}

/** The same for ClickHouse consuming the topics itself: each stream's ingest, its lag, dead letters and last error. */
export async function diagnoseKafkaEngine(config: ResolvedConfig, kafka: Kafka): Promise<string[]> {
  const lines: string[] = [];
  try {
    const ingest = await ClickHouseIngest.open(config);
    try {
      for (const row of await ingest.status(STREAMS, config.values.TOPIC_SUFFIX)) {
        const name = ingestNameOf(config, row.stream);
        const lag = await consumerLag(kafka, name, [row.topic]);
        lines.push(
          `${name}: ${row.state}, ${row.messagesRead} read, consumer lag ${lag ?? 'unknown'}, ${row.deadLettered} in ingest_errors${row.lastError ? `, last error: ${row.lastError}` : ''}`,
        );
      }
    } finally {
      await ingest.close();
    }
  } catch (error) {
    lines.push(`ClickHouse did not answer: ${(error as Error).message}`);
  }
  lines.push('Next: npm run connectors:status -- --warehouse clickhouse, npm run stack:logs -- clickhouse-engine -n 100.');
  return lines;
}
