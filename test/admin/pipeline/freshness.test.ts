import { describe, expect, it } from 'vitest';
import { freshnessOf, percentile, summarizeDelays } from '../../../admin/pipeline/freshness.js';

describe('freshness', () => {
  it('uses nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), percentile(sorted, 100)]).toEqual([50, 95, 99, 100]);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(summarizeDelays([])).toBeUndefined();
  });

  it('pairs rows with send times by key, ignoring rows it did not send', () => {
    const sent = new Map([
      ['o1|1', 1_000],
      ['o2|1', 1_000],
      ['abcdef01-2345-6789-abcd-ef0123456789', 2_000],
    ]);
    const summary = freshnessOf(sent, [
      { key: 'o1|1', ingestedAtMs: 1_250 },
      { key: 'o2|1', ingestedAtMs: 1_900 },
      { key: 'ABCDEF01-2345-6789-ABCD-EF0123456789', ingestedAtMs: 2_100 },
      { key: 'other|1', ingestedAtMs: 99_000 },
    ]);
    expect(summary).toEqual({ samples: 3, p50Ms: 250, p95Ms: 900, p99Ms: 900, maxMs: 900 });
  });
});
