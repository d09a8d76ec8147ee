/**
 * KPI suite latency at scale, PostgreSQL vs ClickHouse (the native stack's ClickHouse service, or the
 * server CLICKHOUSE_URL names) in the same run, each read from the tables alone (rollups emptied: the
 * baseline) and from the hourly rollups (sales and sessions) after a refresh. Sales lines and clickstream grow together at
 * the realistic traffic profile's ratio (clickstream events per sales line, measured from the
 * generator): a generated base of BASE_ORDERS orders, copied inside each database (INSERT … SELECT,
 * new ids, suffixed sessions) up to each size. PostgreSQL stops at --pg-max-lines (disk and load time);
 * --max-events caps the clickstream (at the realistic ratio 10M lines would be about 900M events).
 * Usage: npm run bench:kpis [-- --sizes 200000,1100000 --pg-max-lines 200000 --max-events 101000000]
 *   (needs `stack:up -- --warehouse postgres,clickhouse`)
 */

import { refreshRollups } from '../admin/rollups/refresh-rollups.js';
import { createBenchWarehouse } from '../admin/warehouse/create-warehouse.js';
import { generateDataset } from '../admin/warehouse/dataset.js';
import { KPI_DEFINITIONS, type KpiName } from '../admin/warehouse/kpi-definitions.js';
import { migrateWarehouse } from '../admin/warehouse/migrate.js';
import { ALL_TIME, runKpis } from '../admin/warehouse/run-kpis.js';
import type { WarehouseAdapter, WarehouseMaintenance } from '../admin/warehouse/warehouse-adapter.js';
import { say } from '../lib/cli/run-cli.js';
import { loadConfig } from '../lib/config/load-config.js';
import { ROLLUP_TABLES, TABLE_NAMES } from '../lib/streams.js';
import { DEFAULT_GENERATOR_OPTIONS, OrderGenerator } from '../producer/generator/generator.js';
import { REALISTIC_FUNNEL } from '../producer/generator/traffic-profiles.js';
import { benchArgument } from './bench-args.js';
import { describeMachine, today } from './machine.js';
import { appendResults } from './results-file.js';
import { createBenchDatabases, growSalesLines, growUserEvents, keepTimeOrder } from './scaled-sales.js';

const RAW_OPTIONS = {
  '--sizes': benchArgument('--sizes', '200000,1100000'),
  '--pg-max-lines': benchArgument('--pg-max-lines', '200000'),
  '--max-events': benchArgument('--max-events', 'Infinity'),
};
for (const [option, value] of Object.entries(RAW_OPTIONS)) {
  const valid = option === '--sizes' ? /^\d+(,\d+)*$/ : /^(\d+|Infinity)$/;
  if (!valid.test(value)) {
    say(`bench:kpis: ${option} is "${value}"; give a whole number of 0 or more (--sizes: several, separated by commas).`);
    process.exit(2);
  }
}
const SIZES = RAW_OPTIONS['--sizes'].split(',').map(Number);
const PG_MAX_LINES = Number(RAW_OPTIONS['--pg-max-lines']);
const MAX_EVENTS = Number(RAW_OPTIONS['--max-events']);
const BASE_ORDERS = 100_000;
/** The Sales dashboard's KPIs: the ones the rollups serve. */
const SALES_KPIS: readonly KpiName[] = [
  'summary',
  'revenue_by_hour',
  'revenue_by_day',
  'top_products',
  'top_categories',
  'revenue_by_country',
  'revenue_by_channel',
];

/** Clickstream events per sales line under the realistic profile (the demo's and the producer's default). */
function realisticEventsPerLine(): number {
  const generator = new OrderGenerator({
    ...DEFAULT_GENERATOR_OPTIONS,
    funnel: REALISTIC_FUNNEL,
    seed: 3,
    startMs: Date.parse('2025-06-01T00:00:00.000Z'),
  });
  let lines = 0;
  let events = 0;
  for (let index = 0; index < 3000; index += 1) {
    const batch = generator.next();
    lines += batch.sales.length;
    events += batch.clickstream.length;
  }
  lines += generator.drain().length;
  return events / lines;
}

