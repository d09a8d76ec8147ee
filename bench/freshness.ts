import { say } from '../lib/cli/run-cli.js';
/**
 * Freshness: from the moment the producer sends a sales record (its x-sent-at header) to the moment
 * its row is visible in PostgreSQL (its transaction's commit time, recorded by PostgreSQL itself), p50/p95/p99,
 * at steady input rates. Baseline in the same run: the same records read back by a plain Kafka
 * consumer (send → consumed), the part of the delay that is Kafka alone.
 * Usage: npm run bench:freshness [-- --rates 1000,5000 --seconds 40 --warehouse postgres|clickhouse]
 *   (rows/s over all streams; native stack up; ClickHouse: its own Kafka ingest on the ClickHouse service)
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { type FreshnessSummary, formatFreshness, summarizeDelays } from '../admin/pipeline/freshness.js';
import { readAllRecords } from '../admin/pipeline/read-all-records.js';
import { keyOfValue, normalizeKey } from '../admin/pipeline/reconcile.js';
import { generateDataset } from '../admin/warehouse/dataset.js';
import { EVENT_SCHEMAS, STREAMS } from '../lib/schemas/event-schemas.js';
import { TABLE_NAMES, topicOf } from '../lib/streams.js';
import { COMPACT_FUNNEL } from '../producer/generator/traffic-profiles.js';
import { defaultProduceOptions } from '../producer/produce-options.js';
import { SENT_AT_HEADER } from '../producer/record-builder.js';
import { runProduce } from '../producer/run-produce.js';
import { benchArgument } from './bench-args.js';
import { ingestSettings, kafkaEngineSettings, openBenchClickHousePipeline, openBenchPipeline } from './bench-pipeline.js';
import { describeMachine, today } from './machine.js';
import { appendResults } from './results-file.js';

const RATES = benchArgument('--rates', '1000,5000').split(',').map(Number);
const SECONDS = Number(benchArgument('--seconds', '40'));
/** Each sales line's key and the instant (ms) it became visible, per warehouse. */
const VISIBLE_AT_SQL = {
  postgres: `SELECT concat_ws('|', order_id::text, line_no::text) AS k, (extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000)::float8 AS t
    FROM sales_lines WHERE ingested_at >= @from AND ingested_at < @to`,
  clickhouse: `SELECT concat_ws('|', toString(order_id), toString(line_no)) AS k, toUnixTimestamp64Milli(ingested_at) AS t
    FROM sales_lines FINAL WHERE ingested_at >= @from AND ingested_at < @to`,
} as const;
const WAREHOUSE = benchArgument('--warehouse', 'postgres') === 'clickhouse' ? 'clickhouse' : 'postgres';
const WAREHOUSE_NAME = WAREHOUSE === 'clickhouse' ? 'ClickHouse (Kafka engine)' : 'PostgreSQL';
const SALES_ID = EVENT_SCHEMAS.sales['x-idempotency-key'];

const sample = generateDataset({ orders: 5_000, seed: 5, startMs: Date.parse('2025-01-01T00:00:00.000Z') });
const rowsPerOrder = TABLE_NAMES.reduce((sum, table) => sum + sample[table].length, 0) / 5_000;

interface Measured {
  rowsPerSecond: number;
  visible: FreshnessSummary;
  kafkaOnly: FreshnessSummary;
  unseen: number;
}

let settings = '';

