import { EVENT_SCHEMAS, type StreamName } from '../../lib/schemas/event-schemas.js';
import type { TableName } from './warehouse-adapter.js';

const STREAM_OF_TABLE: Readonly<Record<TableName, StreamName>> = { sales_lines: 'sales', user_events: 'clickstream', feedback: 'feedback' };

export const streamOfTable = (table: TableName): StreamName => STREAM_OF_TABLE[table];

/** A table's unique key: its stream's idempotency key, declared once in schemas/. */
export const keyColumnsOf = (table: TableName): readonly string[] => EVENT_SCHEMAS[STREAM_OF_TABLE[table]]['x-idempotency-key'];
