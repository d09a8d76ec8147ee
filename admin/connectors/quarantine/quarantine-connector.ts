import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { PipelineError } from '../../../lib/errors.js';
import { ensureTopics } from '../../../lib/kafka/ensure-topics.js';
import { planTopics } from '../../../lib/kafka/topic-plan.js';
import { endOffsets, readRanges, type TopicRecord } from '../../../lib/kafka/topic-ranges.js';
import type { ConnectClient } from '../../connect/connect-client.js';
import { whileStopped } from '../sink-offsets.js';
import { waitUntilRunning } from '../wait-running.js';
import { deadLetterOf } from './dead-letter-record.js';
import { chunksUnder, findPoisons, type Poison, removeProbe } from './find-poisons.js';
import { offsetMoves, pendingRanges, probeNames } from './quarantine-plan.js';
import { classifyFailure } from './task-failure.js';

/** The sink whose put() failures this handles: Debezium's JDBC sink (its batches fail the task on a record). */
export const QUARANTINE_CLASSES = ['io.debezium.connector.jdbc.JdbcSinkConnector'] as const;

export interface QuarantineOptions {
  readonly client: ConnectClient;
  readonly kafka: Kafka;
  readonly replicationFactor: number;
  readonly dryRun: boolean;
  /** At most this many pending records are probed. */
  readonly maxRecords: number;
  readonly timeoutMs: number;
  readonly report: (line: string) => void;
}

export type QuarantineOutcome =
  | { readonly kind: 'nothing-failed' }
  | { readonly kind: 'planned'; readonly pending: number; readonly probed: number }
  | { readonly kind: 'no-poison'; readonly probed: number }
  | { readonly kind: 'quarantined'; readonly poisons: readonly Poison[]; readonly deadLetterTopic: string };

const refuse = (message: string) => new PipelineError('CONNECTOR_FAILED', message);

/**
 * Brings a sink whose task FAILED on a record back: finds the record(s) the real sink refuses among its
 * pending ones (a probe connector, one record at a time), copies each to the connector's dead-letter
 * topic with the framework's context headers and stage TASK_PUT, moves the partition past it (stop,
 * alter offsets, resume: KIP-875) and waits until the connector runs. The connector's own configuration
 * is never changed. Refuses when the failure is not a record's fault.
 */
export async function quarantineConnector(name: string, options: QuarantineOptions): Promise<QuarantineOutcome> {
  const { client, kafka, report } = options;
  const status = await client.status(name);
  const failedTask = status.tasks.find((task) => task.state === 'FAILED');
  if (!failedTask) return { kind: 'nothing-failed' };
  const failure = classifyFailure(failedTask.trace ?? '');
  const cause = `${failure.exceptionClass}: ${failure.message}`;
  if (failure.kind !== 'record') {
    throw refuse(
      `${name} task ${failedTask.id} failed because of ${failure.kind === 'environment' ? 'the warehouse or its connection' : 'something that is not a record'} (${cause}), not a record it refuses: quarantine would not help. Fix the cause, then npm run connectors:restart -- ${name} --failed.`,
    );
  }
  const config = await client.config(name);
  const connectorClass = config['connector.class'] ?? '';
  if (!QUARANTINE_CLASSES.includes(connectorClass as (typeof QUARANTINE_CLASSES)[number])) {
    throw refuse(
      `${name} is a ${connectorClass || 'connector of unknown class'}; quarantine handles ${QUARANTINE_CLASSES.join(', ')} only.`,
    );
  }
  const deadLetterTopic = config['errors.deadletterqueue.topic.name'];
  if (!deadLetterTopic) throw refuse(`${name} has no errors.deadletterqueue.topic.name: give it a dead-letter topic first (connectors/).`);
  if (config['topics.regex'] || !config.topics) throw refuse(`${name} reads topics.regex; quarantine needs its topics listed in "topics".`);

  report(`${name} task ${failedTask.id} FAILED on a record: ${cause}`);
  const topics = config.topics.split(',').map((topic) => topic.trim());
  const ends = new Map(await Promise.all(topics.map(async (topic) => [topic, await endOffsets(kafka, topic)] as const)));
  const committed = await client.offsets(name);
  const { ranges, pending } = pendingRanges(committed, ends, options.maxRecords);
  const probed = ranges.reduce((sum, range) => sum + range.to - range.from, 0);
  for (const range of ranges) report(`  pending ${range.topic}[${range.partition}] ${range.from}…${range.to - 1}`);
  if (options.dryRun) {
    report(
      `Would probe ${probed} of ${pending} pending record(s) with a temporary copy of ${name} (batch.size 1), dead-letter each one it fails on into ${deadLetterTopic} (stage TASK_PUT) and move its partition past it. Nothing changed.`,
    );
    return { kind: 'planned', pending, probed };
  }

  const names = probeNames(name, randomBytes(3).toString('hex'));
  const records: TopicRecord[] = [];
  for (const topic of new Set(ranges.map((range) => range.topic))) {
    records.push(
      ...(await readRanges(
        kafka,
        topic,
        ranges.filter((range) => range.topic === topic),
        options.timeoutMs,
      )),
    );
  }
  const setup = { client, kafka, config, names, replicationFactor: options.replicationFactor, report, timeoutMs: options.timeoutMs };
  let poisons: Poison[];
  try {
    poisons = await findPoisons(setup, records);
  } finally {
    await removeProbe(setup);
  }
  if (poisons.length === 0) {
    report(`  none of the ${probed} pending record(s) fails on its own: restarting ${name}'s failed task instead.`);
    await client.restart(name, true);
    return { kind: 'no-poison', probed };
  }

  await ensureTopics(
    kafka,
    planTopics({ suffix: '', streams: [], deadLetterTopics: [deadLetterTopic], deadLetterReplicationFactor: options.replicationFactor }),
  );
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const taskClass = `${connectorClass}Task`;
    const letters = poisons.map((poison) => ({
      ...deadLetterOf(poison.record, {
        connector: name,
        taskId: failedTask.id,
        taskClass,
        exceptionClass: poison.failure.exceptionClass,
        message: poison.failure.message,
        stacktrace: poison.trace,
      }),
    }));
    for (const chunk of chunksUnder(letters, 512 * 1024)) await producer.send({ topic: deadLetterTopic, acks: -1, messages: chunk });
  } finally {
    await producer.disconnect();
  }
  report(`  dead-lettered ${poisons.length} record(s) into ${deadLetterTopic}`);

  const moves = offsetMoves(poisons.map((poison) => poison.record));
  await whileStopped(client, name, () => client.alterOffsets(name, moves));
  for (const move of moves.offsets)
    report(
      `  moved ${String(move.partition.kafka_topic)}[${String(move.partition.kafka_partition)}] to offset ${String(move.offset.kafka_offset)}`,
    );
  await waitUntilRunning(client, [name], { timeoutMs: options.timeoutMs, settleMs: 3_000, report });
  return { kind: 'quarantined', poisons, deadLetterTopic };
}
