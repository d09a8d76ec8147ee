/**
 * KPI suite latency at 1M and 10M sales lines, PostgreSQL vs ClickHouse (the native stack's ClickHouse
 * service, or the server CLICKHOUSE_URL names) in the same run, and bulk-load rows/s per dialect. Sales lines: a generated base of BASE_ORDERS orders, then
 * copied inside each database with shifted order ids (INSERT … SELECT) up to the target size.
 * Clickstream and feedback stay at the base size (they feed only the clickstream and feedback KPIs).
 * Usage: npm run bench:kpis [-- --sizes 1000000,10000000]   (needs `stack:up -- --warehouse postgres,clickhouse`)
 */

import { createBenchWarehouse } from '../admin/warehouse/create-warehouse.js';
import { generateDataset } from '../admin/warehouse/dataset.js';
import { KPI_DEFINITIONS } from '../admin/warehouse/kpi-definitions.js';
import { migrateWarehouse } from '../admin/warehouse/migrate.js';
import { ALL_TIME, runKpis } from '../admin/warehouse/run-kpis.js';
import type { WarehouseAdapter, WarehouseMaintenance } from '../admin/warehouse/warehouse-adapter.js';
import { say } from '../lib/cli/run-cli.js';
import { loadConfig } from '../lib/config/load-config.js';
import { TABLE_NAMES } from '../lib/streams.js';
import { benchArgument } from './bench-args.js';
import { describeMachine, today } from './machine.js';
import { appendResults } from './results-file.js';
import { createBenchDatabases, growSalesLines } from './scaled-sales.js';

const SIZES = benchArgument('--sizes', '1000000,10000000').split(',').map(Number);
const BASE_ORDERS = 100_000;
const databases = await createBenchDatabases('bench_kpis');
const benchConfig = loadConfig({ env: databases.env });

say(`Generating ${BASE_ORDERS} orders…`);
const dataset = generateDataset({ orders: BASE_ORDERS, seed: 7, startMs: Date.parse('2025-01-01T00:00:00.000Z') });
const baseLines = dataset.sales_lines.length;

interface Measured {
  loadRowsPerSecond: number;
  suites: Map<number, { totalMs: number; perKpi: Array<{ kpi: string; ms: number }> }>;
}

async function measure(dialect: 'postgres' | 'clickhouse'): Promise<Measured> {
  const warehouse = createBenchWarehouse(benchConfig, dialect);
  await warehouse.connect();
  try {
    return await measureOn(warehouse, dialect);
  } finally {
    await warehouse.close();
  }
}

async function measureOn(warehouse: WarehouseAdapter & WarehouseMaintenance, dialect: 'postgres' | 'clickhouse'): Promise<Measured> {
  await migrateWarehouse(warehouse);
  const started = performance.now();
  for (const table of TABLE_NAMES) await warehouse.bulkLoad(table, dataset[table] as unknown as Record<string, unknown>[]);
  const loaded = dataset.sales_lines.length + dataset.user_events.length + dataset.feedback.length;
  const loadRowsPerSecond = Math.round(loaded / ((performance.now() - started) / 1000));
  say(`${warehouse.description}: bulk load ${loadRowsPerSecond} rows/s`);

  const suites: Measured['suites'] = new Map();
  let lines = baseLines;
  for (const size of SIZES) {
    lines = await growSalesLines(warehouse, baseLines, size, lines);
    // Maintenance each engine does on its own over time, done now so both are measured settled:
    // PostgreSQL's statistics and visibility map, ClickHouse's background merges (which FINAL otherwise does per query).
    if (dialect === 'postgres') await warehouse.execute('VACUUM ANALYZE');
    else await warehouse.execute('OPTIMIZE TABLE sales_lines FINAL');
    await runKpis(warehouse, ALL_TIME); // warm-up
    const runs: Array<Array<{ kpi: string; ms: number }>> = [];
    for (let run = 0; run < 3; run += 1) runs.push((await runKpis(warehouse, ALL_TIME)).timings);
    const perKpi =
      runs[0]?.map((timing, index) => ({ kpi: timing.kpi, ms: Math.min(...runs.map((r) => r[index]?.ms ?? Number.POSITIVE_INFINITY)) })) ??
      [];
    const totalMs = perKpi.reduce((sum, timing) => sum + timing.ms, 0);
    suites.set(size, { totalMs, perKpi });
    say(`${warehouse.description}: ${lines} lines, KPI suite ${totalMs.toFixed(0)} ms (best of 3)`);
  }
  return { loadRowsPerSecond, suites };
}

try {
  const postgres = await measure('postgres');
  const clickhouse = await measure('clickhouse');
  const lines: string[] = [
    `## KPI suite latency — ${today()}`,
    '',
    `Machine: ${describeMachine()}. PostgreSQL 18.4 (native stack, defaults + shared_buffers 128MB) vs ClickHouse 26.7 (the native stack's ClickHouse service: chdb 3.4.0 behind the HTTP interface), same run. ${BASE_ORDERS} generated orders (${baseLines} lines, ${dataset.user_events.length} clickstream events, ${dataset.feedback.length} feedback rows), sales lines then copied in-database to each size. All ${KPI_DEFINITIONS.length} KPIs over all time, best of 3 after a warm-up and after maintenance (PostgreSQL VACUUM ANALYZE, ClickHouse OPTIMIZE … FINAL); ClickHouse reads with FINAL.`,
    '',
    '| sales lines | PostgreSQL suite (ms) | ClickHouse suite (ms) | ClickHouse speed-up | slowest ClickHouse KPI (ms) |',
    '| ---: | ---: | ---: | ---: | --- |',
  ];
  for (const size of SIZES) {
    const p = postgres.suites.get(size);
    const c = clickhouse.suites.get(size);
    if (!p || !c) continue;
    const slowest = [...c.perKpi].sort((a, b) => b.ms - a.ms)[0];
    lines.push(
      `| ${size.toLocaleString('en-US')} | ${p.totalMs.toFixed(0)} | ${c.totalMs.toFixed(0)} | ${(p.totalMs / c.totalMs).toFixed(1)}× | ${slowest?.kpi} ${slowest?.ms.toFixed(0)} |`,
    );
  }
  lines.push(
    '',
    `Bulk load (generated rows of all three tables, through the adapters): PostgreSQL ${postgres.loadRowsPerSecond} rows/s (INSERT … SELECT FROM unnest), ClickHouse ${clickhouse.loadRowsPerSecond} rows/s (JSONEachRow).`,
  );
  const biggest = SIZES[SIZES.length - 1] as number;
  const cBig = clickhouse.suites.get(biggest);
  const pBig = postgres.suites.get(biggest);
  if (cBig && pBig) {
    lines.push(
      '',
      `Goals at ${biggest.toLocaleString('en-US')} lines: ClickHouse ≥ 20× faster than PostgreSQL on the suite — measured ${(pBig.totalMs / cBig.totalMs).toFixed(1)}×; every KPI under 250 ms on ClickHouse — slowest ${Math.max(...cBig.perKpi.map((t) => t.ms)).toFixed(0)} ms.`,
      '',
      `Per KPI at ${biggest.toLocaleString('en-US')} lines (ms): ${cBig.perKpi.map((t, i) => `${t.kpi} ${pBig.perKpi[i]?.ms.toFixed(0)} vs ${t.ms.toFixed(0)}`).join('; ')} (PostgreSQL vs ClickHouse).`,
    );
  }
  appendResults(lines.join('\n'));
  say(lines.join('\n'));
} catch (error) {
  say(`bench:kpis failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await databases.drop();
}
