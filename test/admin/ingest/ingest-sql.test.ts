import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestGroupProblem } from '../../../admin/ingest/clickhouse-ingest.js';
import { expectedIngestFiles, ingestFileProblems, readIngestFile } from '../../../admin/ingest/ingest-files.js';
import { planIngest } from '../../../admin/ingest/ingest-plan.js';
import { ingestObjectsOf } from '../../../admin/ingest/ingest-sql.js';
import { KAFKA_ENGINE_SETTINGS, kafkaEngineSettingsIn } from '../../../admin/ingest/kafka-engine-settings.js';
import { splitStatements } from '../../../admin/warehouse/sql-files.js';
import { REPO_ROOT } from '../../../lib/repo-root.js';
import { STREAMS } from '../../../lib/streams.js';
import { runTsCli } from '../../support/test-env.js';

describe('the ClickHouse Kafka-engine ingest DDL (sql/clickhouse/ingest)', () => {
  it('is exactly what the event schemas generate (npm run ingest:sql), with no problem for connectors:validate', () => {
    const expected = expectedIngestFiles();
    for (const stream of STREAMS) expect(readIngestFile(stream), stream).toBe(expected[stream]);
    expect(ingestFileProblems()).toEqual([]);
  });

  it('names a hand-edited or missing file, and a placeholder that is a secret or unknown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ingest-'));
    try {
      writeFileSync(
        join(dir, 'sales.sql'),
        readIngestFile('sales').replace('kafka_flush_interval_ms = 500', 'kafka_flush_interval_ms = 5000'),
      );
      writeFileSync(join(dir, 'feedback.sql'), `${readIngestFile('feedback')}\n-- {{CLICKHOUSE_PASSWORD}} {{NO_SUCH_VARIABLE}}\n`);
      const at = relative(REPO_ROOT, dir);
      expect(ingestFileProblems(dir)).toEqual([
        `${at}/sales.sql is not what schemas/sales_event.schema.json generates: run npm run ingest:sql (never edit it by hand)`,
        `${at}/clickstream.sql is missing: run npm run ingest:sql`,
        `${at}/feedback.sql: {{CLICKHOUSE_PASSWORD}} names a secret; write \${env:CLICKHOUSE_PASSWORD} so the worker resolves it and no value is stored in Connect`,
        `${at}/feedback.sql: unknown placeholder {{NO_SUCH_VARIABLE}}; valid: a variable from the README's configuration table`,
        `${at}/feedback.sql is not what schemas/feedback.schema.json generates: run npm run ingest:sql (never edit it by hand)`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names a setting the Kafka engine does not have, a topic no schema declares, another stream's topic, a file with no Kafka table", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ingest-'));
    try {
      writeFileSync(
        join(dir, 'sales.sql'),
        readIngestFile('sales')
          .replace('kafka_flush_interval_ms = 500', 'kafka_flush_intervl_ms = 500')
          .replace("kafka_topic_list = 'sales_events{{TOPIC_SUFFIX}}'", "kafka_topic_list = 'sales-events{{TOPIC_SUFFIX}}'"),
      );
      writeFileSync(
        join(dir, 'clickstream.sql'),
        readIngestFile('clickstream').replace(
          "kafka_topic_list = 'user-events{{TOPIC_SUFFIX}}'",
          "kafka_topic_list = 'feedback{{TOPIC_SUFFIX}}'",
        ),
      );
      writeFileSync(join(dir, 'feedback.sql'), readIngestFile('feedback').split('ENGINE = Kafka')[0] ?? '');
      const at = relative(REPO_ROOT, dir);
      expect(ingestFileProblems(dir)).toEqual([
        `${at}/sales.sql: kafka_flush_intervl_ms is not a setting of ClickHouse's Kafka engine; valid: ${KAFKA_ENGINE_SETTINGS.join(', ')}, or a format setting (input_format_…)`,
        `${at}/sales.sql: kafka_topic_list names sales-events{{TOPIC_SUFFIX}}, a topic no schema declares; valid: sales_events{{TOPIC_SUFFIX}} (the x-topic of schemas/sales_event.schema.json)`,
        `${at}/sales.sql is not what schemas/sales_event.schema.json generates: run npm run ingest:sql (never edit it by hand)`,
        `${at}/clickstream.sql: kafka_topic_list names feedback{{TOPIC_SUFFIX}}, the topic of schemas/feedback.schema.json; this file lands clickstream and must read user-events{{TOPIC_SUFFIX}}`,
        `${at}/clickstream.sql is not what schemas/user_event.schema.json generates: run npm run ingest:sql (never edit it by hand)`,
        `${at}/feedback.sql has no ENGINE = Kafka table with SETTINGS; run npm run ingest:sql to write it again`,
        `${at}/feedback.sql is not what schemas/feedback.schema.json generates: run npm run ingest:sql (never edit it by hand)`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads every setting of the generated Kafka tables, each one the engine has', () => {
    for (const stream of STREAMS) {
      const names = kafkaEngineSettingsIn(readIngestFile(stream)).map((setting) => setting.name);
      expect(names, stream).toEqual([
        'kafka_broker_list',
        'kafka_topic_list',
        'kafka_group_name',
        'kafka_format',
        'kafka_handle_error_mode',
        'kafka_flush_interval_ms',
        'kafka_poll_timeout_ms',
        'kafka_max_block_size',
        'kafka_num_consumers',
        'kafka_thread_per_consumer',
      ]);
      for (const name of names) expect(KAFKA_ENGINE_SETTINGS).toContain(name);
    }
  });

  it('refuses bad ingest files in validate, plan and apply with one message and exit 1, before any service is asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ingest-'));
    try {
      for (const stream of STREAMS) writeFileSync(join(dir, `${stream}.sql`), readIngestFile(stream));
      writeFileSync(join(dir, 'sales.sql'), readIngestFile('sales').replace('kafka_poll_timeout_ms = 100', 'kafka_poll_timeout = 100'));
      const at = relative(REPO_ROOT, dir);
      const env = { ...process.env, CLICKHOUSE_INGEST: 'kafka-engine', CLICKHOUSE_URL: 'http://127.0.0.1:9', WAREHOUSE: 'clickhouse' };
      for (const verb of ['validate', 'plan', 'apply']) {
        const run = await runTsCli('admin/connectors-cli.ts', [verb, '--warehouse', 'clickhouse', '--ingest-dir', dir], env);
        expect({ verb, code: run.code, stderr: run.stderr }).toEqual({
          verb,
          code: 1,
          stderr: [
            'error: 2 problem(s) in the ClickHouse ingest files:',
            `${at}/sales.sql: kafka_poll_timeout is not a setting of ClickHouse's Kafka engine; valid: ${KAFKA_ENGINE_SETTINGS.join(', ')}, or a format setting (input_format_…)`,
            `${at}/sales.sql is not what schemas/sales_event.schema.json generates: run npm run ingest:sql (never edit it by hand)`,
            '',
          ].join('\n'),
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates the consuming view last, after the views that land and reject, so nothing is read before it can land', () => {
    for (const stream of STREAMS) {
      const objects = ingestObjectsOf(stream);
      const created = splitStatements(readIngestFile(stream)).map(
        (statement) => /CREATE (?:MATERIALIZED VIEW|TABLE) IF NOT EXISTS (\S+)/.exec(statement)?.[1],
      );
      expect(created).toEqual(['ingest_errors', objects.parsed, objects.land, objects.reject, objects.kafka, objects.parse]);
    }
  });

  it("checks what the schema allows and the table's constraints require, before a record can reach the table", () => {
    const feedback = readIngestFile('feedback');
    expect(feedback).toContain("rating NOT BETWEEN 1 AND 5, 'rating must be from 1 to 5',");
    expect(feedback).toContain('length(_error) > 0, _error,');
    expect(feedback).toContain("kafka_topic_list = 'feedback{{TOPIC_SUFFIX}}'");
    expect(feedback).toContain("kafka_group_name = '{{CLICKHOUSE_INGEST_GROUP}}-feedback'");
    const sales = readIngestFile('sales');
    expect(sales).toContain("quantity NOT BETWEEN 1 AND 1000, 'quantity must be from 1 to 1000',");
    expect(sales).toContain("line_total < 0, 'line_total must not be negative',");
    expect(sales).toContain("channel NOT IN ('web', 'mobile', 'marketplace'), 'channel must be one of web, mobile, marketplace',");
    expect(sales).toContain("reinterpret(if(length(tryBase64Decode(JSONExtractString(m['unit_price']))) BETWEEN 1 AND 7");
  });

  it('plans by checksum of the rendered DDL: create, unchanged, update', () => {
    const desired = [
      { stream: 'sales' as const, name: 'g-sales', sql: 'A' },
      { stream: 'feedback' as const, name: 'g-feedback', sql: 'B' },
      { stream: 'clickstream' as const, name: 'g-clickstream', sql: 'C' },
    ];
    const first = planIngest(desired, {});
    expect(first.map((action) => action.kind)).toEqual(['create', 'create', 'create']);
    const recorded = Object.fromEntries(first.map((action) => [action.stream, action.checksum]));
    expect(planIngest(desired, recorded).map((action) => action.kind)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(planIngest([{ ...desired[0], sql: 'A2' } as (typeof desired)[0]], recorded).map((action) => action.kind)).toEqual(['update']);
  });

  it("refuses an ingest group in Kafka Connect's sink-group namespace: one sentence, exit 2", async () => {
    expect(ingestGroupProblem('ecom-clickhouse')).toBeUndefined();
    const run = await runTsCli('admin/connectors-cli.ts', ['validate', '--warehouse', 'clickhouse'], {
      ...process.env,
      CLICKHOUSE_INGEST_GROUP: 'connect-ecom-postgres',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: CLICKHOUSE_INGEST_GROUP "connect-ecom-postgres" starts with "connect-", the prefix of Kafka Connect\'s sink consumer groups: the ingest could share a group (and its offsets) with a Connect sink. Choose another prefix, such as ecom-clickhouse.\n',
    );
  });
});
