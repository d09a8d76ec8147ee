import { describe, expect, it } from 'vitest';
import {
  batchBody,
  emptyQueue,
  enqueue,
  nextBatch,
  outcomeOf,
  restoreQueue,
  retryDelayMs,
  serializeQueue,
  settle,
  type TagEvent,
  uuidFrom,
} from '../../../collector/tag/tag-core.js';

const event = (n: number): TagEvent => ({
  event_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  event_type: 'page_view',
  page_view_id: 'pv',
  page_url: 'https://shop.example.com/',
  client_ts: '2026-12-06T10:00:00.000Z',
  referrer: null,
});

describe("the tag's queue, batches, answers and retries", () => {
  it('keeps at most the limit, dropping the oldest and counting them', () => {
    let queue = emptyQueue;
    for (let n = 1; n <= 5; n++) queue = enqueue(queue, event(n), 3);
    expect(queue.events.map((e) => e.event_id.slice(-1))).toEqual(['3', '4', '5']);
    expect(queue.dropped).toBe(2);
  });

  it('sends the oldest first, and forgets a batch only once it is settled', () => {
    let queue = emptyQueue;
    for (let n = 1; n <= 4; n++) queue = enqueue(queue, event(n));
    const batch = nextBatch(queue, 3);
    expect(batch.map((e) => e.event_id.slice(-1))).toEqual(['1', '2', '3']);
    queue = enqueue(queue, event(5));
    expect(settle(queue, batch).events.map((e) => e.event_id.slice(-1))).toEqual(['4', '5']);
  });

  it('survives a reload through its stored form; anything unreadable is an empty queue', () => {
    const queue = enqueue(enqueue(emptyQueue, event(1)), event(2));
    expect(restoreQueue(serializeQueue(queue))).toEqual(queue);
    expect(restoreQueue(null)).toEqual(emptyQueue);
    expect(restoreQueue('{not json')).toEqual(emptyQueue);
    expect(restoreQueue('{"events": 3}')).toEqual(emptyQueue);
  });

  it('sends consent and the customer only when there are some', () => {
    expect(batchBody([event(1)], false, null)).toEqual({ events: [event(1)] });
    expect(batchBody([event(1)], true, 'C1')).toEqual({ consent: true, customer_id: 'C1', events: [event(1)] });
  });

  it('retries on 503, 429, 5xx and network errors; drops what the collector refused; done on 2xx', () => {
    expect([200, 503, 429, 500, undefined, 400, 413, 415, 403].map(outcomeOf)).toEqual([
      'sent',
      'retry',
      'retry',
      'retry',
      'retry',
      'refused',
      'refused',
      'refused',
      'refused',
    ]);
  });

  it("waits the server's Retry-After, else 1 s doubling to 30 s with jitter", () => {
    expect(retryDelayMs(1, 5, () => 0.5)).toBe(5000);
    expect([1, 2, 3, 6, 9].map((attempt) => retryDelayMs(attempt, undefined, () => 1))).toEqual([1000, 2000, 4000, 30_000, 30_000]);
    expect(retryDelayMs(2, Number.NaN, () => 0)).toBe(1000);
  });

  it('makes version 4 UUIDs the collector accepts', () => {
    const id = uuidFrom(new Uint8Array(16).fill(255));
    expect(id).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
