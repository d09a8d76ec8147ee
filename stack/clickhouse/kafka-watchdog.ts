/**
 * Kafka tables whose consumer group never takes them back. After the broker goes away, a Kafka table's
 * consumer (librdkafka inside the engine) can lose its partitions and then stay "subscribed, no
 * assignment" for good, while the broker's group is empty: seen once in a CI run, the sales ingest
 * stalled for minutes after a 10-second broker restart while the other tables resumed. Detaching and
 * attaching the table makes new consumers, which rejoin at the committed offsets (nothing lost; a block
 * read again is merged away by the tables' key). The decision is pure; main.ts runs it every few seconds.
 */
export interface ConsumerRow {
  readonly database: string;
  readonly table: string;
  /** Partitions assigned to this consumer now. */
  readonly assigned: number;
  /** How many times this consumer was given partitions since it was made. */
  readonly assignmentsEver: number;
}

export interface WatchdogState {
  /** Per table (`db.table`): since when every consumer has held no partition after having had some. */
  readonly stalledSince: ReadonlyMap<string, number>;
  readonly lastRecovery: ReadonlyMap<string, number>;
}

export const STALL_MS = 30_000;
export const RECOVERY_COOLDOWN_MS = 60_000;

/** The tables to detach and attach now, and the state for the next look. */
export function stalledKafkaTables(
  rows: readonly ConsumerRow[],
  now: number,
  state: WatchdogState,
): { recover: string[]; state: WatchdogState } {
  const byTable = new Map<string, ConsumerRow[]>();
  for (const row of rows) byTable.set(`${row.database}.${row.table}`, [...(byTable.get(`${row.database}.${row.table}`) ?? []), row]);
  const stalledSince = new Map<string, number>();
  const lastRecovery = new Map(state.lastRecovery);
  const recover: string[] = [];
  for (const [table, consumers] of byTable) {
    const lost = consumers.every((consumer) => consumer.assigned === 0 && consumer.assignmentsEver > 0);
    if (!lost) continue;
    const since = state.stalledSince.get(table) ?? now;
    stalledSince.set(table, since);
    const last = lastRecovery.get(table);
    if (now - since >= STALL_MS && (last === undefined || now - last >= RECOVERY_COOLDOWN_MS)) {
      recover.push(table);
      lastRecovery.set(table, now);
      stalledSince.delete(table);
    }
  }
  return { recover, state: { stalledSince, lastRecovery } };
}

/**
 * What the service asks the engine for the decision: every consumer, members of the group or not. A
 * consumer whose session timed out while the broker was away has no member id any more (empty
 * `consumer_id`) and keeps saying "Can't get assignment": a CI run showed the clickstream ingest stuck
 * that way for minutes after a broker restart, unseen while such consumers were filtered out.
 */
export const CONSUMERS_SQL = `SELECT database, table, length(assignments.topic) AS assigned, num_rebalance_assignments AS assignmentsEver
FROM system.kafka_consumers`;
