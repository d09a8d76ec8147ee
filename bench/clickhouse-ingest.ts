/**
 * Drain rate of a backlog: N orders (sales lines, clickstream, feedback) are produced first, with no
 * consumer attached; then the PostgreSQL sinks (Debezium JDBC in Connect) drain them, and then, from the
 * same topics, ClickHouse's own Kafka engine (on the native stack's ClickHouse service). One at a time, so
 * neither shares the 2 cores with the producer or the other. Rate = rows / time from the first row landed
 * to the last (start-up excluded; the time from apply is reported too). Also the ClickHouse service's
 * resident memory while it ingests.
 * Usage: npm run bench:clickhouse-ingest [-- --orders 20000]   (needs `stack:up -- --warehouse postgres,clickhouse`)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '@clickhouse/client';
import pg from 'pg';
import { ConnectClient } from '../admin/connect/connect-client.js';
import { renderedConnectorsFor } from '../admin/connectors/load-connectors.js';
import { CONNECTORS_DIR } from '../admin/connectors/read-connector-files.js';
import { runProjectCommand } from '../admin/demo/run-step.js';
import { createWarehouse } from '../admin/warehouse/create-warehouse.js';
import { pgClientConfig } from '../admin/warehouse/postgres-connection.js';
import { say } from '../lib/cli/run-cli.js';
import { loadConfig } from '../lib/config/load-config.js';
import { createKafka } from '../lib/kafka/kafka-client.js';
import { recordsWritten } from '../lib/kafka/topic-ranges.js';
import { eventTopics } from '../lib/streams.js';
import type { Dialect } from '../lib/warehouses.js';
import { treeRssBytes } from '../stack/process/process-info.js';
import { clickhouseService } from '../stack/services/clickhouse-service.js';
import { createStackContext, pidStateOf } from '../stack/stack-controller.js';
import { runningRssBytes } from '../stack/stack-status.js';
import { benchArgument } from './bench-args.js';
import { clickhouseLandedRows } from './bench-pipeline.js';
import { describeMachine, today } from './machine.js';
import { appendResults } from './results-file.js';

const ORDERS = Number(benchArgument('--orders', '20000'));
const stamp = Date.now();
const suffix = `-chdrain-${stamp}`;
const database = `bench_drain_${stamp}`;
const base = loadConfig();
const pgAdmin = new pg.Client(pgClientConfig(base.values.PG_URL, base.values.PG_PASSWORD));
const chAdmin = createClient({
  url: base.values.CLICKHOUSE_URL,
  username: base.values.CLICKHOUSE_USER,
  password: base.values.CLICKHOUSE_PASSWORD ?? '',
});
const pgUrl = new URL(base.values.PG_URL);
pgUrl.pathname = `/${database}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  TOPIC_SUFFIX: suffix,
  CONNECTOR_PREFIX: 'bench',
  PG_URL: pgUrl.toString(),
  PG_SINK_JDBC_URL: `jdbc:postgresql://${pgUrl.host}${pgUrl.pathname}`,
  CLICKHOUSE_DATABASE: database,
  CLICKHOUSE_INGEST: 'kafka-engine',
  CLICKHOUSE_INGEST_GROUP: `bench-drain-${stamp}`,
};
const config = loadConfig({ env });
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;

interface Drain {
  readonly rows: number;
  readonly fromApplyMs: number;
  readonly firstToLastMs: number;
  readonly peakRss: number;
  /** Every running service of the stack together (PostgreSQL, ClickHouse, Kafka, Connect). */
  readonly peakStackRss: number;
}

/** The resident memory of every running service of the native stack, added up. */
const stackRss = (): number => runningRssBytes(createStackContext()).bytes;

/** Rows in the three tables: PostgreSQL's count(*); ClickHouse's from part metadata (see clickhouseLandedRows). */
async function landedRows(dialect: Dialect, warehouse: ReturnType<typeof createWarehouse>): Promise<number> {
  if (dialect === 'clickhouse') return clickhouseLandedRows(chAdmin, database);
  const counts = await warehouse.rowCounts();
  return counts.sales_lines + counts.user_events + counts.feedback;
}

/** Applies one warehouse's ingestion and times the backlog into its tables. */
async function drain(dialect: Dialect, expected: number, rssPid: () => number | undefined): Promise<Drain> {
  const warehouse = createWarehouse(config, dialect);
  await warehouse.connect();
  try {
    const started = performance.now();
    await runProjectCommand('connectors:apply', 'admin/connectors-cli.ts', ['apply', '--warehouse', dialect, '--settle', '1s'], env);
    let first = 0;
    let rows = 0;
    let peakRss = 0;
    let peakStackRss = 0;
    while (rows < expected) {
      rows = await landedRows(dialect, warehouse);
      if (rows > 0 && first === 0) first = performance.now();
      const pid = rssPid();
      if (pid) peakRss = Math.max(peakRss, treeRssBytes(pid));
      peakStackRss = Math.max(peakStackRss, stackRss());
      if (performance.now() - started > 15 * 60_000) throw new Error(`${dialect}: only ${rows} of ${expected} rows after 15 min`);
      if (rows < expected) await sleep(250);
    }
    const done = performance.now();
    return { rows, fromApplyMs: done - started, firstToLastMs: done - first, peakRss, peakStackRss };
  } finally {
    await warehouse.close();
  }
}

