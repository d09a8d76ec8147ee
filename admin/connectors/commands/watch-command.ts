import { Command } from 'commander';
import { say } from '../../../lib/cli/run-cli.js';
import { durationOf } from '../../../lib/cli/value-parsers.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { connectedKafka } from '../../../lib/kafka/kafka-client.js';
import { watchConnectors } from '../watch/run-watch.js';
import { loadPolicy, WATCH_POLICY_FILE } from '../watch/watch-policy.js';
import { connectClient } from './shared.js';

export const watchCommand = () =>
  new Command('watch')
    .description(
      "Watch the pipeline's connectors and apply connectors/watch-policy.json to each FAILED one: quarantine a record's failure, restart any other (bounded, with a growing pause); one log line per action.",
    )
    .option('--interval <time>', 'how often to look', '10s')
    .option('--once', 'one pass, then exit', false)
    .option('--policy <file>', 'the policy file', WATCH_POLICY_FILE)
    .option('--timeout <time>', 'how long one quarantine may take', '10m')
    .addHelpText(
      'after',
      `
Runs until SIGINT or SIGTERM (the Compose service connectors-watch runs it; npm run demo -- --watch runs
it beside the demo), then prints what it did. Watches the connectors named CONNECTOR_PREFIX-…; the policy
names them without the prefix (postgres-sales). Without the policy file: quarantine on a record's
failure, restart otherwise; the first at once, 30 s before the second, doubling; at most 5 in a row.
Exit codes: 0 stopped (or --once done), 1 Connect or Kafka unreachable at the start, 2 bad options or policy.

Examples:
  npm run connectors:watch
  npm run connectors:watch -- --once
  npm run connectors:watch -- --interval 30s`,
    )
    .action(async (options: { interval: string; once: boolean; policy: string; timeout: string }) => {
      const config = loadConfig();
      const policy = loadPolicy(options.policy);
      const intervalMs = durationOf(options.interval, '--interval');
      const client = connectClient(config);
      const kafka = await connectedKafka(config);
      await client.listExpanded();
      const stop = new AbortController();
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
      say(
        `Watching the ${config.values.CONNECTOR_PREFIX}-… connectors at ${config.values.CONNECT_URL}${options.once ? ' once' : ` every ${options.interval}`} (policy: ${options.policy}).`,
      );
      const totals = await watchConnectors({
        client,
        kafka,
        policy,
        prefix: config.values.CONNECTOR_PREFIX,
        intervalMs,
        once: options.once,
        signal: stop.signal,
        replicationFactor: config.values.DLQ_REPLICATION_FACTOR,
        quarantineTimeoutMs: durationOf(options.timeout, '--timeout'),
        log: say,
      });
      say(
        `Watch ended after ${totals.passes} pass(es): ${totals.restarts} restart(s), ${totals.quarantined} record(s) quarantined, ${totals.failedActions} action(s) failed.`,
      );
    });
