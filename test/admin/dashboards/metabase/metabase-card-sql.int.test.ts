import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARDS_DIR } from '../../../../admin/dashboards/dashboard-definition.js';
import { KPI_COLUMNS, loadDashboards } from '../../../../admin/dashboards/load-dashboards.js';
import { metabaseWarehouse } from '../../../../admin/dashboards/metabase/metabase-warehouse.js';
import { type MetabaseCard, renderMetabase } from '../../../../admin/dashboards/metabase/render-metabase.js';
import { createWarehouse } from '../../../../admin/warehouse/create-warehouse.js';
import { generateDataset } from '../../../../admin/warehouse/dataset.js';
import { migrateWarehouse } from '../../../../admin/warehouse/migrate.js';
import { ALL_TIME, runKpis } from '../../../../admin/warehouse/run-kpis.js';
import { readKpiSql } from '../../../../admin/warehouse/sql-files.js';
import type { WarehouseAdapter } from '../../../../admin/warehouse/warehouse-adapter.js';
import { loadConfig } from '../../../../lib/config/load-config.js';
import { TABLE_NAMES } from '../../../../lib/streams.js';
import type { Dialect } from '../../../../lib/warehouses.js';
import { GOLDEN_CONFIG } from '../../../support/metabase-golden.js';
import { createClickHouseScratch, createScratchDatabase } from '../../../support/scratch-database.js';

/**
 * Every Metabase card's SQL, exactly as apply stores it, run on the native stack's PostgreSQL and
 * ClickHouse (Metabase itself runs only under Docker): the derived tables, quoting and ORDER BY
 * handling must hold on each engine, each card must return the columns its visualization settings
 * name, and the numbers must equal npm run kpis. Here the driver binds {{from}}/{{to}} as timestamps
 * where Metabase binds its date values; the comparison is the same.
 */
const dataset = generateDataset({ orders: 3_000, seed: 77, startMs: Date.parse('2025-03-01T00:00:00.000Z') });
const files = loadDashboards(DASHBOARDS_DIR, ['metabase']);

const cardsFor = (dialect: Dialect): readonly MetabaseCard[] =>
  renderMetabase(files, metabaseWarehouse(GOLDEN_CONFIG, dialect, ''), {
    prefix: '',
    dialect,
    kpiSql: (kpi) => readKpiSql(dialect, kpi),
    kpiColumns: KPI_COLUMNS,
  }).cards;

/** The card's SQL with Metabase's variables as the adapter's range placeholders. */
const runCard = (warehouse: WarehouseAdapter, card: MetabaseCard, range = ALL_TIME) =>
  warehouse.queryRange(card.query.replaceAll('{{from}}', '@from').replaceAll('{{to}}', '@to'), range);

/** The columns a card's visualization settings draw. */
function drawnColumns(card: MetabaseCard): string[] {
  const settings = card.visualizationSettings as Record<string, unknown>;
  return [
    settings['scalar.field'],
    ...((settings['graph.dimensions'] as string[] | undefined) ?? []),
    ...((settings['graph.metrics'] as string[] | undefined) ?? []),
    settings['pie.dimension'],
    settings['pie.metric'],
    settings['funnel.dimension'],
    settings['funnel.metric'],
    ...((settings['table.columns'] as Array<{ name: string; enabled: boolean }> | undefined) ?? [])
      .filter((c) => c.enabled)
      .map((c) => c.name),
  ].filter((name): name is string => typeof name === 'string');
}

describe('Metabase cards: their SQL on the real engines', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let clickhouseScratch: Awaited<ReturnType<typeof createClickHouseScratch>>;
  const warehouses = new Map<Dialect, WarehouseAdapter>();

  beforeAll(async () => {
    scratch = await createScratchDatabase('it_mbcards');
    clickhouseScratch = await createClickHouseScratch('it_mbcards');
    const config = loadConfig({ env: { ...process.env, PG_URL: scratch.url, CLICKHOUSE_DATABASE: clickhouseScratch.name } });
    for (const dialect of ['postgres', 'clickhouse'] as const) {
      const warehouse = createWarehouse(config, dialect);
      await warehouse.connect();
      await migrateWarehouse(warehouse);
      for (const table of TABLE_NAMES) await warehouse.bulkLoad(table, dataset[table] as unknown as Record<string, unknown>[]);
      warehouses.set(dialect, warehouse);
    }
  });

  afterAll(async () => {
    for (const warehouse of warehouses.values()) await warehouse.close();
    await scratch?.drop();
    await clickhouseScratch?.drop();
  });

  for (const dialect of ['postgres', 'clickhouse'] as const) {
    it(`${dialect}: every card runs and returns the columns it draws`, async () => {
      const warehouse = warehouses.get(dialect) as WarehouseAdapter;
      for (const card of cardsFor(dialect)) {
        const rows = await runCard(warehouse, card);
        expect(rows.length, card.name).toBeGreaterThan(0);
        for (const column of drawnColumns(card)) expect(Object.keys(rows[0] ?? {}), `${card.name}: ${column}`).toContain(column);
      }
    });

    it(`${dialect}: the number cards equal npm run kpis, over all time and over one day`, async () => {
      const warehouse = warehouses.get(dialect) as WarehouseAdapter;
      const cards = cardsFor(dialect);
      const value = async (name: string, range: { from: Date; to: Date }) => {
        const card = cards.find((candidate) => candidate.name === name) as MetabaseCard;
        const [row] = await runCard(warehouse, card, range);
        return Number(Object.values(row ?? {})[0]);
      };
      for (const range of [ALL_TIME, { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-03-02T00:00:00Z') }]) {
        const { report } = await runKpis(warehouse, range);
        expect(await value('Sales · Revenue', range)).toBeCloseTo(Number(report.summary.revenue), 2);
        expect(await value('Sales · Orders', range)).toBe(report.summary.orders);
        expect(await value('Sales · Average order value', range)).toBeCloseTo(Number(report.summary.revenue) / report.summary.orders, 6);
      }
    });
  }

  it('gives the same rows on PostgreSQL and ClickHouse for every card', async () => {
    const postgres = cardsFor('postgres');
    const clickhouse = cardsFor('clickhouse');
    const normalized = (rows: Record<string, unknown>[]) =>
      rows.map((row) =>
        Object.values(row).map((value) => {
          if (value instanceof Date) return value.toISOString().slice(0, 10);
          const number = Number(value);
          return typeof value !== 'boolean' && value !== null && value !== '' && Number.isFinite(number)
            ? Math.round(number * 1e6) / 1e6
            : String(value).slice(0, 10);
        }),
      );
    for (const card of postgres) {
      const other = clickhouse.find((candidate) => candidate.name === card.name) as MetabaseCard;
      const fromPostgres = normalized(await runCard(warehouses.get('postgres') as WarehouseAdapter, card));
      const fromClickHouse = normalized(await runCard(warehouses.get('clickhouse') as WarehouseAdapter, other));
      expect(fromClickHouse, card.name).toEqual(fromPostgres);
    }
  });
});
