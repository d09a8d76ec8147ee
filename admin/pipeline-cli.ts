import Table from 'cli-table3';
import { Command, Option } from 'commander';
import { EXIT, runCli } from '../lib/cli/run-cli.js';
import { loadConfig } from '../lib/config/load-config.js';
import { createKafka } from '../lib/kafka/kafka-client.js';
import { EVENT_SCHEMAS, STREAMS } from '../lib/schemas/event-schemas.js';
import { positiveInteger, warehouseOption } from './cli-options.js';
import { errorHeaders } from './connectors/dead-letters.js';
import { readAllRecords } from './pipeline/read-all-records.js';
import { type DeadLetterRef, reconcileStream, type StreamReconciliation } from './pipeline/reconcile.js';
import { createWarehouse } from './warehouse/create-warehouse.js';
import { WAREHOUSE_TABLES } from './warehouse/kpi-definitions.js';
import type { Dialect } from './warehouse/sql-files.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

const program = new Command('pipeline').description('Checks on the whole pipeline.');

program
  .command('check')
  .description(
    'Reconcile each topic with its table: distinct idempotency keys landed, dead-lettered (with the error) or missing, and keys only in the table. Exit 0 only when nothing is missing or extra.',
  )
  .addOption(warehouseOption())
  .addOption(new Option('-n, --limit <count>', 'how many keys of each kind to list').default(10).argParser(positiveInteger('--limit')))
  .option('--json', 'print JSON (every key)', false)
  .action(async (options: { warehouse?: Dialect; limit: number; json: boolean }) => {
    const config = loadConfig();
    const dialect = options.warehouse ?? (config.values.WAREHOUSE as Dialect);
    const suffix = config.values.TOPIC_SUFFIX ?? '';
    const kafka = createKafka({ brokers: config.values.KAFKA_BROKERS as string });
    const warehouse = createWarehouse(config, dialect);
    await warehouse.connect();
    const results: StreamReconciliation[] = [];
    try {
      for (const stream of STREAMS) {
        const schema = EVENT_SCHEMAS[stream];
        const topic = `${schema['x-topic']}${suffix}`;
        const table = WAREHOUSE_TABLES[stream];
        const dlqTopic = `dlq-${config.values.CONNECTOR_PREFIX}-${dialect}-${stream}${suffix}`;
        const deadLetters: DeadLetterRef[] = (await readAllRecords(kafka, dlqTopic)).map((record) => {
          const errors = errorHeaders(record.headers);
          return {
            topic: errors.topic ?? '',
            partition: Number(errors.partition),
            offset: errors.offset ?? '',
            error: `${errors.stage ?? '?'}: ${errors['exception.message'] ?? errors['exception.class.name'] ?? '?'}`,
          };
        });
        results.push(
          reconcileStream({
            topic,
            table,
            idFields: schema['x-idempotency-key'],
            records: await readAllRecords(kafka, topic),
            deadLetters,
            tableKeys: await warehouse.selectKeys(table, schema['x-idempotency-key']),
          }),
        );
      }
    } finally {
      await warehouse.close();
    }
    const ok = results.every((result) => result.missing.length === 0 && result.extra.length === 0);
    if (options.json) say(JSON.stringify({ warehouse: warehouse.description, ok, streams: results }, null, 2));
    else {
      const table = new Table({
        head: ['topic → table', 'keys in topic', 'landed', 'dead-lettered', 'missing', 'extra', 'unreadable (dead-lettered)'],
      });
      for (const r of results) {
        table.push([
          `${r.topic} → ${r.table}`,
          r.topicKeys,
          r.landed,
          r.deadLettered.length,
          r.missing.length,
          r.extra.length,
          `${r.unreadable.length} (${r.unreadable.filter((u) => u.deadLettered).length})`,
        ]);
      }
      say(`${warehouse.description}\n${table.toString()}`);
      for (const r of results) {
        const list = (label: string, items: string[]) => {
          if (items.length > 0)
            say(
              `${r.topic} ${label}: ${items.slice(0, options.limit).join(', ')}${items.length > options.limit ? ` … (+${items.length - options.limit})` : ''}`,
            );
        };
        list('missing', r.missing);
        list('extra', r.extra);
        list(
          'dead-lettered',
          r.deadLettered.map((d) => `${d.key} (${d.error})`),
        );
      }
      say(ok ? 'Nothing missing, nothing extra.' : 'Some keys are missing or extra (see above).');
    }
    process.exitCode = ok ? EXIT.OK : EXIT.FAILED;
  });

await runCli(program);
