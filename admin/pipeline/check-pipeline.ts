import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import { PipelineError } from '../../lib/errors.js';
import { connectedKafka } from '../../lib/kafka/kafka-client.js';
import { EVENT_SCHEMAS, STREAMS } from '../../lib/schemas/event-schemas.js';
import { TABLE_OF_STREAM, topicOf } from '../../lib/streams.js';
import type { Dialect } from '../../lib/warehouses.js';
import { errorHeaders } from '../connectors/dead-letters.js';
import { renderedConnectorsFor } from '../connectors/load-connectors.js';
import { CONNECTORS_DIR } from '../connectors/read-connector-files.js';
import { ClickHouseIngest } from '../ingest/clickhouse-ingest.js';
import { managesKafkaEngine } from '../ingest/ingest-mode.js';
import { openMigratedWarehouse } from '../warehouse/require-tables.js';
import { agreesWithReport, compareWithReport, type ReportComparison } from './compare-with-report.js';
import type { ReportToCheck } from './producer-report.js';
import { readAllRecords } from './read-all-records.js';
import { type DeadLetterRef, keyOfValue, reconcileStream, type StreamReconciliation } from './reconcile.js';

export interface PipelineCheck {
  readonly warehouse: string;
  readonly ok: boolean;
  readonly streams: StreamReconciliation[];
  /** Present with a producer report: one entry per topic the report covers. */
  readonly against?: ReportComparison[];
}

/** Reads every topic, its dead-letter topic and its table, and reconciles them (and the producer report). */
export async function checkPipeline(config: ResolvedConfig, dialect: Dialect, report?: ReportToCheck): Promise<PipelineCheck> {
  const suffix = config.values.TOPIC_SUFFIX;
  if (report && report.content.options.topicSuffix !== suffix) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `${report.file} was produced with topic suffix "${report.content.options.topicSuffix}", but TOPIC_SUFFIX is "${suffix}". Set TOPIC_SUFFIX=${report.content.options.topicSuffix} for this check.`,
    );
  }
  // Dead-letter topics as the warehouse's connector files name them (the same files connectors:apply writes).
  const deadLetterTopics = new Map<string, string>();
  for (const connector of renderedConnectorsFor(CONNECTORS_DIR, dialect, config)) {
    const dlq = connector.config['errors.deadletterqueue.topic.name'];
    if (!dlq) continue;
    for (const topic of (connector.config.topics ?? '').split(',')) deadLetterTopics.set(topic.trim(), dlq);
  }
  const kafka = await connectedKafka(config);
  /** A Connect sink's dead letters, pointing at their records by Connect's context headers. */
  const connectDeadLetters = async (dlqTopic: string | undefined): Promise<DeadLetterRef[]> =>
    (dlqTopic ? await readAllRecords(kafka, dlqTopic) : []).map((record) => {
      const errors = errorHeaders(record.headers);
      return {
        topic: errors.topic ?? '',
        partition: Number(errors.partition),
        offset: errors.offset ?? '',
        error: `${errors.stage ?? '?'}: ${errors['exception.message'] ?? errors['exception.class.name'] ?? '?'}`,
      };
    });
  const warehouse = await openMigratedWarehouse(config, dialect);
  // ClickHouse consuming the topics itself: its dead letters are the rows of ingest_errors.
  const ingest = managesKafkaEngine(config, dialect) ? await ClickHouseIngest.open(config) : undefined;
  const streams: StreamReconciliation[] = [];
  const against: ReportComparison[] = [];
  try {
    for (const stream of STREAMS) {
      const schema = EVENT_SCHEMAS[stream];
      const idFields = schema['x-idempotency-key'];
      const topic = topicOf(stream, suffix);
      const table = TABLE_OF_STREAM[stream];
      const dlqTopic = deadLetterTopics.get(topic);
      const deadLetters: DeadLetterRef[] = ingest
        ? (await ingest.deadLetters(topic)).letters.map((letter) => ({ ...letter, error: `ingest: ${letter.error}` }))
        : await connectDeadLetters(dlqTopic);
      const records = await readAllRecords(kafka, topic);
      streams.push(
        reconcileStream({ topic, table, idFields, records, deadLetters, tableKeys: await warehouse.selectKeys(table, idFields) }),
      );
      const booked = report?.content.topics[topic];
      if (!report || !booked) continue;
      const ids = report.replayed.get(topic) ?? { valid: [], invalid: [] };
      const topicKeys = new Set<string>();
      for (const record of records) {
        const key = keyOfValue(record.value, idFields);
        if (key !== undefined) topicKeys.add(key);
      }
      against.push(
        compareWithReport({
          topic,
          producedIds: ids.valid,
          failedKeys: booked.failedKeys,
          inDoubtKeys: booked.inDoubtKeys,
          invalidSent: booked.invalidSent,
          topicKeys,
        }),
      );
    }
  } finally {
    await warehouse.close();
    await ingest?.close();
  }
  const ok = streams.every((result) => result.missing.length === 0 && result.extra.length === 0) && against.every(agreesWithReport);
  return { warehouse: warehouse.description, ok, streams, ...(report ? { against } : {}) };
}
