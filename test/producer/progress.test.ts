import { describe, expect, it } from 'vitest';
import { progressLine } from '../../producer/progress.js';

describe('progress lines', () => {
  it('estimate the time left from the pace so far, for a count and for a duration', () => {
    expect(progressLine({ orders: 25_000, targetOrders: 100_000, elapsedMs: 10_000, durationMs: null, records: 400_000 }, undefined)).toBe(
      'orders 25000/100000 | 40000 records/s | about 30 s left',
    );
    expect(progressLine({ orders: 1_000, targetOrders: 10_000_000, elapsedMs: 1_000, durationMs: null, records: 16_000 }, undefined)).toBe(
      'orders 1000/10000000 | 16000 records/s | about 166 min 39 s left',
    );
    expect(progressLine({ orders: 10, targetOrders: null, elapsedMs: 4_000, durationMs: 10_000, records: 160 }, undefined)).toBe(
      'orders 10 | 40 records/s | 6 s left',
    );
    expect(progressLine({ orders: 0, targetOrders: 5, elapsedMs: 0, durationMs: null, records: 0 }, undefined)).toBe(
      'orders 0/5 | 0 records/s',
    );
  });
});
