import type { ConnectClient, SinkOffsets } from '../connect/connect-client.js';
import { waitForConnectorState } from './wait-running.js';

/** Pure: a sink's committed offsets as lines, `topic[partition] → offset`. */
export function describeOffsets(name: string, current: SinkOffsets): string[] {
  if (current.offsets.length === 0) return [`${name} has no committed offsets.`];
  return current.offsets.map(
    (entry) => `${String(entry.partition.kafka_topic)}[${String(entry.partition.kafka_partition)}] → ${String(entry.offset.kafka_offset)}`,
  );
}

/** KIP-875's sequence: stop the connector, wait until STOPPED, delete its offsets, resume it (it re-reads from the start). */
export async function resetOffsets(client: ConnectClient, name: string): Promise<void> {
  await client.stop(name);
  await waitForConnectorState(client, name, 'STOPPED');
  await client.deleteOffsets(name);
  await client.resume(name);
}
