import { pollUntil } from '../../lib/poll.js';
import type { ConnectClient, SinkOffsets } from '../connect/connect-client.js';
import { waitForConnectorState } from './wait-running.js';

/** Pure: a sink's committed offsets as lines, `topic[partition] → offset`. */
export function describeOffsets(name: string, current: SinkOffsets): string[] {
  if (current.offsets.length === 0) return [`${name} has no committed offsets.`];
  return current.offsets.map(
    (entry) => `${String(entry.partition.kafka_topic)}[${String(entry.partition.kafka_partition)}] → ${String(entry.offset.kafka_offset)}`,
  );
}

/**
 * KIP-875's sequence: stop the connector, wait until it is STOPPED and its tasks are gone (so a FAILED
 * task seen after the resume is a new one), change its offsets, resume it.
 */
export async function whileStopped(client: ConnectClient, name: string, change: () => Promise<void>): Promise<void> {
  await client.stop(name);
  await waitForConnectorState(client, name, 'STOPPED');
  await pollUntil(async () => ((await client.status(name)).tasks.length === 0 ? true : undefined), { timeoutMs: 30_000, intervalMs: 500 });
  await change();
  await client.resume(name);
}

/** Deletes a sink's offsets while it is stopped: on resume it re-reads its topics from the start. */
export const resetOffsets = (client: ConnectClient, name: string): Promise<void> =>
  whileStopped(client, name, () => client.deleteOffsets(name));
