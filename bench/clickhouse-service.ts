/**
 * The ClickHouse service's overhead: the KPI suite through the native stack's ClickHouse service (HTTP
 * interface, @clickhouse/client) vs the same engine opened in this process (chdb), on the same data
 * directory and the same tables, in one run; and the service's resident memory idle and during the suite.
 * Data: a generated base of BASE_ORDERS orders loaded through the service, sales lines copied in-database
 * up to --lines. The service is stopped while a child process holds its data directory in-process (chdb
 * releases a directory only when its process exits), then started again.
 * Usage: npm run bench:clickhouse-service [-- --lines 1000000]   (needs `stack:up -- --warehouse clickhouse`)
 */

import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createBenchWarehouse } from '../admin/warehouse/create-warehouse.js';
import { generateDataset } from '../admin/warehouse/dataset.js';
import { KPI_DEFINITIONS } from '../admin/warehouse/kpi-definitions.js';
import { migrateWarehouse } from '../admin/warehouse/migrate.js';
import { ALL_TIME, runKpis } from '../admin/warehouse/run-kpis.js';
import type { WarehouseAdapter, WarehouseMaintenance } from '../admin/warehouse/warehouse-adapter.js';
import { say } from '../lib/cli/run-cli.js';
import { loadConfig } from '../lib/config/load-config.js';
import { REPO_ROOT } from '../lib/repo-root.js';
import { TABLE_NAMES } from '../lib/streams.js';
import { treeRssBytes } from '../stack/process/process-info.js';
import { clickhouseService } from '../stack/services/clickhouse-service.js';
import { createStackContext, pidStateOf, startService, stopService } from '../stack/stack-controller.js';
import { benchArgument } from './bench-args.js';
import { describeMachine, today } from './machine.js';
import { appendResults } from './results-file.js';

const LINES = Number(benchArgument('--lines', '1000000'));
const BASE_ORDERS = 100_000;
const IN_PROCESS = process.argv.includes('--in-process');
const database = IN_PROCESS ? benchArgument('--database', '') : `bench_service_${Date.now()}`;
const config = loadConfig({ env: { ...process.env, CLICKHOUSE_DATABASE: database } });
const context = createStackContext();
const quiet = () => undefined;

function servicePid(): number {
  const state = pidStateOf(context, clickhouseService);
  if (state.kind !== 'running') throw new Error('the ClickHouse service is not running: npm run stack:up -- --warehouse clickhouse');
  return state.record.pid;
}

async function growTo(warehouse: WarehouseMaintenance, base: number, target: number): Promise<void> {
  for (let lines = base; lines < target; lines += base) {
    await warehouse.execute(
      `INSERT INTO sales_lines SELECT event_id, concat(order_id, '-c${lines}'), line_no, order_ts, customer_id, is_returning_customer, country, city, channel, device, payment_method, currency, product_id, sku, product_name, category, brand, quantity, unit_price, discount, line_total, utm_source, ingested_at FROM sales_lines WHERE position(order_id, '-c') = 0 LIMIT ${Math.min(base, target - lines)}`,
    );
  }
  await warehouse.execute('OPTIMIZE TABLE sales_lines FINAL');
}

/** Best of 3 after a warm-up, per KPI and in total. */
async function suite(warehouse: WarehouseAdapter): Promise<{ totalMs: number; perKpi: { kpi: string; ms: number }[] }> {
  await runKpis(warehouse, ALL_TIME);
  const runs: { kpi: string; ms: number }[][] = [];
  for (let run = 0; run < 3; run += 1) runs.push((await runKpis(warehouse, ALL_TIME)).timings);
  const perKpi = (runs[0] ?? []).map((timing, index) => ({ kpi: timing.kpi, ms: Math.min(...runs.map((r) => r[index]?.ms ?? Infinity)) }));
  return { totalMs: perKpi.reduce((sum, timing) => sum + timing.ms, 0), perKpi };
}

