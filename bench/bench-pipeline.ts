import { type ClickHouseClient, createClient } from '@clickhouse/client';
import pg from 'pg';
import { ConnectClient } from '../admin/connect/connect-client.js';
import { pipelineTopicPlan } from '../admin/connectors/connector-topics.js';
import { renderedConnectorsFor } from '../admin/connectors/load-connectors.js';
import { CONNECTORS_DIR } from '../admin/connectors/read-connector-files.js';
import { runProjectCommand } from '../admin/demo/run-step.js';
import { readIngestFile } from '../admin/ingest/ingest-files.js';
import { createWarehouse } from '../admin/warehouse/create-warehouse.js';
import { pgClientConfig } from '../admin/warehouse/postgres-connection.js';
import { loadConfig } from '../lib/config/load-config.js';
import { ensureTopics } from '../lib/kafka/ensure-topics.js';
import { createKafka } from '../lib/kafka/kafka-client.js';
import { STREAMS, type StreamName } from '../lib/streams.js';

export const BENCH_CONNECTOR_PREFIX = 'bench';

/**
 * A pipeline of the benchmark's own on the running native stack: a scratch PostgreSQL database,
 * topics with a unique suffix, the repository's PostgreSQL connectors applied to them (unless
 * `applyConnectors` is false: then the caller applies them, e.g. with other settings). `close`
 * removes all of it.
 */
