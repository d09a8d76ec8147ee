import { DASHBOARDS_DIR } from '../admin/dashboards/dashboard-definition.js';
import { databaseNameOf } from '../admin/dashboards/dashboard-targets.js';
import { loadDashboards } from '../admin/dashboards/load-dashboards.js';
import { managedMarker } from '../admin/dashboards/superset/apply-superset.js';
import { removeManaged } from '../admin/dashboards/superset/remove-managed.js';
import { runSuperset, supersetClientFor } from '../admin/dashboards/superset/run-superset.js';
import { createBenchWarehouse } from '../admin/warehouse/create-warehouse.js';
import { generateDataset } from '../admin/warehouse/dataset.js';
import { migrateWarehouse } from '../admin/warehouse/migrate.js';
import { ALL_TIME, runKpis } from '../admin/warehouse/run-kpis.js';
import { say } from '../lib/cli/run-cli.js';
import { loadConfig } from '../lib/config/load-config.js';
import { TABLE_NAMES } from '../lib/streams.js';
import { createStackContext } from '../stack/stack-controller.js';
import { readStackStatus } from '../stack/stack-status.js';
import { launchBrowser } from '../test/support/browser.js';
import { logIntoSuperset, renderedDashboard, startSupersetUnderTest } from '../test/support/superset-under-test.js';
import { benchArgument } from './bench-args.js';
import { describeMachine, today } from './machine.js';
import { appendResults } from './results-file.js';
import { createBenchDatabases, growSalesLines } from './scaled-sales.js';

type Dialect = 'postgres' | 'clickhouse';
const SIZES = benchArgument('--sizes', '100000,10000000').split(',').map(Number);
const BASE_ORDERS = 50_000;
const files = loadDashboards(DASHBOARDS_DIR, ['superset']);
const stamp = Date.now();
const databases = await createBenchDatabases('bench_dash');
const superset = await startSupersetUnderTest();
const dataset = generateDataset({ orders: BASE_ORDERS, seed: 7, startMs: Date.parse('2025-01-01T00:00:00.000Z') });
const baseLines = dataset.sales_lines.length;
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const best = async (runs: number, work: () => Promise<number>) => {
  let fastest = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run++) fastest = Math.min(fastest, await work());
  return fastest;
};

interface Row {
  dialect: Dialect;
  lines: number;
  suiteMs: number;
  loads: Array<{ slug: string; forcedMs: number; cachedMs: number }>;
}

