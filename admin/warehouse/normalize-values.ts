import { formatDecimal, parseDecimal } from '../../lib/money.js';
import type { ColumnKind, KpiDefinition, KpiRow } from './kpi-definitions.js';

function money(value: unknown): string {
  if (typeof value === 'number') return value.toFixed(2);
  const text = String(value ?? '0');
  // Drivers may drop trailing zeros ("12.5") or add scale ("12.5000"): normalise to two places exactly.
  const match = /^(-?\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal: ${text}`);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return formatDecimal(parseDecimal(fraction ? `${match[1]}.${fraction}` : (match[1] as string)));
}

/** A timestamp from any driver (Date, "2025-01-01 10:00:00", "2025-01-01T10:00:00.000Z") as an ISO UTC string. */
function instant(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const text = String(value).trim().replace(' ', 'T');
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`).toISOString();
}

export function normalizeValue(kind: ColumnKind, value: unknown): string | number {
  switch (kind) {
    case 'money':
      return money(value);
    case 'count':
      return Number(value ?? 0);
    case 'text':
      return String(value ?? '');
    case 'hour':
      return instant(value);
    case 'day':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
  }
}

/** Keeps the definition's columns, in its order, each normalised. */
export function normalizeRows(definition: KpiDefinition, rows: readonly Record<string, unknown>[]): KpiRow[] {
  return rows.map((row) =>
    Object.fromEntries(Object.entries(definition.columns).map(([column, kind]) => [column, normalizeValue(kind, row[column])])),
  );
}