await pgAdmin.connect();
try {
  await pgAdmin.query(`CREATE DATABASE ${database}`);
  for (const dialect of ['postgres', 'clickhouse'] as const)
    await runProjectCommand('db:migrate', 'admin/db-cli.ts', ['migrate', '--warehouse', dialect], env);
  say(`Producing the backlog: ${ORDERS} orders into ${eventTopics(suffix).join(', ')}…`);
  await runProjectCommand(
    'produce',
    'producer/cli.ts',
    ['--count', String(ORDERS), '--seed', '71', '--stream', 'sales,clickstream,feedback', '--profile', 'compact'],
    env,
  );
  const kafka = createKafka({ brokers: config.values.KAFKA_BROKERS, clientId: 'bench-drain' }).admin();
  await kafka.connect();
  const records = await recordsWritten(kafka, eventTopics(suffix));
  await kafka.disconnect();
  say(`Backlog: ${records} records. Draining into PostgreSQL (Connect)…`);
  const context = createStackContext();
  const postgres = await drain('postgres', records, () => undefined);
  // The sinks stop reading before ClickHouse starts, so the two never share the cores.
  const client = new ConnectClient(config.values.CONNECT_URL);
  for (const connector of renderedConnectorsFor(CONNECTORS_DIR, 'postgres', config))
    await client.deleteConnector(connector.name).catch(() => undefined);
  say('Draining into ClickHouse (Kafka engine)…');
  const idleRss = (() => {
    const state = pidStateOf(context, clickhouseService);
    return state.kind === 'running' ? treeRssBytes(state.record.pid) : 0;
  })();
  const clickhouse = await drain('clickhouse', records, () => {
    const state = pidStateOf(context, clickhouseService);
    return state.kind === 'running' ? state.record.pid : undefined;
  });
  const rate = (d: Drain) => Math.round(d.rows / (d.firstToLastMs / 1000));
  const entry = [
    `## Ingest drain rate: ClickHouse Kafka engine vs PostgreSQL sinks — ${today()}`,
    '',
    `Machine: ${describeMachine()}. Native stack: Kafka 4.3.1 (one node), Debezium JDBC sink 3.6.0.Final into PostgreSQL 18.4, ClickHouse 26.7 (the ClickHouse service: chdb 3.4.0) with sql/clickhouse/ingest. A backlog of ${ORDERS} orders = ${records} records (sales lines, clickstream, feedback; Connect payloads, the schema in the converters, 3 partitions per topic) produced first, then drained by each engine alone, PostgreSQL first.`,
    '',
    '| engine | rows | first → last row | rows/s | from apply |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| PostgreSQL, Debezium JDBC sinks (baseline) | ${postgres.rows} | ${(postgres.firstToLastMs / 1000).toFixed(1)} s | ${rate(postgres)} | ${(postgres.fromApplyMs / 1000).toFixed(1)} s |`,
    `| ClickHouse, Kafka engine | ${clickhouse.rows} | ${(clickhouse.firstToLastMs / 1000).toFixed(1)} s | ${rate(clickhouse)} | ${(clickhouse.fromApplyMs / 1000).toFixed(1)} s |`,
    '',
    `Ratio ClickHouse / PostgreSQL: **${(rate(clickhouse) / rate(postgres)).toFixed(1)}×** (goal ≥ 3×). ClickHouse service RSS: ${mib(idleRss)} before, peak ${mib(clickhouse.peakRss)} while ingesting; the whole stack (PostgreSQL, ClickHouse, Kafka, Connect) peaked at ${mib(clickhouse.peakStackRss)} during ClickHouse's drain and ${mib(postgres.peakStackRss)} during PostgreSQL's (sampled every ~250 ms).`,
  ].join('\n');
  appendResults(entry);
  say(entry);
} catch (error) {
  say(`bench:clickhouse-ingest failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await chAdmin.command({ query: `DROP DATABASE IF EXISTS ${database} SYNC` }).catch(() => undefined);
  await chAdmin.close();
  const client = new ConnectClient(config.values.CONNECT_URL);
  for (const connector of renderedConnectorsFor(CONNECTORS_DIR, 'postgres', config))
    await client.deleteConnector(connector.name).catch(() => undefined);
  await pgAdmin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
  await pgAdmin.end();
  const kafka = createKafka({ brokers: config.values.KAFKA_BROKERS, clientId: 'bench-drain' }).admin();
  await kafka.connect();
  await kafka.deleteTopics({ topics: eventTopics(suffix) }).catch(() => undefined);
  await kafka.disconnect();
}
