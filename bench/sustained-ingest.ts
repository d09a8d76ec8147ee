/**
 * Sustained ingest into PostgreSQL through Kafka and the Debezium JDBC sink: steps up the order
 * rate; at each step produces for --seconds and watches the backlog (rows acknowledged by Kafka
 * but not yet in the tables). A step is sustained when the backlog over its second half stays
 * under 5 s of input and drains within 15 s after the producer stops. Baseline in the same run:
 * the same kind of rows bulk-loaded straight into PostgreSQL (the adapter's unnest upsert).
 * Usage: npm run bench:ingest [-- --rates 300,600,900,1200,1500 --seconds 60]   (native stack up)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { generateDataset } from '../admin/warehouse/dataset.js';
import { say } from '../lib/cli/run-cli.js';
import { STREAMS } from '../lib/schemas/event-schemas.js';
import { TABLE_NAMES } from '../lib/streams.js';
import { ProduceLedger } from '../producer/produce-ledger.js';
import { defaultProduceOptions } from '../producer/produce-options.js';
import { runProduce } from '../producer/run-produce.js';
import { benchArgument } from './bench-args.js';
import { ingestSettings, openBenchPipeline } from './bench-pipeline.js';
import { describeMachine, today } from './machine.js';
import { appendResults } from './results-file.js';

const RATES = benchArgument('--rates', '300,600,900,1200,1500').split(',').map(Number);
const SECONDS = Number(benchArgument('--seconds', '60'));
const pipeline = await openBenchPipeline('ingest');
const rowsNow = async () => Object.values(await pipeline.warehouse.rowCounts()).reduce((sum, n) => sum + n, 0);

interface Step {
  ordersPerSecond: number;
  producedRowsPerSecond: number;
  landedRowsPerSecond: number;
  maxBacklog: number;
  drainMs: number;
  sustained: boolean;
}

try {
  // Baseline: rows written straight into PostgreSQL, no Kafka or Connect in between.
  const dataset = generateDataset({ orders: 20_000, seed: 999, startMs: Date.parse('2025-01-01T00:00:00.000Z') });
  const baselineRows = TABLE_NAMES.reduce((sum, table) => sum + dataset[table].length, 0);
  const baselineStarted = performance.now();
  for (const table of TABLE_NAMES) await pipeline.warehouse.bulkLoad(table, dataset[table] as unknown as Record<string, unknown>[]);
  const baselineRowsPerSecond = Math.round(baselineRows / ((performance.now() - baselineStarted) / 1000));
  say(`baseline: ${baselineRows} rows bulk-loaded straight into PostgreSQL at ${baselineRowsPerSecond} rows/s`);

  const steps: Step[] = [];
  for (const [index, rate] of RATES.entries()) {
    const before = await rowsNow();
    const ledger = new ProduceLedger();
    const started = Date.now();
    const producing = runProduce(
      {
        ...defaultProduceOptions(Date.now() - 86_400_000),
        streams: [...STREAMS],
        count: null,
        durationMs: SECONDS * 1000,
        ratePerSecond: rate,
        seed: 100 + index,
        topicSuffix: pipeline.suffix,
      },
      { kafka: pipeline.kafka, ledger },
    );
    let done = false;
    void producing.finally(() => {
      done = true;
    });
    const samples: Array<{ t: number; acked: number; landed: number }> = [];
    while (!done) {
      await sleep(2_000);
      samples.push({ t: Date.now() - started, acked: ledger.totals().acked, landed: (await rowsNow()) - before });
    }
    await producing;
    const producedMs = Date.now() - started;
    const acked = ledger.totals().acked;
    let landed = (await rowsNow()) - before;
    const drainStarted = Date.now();
    while (landed < acked && Date.now() - drainStarted < 120_000) {
      await sleep(500);
      landed = (await rowsNow()) - before;
    }
    const drainMs = Date.now() - drainStarted;
    const producedRowsPerSecond = Math.round(acked / (producedMs / 1000));
    const secondHalf = samples.filter((sample) => sample.t >= (SECONDS * 1000) / 2);
    const maxBacklog = Math.max(0, ...secondHalf.map((sample) => sample.acked - sample.landed));
    const first = samples.find((sample) => sample.t >= 10_000) ?? samples[0];
    const last = samples[samples.length - 1];
    const landedRowsPerSecond =
      first && last && last.t > first.t ? Math.round((last.landed - first.landed) / ((last.t - first.t) / 1000)) : 0;
    const sustained = landed >= acked && maxBacklog <= producedRowsPerSecond * 5 && drainMs <= 15_000;
    steps.push({ ordersPerSecond: rate, producedRowsPerSecond, landedRowsPerSecond, maxBacklog, drainMs, sustained });
    say(
      `${rate} orders/s: produced ${producedRowsPerSecond} rows/s, landed ${landedRowsPerSecond} rows/s, max backlog ${maxBacklog} rows (2nd half), drained in ${(drainMs / 1000).toFixed(1)} s → ${sustained ? 'sustained' : 'NOT sustained'}`,
    );
    if (!sustained) break;
    await sleep(3_000);
  }

  const best = steps.filter((step) => step.sustained).at(-1);
  const rows = steps
    .map(
      (s) =>
        `| ${s.ordersPerSecond} | ${s.producedRowsPerSecond} | ${s.landedRowsPerSecond} | ${s.maxBacklog} | ${(s.drainMs / 1000).toFixed(1)} | ${s.sustained ? 'yes' : 'no'} |`,
    )
    .join('\n');
  const headline = best
    ? `**${best.landedRowsPerSecond} rows/s** sustained (${best.ordersPerSecond} orders/s) into PostgreSQL; direct bulk load ${baselineRowsPerSecond} rows/s; ratio ${(best.landedRowsPerSecond / baselineRowsPerSecond).toFixed(2)}×. Goal ≥ 10000 rows/s: ${best.landedRowsPerSecond >= 10_000 ? 'met' : 'not met'}.`
    : `No step sustained; direct bulk load ${baselineRowsPerSecond} rows/s.`;
  appendResults(`## Sustained ingest into PostgreSQL (npm run bench:ingest) — ${today()}

Machine: ${describeMachine()}. ${SECONDS} s per step, all three streams (~16 rows per order).
${headline}
Settings (every connector): ${ingestSettings(pipeline.connectors)}; one worker, offset flush 5 s.

| orders/s | produced rows/s | landed rows/s | max backlog (rows, 2nd half) | drain (s) | sustained |
|---|---|---|---|---|---|
${rows}`);
  say(headline);
} finally {
  await pipeline.close();
}
