import type { TableName } from '../../lib/streams.js';
import { normalizeKey } from '../pipeline/reconcile.js';
import type { WarehouseTables } from '../warehouse/warehouse-adapter.js';

/** The keys a run produced, per table, with the columns that make them. */
export interface ExpectedRows {
  readonly table: TableName;
  readonly idFields: readonly string[];
  readonly keys: ReadonlySet<string>;
}

export interface LandedCount {
  readonly table: TableName;
  readonly landed: number;
  readonly expected: number;
}

/**
 * Counts how many of the expected keys each table holds. The first call reads every key once (so
 * rows already there, e.g. from an earlier run with the same seed, count); later calls read only
 * rows written since `since`, which keeps polling cheap on a large warehouse.
 */
export function createLandedCounter(warehouse: WarehouseTables, expected: readonly ExpectedRows[], since: Date) {
  const found = new Map(expected.map((rows) => [rows.table, new Set<string>()]));
  let first = true;
  return async (): Promise<LandedCount[]> => {
    for (const rows of expected) {
      const seen = found.get(rows.table) as Set<string>;
      const keys = first
        ? await warehouse.selectKeys(rows.table, rows.idFields)
        : (await warehouse.ingestedSince(rows.table, rows.idFields, since)).map((row) => row.key);
      for (const key of keys) {
        const normalized = normalizeKey(key);
        if (rows.keys.has(normalized)) seen.add(normalized);
      }
    }
    first = false;
    return expected.map((rows) => ({ table: rows.table, landed: found.get(rows.table)?.size ?? 0, expected: rows.keys.size }));
  };
}

export const allLanded = (counts: readonly LandedCount[]): boolean => counts.every((count) => count.landed >= count.expected);

export const describeLanded = (counts: readonly LandedCount[]): string =>
  counts.map((count) => `${count.table} ${count.landed}/${count.expected}`).join(', ');
