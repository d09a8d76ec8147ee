import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshRollups } from '../../admin/rollups/refresh-rollups.js';
import { createWarehouse } from '../../admin/warehouse/create-warehouse.js';
import { generateDataset } from '../../admin/warehouse/dataset.js';
import { migrateWarehouse } from '../../admin/warehouse/migrate.js';
import { ALL_TIME, runKpis } from '../../admin/warehouse/run-kpis.js';
import type { WarehouseAdapter, WarehouseMaintenance } from '../../admin/warehouse/warehouse-adapter.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { formatDecimal } from '../../lib/money.js';
import { TABLE_NAMES } from '../../lib/streams.js';
import { clickhouseServerTarget } from '../support/clickhouse-target.js';
import { expectSameReport } from '../support/kpi-reports.js';
import { mssqlTarget } from '../support/mssql-target.js';
import { createClickHouseScratch, createScratchDatabase } from '../support/scratch-database.js';

/**
 * One seeded dataset (20k orders with their clickstream and feedback) into PostgreSQL and into the
 * native stack's ClickHouse service (the embedded engine over ClickHouse's HTTP interface): every KPI
 * must be identical, and loading it twice must change nothing.
 */
const ORDERS = 20_000;
const dataset = generateDataset({ orders: ORDERS, seed: 2024, startMs: Date.parse('2025-03-01T00:00:00.000Z') });
const dayOne = { from: new Date('2025-03-01T00:00:00.000Z'), to: new Date('2025-03-02T00:00:00.000Z') };
/** Not on hour boundaries: the rollups serve the whole hours inside, sales_lines the two partial ones. */
const unaligned = { from: new Date('2025-03-01T05:30:00.000Z'), to: new Date('2025-03-02T07:15:00.000Z') };

/** Adds a cent to the first hour's first market row, each dialect its own way (ClickHouse: a newer version of the row). */
const TAMPER = {
  postgres: `UPDATE sales_hourly_markets SET revenue = revenue + 0.01
    WHERE (hour, channel, country) IN (SELECT hour, channel, country FROM sales_hourly_markets ORDER BY hour, channel, country LIMIT 1)`,
  clickhouse: `INSERT INTO sales_hourly_markets SELECT hour, channel, country, revenue + 0.01, orders, units, lines, now64(3)
    FROM sales_hourly_markets FINAL ORDER BY hour, channel, country LIMIT 1`,
};

/** Adds a session that never was to a closed hour of the session rollup: one more page view that day. */
const TAMPER_SESSIONS = {
  postgres: `INSERT INTO session_hours (hour, session_id, steps) VALUES ('2025-03-01 10:00:00+00', 'tampered-session', 1)`,
  clickhouse: `INSERT INTO session_hours (hour, session_id, steps) VALUES ('2025-03-01 10:00:00', 'tampered-session', 1)`,
};

/** Distinct sessions in the session rollup: every session of user_events, once. */
async function rollupSessions(warehouse: WarehouseAdapter): Promise<number> {
  const distinct = warehouse.dialect === 'clickhouse' ? 'uniqExact(session_id)' : 'count(DISTINCT session_id)';
  const [row] = await warehouse.queryRange(`SELECT ${distinct} AS n FROM session_hours WHERE hour >= @from AND hour < @to`, ALL_TIME);
  return Number(row?.n);
}

/** What the rollups hold in all (ClickHouse reads its replaced hours with FINAL). */
async function rollupTotals(warehouse: WarehouseAdapter): Promise<{ revenue: string; lines: string }> {
  const final = warehouse.dialect === 'clickhouse' ? 'FINAL' : '';
  const [row] = await warehouse.queryRange(
    `SELECT sum(revenue) AS revenue, sum(lines) AS lines FROM sales_hourly_markets ${final} WHERE hour >= @from AND hour < @to`,
    ALL_TIME,
  );
  return { revenue: String(row?.revenue), lines: String(row?.lines) };
}

/** The KPIs over each range as sales_lines alone gives them: with the rollups emptied, nothing else is read. */
async function rawReports(warehouse: WarehouseAdapter) {
  await warehouse.clearRollups();
  const reports = [];
  for (const range of [ALL_TIME, dayOne, unaligned]) reports.push((await runKpis(warehouse, range)).report);
  return reports;
}