async function measure(rowsPerSecond: number): Promise<Measured> {
  const pipeline = WAREHOUSE === 'clickhouse' ? await openBenchClickHousePipeline('fresh') : await openBenchPipeline('fresh');
  settings = WAREHOUSE === 'clickhouse' ? `Kafka engine: ${kafkaEngineSettings()}` : ingestSettings(pipeline.connectors);
  try {
    const salesTopic = topicOf('sales', pipeline.suffix);
    // Baseline reader: a plain consumer on the sales topic.
    const consumedAt = new Map<string, number>();
    const consumer = pipeline.kafka.consumer({ groupId: `bench-fresh-${Date.now()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: salesTopic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const key = keyOfValue(String(message.value ?? ''), SALES_ID);
        if (key !== undefined && !consumedAt.has(key)) consumedAt.set(key, Date.now());
      },
    });
    const startedAt = new Date(Date.now() - 5_000);
    await runProduce(
      {
        ...defaultProduceOptions(Date.now() - 86_400_000),
        funnel: COMPACT_FUNNEL,
        streams: [...STREAMS],
        count: null,
        durationMs: SECONDS * 1000,
        ratePerSecond: rowsPerSecond / rowsPerOrder,
        seed: 300 + rowsPerSecond,
        topicSuffix: pipeline.suffix,
      },
      { kafka: pipeline.kafka },
    );

    // Send times from the records' own headers.
    const sentAt = new Map<string, number>();
    for (const record of await readAllRecords(pipeline.kafka, salesTopic)) {
      const key = keyOfValue(record.value, SALES_ID);
      if (key !== undefined) sentAt.set(key, Number(record.headers[SENT_AT_HEADER]));
    }
    // When each row became visible, as the warehouse recorded it: PostgreSQL's commit time of the row's
    // transaction (track_commit_timestamp), ClickHouse's ingested_at (written as the block is inserted).
    // Waits, on the count, until every sent line is there (60 s at most).
    let visibleAt = new Map<string, number>();
    const deadline = Date.now() + 60_000;
    do {
      const rows = await pipeline.warehouse.queryRange(VISIBLE_AT_SQL[WAREHOUSE], { from: startedAt, to: new Date(Date.now() + 60_000) });
      visibleAt = new Map(rows.map((row) => [normalizeKey(String(row.k)), Math.round(Number(row.t))]));
      if ([...sentAt.keys()].every((key) => visibleAt.has(key))) break;
      await sleep(500);
    } while (Date.now() < deadline);
    await consumer.disconnect();

    const delays = (seen: Map<string, number>) =>
      [...sentAt].filter(([key]) => seen.has(key)).map(([key, sent]) => (seen.get(key) as number) - sent);
    const visible = summarizeDelays(delays(visibleAt));
    const kafkaOnly = summarizeDelays(delays(consumedAt));
    if (!visible || !kafkaOnly) throw new Error('bench: no sales line was seen');
    return { rowsPerSecond, visible, kafkaOnly, unseen: [...sentAt.keys()].filter((key) => !visibleAt.has(key)).length };
  } finally {
    await pipeline.close();
  }
}

const results: Measured[] = [];
for (const rate of RATES) {
  say(`\n${rate} rows/s (${(rate / rowsPerOrder).toFixed(1)} orders/s) for ${SECONDS} s…`);
  const measured = await measure(rate);
  results.push(measured);
  say(
    `  send → visible in ${WAREHOUSE_NAME}: ${formatFreshness(measured.visible)}${measured.unseen ? `; ${measured.unseen} never seen` : ''}`,
  );
  say(`  send → consumed from Kafka (baseline): ${formatFreshness(measured.kafkaOnly)}`);
}
const table = results
  .map(
    (r) =>
      `| ${r.rowsPerSecond} | ${r.visible.p50Ms} / ${r.visible.p95Ms} / ${r.visible.p99Ms} | ${r.kafkaOnly.p50Ms} / ${r.kafkaOnly.p95Ms} / ${r.kafkaOnly.p99Ms} | ${(r.visible.p95Ms / Math.max(1, r.kafkaOnly.p95Ms)).toFixed(1)}× | ${r.visible.samples} |`,
  )
  .join('\n');
const atGoal = results.find((r) => r.rowsPerSecond === 1000);
appendResults(`## Freshness: send → row visible in ${WAREHOUSE_NAME} (npm run bench:freshness${WAREHOUSE === 'clickhouse' ? ' -- --warehouse clickhouse' : ''}) — ${today()}

Machine: ${describeMachine()}. ${SECONDS} s per rate, all three streams; timed on sales lines (send time from the x-sent-at header, in ms; visible = ${WAREHOUSE === 'postgres' ? "the commit time of the row's transaction (track_commit_timestamp, µs)" : "the row's ingested_at (ms, written as its block is inserted)"}: 1 ms resolution).
Settings: ${settings}.
${atGoal ? `Goal p95 ≤ 150 ms at 1k rows/s: ${atGoal.visible.p95Ms <= 150 ? 'met' : 'not met'} (${atGoal.visible.p95Ms} ms).` : ''}

| rows/s | visible p50 / p95 / p99 (ms) | Kafka only (baseline) p50 / p95 / p99 (ms) | p95 ratio | sales lines timed |
|---|---|---|---|---|
${table}`);
