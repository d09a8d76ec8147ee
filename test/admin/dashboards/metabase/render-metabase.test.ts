import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS_DIR } from '../../../../admin/dashboards/dashboard-definition.js';
import { loadDashboards } from '../../../../admin/dashboards/load-dashboards.js';
import { dashboardUpdatePayload } from '../../../../admin/dashboards/metabase/metabase-payloads.js';
import { metabaseWarehouse } from '../../../../admin/dashboards/metabase/metabase-warehouse.js';
import { GRID_SCALE } from '../../../../admin/dashboards/metabase/render-metabase.js';
import { readKpiSql } from '../../../../admin/warehouse/sql-files.js';
import { REPO_ROOT } from '../../../../lib/repo-root.js';
import { DIALECTS, type Dialect } from '../../../../lib/warehouses.js';
import { GOLDEN_CONFIG, renderGolden } from '../../../support/metabase-golden.js';

/**
 * The exact request bodies apply sends to Metabase, for the repository's dashboards on each warehouse,
 * against golden files (test/fixtures/dashboards/metabase/<dialect>.json). The shapes are checked
 * against Metabase's API source (cited in admin/dashboards/metabase/metabase-payloads.ts), not only
 * against this code: see the field-by-field expectations below. UPDATE_GOLDEN=1 rewrites the files.
 */

const files = loadDashboards(DASHBOARDS_DIR, ['metabase']);
const goldenPath = (dialect: Dialect) => join(REPO_ROOT, 'test', 'fixtures', 'dashboards', 'metabase', `${dialect}.json`);

describe('Metabase payloads from the dashboard definitions', () => {
  it.each(DIALECTS)('%s: every request body equals its golden file', (dialect) => {
    const text = `${JSON.stringify(renderGolden(files, dialect).payloads, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath(dialect), text);
    expect(text).toBe(readFileSync(goldenPath(dialect), 'utf8'));
  });

  it('connects as the read-only login with each driver’s connection properties', () => {
    expect(renderGolden(files, 'postgres').payloads.database).toEqual({
      engine: 'postgres',
      name: 'pipeline warehouse (postgres)',
      details: { host: 'postgres', port: 5432, dbname: 'warehouse', user: 'warehouse_reader', password: 'reader-secret', ssl: false },
    });
    expect(renderGolden(files, 'clickhouse').payloads.database.details).toEqual({
      host: 'clickhouse',
      port: 8123,
      dbname: 'warehouse',
      user: 'warehouse_reader_user',
      password: 'reader-secret',
      ssl: false,
    });
    // The SQL Server driver names its database property `db` (modules/drivers/sqlserver/resources/metabase-plugin.yaml).
    expect(renderGolden(files, 'mssql').payloads.database).toMatchObject({
      engine: 'sqlserver',
      details: { host: 'mssql', port: 1433, db: 'warehouse', user: 'warehouse_reader_login' },
    });
  });

  it('writes the revenue card as a native question on the KPI file, its range as two date template tags', () => {
    const { payloads } = renderGolden(files, 'postgres');
    const revenue = payloads.cards.find((card) => card.name === 'Sales · Revenue');
    expect(revenue).toMatchObject({
      type: 'question',
      display: 'scalar',
      collection_id: 9,
      visualization_settings: {
        'scalar.field': 'revenue',
        column_settings: { '["name","revenue"]': { number_style: 'decimal', decimals: 2 } },
      },
      dataset_query: { database: 7, type: 'native' },
    });
    const native = revenue?.dataset_query.native;
    expect(native?.query).toBe(
      `SELECT SUM("revenue") AS "revenue"\nFROM (\n${readKpiSql('postgres', 'summary').trim().replaceAll('@from', '{{from}}').replaceAll('@to', '{{to}}')}\n) kpi`,
    );
    expect(Object.keys(native?.['template-tags'] ?? {})).toEqual(['from', 'to']);
    expect(native?.['template-tags'].from).toMatchObject({
      name: 'from',
      'display-name': 'From (UTC)',
      type: 'date',
      required: false,
      default: '1970-01-01',
    });
    expect(native?.['template-tags'].to).toMatchObject({ name: 'to', type: 'date', default: '2200-01-01' });
  });

  it('places each card on the 24-column grid and maps both filters to its tags', () => {
    const { payloads, objects } = renderGolden(files, 'postgres');
    const sales = payloads.dashboards.find((dashboard) => dashboard.create.name === 'Sales');
    expect(sales?.create).toMatchObject({
      collection_id: 9,
      parameters: [
        { id: 'from', type: 'date/single' },
        { id: 'to', type: 'date/single' },
      ],
    });
    const perHour = sales?.update.dashcards.find((dashcard) => dashcard.visualization_settings['card.title'] === 'Revenue per hour');
    const definition = files
      .find((file) => file.dashboard.slug === 'sales')
      ?.dashboard.cards.find((card) => card.id === 'revenue-per-hour');
    expect(perHour).toMatchObject({
      id: -5,
      row: (definition?.position.y ?? 0) * GRID_SCALE,
      col: 0,
      size_x: 24,
      size_y: (definition?.position.h ?? 0) * GRID_SCALE,
      parameter_mappings: [
        { parameter_id: 'from', card_id: perHour?.card_id, target: ['variable', ['template-tag', 'from']] },
        { parameter_id: 'to', card_id: perHour?.card_id, target: ['variable', ['template-tag', 'to']] },
      ],
    });
    expect(sales?.update.tabs).toEqual([]);
    expect(objects.collection.name).toBe('E-commerce pipeline');
    // No card or dashboard outside the grid: 24 columns wide.
    for (const dashboard of payloads.dashboards)
      for (const dashcard of dashboard.update.dashcards) expect(dashcard.col + dashcard.size_x).toBeLessThanOrEqual(24);
  });

  it('keeps the id of a dashcard already there for the same card, so an apply does not churn them', () => {
    const { objects, cardIds } = renderGolden(files, 'postgres');
    const sales = objects.dashboards.find((dashboard) => dashboard.name === 'Sales');
    if (!sales) throw new Error('no Sales dashboard');
    const revenueCard = cardIds.get('Sales · Revenue') as number;
    const update = dashboardUpdatePayload(sales, { collection: 9, cards: cardIds, dashcards: new Map([[revenueCard, 555]]) });
    expect(update.dashcards.map((dashcard) => dashcard.id)).toEqual([555, -1, -2, -3, -4, -5, -6, -7, -8, -9]);
  });

  it('puts METABASE_WAREHOUSE_HOST in place of the URL’s host, and names a missing reader password', () => {
    const config = {
      values: {
        ...GOLDEN_CONFIG.values,
        PG_URL: 'postgresql://postgres@127.0.0.1:5432/warehouse',
        METABASE_WAREHOUSE_HOST: 'postgres:5432',
      },
    };
    expect(metabaseWarehouse(config as typeof GOLDEN_CONFIG, 'postgres', 'staging-')).toMatchObject({
      name: 'staging-pipeline warehouse (postgres)',
      details: { host: 'postgres', port: 5432 },
    });
    const missing = { values: { ...GOLDEN_CONFIG.values, MSSQL_READER_PASSWORD: undefined } } as unknown as typeof GOLDEN_CONFIG;
    expect(() => metabaseWarehouse(missing, 'mssql', '')).toThrow(
      'MSSQL_READER_PASSWORD is not set: Metabase reads the mssql warehouse as its read-only login, which needs it (npm run db:migrate creates the login; npm run up generates the password into .env).',
    );
  });
});