async function expectRollupsMatch(warehouse: WarehouseAdapter, expected: Awaited<ReturnType<typeof rawReports>>) {
  for (const [index, range] of [ALL_TIME, dayOne, unaligned].entries()) {
    expectSameReport((await runKpis(warehouse, range)).report, expected[index] as (typeof expected)[number]);
  }
}

async function migrateAndLoad(warehouse: WarehouseAdapter): Promise<void> {
  await migrateWarehouse(warehouse);
  for (const table of TABLE_NAMES) await warehouse.bulkLoad(table, dataset[table] as unknown as Record<string, unknown>[]);
}

describe('KPI parity across dialects', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let clickhouseScratch: Awaited<ReturnType<typeof createClickHouseScratch>>;
  let postgres: WarehouseAdapter;
  let clickhouse: WarehouseAdapter;

  beforeAll(async () => {
    scratch = await createScratchDatabase('it_parity');
    clickhouseScratch = await createClickHouseScratch('it_parity');
    const config = loadConfig({ env: { ...process.env, PG_URL: scratch.url, CLICKHOUSE_DATABASE: clickhouseScratch.name } });
    postgres = createWarehouse(config, 'postgres');
    clickhouse = createWarehouse(config, 'clickhouse');
    await postgres.connect();
    await clickhouse.connect();
    await migrateAndLoad(postgres);
    await migrateAndLoad(clickhouse);
  });

  afterAll(async () => {
    await postgres?.close();
    await clickhouse?.close();
    await scratch?.drop();
    await clickhouseScratch?.drop();
  });

  it('loads every row: same counts, and revenue equal to the generator total to the cent', async () => {
    const expected = {
      sales_lines: dataset.sales_lines.length,
      user_events: dataset.user_events.length,
      feedback: dataset.feedback.length,
    };
    expect(await postgres.rowCounts()).toEqual(expected);
    expect(await clickhouse.rowCounts()).toEqual(expected);
    const { report } = await runKpis(postgres, ALL_TIME);
    expect(report.summary.revenue).toBe(formatDecimal(dataset.revenueCents));
    expect(report.summary.orders).toBe(ORDERS);
  });

  it('reads the keys and ingestion times of recently written rows the same way on both', async () => {
    for (const warehouse of [postgres, clickhouse]) {
      const recent = await warehouse.ingestedSince('feedback', ['feedback_id'], new Date(Date.now() - 3_600_000));
      expect(recent.map((row) => row.key).sort(), warehouse.dialect).toEqual(dataset.feedback.map((row) => String(row.feedback_id)).sort());
      for (const row of recent) expect(Math.abs(Date.now() - row.ingestedAtMs), warehouse.dialect).toBeLessThan(3_600_000);
      expect(await warehouse.ingestedSince('feedback', ['feedback_id'], new Date(Date.now() + 60_000)), warehouse.dialect).toEqual([]);
    }
  });

  it('gives identical KPIs on PostgreSQL and ClickHouse, over all time and over one day', async () => {
    for (const range of [ALL_TIME, dayOne]) {
      const fromPostgres = (await runKpis(postgres, range)).report;
      const fromClickHouse = (await runKpis(clickhouse, range)).report;
      expect(fromPostgres.topProducts).toHaveLength(10);
      expect(fromPostgres.funnel[4]?.sessions).toBeGreaterThan(0);
      expectSameReport(fromClickHouse, fromPostgres);
    }
  });

  it('changes no KPI when the same events are loaded again', async () => {
    const before = (await runKpis(postgres, ALL_TIME)).report;
    for (const warehouse of [postgres, clickhouse]) {
      for (const table of TABLE_NAMES) await warehouse.bulkLoad(table, dataset[table] as unknown as Record<string, unknown>[]);
      expectSameReport((await runKpis(warehouse, ALL_TIME)).report, before);
    }
    expect((await clickhouse.rowCounts()).sales_lines).toBe(dataset.sales_lines.length);
  });

  // Last: it adds late lines to sales_lines and late events to user_events.
  it('reads the KPIs from hourly rollups (sales and sessions) that stay exact under redelivery and late rows', async () => {
    for (const warehouse of [postgres, clickhouse]) {
      const raw = await rawReports(warehouse);
      const first = await refreshRollups(warehouse);
      // The whole history is in closed hours (March 2025): about four days of them, every line counted once.
      expect(first.firstBuild, warehouse.dialect).toBe(true);
      expect(await rollupTotals(warehouse), warehouse.dialect).toEqual({
        revenue: formatDecimal(dataset.revenueCents),
        lines: String(dataset.sales_lines.length),
      });
      await expectRollupsMatch(warehouse, raw);

      // They are what the KPIs read: one rollup row changed by a cent changes revenue by a cent, until
      // the next rebuild puts it back.
      await (warehouse as unknown as WarehouseMaintenance).execute(TAMPER[warehouse.dialect as 'postgres' | 'clickhouse']);
      const tampered = (await runKpis(warehouse, ALL_TIME)).report;
      expect(tampered.summary.revenue, warehouse.dialect).toBe(formatDecimal(dataset.revenueCents + 1n));
      // The clickstream KPIs read the session rollup: a session added to a closed hour is one more.
      expect(await rollupSessions(warehouse), warehouse.dialect).toBe(new Set(dataset.user_events.map((e) => e.session_id)).size);
      await (warehouse as unknown as WarehouseMaintenance).execute(TAMPER_SESSIONS[warehouse.dialect as 'postgres' | 'clickhouse']);
      const withSession = (await runKpis(warehouse, dayOne)).report;
      const rawDayOne = raw[1] as (typeof raw)[number];
      expect(withSession.funnel[0]?.sessions, warehouse.dialect).toBe((rawDayOne.funnel[0]?.sessions ?? 0) + 1);
      expect(Number(withSession.sessionsByDay[0]?.sessions), warehouse.dialect).toBe(Number(rawDayOne.sessionsByDay[0]?.sessions) + 1);
      await refreshRollups(warehouse, { rebuild: true });
      await expectRollupsMatch(warehouse, raw);

      // A batch written again (the sink redelivering after a crash: ClickHouse keeps the copies until a
      // merge) and late lines of new orders in hours the rollups already closed.
      const batch = dataset.sales_lines.slice(0, 3000);
      await warehouse.bulkLoad('sales_lines', batch as unknown as Record<string, unknown>[]);
      const late = dataset.sales_lines
        .slice(5000, 5200)
        .map((line) => ({ ...line, event_id: randomUUID(), order_id: `late-${line.order_id}` }));
      await warehouse.bulkLoad('sales_lines', late as unknown as Record<string, unknown>[]);
      // The same for the clickstream: a batch of events written again, and late events in closed hours
      // (the last ones, far from the late sales lines, so only their own ingestion finds their hours):
      // purchases of sessions in their own hour (a step they did not have there), page views of sessions
      // an hour later (a session across two hours, counted once), events of sessions never seen…
      await warehouse.bulkLoad('user_events', dataset.user_events.slice(0, 3000) as unknown as Record<string, unknown>[]);
      const middle = Math.floor(dataset.user_events.length / 2);
      const later = (ts: unknown, hours: number) => new Date(new Date(String(ts)).getTime() + hours * 3_600_000).toISOString();
      const lateEvents = [
        ...dataset.user_events.slice(-300, -200).map((event) => ({ ...event, event_id: randomUUID(), event_type: 'purchase' })),
        ...dataset.user_events
          .slice(-200, -100)
          .map((event) => ({ ...event, event_id: randomUUID(), event_type: 'page_view', ts: later(event.ts, 1) })),
        ...dataset.user_events.slice(-100).map((event) => ({ ...event, event_id: randomUUID(), session_id: `late-${event.session_id}` })),
        // …and page views two hours before events of sessions in the middle of the data, mostly before
        // their first hour: the previous hours of their later rows change, though those hours get no rows.
        ...dataset.user_events
          .slice(middle, middle + 100)
          .map((event) => ({ ...event, event_id: randomUUID(), event_type: 'page_view', ts: later(event.ts, -2) })),
      ];
      await warehouse.bulkLoad('user_events', lateEvents as unknown as Record<string, unknown>[]);
      // No margin: only the hours of rows written since the last refresh are recomputed (the dataset
      // itself was loaded minutes ago, inside the default margin, which would recompute every hour).
      const second = await refreshRollups(warehouse, { lateMarginMs: 0 });
      expect(second.lateHours, warehouse.dialect).toBeGreaterThan(0);
      expect(await rollupSessions(warehouse), warehouse.dialect).toBe(
        new Set([...dataset.user_events, ...lateEvents].map((e) => e.session_id)).size,
      );
      const lateCents = late.reduce((sum, line) => sum + BigInt(String(line.line_total).replace('.', '')), 0n);
      expect(await rollupTotals(warehouse), warehouse.dialect).toEqual({
        revenue: formatDecimal(dataset.revenueCents + lateCents),
        lines: String(dataset.sales_lines.length + late.length),
      });
      const fromRollups = [];
      for (const range of [ALL_TIME, dayOne, unaligned]) fromRollups.push((await runKpis(warehouse, range)).report);
      const rawNow = await rawReports(warehouse);
      for (const [index, report] of fromRollups.entries()) expectSameReport(report, rawNow[index] as (typeof rawNow)[number]);
      expect(rawNow[0]?.summary.revenue).toBe(formatDecimal(dataset.revenueCents + lateCents));
      await refreshRollups(warehouse);
    }
    // And the two dialects' rollups agree with each other, over every range.
    for (const range of [ALL_TIME, dayOne, unaligned]) {
      expectSameReport((await runKpis(clickhouse, range)).report, (await runKpis(postgres, range)).report);
    }
  });
});