const ratio = realisticEventsPerLine();
const databases = await createBenchDatabases('bench_kpis');
const benchConfig = loadConfig({ env: databases.env });

say(`Realistic profile: ${ratio.toFixed(1)} clickstream events per sales line. Generating ${BASE_ORDERS} orders…`);
const dataset = generateDataset({ orders: BASE_ORDERS, seed: 7, startMs: Date.parse('2025-01-01T00:00:00.000Z') });
const baseLines = dataset.sales_lines.length;
const baseEvents = dataset.user_events.length;

interface Suite {
  totalMs: number;
  perKpi: Array<{ kpi: string; ms: number }>;
}

interface AtSize {
  lines: number;
  events: number;
  raw: Suite;
  rollups: Suite;
  refreshMs: number;
}

const bestOf3 = async (warehouse: WarehouseAdapter): Promise<Suite> => {
  await runKpis(warehouse, ALL_TIME); // warm-up
  const runs: Array<Array<{ kpi: string; ms: number }>> = [];
  for (let run = 0; run < 3; run += 1) runs.push((await runKpis(warehouse, ALL_TIME)).timings);
  const perKpi = (runs[0] ?? []).map((timing, index) => ({
    kpi: timing.kpi,
    ms: Math.min(...runs.map((r) => r[index]?.ms ?? Number.POSITIVE_INFINITY)),
  }));
  return { totalMs: perKpi.reduce((sum, timing) => sum + timing.ms, 0), perKpi };
};

async function settle(warehouse: WarehouseAdapter & WarehouseMaintenance): Promise<void> {
  // Maintenance each engine does on its own over time, done now so both are measured settled.
  if (warehouse.dialect === 'postgres') await warehouse.execute('VACUUM ANALYZE');
  else for (const table of [...TABLE_NAMES, ...ROLLUP_TABLES]) await warehouse.execute(`OPTIMIZE TABLE ${table} FINAL`);
}

