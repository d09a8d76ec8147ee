import type { DashboardFile } from '../../admin/dashboards/dashboard-definition.js';
import { KPI_COLUMNS } from '../../admin/dashboards/load-dashboards.js';
import {
  cardPayload,
  collectionPayload,
  dashboardCreatePayload,
  dashboardUpdatePayload,
  databasePayload,
} from '../../admin/dashboards/metabase/metabase-payloads.js';
import { metabaseWarehouse } from '../../admin/dashboards/metabase/metabase-warehouse.js';
import { renderMetabase } from '../../admin/dashboards/metabase/render-metabase.js';
import { readKpiSql } from '../../admin/warehouse/sql-files.js';
import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import type { Dialect } from '../../lib/warehouses.js';

/** The Compose stack's addresses and made-up reader passwords: fixed, so the golden files are too. */
export const GOLDEN_CONFIG = {
  values: {
    PG_URL: 'postgresql://postgres@postgres:5432/warehouse',
    PG_READER_USER: 'warehouse_reader',
    PG_READER_PASSWORD: 'reader-secret',
    CLICKHOUSE_URL: 'http://clickhouse:8123',
    CLICKHOUSE_DATABASE: 'warehouse',
    CLICKHOUSE_READER_PASSWORD: 'reader-secret',
    MSSQL_URL: 'mssql://sa@mssql:1433/warehouse',
    MSSQL_READER_PASSWORD: 'reader-secret',
    METABASE_WAREHOUSE_HOST: undefined,
  },
} as unknown as Pick<ResolvedConfig, 'values'>;

/** Ids Metabase would give: database 7, collection 9, cards 101, 102, … in order. */
export const IDS = { database: 7, collection: 9 } as const;

export function renderGolden(files: readonly DashboardFile[], dialect: Dialect) {
  const objects = renderMetabase(files, metabaseWarehouse(GOLDEN_CONFIG, dialect, ''), {
    prefix: '',
    dialect,
    kpiSql: (kpi) => readKpiSql(dialect, kpi),
    kpiColumns: KPI_COLUMNS,
  });
  const cardIds = new Map(objects.cards.map((card, index) => [card.name, 101 + index]));
  return {
    objects,
    cardIds,
    payloads: {
      database: databasePayload(objects.database),
      collection: collectionPayload(objects.collection),
      cards: objects.cards.map((card) => cardPayload(card, IDS)),
      dashboards: objects.dashboards.map((dashboard) => ({
        create: dashboardCreatePayload(dashboard, IDS.collection),
        update: dashboardUpdatePayload(dashboard, { collection: IDS.collection, cards: cardIds }),
      })),
    },
  };
}