export async function openBenchPipeline(label: string, options: { readonly applyConnectors?: boolean } = {}) {
  const base = loadConfig();
  const suffix = `-${label}-${Date.now()}`;
  const database = `bench_${label}_${Date.now()}`;
  const admin = new pg.Client(pgClientConfig(base.values.PG_URL, base.values.PG_PASSWORD));
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(base.values.PG_URL);
  url.pathname = `/${database}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WAREHOUSE: 'postgres',
    // The repository's connector files under the benchmark's own names: a running pipeline's
    // `ecom-…` connectors are never touched, and close() deletes exactly these.
    CONNECTOR_PREFIX: BENCH_CONNECTOR_PREFIX,
    PG_URL: url.toString(),
    TOPIC_SUFFIX: suffix,
    PG_SINK_JDBC_URL: `jdbc:postgresql://${url.host}${url.pathname}`,
  };
  const config = loadConfig({ env });
  const connectors = renderedConnectorsFor(CONNECTORS_DIR, 'postgres', config);
  const kafka = createKafka({ brokers: config.values.KAFKA_BROKERS, clientId: `bench-${label}` });
  const specs = pipelineTopicPlan(config, connectors);
  await runProjectCommand('db:migrate', 'admin/db-cli.ts', ['migrate'], env);
  await ensureTopics(kafka, specs);
  if (options.applyConnectors !== false) {
    await runProjectCommand('connectors:apply', 'admin/connectors-cli.ts', ['apply', '--settle', '2s'], env);
  }
  const warehouse = createWarehouse(config, 'postgres');
  await warehouse.connect();
  return {
    suffix,
    env,
    config,
    connectors,
    kafka,
    warehouse,
    /** Rows in the three tables. */
    landedRows: async (): Promise<number> => Object.values(await warehouse.rowCounts()).reduce((sum, n) => sum + n, 0),
    async close() {
      await warehouse.close();
      const client = new ConnectClient(config.values.CONNECT_URL);
      for (const connector of connectors) await client.deleteConnector(connector.name).catch(() => undefined);
      const kafkaAdmin = kafka.admin();
      await kafkaAdmin.connect();
      await kafkaAdmin.deleteTopics({ topics: specs.map((spec) => spec.name) }).catch(() => undefined);
      await kafkaAdmin.disconnect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** The connector and consumer settings that decide ingest speed, from the rendered files. */
export function ingestSettings(connectors: ReadonlyArray<{ name: string; config: Record<string, string> }>): string {
  const keys = [
    'tasks.max',
    'batch.size',
    'consumer.override.max.poll.records',
    'consumer.override.fetch.min.bytes',
    'consumer.override.fetch.max.wait.ms',
    'insert.mode',
    'use.reduction.buffer',
    'dialect.postgres.unnest.insert.enabled',
  ];
  const first = connectors[0]?.config ?? {};
  const schemaGiven = first['value.converter.schema.content']
    ? 'records: the payload alone, the schema in the converter'
    : 'records: whole envelopes';
  return [...keys.map((key) => `${key}=${first[key] ?? '(default)'}`), schemaGiven].join(', ');
}

/**
 * The same for ClickHouse consuming the topics itself (the native stack's ClickHouse service): a scratch
 * database, topics with a unique suffix, the Kafka-engine ingests applied. `close` removes all of it.
 */
export async function openBenchClickHousePipeline(label: string) {
  const stamp = Date.now();
  const suffix = `-${label}-${stamp}`;
  const database = `bench_${label}_${stamp}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WAREHOUSE: 'clickhouse',
    CLICKHOUSE_DATABASE: database,
    CLICKHOUSE_INGEST: 'kafka-engine',
    CLICKHOUSE_INGEST_GROUP: `bench-${label}-${stamp}`,
    TOPIC_SUFFIX: suffix,
  };
  const config = loadConfig({ env });
  const kafka = createKafka({ brokers: config.values.KAFKA_BROKERS, clientId: `bench-${label}` });
  const specs = pipelineTopicPlan(config, []);
  await runProjectCommand('db:migrate', 'admin/db-cli.ts', ['migrate'], env);
  await ensureTopics(kafka, specs);
  await runProjectCommand('connectors:apply', 'admin/connectors-cli.ts', ['apply'], env);
  const warehouse = createWarehouse(config, 'clickhouse');
  await warehouse.connect();
  const admin = createClient({
    url: config.values.CLICKHOUSE_URL,
    username: config.values.CLICKHOUSE_USER,
    password: config.values.CLICKHOUSE_PASSWORD ?? '',
  });
  return {
    suffix,
    env,
    config,
    connectors: [] as { name: string; config: Record<string, string> }[],
    kafka,
    warehouse,
    /**
     * Rows in the three tables from the active parts' metadata: cheap, so counting does not compete with
     * the ingest for the cores (a FINAL count every few seconds did); exact while each record arrives once.
     */
    landedRows: (): Promise<number> => clickhouseLandedRows(admin, database),
    async close() {
      await warehouse.close();
      await admin.command({ query: `DROP DATABASE IF EXISTS ${database} SYNC` });
      await admin.close();
      const kafkaAdmin = kafka.admin();
      await kafkaAdmin.connect();
      await kafkaAdmin.deleteTopics({ topics: specs.map((spec) => spec.name) }).catch(() => undefined);
      await kafkaAdmin.disconnect();
    },
  };
}

/** The Kafka-engine settings that decide freshness and throughput, from the generated ingest files (per stream where they differ). */
export function kafkaEngineSettings(): string {
  const settingsOf = (stream: StreamName) =>
    new Map(
      [
        ...readIngestFile(stream).matchAll(
          /^\s*(kafka_(?:format|flush_interval_ms|poll_timeout_ms|max_block_size|num_consumers|thread_per_consumer)) = '?([^,;'\s]+)'?[,;]?$/gm,
        ),
      ].map((match) => [match[1] ?? '', match[2] ?? '']),
    );
  const all = STREAMS.map((stream) => ({ stream, settings: settingsOf(stream) }));
  const first = all[0]?.settings ?? new Map<string, string>();
  return [...first.keys()]
    .map((name) => {
      const values = all.map(({ stream, settings }) => `${stream} ${settings.get(name)}`);
      return all.every(({ settings }) => settings.get(name) === first.get(name))
        ? `${name}=${first.get(name)}`
        : `${name}: ${values.join(', ')}`;
    })
    .join('; ');
}

/**
 * Rows in the pipeline's three tables of a ClickHouse database, from the active parts' metadata: cheap,
 * so counting does not compete with the ingest for the cores (a FINAL count every few seconds did);
 * exact while each record arrives once.
 */
export async function clickhouseLandedRows(client: ClickHouseClient, database: string): Promise<number> {
  const result = await client.query({
    query: `SELECT sum(rows) AS n FROM system.parts WHERE active AND database = {db: String} AND table IN ('sales_lines', 'user_events', 'feedback')`,
    query_params: { db: database },
    format: 'JSONEachRow',
  });
  return Number(((await result.json()) as { n: string }[])[0]?.n ?? 0);
}