const rows: Row[] = [];
const applies: Array<{ dialect: Dialect; createMs: number; noopMs: number; planMs: number; objects: number }> = [];
let supersetRss = 0;
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
  await logIntoSuperset(page, superset);
  const load = async (slug: string, force: boolean) => {
    const started = performance.now();
    await page.goto(`${superset.url}/superset/dashboard/${slug}/${force ? '?force=true' : ''}`);
    const drawn = await renderedDashboard(page);
    if (drawn.errors > 0) throw new Error(`${slug}: ${drawn.errors} chart(s) show an error`);
    return performance.now() - started;
  };
  for (const dialect of ['postgres', 'clickhouse'] as const) {
    const prefix = `bench${stamp % 100_000}${dialect[0]}-`;
    const env = { ...databases.env, DASHBOARD_PREFIX: prefix };
    const warehouse = createBenchWarehouse(loadConfig({ env }), dialect);
    await warehouse.connect();
    try {
      await migrateWarehouse(warehouse);
      for (const table of TABLE_NAMES) await warehouse.bulkLoad(table, dataset[table] as unknown as Record<string, unknown>[]);
      let lines = baseLines;
      for (const [index, size] of SIZES.entries()) {
        lines = await growSalesLines(warehouse, baseLines, size, lines);
        await warehouse.execute(dialect === 'postgres' ? 'VACUUM ANALYZE' : 'OPTIMIZE TABLE sales_lines FINAL');
        if (index === 0) {
          const timed = async (write: boolean) => {
            const started = performance.now();
            const { changes } = await runSuperset(files, { write, prune: false, warehouse: dialect, env });
            return { ms: performance.now() - started, changes };
          };
          const created = await timed(true);
          const noop = await timed(true);
          const plan = await timed(false);
          if (noop.changes.some((change) => change.action !== 'unchanged')) throw new Error('the re-apply changed something');
          applies.push({ dialect, createMs: created.ms, noopMs: noop.ms, planMs: plan.ms, objects: created.changes.length });
          say(
            `${dialect}: apply ${seconds(created.ms)} s (${created.changes.length} objects), re-apply ${seconds(noop.ms)} s, plan ${seconds(plan.ms)} s`,
          );
        }
        await runKpis(warehouse, ALL_TIME);
        const suiteMs = await best(3, async () => (await runKpis(warehouse, ALL_TIME)).timings.reduce((sum, timing) => sum + timing.ms, 0));
        const loads: Row['loads'] = [];
        for (const file of files) {
          const slug = `${prefix}${file.dashboard.slug}`;
          const forcedMs = await best(2, () => load(slug, true));
          const cachedMs = await best(2, () => load(slug, false));
          loads.push({ slug: file.dashboard.slug, forcedMs, cachedMs });
        }
        const status = await readStackStatus(createStackContext());
        supersetRss = Math.max(supersetRss, status.services.find((service) => service.service === 'superset')?.rssBytes ?? 0);
        rows.push({ dialect, lines, suiteMs, loads });
        say(
          `${dialect}: ${lines} lines, KPI suite ${suiteMs.toFixed(0)} ms; ${loads.map((l) => `${l.slug} ${l.forcedMs.toFixed(0)}/${l.cachedMs.toFixed(0)} ms`).join(', ')}`,
        );
      }
    } finally {
      await removeManaged(await supersetClientFor(loadConfig({ env })), managedMarker(prefix, dialect), databaseNameOf(prefix, dialect));
      await warehouse.close();
    }
  }
  const lines = [
    `## Dashboards on Superset (npm run bench:dashboards) — ${today()}`,
    '',
    `Machine: ${describeMachine()}. The native stack's Superset 6.1.0 (gunicorn, 1 worker, 8 threads, SQLite metadata) and headless Chromium on the same cores; PostgreSQL 18.4 and the ClickHouse service (chdb) as in bench:kpis, ${BASE_ORDERS} generated orders copied in-database to each size. Superset's in-memory cache is on, as configured.`,
    '',
    '| warehouse | apply to an empty Superset | no-op re-apply | plan (baseline: read-only) | ratio apply / plan |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...applies.map(
      (a) =>
        `| ${a.dialect} | ${seconds(a.createMs)} s (${a.objects} objects) | ${seconds(a.noopMs)} s | ${seconds(a.planMs)} s | ${(a.createMs / a.planMs).toFixed(1)}× |`,
    ),
    '',
    'Dashboard load in Chromium until every chart is drawn (best of 2), forced (`?force=true`: every KPI file runs) and cached, against the KPI suite run directly (all KPI files once, best of 3):',
    '',
    '| warehouse | sales lines | KPI suite direct (baseline) | Sales forced / cached | Clickstream funnel forced / cached | Feedback forced / cached | Sales forced ÷ suite |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => {
      const of = (slug: string) => row.loads.find((l) => l.slug === slug);
      const cell = (slug: string) => `${of(slug)?.forcedMs.toFixed(0)} / ${of(slug)?.cachedMs.toFixed(0)} ms`;
      return `| ${row.dialect} | ${row.lines.toLocaleString('en-US')} | ${row.suiteMs.toFixed(0)} ms | ${cell('sales')} | ${cell('clickstream-funnel')} | ${cell('feedback')} | ${((of('sales')?.forcedMs ?? 0) / row.suiteMs).toFixed(1)}× |`;
    }),
    '',
    `Superset RSS (with its worker) peaked at ${(supersetRss / 1024 ** 2).toFixed(0)} MiB while the dashboards loaded.`,
  ];
  appendResults(lines.join('\n'));
  say(lines.join('\n'));
} finally {
  await browser.close();
  await superset.close();
  await databases.drop();
}
