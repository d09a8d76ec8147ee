import type { Kafka } from 'kafkajs';
import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import { ConnectClient } from '../connect/connect-client.js';
import { watchConnectors } from '../connectors/watch/run-watch.js';
import { loadPolicy } from '../connectors/watch/watch-policy.js';

/** connectors:watch beside the demo (`--watch`): its actions as `[watch]` lines; stopped at the end with what it did. */
export function startWatcher(config: ResolvedConfig, kafka: Kafka, say: (line: string) => void) {
  say('  connectors:watch runs alongside (connectors/watch-policy.json): a FAILED sink is quarantined or restarted');
  const abort = new AbortController();
  const watching = watchConnectors({
    client: new ConnectClient(config.values.CONNECT_URL),
    kafka,
    policy: loadPolicy(),
    prefix: config.values.CONNECTOR_PREFIX,
    intervalMs: 5_000,
    once: false,
    signal: abort.signal,
    replicationFactor: config.values.DLQ_REPLICATION_FACTOR,
    quarantineTimeoutMs: 600_000,
    log: (line) => say(`  [watch] ${line}`),
  });
  return {
    async stop() {
      abort.abort();
      const totals = await watching;
      say(`  [watch] ${totals.restarts} restart(s), ${totals.quarantined} record(s) quarantined over ${totals.passes} pass(es)`);
    },
  };
}
