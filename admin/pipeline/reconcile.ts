import { payloadOfRecord } from '../../lib/schemas/connect-envelope.js';

/** One record read back from a topic. */
export interface TopicRecord {
  readonly partition: number;
  readonly offset: string;
  readonly value: string;
}

/** A dead letter, pointing at the record it came from (Connect's context headers). */
export interface DeadLetterRef {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly error: string;
}

export interface StreamReconciliation {
  readonly topic: string;
  readonly table: string;
  /** Distinct idempotency keys in the topic. */
  readonly topicKeys: number;
  readonly landed: number;
  readonly deadLettered: Array<{ key: string; error: string }>;
  readonly missing: string[];
  readonly extra: string[];
  /** Records without a readable key (malformed); each either dead-lettered or not. */
  readonly unreadable: Array<{ partition: number; offset: string; deadLettered: boolean; error: string }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Keys compare equal across drivers: UUID parts lower-cased (SQL Server returns them upper-case). */
export const normalizeKey = (key: string): string =>
  key
    .split('|')
    .map((part) => (UUID.test(part) ? part.toLowerCase() : part))
    .join('|');

/** The idempotency key of a record value (a Connect envelope or a plain event), or undefined. */
export function keyOfValue(value: string, idFields: readonly string[]): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const event = payloadOfRecord(parsed) as Record<string, unknown>;
  if (typeof event !== 'object' || event === null) return undefined;
  const parts = idFields.map((field) => event[field]);
  if (parts.some((part) => part === undefined || part === null)) return undefined;
  return normalizeKey(parts.map(String).join('|'));
}

/**
 * Compares what a topic holds with what its table holds: every distinct key in the topic is landed,
 * dead-lettered (all its records sit in the dead-letter topic) or missing; keys only in the table are extra.
 */
export function reconcileStream(input: {
  topic: string;
  table: string;
  idFields: readonly string[];
  records: readonly TopicRecord[];
  deadLetters: readonly DeadLetterRef[];
  tableKeys: readonly string[];
}): StreamReconciliation {
  const inTable = new Set(input.tableKeys.map(normalizeKey));
  const dead = new Map(
    input.deadLetters
      .filter((letter) => letter.topic === input.topic)
      .map((letter) => [`${letter.partition}@${letter.offset}`, letter.error]),
  );
  const keys = new Map<string, { deadErrors: string[]; live: number }>();
  const unreadable: StreamReconciliation['unreadable'] = [];
  for (const record of input.records) {
    const error = dead.get(`${record.partition}@${record.offset}`);
    const key = keyOfValue(record.value, input.idFields);
    if (key === undefined) {
      unreadable.push({ partition: record.partition, offset: record.offset, deadLettered: error !== undefined, error: error ?? '' });
      continue;
    }
    const entry = keys.get(key) ?? { deadErrors: [], live: 0 };
    if (error !== undefined) entry.deadErrors.push(error);
    else entry.live += 1;
    keys.set(key, entry);
  }
  let landed = 0;
  const deadLettered: StreamReconciliation['deadLettered'] = [];
  const missing: string[] = [];
  for (const [key, entry] of keys) {
    if (inTable.has(key)) landed += 1;
    else if (entry.live === 0 && entry.deadErrors.length > 0) deadLettered.push({ key, error: entry.deadErrors[0] as string });
    else missing.push(key);
  }
  const extra = [...inTable].filter((key) => !keys.has(key));
  return {
    topic: input.topic,
    table: input.table,
    topicKeys: keys.size,
    landed,
    deadLettered,
    missing: missing.sort(),
    extra: extra.sort(),
    unreadable,
  };
}