const mssql = await mssqlTarget();
if (mssql.kind === 'skip')
  process.stdout.write(`[skip] SQL Server KPI parity: ${mssql.reason}. Set MSSQL_URL and MSSQL_PASSWORD, or run where Docker answers.\n`);

describe('KPI parity with SQL Server', () => {
  afterAll(async () => {
    if (mssql.kind === 'server') await mssql.stop();
  });

  it.skipIf(mssql.kind === 'skip')('gives the same KPIs on SQL Server as on PostgreSQL, and loading twice changes nothing', async () => {
    if (mssql.kind === 'skip') return;
    const scratch = await createScratchDatabase('it_parity_mssql');
    const config = loadConfig({ env: { ...process.env, PG_URL: scratch.url, MSSQL_URL: mssql.url, MSSQL_PASSWORD: mssql.password } });
    const postgres = createWarehouse(config, 'postgres');
    const warehouse = createWarehouse(config, 'mssql');
    try {
      await postgres.connect();
      await warehouse.connect();
      await migrateAndLoad(postgres);
      await migrateAndLoad(warehouse);
      const expected = (await runKpis(postgres, ALL_TIME)).report;
      expectSameReport((await runKpis(warehouse, ALL_TIME)).report, expected);
      for (const table of TABLE_NAMES) await warehouse.bulkLoad(table, dataset[table] as unknown as Record<string, unknown>[]);
      expectSameReport((await runKpis(warehouse, ALL_TIME)).report, expected);
    } finally {
      await postgres.close();
      await warehouse.close();
      await scratch.drop();
    }
  });
});

