import type { IHeaders } from 'kafkajs';
import type { TopicRecord } from '../../../lib/kafka/topic-ranges.js';

/**
 * The context headers Kafka Connect's dead-letter reporter writes (`errors.deadletterqueue.context.headers.enable`;
 * org.apache.kafka.connect.runtime.errors.DeadLetterQueueReporter): where the record came from and why it
 * failed. A quarantined record carries the same, with the stage the framework names a failure in put():
 * TASK_PUT.
 */
export const ERROR_HEADER_PREFIX = '__connect.errors.';

export interface PutFailure {
  readonly connector: string;
  readonly taskId: number;
  /** The task class that failed (io.debezium.connector.jdbc.JdbcSinkConnectorTask). */
  readonly taskClass: string;
  readonly exceptionClass: string;
  readonly message: string;
  readonly stacktrace: string;
}

/** The dead letter of a record the sink refused (pure): its key, value, timestamp and own headers, plus the context. */
export function deadLetterOf(record: TopicRecord, failure: PutFailure) {
  const context: Record<string, string> = {
    topic: record.topic,
    partition: String(record.partition),
    offset: String(record.offset),
    'connector.name': failure.connector,
    'task.id': String(failure.taskId),
    stage: 'TASK_PUT',
    'class.name': failure.taskClass,
    'exception.class.name': failure.exceptionClass,
    'exception.message': failure.message,
    'exception.stacktrace': failure.stacktrace,
  };
  const headers: IHeaders = { ...record.headers };
  for (const [name, value] of Object.entries(context)) headers[`${ERROR_HEADER_PREFIX}${name}`] = value;
  return { key: record.key, value: record.value, timestamp: record.timestamp, headers };
}
