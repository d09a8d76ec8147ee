import { DASHBOARD_PARAMETERS, type MetabaseCard, type MetabaseDashboard, type MetabaseDatabase } from './render-metabase.js';

/**
 * The exact request bodies apply sends to Metabase's REST API (pure; the golden files in
 * test/fixtures/dashboards/metabase/ hold them). Each shape is the one the endpoint's schema in
 * Metabase's source accepts:
 *
 * - POST/PUT /api/database: `{ engine, name, details }`; details as the driver's connection properties
 *   (modules/drivers/{postgres,clickhouse,sqlserver}/resources/metabase-plugin.yaml: host, port,
 *   dbname (SQL Server: db), user, password, ssl).
 * - POST /api/collection: `{ name, description, parent_id }` (null parent: a top-level collection).
 * - POST /api/card, PUT /api/card/:id: `CardCreateSchema` in src/metabase/queries_rest/api/card.clj:
 *   `name`, `type`, `display`, `description` (non-blank), `visualization_settings`, `collection_id`,
 *   and `dataset_query` as a legacy (MBQL 4) native query `{ database, type: "native", native: { query,
 *   template-tags } }`, which the endpoint normalizes (`lib-be/normalize-query`).
 * - POST /api/dashboard: `{ name, description, parameters, collection_id }`; PUT /api/dashboard/:id:
 *   `DashUpdates` with `dashcards` as `UpdatedDashboardCard` (`id`, negative for a new one; `card_id`,
 *   `row`, `col`, `size_x`, `size_y`, `parameter_mappings`, `series`) and `tabs`
 *   (src/metabase/dashboards_rest/api.clj).
 * - A parameter mapping targets a raw-value template tag as `["variable", ["template-tag", name]]`
 *   (src/metabase/lib/schema/parameter.cljc, `::variable`).
 */

export const databasePayload = (database: MetabaseDatabase) => ({
  engine: database.engine,
  name: database.name,
  details: { ...database.details },
});

export const collectionPayload = (collection: { name: string; description: string }) => ({
  name: collection.name,
  description: collection.description,
  parent_id: null,
});

/** The legacy native query of a card: what POST /api/card takes and GET /api/card/:id?legacy-mbql=true gives back. */
export const nativeQuery = (card: MetabaseCard, databaseId: number) => ({
  database: databaseId,
  type: 'native',
  native: { query: card.query, 'template-tags': card.templateTags },
});

export const cardPayload = (card: MetabaseCard, ids: { database: number; collection: number }) => ({
  name: card.name,
  type: 'question',
  display: card.display,
  description: card.description,
  collection_id: ids.collection,
  dataset_query: nativeQuery(card, ids.database),
  visualization_settings: card.visualizationSettings,
});

export const dashboardCreatePayload = (dashboard: MetabaseDashboard, collectionId: number) => ({
  name: dashboard.name,
  description: dashboard.description,
  collection_id: collectionId,
  parameters: DASHBOARD_PARAMETERS,
});

/**
 * The whole dashboard as PUT /api/dashboard/:id takes it: its cards placed (a dashcard already there
 * for the same card keeps its id; new ones get -1, -2, …), each mapped to the filters its tags take.
 */
export function dashboardUpdatePayload(
  dashboard: MetabaseDashboard,
  ids: { collection: number; cards: ReadonlyMap<string, number>; dashcards?: ReadonlyMap<number, number> },
) {
  let next = 0;
  return {
    ...dashboardCreatePayload(dashboard, ids.collection),
    tabs: [],
    dashcards: dashboard.dashcards.map((dashcard) => {
      const cardId = ids.cards.get(dashcard.cardName) ?? -1;
      return {
        id: ids.dashcards?.get(cardId) ?? --next,
        card_id: cardId,
        row: dashcard.row,
        col: dashcard.col,
        size_x: dashcard.sizeX,
        size_y: dashcard.sizeY,
        series: [],
        visualization_settings: { 'card.title': dashcard.title },
        parameter_mappings: dashcard.tags.map((tag) => ({
          parameter_id: tag,
          card_id: cardId,
          target: ['variable', ['template-tag', tag]],
        })),
      };
    }),
  };
}
