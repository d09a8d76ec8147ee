import type { IngestedRow } from '../warehouse/warehouse-adapter.js';
import { normalizeKey } from './reconcile.js';

/** Delays from a record's send time to its row in the warehouse, summarised. */
export interface FreshnessSummary {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function summarizeDelays(delaysMs: readonly number[]): FreshnessSummary | undefined {
  if (delaysMs.length === 0) return undefined;
  const sorted = [...delaysMs].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] as number,
  };
}

/** Pairs each sent key with its row: delay = written − sent, for keys found in both. */
export function freshnessOf(sentAtByKey: ReadonlyMap<string, number>, rows: readonly IngestedRow[]): FreshnessSummary | undefined {
  const delays: number[] = [];
  for (const row of rows) {
    const sentAt = sentAtByKey.get(normalizeKey(row.key));
    if (sentAt !== undefined) delays.push(row.ingestedAtMs - sentAt);
  }
  return summarizeDelays(delays);
}

export const formatFreshness = (summary: FreshnessSummary): string =>
  `p50 ${summary.p50Ms} ms, p95 ${summary.p95Ms} ms, p99 ${summary.p99Ms} ms, max ${summary.maxMs} ms (${summary.samples} rows)`;
