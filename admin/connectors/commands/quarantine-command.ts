import { Command, Option } from 'commander';
import { EXIT, say } from '../../../lib/cli/run-cli.js';
import { durationOf, positiveInteger } from '../../../lib/cli/value-parsers.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { connectedKafka } from '../../../lib/kafka/kafka-client.js';
import { quarantineConnector } from '../quarantine/quarantine-connector.js';
import { connectClient } from './shared.js';

export const quarantineCommand = () =>
  new Command('quarantine')
    .description(
      "Bring a sink whose task FAILED on a record back: find the record(s) the sink refuses, copy them to the connector's dead-letter topic (stage TASK_PUT), move past them, resume.",
    )
    .argument('<name>', 'connector name (a Debezium JDBC sink)')
    .option('--dry-run', 'show the failure and the pending records it would probe; change nothing', false)
    .addOption(
      new Option('--max-records <count>', 'probe at most this many pending records')
        .default(50_000)
        .argParser(positiveInteger('--max-records')),
    )
    .option('--timeout <time>', 'how long one probe round and the resume may take', '10m')
    .addHelpText(
      'after',
      `
The Debezium JDBC sink fails its task when the table refuses a record (a CHECK or NOT NULL constraint, a
value the column cannot hold): the dead-letter topic only catches converter and transform failures. This
finds the record with the sink itself: a temporary copy of the connector (same configuration, batch.size 1,
its own consumer group) reads a one-partition copy of the pending records one at a time, so the record it
fails on is the one at its committed offset; it carries on after each, until the copy is through. Every
other pending record lands through it (upserts: the real sink writes them again the same way). Each poison
goes to the connector's dead-letter topic with Connect's context headers (original topic, partition,
offset, exception class and message, stage TASK_PUT); each partition with one moves past its last (stop,
PATCH offsets, resume: KIP-875); the connector's own configuration never changes.
Refused when the task failed for another reason (the database down, a refused login, a missing table):
fix that, then connectors:restart -- <name> --failed.
Exit codes: 0 back to RUNNING (or nothing FAILED), 1 refused or failed, 2 bad options, 3 --dry-run with work to do.

Examples:
  npm run connectors:quarantine -- ecom-postgres-sales --dry-run
  npm run connectors:quarantine -- ecom-postgres-sales`,
    )
    .action(async (name: string, options: { dryRun: boolean; maxRecords: number; timeout: string }) => {
      const config = loadConfig();
      const outcome = await quarantineConnector(name, {
        client: connectClient(config),
        kafka: await connectedKafka(config),
        replicationFactor: config.values.DLQ_REPLICATION_FACTOR,
        dryRun: options.dryRun,
        maxRecords: options.maxRecords,
        timeoutMs: durationOf(options.timeout, '--timeout'),
        report: say,
      });
      switch (outcome.kind) {
        case 'nothing-failed':
          say(`${name} has no FAILED task: nothing to quarantine.`);
          return;
        case 'planned':
          process.exitCode = EXIT.PENDING;
          return;
        case 'no-poison':
          say(`${name}: no record failed on its own among ${outcome.probed}; its failed task was restarted.`);
          return;
        case 'quarantined':
          say(
            `${name} is RUNNING again: ${outcome.poisons.length} record(s) quarantined into ${outcome.deadLetterTopic} (npm run connectors:dlq -- ${name}).`,
          );
      }
    });