/** Child mode: the suite on the engine opened in this process, printed as JSON for the parent. */
if (IN_PROCESS) {
  const inProcess = createBenchWarehouse(config, 'clickhouse', { chdbPath: context.paths.clickhouse });
  await inProcess.connect();
  // The in-process connection has no per-request database: select the bench's own for the session.
  await inProcess.execute(`USE ${database}`);
  process.stdout.write(`${JSON.stringify(await suite(inProcess))}\n`);
  await inProcess.close();
  process.exit(0);
}

function suiteInChildProcess(): Promise<Awaited<ReturnType<typeof suite>>> {
  return new Promise((resolvePromise, reject) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--in-process', '--database', database],
      { cwd: REPO_ROOT, maxBuffer: 1 << 20 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`in-process run failed: ${stderr || error.message}`))
          : resolvePromise(JSON.parse(stdout.trim().split('\n').pop() ?? '{}')),
    ),
  );
}

const service = createBenchWarehouse(config, 'clickhouse');
await service.connect();
let lines = 0;
try {
  const idleRss = treeRssBytes(servicePid());
  say(`Generating ${BASE_ORDERS} orders and loading them through the service…`);
  const dataset = generateDataset({ orders: BASE_ORDERS, seed: 7, startMs: Date.parse('2025-01-01T00:00:00.000Z') });
  await migrateWarehouse(service);
  for (const table of TABLE_NAMES) await service.bulkLoad(table, dataset[table] as unknown as Record<string, unknown>[]);
  await growTo(service, dataset.sales_lines.length, LINES);
  lines = (await service.rowCounts()).sales_lines;

  let peakRss = treeRssBytes(servicePid());
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakRss = Math.max(peakRss, treeRssBytes(servicePid()));
      await sleep(50);
    }
  })();
  const throughService = await suite(service);
  sampling = false;
  await sampler;
  await service.close();
  say(`through the service: ${throughService.totalMs.toFixed(0)} ms`);

  await stopService(context, 'clickhouse', quiet);
  const direct = await suiteInChildProcess();
  say(`in-process chdb: ${direct.totalMs.toFixed(0)} ms`);
  await startService(context, 'clickhouse', quiet);

  const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
  const entry = [
    `## ClickHouse service overhead — ${today()}`,
    '',
    `Machine: ${describeMachine()}. The native stack's ClickHouse service (chdb 3.4.0 = ClickHouse 26.7 behind the HTTP interface, @clickhouse/client) vs the same engine in this process (chdb, no HTTP), same data directory, same run: ${lines.toLocaleString('en-US')} sales lines (${BASE_ORDERS} generated orders copied in-database), ${dataset.user_events.length} clickstream events, ${dataset.feedback.length} feedback rows. All ${KPI_DEFINITIONS.length} KPIs over all time, best of 3 after a warm-up, after OPTIMIZE … FINAL.`,
    '',
    '| | KPI suite (ms) | ratio to in-process |',
    '| --- | ---: | ---: |',
    `| in-process chdb (baseline) | ${direct.totalMs.toFixed(0)} | 1.00× |`,
    `| through the service (HTTP) | ${throughService.totalMs.toFixed(0)} | ${(throughService.totalMs / direct.totalMs).toFixed(2)}× |`,
    '',
    `Per KPI (ms, service vs in-process): ${throughService.perKpi.map((t, i) => `${t.kpi} ${t.ms.toFixed(0)} vs ${direct.perKpi[i]?.ms.toFixed(0)}`).join('; ')}.`,
    '',
    `Service resident memory (process tree): idle after start ${mib(idleRss)}; peak while running the suite ${mib(peakRss)} (sampled every 50 ms).`,
  ].join('\n');
  appendResults(entry);
  say(entry);
} catch (error) {
  say(`bench:clickhouse-service failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (pidStateOf(context, clickhouseService).kind !== 'running') await startService(context, 'clickhouse', quiet);
  const cleanup = createBenchWarehouse(loadConfig(), 'clickhouse');
  await cleanup.connect();
  await cleanup.execute(`DROP DATABASE IF EXISTS ${database} SYNC`);
  await cleanup.close();
}
