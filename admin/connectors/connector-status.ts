import type { Admin, Kafka } from 'kafkajs';
import type { ConnectClient } from '../connect/connect-client.js';
import { classifyFailure, type FailureKind, failureLine } from './quarantine/task-failure.js';

export interface ConnectorStatusRow {
  readonly connector: string;
  readonly state: string;
  readonly tasksRunning: number;
  readonly tasksFailed: number;
  readonly topics: string[];
  /** Records in the topics not yet committed by the sink's consumer group (connect-<name>); null when unknown. */
  readonly lag: number | null;
  /** Each FAILED task's cause in one line, with what to run (restart or quarantine). */
  readonly failures: ReadonlyArray<{ readonly task: number; readonly kind: FailureKind; readonly line: string }>;
}

/** End offsets minus the group's committed offsets, over every partition of the topics, on an open admin client (throws when Kafka does not answer). */
export async function groupLag(admin: Admin, groupId: string, topics: readonly string[]): Promise<number> {
  if (topics.length === 0) return 0;
  let lag = 0;
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const group = committed.find((entry) => entry.topic === topic);
    for (const end of ends) {
      const offset = Number(group?.partitions.find((partition) => partition.partition === end.partition)?.offset ?? -1);
      lag += Number(end.high) - Math.max(0, offset === -1 ? Number(end.low) : offset);
    }
  }
  return lag;
}

/** `groupLag` with its own admin client; null when Kafka did not answer. */
export async function consumerLag(kafka: Kafka, groupId: string, topics: readonly string[]): Promise<number | null> {
  if (topics.length === 0) return 0;
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await groupLag(admin, groupId, topics);
  } catch {
    return null;
  } finally {
    await admin.disconnect();
  }
}

export async function readConnectorStatuses(client: ConnectClient, kafka: Kafka, names?: readonly string[]): Promise<ConnectorStatusRow[]> {
  const expanded = await client.listExpanded();
  const rows: ConnectorStatusRow[] = [];
  for (const name of Object.keys(expanded).sort()) {
    if (names && !names.includes(name)) continue;
    const status = expanded[name]?.status;
    const topics = (await client.topics(name).catch(() => ({}) as Record<string, { topics: string[] }>))[name]?.topics ?? [];
    rows.push({
      connector: name,
      state: status?.connector.state ?? 'UNKNOWN',
      tasksRunning: status?.tasks.filter((task) => task.state === 'RUNNING').length ?? 0,
      tasksFailed: status?.tasks.filter((task) => task.state === 'FAILED').length ?? 0,
      topics,
      lag: await consumerLag(kafka, `connect-${name}`, topics),
      failures: (status?.tasks ?? [])
        .filter((task) => task.state === 'FAILED')
        .map((task) => {
          const failure = classifyFailure(task.trace ?? '');
          return { task: task.id, kind: failure.kind, line: failureLine(name, task.id, failure) };
        }),
    });
  }
  return rows;
}