const clickhouseServer = await clickhouseServerTarget();
if (clickhouseServer.kind === 'skip')
  process.stdout.write(
    `[skip] ClickHouse server KPI parity: ${clickhouseServer.reason}. Set CLICKHOUSE_TEST_URL and CLICKHOUSE_PASSWORD, or run where Docker answers.\n`,
  );

describe('KPI parity with a ClickHouse server', () => {
  afterAll(async () => {
    if (clickhouseServer.kind === 'server') await clickhouseServer.stop();
  });

  it.skipIf(clickhouseServer.kind === 'skip')('migrates with roles, loads, and gives the same KPIs as PostgreSQL', async () => {
    if (clickhouseServer.kind === 'skip') return;
    const scratch = await createScratchDatabase('it_parity_ch');
    const config = loadConfig({
      env: {
        ...process.env,
        PG_URL: scratch.url,
        CLICKHOUSE_URL: clickhouseServer.url,
        CLICKHOUSE_PASSWORD: clickhouseServer.password,
        CLICKHOUSE_READER_PASSWORD: 'reader-It-1',
      },
    });
    const postgres = createWarehouse(config, 'postgres');
    const warehouse = createWarehouse(config, 'clickhouse');
    try {
      await postgres.connect();
      await warehouse.connect();
      await migrateAndLoad(postgres);
      await migrateAndLoad(warehouse);
      expect(await warehouse.ensureRoles()).toEqual(['warehouse_sink (SELECT, INSERT)', 'warehouse_reader (SELECT)']);
      expectSameReport((await runKpis(warehouse, ALL_TIME)).report, (await runKpis(postgres, ALL_TIME)).report);
    } finally {
      await postgres.close();
      await warehouse.close();
      await scratch.drop();
    }
  });
});
