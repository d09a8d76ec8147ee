import type { Kafka } from 'kafkajs';
import { type OffsetRange, scanRanges } from '../../lib/kafka/topic-ranges.js';

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
  /** Dead letters in the topic. */
  readonly count: number;
  /**
   * The distinct records they stand for (by their original topic, partition and offset): a record is
   * dead-lettered again when it is read again before its offset was committed (a rebalance between a
   * connector's tasks, an offsets reset), so this can be smaller than `count`.
   */
  readonly records: number;
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

/** Pure: the original record a dead letter stands for; a letter without context headers stands for itself. */
export function originalRecordOf(letter: Pick<DeadLetter, 'partition' | 'offset' | 'errors'>): string {
  const { topic, partition, offset } = letter.errors;
  return topic !== undefined && partition !== undefined && offset !== undefined
    ? `${topic}[${partition}]@${offset}`
    : `letter[${letter.partition}]@${letter.offset}`;
}

/** The number of dead letters in a topic, from its offsets alone (0 when the topic does not exist). */
export async function deadLetterCount(kafka: Kafka, topic: string): Promise<number> {
  return lettersIn(await letterRanges(kafka, topic));
}

const lettersIn = (ranges: readonly OffsetRange[]): number => ranges.reduce((sum, range) => sum + range.to - range.from, 0);

async function letterRanges(kafka: Kafka, topic: string): Promise<OffsetRange[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    return (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, from: Number(p.low), to: Number(p.high) }));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads a dead-letter topic to its end: counts the letters and the distinct records they stand for,
 * and keeps the first `limit` (in partition and offset order).
 */
export async function readDeadLetters(kafka: Kafka, topic: string, limit: number): Promise<DeadLetterReport> {
  const ranges = await letterRanges(kafka, topic);
  const count = lettersIn(ranges);
  const originals = new Set<string>();
  const kept: DeadLetter[] = [];
  const keptPerPartition = new Map<number, number>();
  await scanRanges(kafka, topic, ranges, (record) => {
    const letter: DeadLetter = {
      partition: record.partition,
      offset: String(record.offset),
      key: record.key ? String(record.key) : null,
      errors: errorHeaders(record.headers),
      value: String(record.value ?? '').slice(0, 300),
    };
    originals.add(originalRecordOf(letter));
    // Each partition arrives in offset order, so a partition's first `limit` are among those kept.
    const keptHere = keptPerPartition.get(letter.partition) ?? 0;
    if (keptHere < limit) {
      kept.push(letter);
      keptPerPartition.set(letter.partition, keptHere + 1);
    }
  });
  const first = kept.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset)).slice(0, limit);
  return { topic, count, records: originals.size, first };
}

/** Pure: the report as lines, one per dead letter, with where it came from and why it failed. */
export function describeDeadLetters(topic: string, report: DeadLetterReport): string[] {
  const more = report.count > report.first.length ? `; the first ${report.first.length}:` : '';
  const again =
    report.records < report.count
      ? ` for ${report.records} distinct record(s) (a record is dead-lettered again when it is read again before its offset was committed: a rebalance between tasks, an offsets reset)`
      : '';
  return [
    `${report.count} dead letter(s) in ${topic}${again}${more}`,
    ...report.first.map((letter) => {
      const e = letter.errors;
      return `- ${e.topic ?? '?'}[${e.partition ?? '?'}]@${e.offset ?? '?'} key ${letter.key ?? '-'}: stage ${e.stage ?? '?'}, ${e['exception.class.name'] ?? '?'}: ${e['exception.message'] ?? ''}`;
    }),
  ];
}