async function measure(dialect: 'postgres' | 'clickhouse'): Promise<Map<number, AtSize>> {
  // Copies of tens of millions of rows take longer than the client's default 30 s per request.
  const warehouse = createBenchWarehouse(benchConfig, dialect, { requestTimeoutMs: 1_800_000 });
  await warehouse.connect();
  const results = new Map<number, AtSize>();
  try {
    await migrateWarehouse(warehouse);
    for (const table of TABLE_NAMES) await warehouse.bulkLoad(table, dataset[table] as unknown as Record<string, unknown>[]);
    let lines = baseLines;
    let events = baseEvents;
    for (const size of SIZES) {
      if (dialect === 'postgres' && size > PG_MAX_LINES) continue;
      const started = performance.now();
      lines = await growSalesLines(warehouse, baseLines, size, lines);
      events = await growUserEvents(warehouse, baseEvents, Math.min(Math.round(size * ratio), MAX_EVENTS), events);
      await keepTimeOrder(warehouse);
      say(
        `${warehouse.description}: ${lines} lines, ${events} clickstream events (grown${warehouse.dialect === 'postgres' ? ' and put in time order' : ''} in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
      await warehouse.clearRollups();
      await settle(warehouse);
      const raw = await bestOf3(warehouse);
      say(`  from the tables alone: suite ${raw.totalMs.toFixed(0)} ms (best of 3)`);
      const refresh = await refreshRollups(warehouse);
      await settle(warehouse);
      const rollups = await bestOf3(warehouse);
      say(`  rollups built in ${(refresh.ms / 1000).toFixed(1)} s; suite ${rollups.totalMs.toFixed(0)} ms (best of 3)`);
      results.set(size, { lines, events, raw, rollups, refreshMs: refresh.ms });
    }
  } finally {
    await warehouse.close();
  }
  return results;
}

const salesMs = (suite: Suite) => suite.perKpi.filter((t) => (SALES_KPIS as readonly string[]).includes(t.kpi));
const slowest = (timings: Array<{ kpi: string; ms: number }>) => [...timings].sort((a, b) => b.ms - a.ms)[0];
const perKpi = (at: AtSize) =>
  at.raw.perKpi.map((t, i) => `${t.kpi} ${t.ms.toFixed(0)} → ${at.rollups.perKpi[i]?.ms.toFixed(0)}`).join('; ');
const fmt = (timing: { kpi: string; ms: number } | undefined) => (timing ? `${timing.kpi} ${timing.ms.toFixed(0)}` : '—');

try {
  const postgres = await measure('postgres');
  const clickhouse = await measure('clickhouse');
  const lines: string[] = [
    `## KPI suite at scale, with rollups — ${today()}`,
    '',
    `Machine: ${describeMachine()}. PostgreSQL 18.4 (native stack) vs ClickHouse 26.7 (the native stack's ClickHouse service: chdb 3.4.0 behind the HTTP interface), same run. ${BASE_ORDERS} generated orders (${baseLines} lines, ${baseEvents} clickstream events), then copied in-database to each size (PostgreSQL's tables then rewritten in time order, as the pipeline fills them), clickstream at the realistic profile's ${ratio.toFixed(1)} events per sales line${Number.isFinite(MAX_EVENTS) ? ` up to ${MAX_EVENTS.toLocaleString('en-US')} events (\`--max-events\`)` : ''}. All ${KPI_DEFINITIONS.length} KPIs over all time, best of 3 after a warm-up and after maintenance (PostgreSQL VACUUM ANALYZE, ClickHouse OPTIMIZE … FINAL). Baseline: the same KPI files with the rollups emptied (every row read from the tables); then after \`rollups:refresh\` (the Sales KPIs read the hourly sales rollups; funnel, sessions per day and cart abandonment the hourly session rollup). PostgreSQL stops at ${PG_MAX_LINES.toLocaleString('en-US')} lines.`,
    '',
    '| sales lines | clickstream events | store | suite, tables (ms) | suite, rollups (ms) | ratio | Sales KPIs, tables: slowest (ms) | Sales KPIs, rollups: slowest (ms) | slowest KPI, rollups (ms) | rollup build (s) |',
    '| ---: | ---: | --- | ---: | ---: | ---: | --- | --- | --- | ---: |',
  ];
  for (const size of SIZES) {
    for (const [name, results] of [
      ['PostgreSQL', postgres],
      ['ClickHouse', clickhouse],
    ] as const) {
      const at = results.get(size);
      if (!at) continue;
      lines.push(
        `| ${at.lines.toLocaleString('en-US')} | ${at.events.toLocaleString('en-US')} | ${name} | ${at.raw.totalMs.toFixed(0)} | ${at.rollups.totalMs.toFixed(0)} | ${(at.raw.totalMs / at.rollups.totalMs).toFixed(1)}× | ${fmt(slowest(salesMs(at.raw)))} | ${fmt(slowest(salesMs(at.rollups)))} | ${fmt(slowest(at.rollups.perKpi))} | ${(at.refreshMs / 1000).toFixed(1)} |`,
      );
    }
  }
  const biggest = clickhouse.get(SIZES[SIZES.length - 1] as number);
  if (biggest) {
    const salesSlowest = slowest(salesMs(biggest.rollups));
    const allSlowest = slowest(biggest.rollups.perKpi);
    lines.push(
      '',
      `Goals at the largest ClickHouse size (${biggest.lines.toLocaleString('en-US')} lines, ${biggest.events.toLocaleString('en-US')} events): every KPI < 1 s — slowest ${fmt(allSlowest)} ms; the Sales dashboard's KPIs < 100 ms from rollups — slowest ${fmt(salesSlowest)} ms.`,
      '',
      `Per KPI at that size, ClickHouse (ms, tables → rollups): ${perKpi(biggest)}.`,
    );
  }
  const largestPostgres = [...postgres.values()].at(-1);
  if (largestPostgres)
    lines.push(
      '',
      `Per KPI at PostgreSQL's largest size (${largestPostgres.lines.toLocaleString('en-US')} lines, ${largestPostgres.events.toLocaleString('en-US')} events; ms, tables → rollups): ${perKpi(largestPostgres)}.`,
    );
  appendResults(lines.join('\n'));
  say(lines.join('\n'));
} catch (error) {
  say(`bench:kpis failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await databases.drop();
}
