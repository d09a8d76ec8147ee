import type { Admin } from 'kafkajs';
import { groupLag } from '../connectors/connector-status.js';

/** A sink's consumer group and the topics it reads. */
export interface SinkGroup {
  readonly groupId: string;
  readonly topics: readonly string[];
}

/**
 * The sinks' backlog: records in their topics past the offsets they committed (Connect commits every
 * CONNECT_OFFSET_FLUSH_INTERVAL_MS). Undefined when Kafka did not answer (a broker down mid-request).
 */
export async function sinkBacklog(admin: Admin, groups: readonly SinkGroup[]): Promise<number | undefined> {
  try {
    let backlog = 0;
    for (const group of groups) backlog += await groupLag(admin, group.groupId, group.topics);
    return backlog;
  } catch {
    return undefined;
  }
}

/** Partitions of these topics with fewer in-sync replicas than replicas; undefined when Kafka did not answer. */
export async function underReplicatedPartitions(admin: Admin, topics: readonly string[]): Promise<number | undefined> {
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
    return metadata.topics.reduce(
      (sum, topic) => sum + topic.partitions.filter((partition) => partition.isr.length < partition.replicas.length).length,
      0,
    );
  } catch {
    return undefined;
  }
}
