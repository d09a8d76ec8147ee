/**
 * The tag's logic without the browser (pure, unit-tested): the bounded queue it keeps (and persists),
 * what a batch request holds, what to do with an answer, and how long to wait before retrying.
 */
export interface TagEvent {
  readonly event_id: string;
  readonly event_type: string;
  readonly page_view_id: string;
  readonly page_url: string;
  readonly client_ts: string;
  readonly referrer: string | null;
  readonly product_id?: string | null;
  readonly order_id?: string | null;
  readonly search_term?: string | null;
}

/** At most this many events wait (in memory and localStorage); beyond it the oldest are dropped, counted. */
export const QUEUE_LIMIT = 500;
/** At most this many events per request (the collector's COLLECTOR_MAX_EVENTS default is 100). */
export const BATCH_LIMIT = 50;

export interface Queue {
  readonly events: readonly TagEvent[];
  /** Events dropped because the queue was full (the collector stayed unreachable too long). */
  readonly dropped: number;
}

export const emptyQueue: Queue = { events: [], dropped: 0 };

export function enqueue(queue: Queue, event: TagEvent, limit = QUEUE_LIMIT): Queue {
  const events = [...queue.events, event];
  const over = Math.max(0, events.length - limit);
  return { events: events.slice(over), dropped: queue.dropped + over };
}

/** The next batch to send, oldest first; the events stay queued until the answer says they were kept. */
export const nextBatch = (queue: Queue, limit = BATCH_LIMIT): readonly TagEvent[] => queue.events.slice(0, limit);

/** Removes the events of a batch that the collector accepted (or refused for good). */
export function settle(queue: Queue, batch: readonly TagEvent[]): Queue {
  const ids = new Set(batch.map((event) => event.event_id));
  return { ...queue, events: queue.events.filter((event) => !ids.has(event.event_id)) };
}

/** The queue as localStorage keeps it, and back (anything unreadable is an empty queue). */
export const serializeQueue = (queue: Queue): string => JSON.stringify(queue);
export function restoreQueue(text: string | null): Queue {
  if (!text) return emptyQueue;
  try {
    const parsed = JSON.parse(text) as Partial<Queue>;
    return Array.isArray(parsed.events) ? { events: parsed.events.slice(-QUEUE_LIMIT), dropped: Number(parsed.dropped) || 0 } : emptyQueue;
  } catch {
    return emptyQueue;
  }
}

export interface BatchBody {
  readonly consent?: boolean;
  readonly customer_id?: string | null;
  readonly events: readonly TagEvent[];
}

export const batchBody = (events: readonly TagEvent[], consent: boolean, customerId: string | null): BatchBody => ({
  ...(consent ? { consent: true } : {}),
  ...(customerId ? { customer_id: customerId } : {}),
  events,
});

/**
 * What an answer means: `sent` (2xx: kept by Kafka), `refused` (other 4xx: bad input, sending it again
 * would not help; the collector dead-lettered it), or `retry` (503, 429, 5xx, no answer).
 */
export function outcomeOf(status: number | undefined): 'sent' | 'refused' | 'retry' {
  if (status === undefined) return 'retry';
  if (status >= 200 && status < 300) return 'sent';
  if (status === 429 || status === 408 || status >= 500) return 'retry';
  return 'refused';
}

/** Wait before retry `attempt` (1, 2, …): the server's Retry-After if any, else 1 s doubling to 30 s, with jitter. */
export function retryDelayMs(attempt: number, retryAfterSeconds: number | undefined, random: () => number): number {
  if (retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0) return retryAfterSeconds * 1000;
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + random() / 2));
}

/** A random version 4 UUID from 16 random bytes (crypto.randomUUID needs a secure context; this does not). */
export function uuidFrom(bytes: Uint8Array): string {
  const b = Array.from(bytes.slice(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
