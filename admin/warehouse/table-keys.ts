import { EVENT_SCHEMAS } from '../../lib/schemas/event-schemas.js';
import { streamOfTable, type TableName } from '../../lib/streams.js';

/** A table's unique key: its stream's idempotency key, declared once in schemas/. */
export const keyColumnsOf = (table: TableName): readonly string[] => EVENT_SCHEMAS[streamOfTable(table)]['x-idempotency-key'];
