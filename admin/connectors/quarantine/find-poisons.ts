import type { Kafka } from 'kafkajs';
import { isPipelineError, PipelineError } from '../../../lib/errors.js';
import type { TopicRecord } from '../../../lib/kafka/topic-ranges.js';
import { pollUntil } from '../../../lib/poll.js';
import type { ConnectClient, ConnectorConfig, ConnectorStatus } from '../../connect/connect-client.js';
import { whileStopped } from '../sink-offsets.js';
import { probeConfig, type probeNames } from './quarantine-plan.js';
import { classifyFailure, type TaskFailure } from './task-failure.js';

export interface Poison {
  readonly record: TopicRecord;
  readonly failure: TaskFailure;
  /** The probe task's whole trace (the dead letter's stack trace). */
  readonly trace: string;
}

export interface ProbeSetup {
  readonly client: ConnectClient;
  readonly kafka: Kafka;
  readonly config: ConnectorConfig;
  readonly names: ReturnType<typeof probeNames>;
  readonly replicationFactor: number;
  readonly report: (line: string) => void;
  /** How long one probe round may take before it is given up. */
  readonly timeoutMs: number;
}

const stillStarting =
  (name: string) =>
  (error: unknown): ConnectorStatus => {
    if (isPipelineError(error) && error.code === 'CONNECT_NOT_FOUND') return { name, connector: { state: 'UNASSIGNED' }, tasks: [] };
    throw error;
  };

/** The probe's committed offset on its one-partition topic (0 before its first commit). */
async function probeOffset(client: ConnectClient, names: ProbeSetup['names']): Promise<number> {
  const { offsets } = await client.offsets(names.connector);
  const entry = offsets.find((offset) => offset.partition.kafka_topic === names.topic);
  return entry ? Number(entry.offset.kafka_offset) : 0;
}

/**
 * Consecutive runs of records of at most `bytes` in all (one record alone may be larger): a produce
 * request stays under the broker's message.max.bytes (1 MiB by default), whatever the records weigh.
 */
export function chunksUnder<T extends { key: Buffer | null; value: Buffer | null }>(records: readonly T[], bytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const record of records) {
    const weight = (record.key?.length ?? 0) + (record.value?.length ?? 0) + 256;
    if (current.length > 0 && size + weight > bytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(record);
    size += weight;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Copies the pending records, in order, into the probe's one-partition topic (offset i holds records[i]). */
async function copyRecords(setup: ProbeSetup, records: readonly TopicRecord[]): Promise<void> {
  const admin = setup.kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: setup.names.topic, numPartitions: 1, replicationFactor: setup.replicationFactor },
        { topic: setup.names.deadLetters, numPartitions: 1, replicationFactor: setup.replicationFactor },
      ],
    });
  } finally {
    await admin.disconnect();
  }
  const producer = setup.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (const chunk of chunksUnder(records, 512 * 1024)) {
      await producer.send({
        topic: setup.names.topic,
        acks: -1,
        messages: chunk.map((record) => ({ key: record.key, value: record.value, timestamp: record.timestamp, headers: record.headers })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Removes the probe connector, its consumer group and its topics (also after a failure). */
export async function removeProbe(setup: Pick<ProbeSetup, 'client' | 'kafka' | 'names'>): Promise<void> {
  await setup.client.deleteConnector(setup.names.connector).catch(() => undefined);
  const admin = setup.kafka.admin();
  await admin.connect();
  try {
    // The group lingers for a moment after its last member left: retried until it goes.
    await pollUntil(
      () =>
        admin.deleteGroups([`connect-${setup.names.connector}`]).then(
          () => true,
          (error: { groups?: Array<{ errorCode?: number }> }) =>
            error.groups?.every((group) => group.errorCode === 69) ? true : undefined,
        ),
      { timeoutMs: 30_000, intervalMs: 1_000 },
    );
    const existing = await admin.listTopics();
    const topics = [setup.names.topic, setup.names.deadLetters].filter((topic) => existing.includes(topic));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Runs the real sink over the pending records one at a time, in a temporary connector that writes where
 * the real one writes (a record that lands here is a record the real sink would upsert the same way),
 * and returns each record it failed on: the record at its committed offset when its task FAILED (the
 * Debezium JDBC sink commits up to the record that failed; Connect commits on closing the task). After
 * each poison it moves on from the next record, until the copy is through.
 */
export async function findPoisons(setup: ProbeSetup, records: readonly TopicRecord[]): Promise<Poison[]> {
  const { client, names, report } = setup;
  const poisons: Poison[] = [];
  await copyRecords(setup, records);
  report(`  copied ${records.length} pending record(s) into ${names.topic}; probing them one at a time with ${names.connector}`);
  await client.putConfig(names.connector, probeConfig(setup.config, names));
  for (;;) {
    const outcome = await pollUntil(
      async () => {
        const status = await client.status(names.connector).catch(stillStarting(names.connector));
        const failed = status.tasks.find((task) => task.state === 'FAILED');
        const committed = await probeOffset(client, names);
        if (failed) return { kind: 'failed' as const, trace: failed.trace ?? '', committed };
        return committed >= records.length ? { kind: 'through' as const } : undefined;
      },
      { timeoutMs: setup.timeoutMs, intervalMs: 500 },
    );
    if (!outcome) {
      throw new PipelineError(
        'SERVICE_TIMEOUT',
        `The probe ${names.connector} had neither failed nor gone through the ${records.length} record(s) after ${Math.round(setup.timeoutMs / 1000)} s (committed ${await probeOffset(client, names).catch(() => '?')}). Raise --timeout; nothing was dead-lettered or moved.`,
      );
    }
    if (outcome.kind === 'through') return poisons;
    const failure = classifyFailure(outcome.trace);
    const record = records[outcome.committed];
    if (failure.kind !== 'record' || !record) {
      throw new PipelineError(
        'CONNECTOR_FAILED',
        `The probe failed for a reason that is not a record's (${failure.exceptionClass}: ${failure.message}); nothing was dead-lettered or moved. Fix the cause, then run quarantine again.`,
      );
    }
    poisons.push({ record, failure, trace: outcome.trace });
    report(
      `  poison: ${record.topic}[${record.partition}]@${record.offset}: ${failure.exceptionClass.split('.').at(-1)}: ${failure.message}`,
    );
    if (outcome.committed + 1 >= records.length) return poisons;
    // Stopped, the probe has no tasks: the FAILED one is gone, so any FAILED after the resume is new.
    await whileStopped(client, names.connector, () =>
      client.alterOffsets(names.connector, {
        offsets: [{ partition: { kafka_topic: names.topic, kafka_partition: 0 }, offset: { kafka_offset: outcome.committed + 1 } }],
      }),
    );
  }
}
