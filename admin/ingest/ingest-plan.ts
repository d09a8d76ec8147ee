import { createHash } from 'node:crypto';
import type { StreamName } from '../../lib/streams.js';

/**
 * Pure: what `connectors:apply` would do to the Kafka-engine ingest. The engine rewrites DDL, so the plan
 * never diffs SHOW CREATE: it compares the checksum of each stream's rendered DDL with the one apply
 * recorded in `ingest_state`.
 */
export type IngestActionKind = 'create' | 'update' | 'unchanged';

export interface IngestAction {
  readonly stream: StreamName;
  /** The ingest's name: `<CLICKHOUSE_INGEST_GROUP>-<stream>`, its consumer group too. */
  readonly name: string;
  readonly kind: IngestActionKind;
  readonly checksum: string;
  readonly recorded: string | undefined;
}

export const ingestChecksum = (renderedSql: string): string => createHash('sha256').update(renderedSql).digest('hex');

export function planIngest(
  desired: readonly { stream: StreamName; name: string; sql: string }[],
  recorded: Readonly<Partial<Record<StreamName, string>>>,
): IngestAction[] {
  return desired.map(({ stream, name, sql }) => {
    const checksum = ingestChecksum(sql);
    const before = recorded[stream];
    const kind: IngestActionKind = before === undefined ? 'create' : before === checksum ? 'unchanged' : 'update';
    return { stream, name, kind, checksum, recorded: before };
  });
}

export const ingestHasChanges = (actions: readonly IngestAction[]): boolean => actions.some((action) => action.kind !== 'unchanged');

export function describeIngestAction(action: IngestAction): string {
  switch (action.kind) {
    case 'create':
      return `+ ${action.name}: create the Kafka table, its views and the Null table (consumer group ${action.name})`;
    case 'update':
      return `~ ${action.name}: the DDL changed (checksum ${action.recorded?.slice(0, 12)} → ${action.checksum.slice(0, 12)}); re-create it with the same consumer group, so nothing is replayed or skipped`;
    case 'unchanged':
      return `= ${action.name}: unchanged`;
  }
}
