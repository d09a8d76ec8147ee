import { EVENT_SCHEMAS, type StreamName } from '../../lib/schemas/event-schemas.js';
import { WAREHOUSE_TABLES } from './kpi-definitions.js';
import type { TableName } from './warehouse-adapter.js';

const STREAM_OF_TABLE = Object.fromEntries(Object.entries(WAREHOUSE_TABLES).map(([stream, table]) => [table, stream])) as Readonly<
  Record<TableName, StreamName>
>;

/** A table's unique key: its stream's idempotency key, declared once in schemas/. */
export const keyColumnsOf = (table: TableName): readonly string[] => EVENT_SCHEMAS[STREAM_OF_TABLE[table]]['x-idempotency-key'];
