import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import { formatDecimal, parseDecimal } from '../../lib/money.js';
import { EVENT_SCHEMAS, STREAMS } from '../../lib/schemas/event-schemas.js';
import { TABLE_OF_STREAM } from '../../lib/streams.js';
import { openMigratedWarehouse } from '../warehouse/require-tables.js';

/** The sales table's revenue, exact, as text (ClickHouse: one row per key, as the KPIs read it). */
const REVENUE_SQL = {
  postgres: 'SELECT CAST(coalesce(sum(line_total), 0) AS text) AS total FROM sales_lines WHERE order_ts >= @from AND order_ts < @to',
  clickhouse: 'SELECT toString(sum(line_total)) AS total FROM sales_lines FINAL WHERE order_ts >= @from AND order_ts < @to',
} as const;

/** What the tables themselves hold: rows sharing an idempotency key with another, per table, and the revenue. */
export async function tableTotals(
  config: ResolvedConfig,
  dialect: 'postgres' | 'clickhouse',
): Promise<{ duplicateRows: Record<string, number>; revenue: string }> {
  const warehouse = await openMigratedWarehouse(config, dialect);
  try {
    const duplicateRows: Record<string, number> = {};
    for (const stream of STREAMS) {
      const keys = await warehouse.selectKeys(TABLE_OF_STREAM[stream], EVENT_SCHEMAS[stream]['x-idempotency-key']);
      duplicateRows[TABLE_OF_STREAM[stream]] = keys.length - new Set(keys).size;
    }
    const [row] = await warehouse.queryRange(REVENUE_SQL[dialect], { from: new Date(0), to: new Date('2200-01-01') });
    return { duplicateRows, revenue: formatDecimal(parseDecimal(String(row?.total ?? '0'))) };
  } finally {
    await warehouse.close();
  }
}
