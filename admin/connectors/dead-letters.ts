import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

/** The context headers Connect adds to a dead letter (errors.deadletterqueue.context.headers.enable). */
const HEADER_PREFIX = '__connect.errors.';

export interface DeadLetter {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  /** stage, class.name, exception.class.name, exception.message, topic, partition, offset, connector.name… */
  readonly errors: Record<string, string>;
  readonly value: string;
}

export interface DeadLetterReport {
  readonly topic: string;
  readonly count: number;
  readonly first: DeadLetter[];
}

/** Pure: the error headers of one record, without their common prefix. */
export function errorHeaders(headers: Readonly<Record<string, unknown>>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(HEADER_PREFIX) && value !== undefined) errors[name.slice(HEADER_PREFIX.length)] = String(value);
  }
  return errors;
}

/** Counts the records of a dead-letter topic and reads the first `limit` of them. */
export async function readDeadLetters(kafka: Kafka, topic: string, limit: number): Promise<DeadLetterReport> {
  const admin = kafka.admin();
  await admin.connect();
  let count = 0;
  try {
    if (!(await admin.listTopics()).includes(topic)) return { topic, count: 0, first: [] };
    for (const partition of await admin.fetchTopicOffsets(topic)) count += Number(partition.high) - Number(partition.low);
  } finally {
    await admin.disconnect();
  }
  const wanted = Math.min(limit, count);
  if (wanted === 0) return { topic, count, first: [] };
  const consumer = kafka.consumer({ groupId: `connectors-dlq-reader-${randomUUID()}` });
  const first: DeadLetter[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolvePromise) => {
      const timer = setTimeout(resolvePromise, 30_000);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          if (first.length >= wanted) return;
          first.push({
            partition,
            offset: message.offset,
            key: message.key ? String(message.key) : null,
            errors: errorHeaders(message.headers ?? {}),
            value: String(message.value ?? '').slice(0, 300),
          });
          if (first.length >= wanted) {
            clearTimeout(timer);
            resolvePromise();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return { topic, count, first };
}

/** Pure: the report as lines, one per dead letter, with where it came from and why it failed. */
export function describeDeadLetters(topic: string, report: DeadLetterReport): string[] {
  const more = report.count > report.first.length ? `; the first ${report.first.length}:` : '';
  return [
    `${report.count} dead letter(s) in ${topic}${more}`,
    ...report.first.map((letter) => {
      const e = letter.errors;
      return `- ${e.topic ?? '?'}[${e.partition ?? '?'}]@${e.offset ?? '?'} key ${letter.key ?? '-'}: stage ${e.stage ?? '?'}, ${e['exception.class.name'] ?? '?'}: ${e['exception.message'] ?? ''}`;
    }),
  ];
}
