/**
 * Sustained ingest through Kafka into PostgreSQL (the Debezium JDBC sink) and/or ClickHouse (its own
 * Kafka engine, on the native stack's ClickHouse service): steps up the order rate; at each step
 * produces for --seconds and watches the backlog (rows acknowledged by Kafka but not yet in the tables).
 * A step is sustained when the backlog over its second half stays under 5 s of input and drains within
 * 15 s after the producer stops. Baseline in the same run, per warehouse: the same kind of rows
 * bulk-loaded straight into it through the adapter.
 * Usage: npm run bench:ingest [-- --rates 300,600,900,1200,1500 --seconds 60 --warehouses postgres,clickhouse]
 *   (native stack up; with ClickHouse: `stack:up -- --warehouse postgres,clickhouse`)
 *   BENCH_TRACE=1 prints every sample (produced and landed rows, every 2 s) to see how a step goes.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { generateDataset } from '../admin/warehouse/dataset.js';
import { say } from '../lib/cli/run-cli.js';
import { STREAMS } from '../lib/schemas/event-schemas.js';
import { TABLE_NAMES } from '../lib/streams.js';
import { COMPACT_FUNNEL } from '../producer/generator/traffic-profiles.js';
import { ProduceLedger } from '../producer/produce-ledger.js';
import { defaultProduceOptions } from '../producer/produce-options.js';
import { runProduce } from '../producer/run-produce.js';
import { benchArgument } from './bench-args.js';
import { ingestSettings, kafkaEngineSettings, openBenchClickHousePipeline, openBenchPipeline } from './bench-pipeline.js';
import { describeMachine, today } from './machine.js';
import { appendResults } from './results-file.js';

const RATES = benchArgument('--rates', '300,600,900,1200,1500').split(',').map(Number);
const SECONDS = Number(benchArgument('--seconds', '60'));
const WAREHOUSES = benchArgument('--warehouses', 'postgres')
  .split(',')
  .filter((name): name is 'postgres' | 'clickhouse' => name === 'postgres' || name === 'clickhouse');
const NAME = { postgres: 'PostgreSQL (Debezium JDBC sinks)', clickhouse: 'ClickHouse (Kafka engine)' } as const;

interface Step {
  ordersPerSecond: number;
  producedRowsPerSecond: number;
  landedRowsPerSecond: number;
  maxBacklog: number;
  drainMs: number;
  sustained: boolean;
}

interface Measured {
  readonly steps: Step[];
  readonly baselineRowsPerSecond: number;
  readonly settings: string;
}

async function measure(warehouse: 'postgres' | 'clickhouse'): Promise<Measured> {
  const pipeline = warehouse === 'clickhouse' ? await openBenchClickHousePipeline('ingest') : await openBenchPipeline('ingest');
  const rowsNow = () => pipeline.landedRows();
  try {
    // Baseline: rows written straight into the warehouse, no Kafka or Connect in between.
    const dataset = generateDataset({ orders: 20_000, seed: 999, startMs: Date.parse('2025-01-01T00:00:00.000Z') });
    const baselineRows = TABLE_NAMES.reduce((sum, table) => sum + dataset[table].length, 0);
    const baselineStarted = performance.now();
    for (const table of TABLE_NAMES) await pipeline.warehouse.bulkLoad(table, dataset[table] as unknown as Record<string, unknown>[]);
    const baselineRowsPerSecond = Math.round(baselineRows / ((performance.now() - baselineStarted) / 1000));
    say(`baseline: ${baselineRows} rows bulk-loaded straight into ${NAME[warehouse]} at ${baselineRowsPerSecond} rows/s`);

    const steps: Step[] = [];
    for (const [index, rate] of RATES.entries()) {
      const before = await rowsNow();
      const ledger = new ProduceLedger();
      const started = Date.now();
      const producing = runProduce(
        {
          ...defaultProduceOptions(Date.now() - 86_400_000),
          funnel: COMPACT_FUNNEL,
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
        if (process.env.BENCH_TRACE) say(JSON.stringify(samples.at(-1)));
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
        `${warehouse}: ${rate} orders/s: produced ${producedRowsPerSecond} rows/s, landed ${landedRowsPerSecond} rows/s, max backlog ${maxBacklog} rows (2nd half), drained in ${(drainMs / 1000).toFixed(1)} s → ${sustained ? 'sustained' : 'NOT sustained'}`,
      );
      if (!sustained) break;
      await sleep(3_000);
    }

    const settings =
      warehouse === 'clickhouse'
        ? `Kafka engine: ${kafkaEngineSettings()}`
        : `every connector: ${ingestSettings(pipeline.connectors)}; one worker, offset flush 5 s`;
    return { steps, baselineRowsPerSecond, settings };
  } finally {
    await pipeline.close();
  }
}

const results = new Map<'postgres' | 'clickhouse', Measured>();
for (const warehouse of WAREHOUSES) results.set(warehouse, await measure(warehouse));
const bestOf = (measured: Measured) => measured.steps.filter((step) => step.sustained).at(-1);
const sections = [...results].map(([warehouse, measured]) => {
  const best = bestOf(measured);
  const rows = measured.steps
    .map(
      (s) =>
        `| ${s.ordersPerSecond} | ${s.producedRowsPerSecond} | ${s.landedRowsPerSecond} | ${s.maxBacklog} | ${(s.drainMs / 1000).toFixed(1)} | ${s.sustained ? 'yes' : 'no'} |`,
    )
    .join('\n');
  const headline = best
    ? `**${best.landedRowsPerSecond} rows/s** sustained (${best.ordersPerSecond} orders/s, the highest step sustained${best === measured.steps.at(-1) ? ': the top of the steps, so the producer, not the warehouse, set the limit' : ''}); direct bulk load ${measured.baselineRowsPerSecond} rows/s.`
    : `No step sustained; direct bulk load ${measured.baselineRowsPerSecond} rows/s.`;
  return `### ${NAME[warehouse]}

${headline}
Settings: ${measured.settings}.

| orders/s | produced rows/s | landed rows/s | max backlog (rows, 2nd half) | drain (s) | sustained |
|---|---|---|---|---|---|
${rows}`;
});
const pg = results.get('postgres');
const ch = results.get('clickhouse');
const comparison =
  pg && ch && bestOf(pg) && bestOf(ch)
    ? `\nClickHouse / PostgreSQL, highest sustained step: ${((bestOf(ch)?.landedRowsPerSecond ?? 0) / (bestOf(pg)?.landedRowsPerSecond ?? 1)).toFixed(2)}×.`
    : '';
appendResults(`## Sustained ingest (npm run bench:ingest -- --warehouses ${WAREHOUSES.join(',')}) — ${today()}

Machine: ${describeMachine()}. ${SECONDS} s per step, all three streams (~16 rows per order); one warehouse at a time, same steps.${comparison}

${sections.join('\n\n')}`);
for (const section of sections) say(section);
