import { describe, expect, it } from 'vitest';
import { DASHBOARDS_DIR } from '../../../../admin/dashboards/dashboard-definition.js';
import { loadDashboards } from '../../../../admin/dashboards/load-dashboards.js';
import { cardDifferences, dashboardDifferences, databaseDifferences } from '../../../../admin/dashboards/metabase/compare-metabase.js';
import { exportMetabaseDashboard } from '../../../../admin/dashboards/metabase/export-metabase.js';
import type { CurrentCard, CurrentDashboard } from '../../../../admin/dashboards/metabase/metabase-state.js';
import { nativeQueryOf } from '../../../../admin/dashboards/metabase/metabase-state.js';
import { readKpiSql } from '../../../../admin/warehouse/sql-files.js';
import { IDS, renderGolden } from '../../../support/metabase-golden.js';

/**
 * What Metabase would answer after an apply, built from the payloads (with the keys it adds of its
 * own): a plan against it finds nothing to change, and an export gives back the definitions.
 */
const files = loadDashboards(DASHBOARDS_DIR, ['metabase']);
const { objects, payloads, cardIds } = renderGolden(files, 'postgres');

/** A card as GET /api/card/:id answers since 0.57 (MBQL 5: the SQL in stages[0].native), with extra keys. */
const answeredCards: CurrentCard[] = payloads.cards.map((payload, index) => ({
  id: 101 + index,
  name: payload.name,
  display: payload.display,
  description: payload.description,
  collection_id: payload.collection_id,
  visualization_settings: { ...payload.visualization_settings, 'graph.show_values': false },
  native: nativeQueryOf({
    'lib/type': 'mbql/query',
    database: IDS.database,
    stages: [
      {
        'lib/type': 'mbql.stage/native',
        native: payload.dataset_query.native.query,
        'template-tags': Object.fromEntries(
          Object.entries(payload.dataset_query.native['template-tags']).map(([name, tag]) => [name, { ...tag, 'widget-type': null }]),
        ),
      },
    ],
  }),
}));

const answeredDashboards: CurrentDashboard[] = payloads.dashboards.map((dashboard, index) => ({
  id: 201 + index,
  name: dashboard.update.name,
  description: dashboard.update.description,
  collection_id: dashboard.update.collection_id,
  parameters: dashboard.update.parameters.map((parameter) => ({ ...parameter, default: null })),
  dashcards: dashboard.update.dashcards.map((dashcard, position) => ({ ...dashcard, id: 1000 + position, dashboard_tab_id: null })),
}));

describe('comparing with what Metabase holds', () => {
  it('finds nothing to change right after an apply, whether the query comes back as MBQL 5 or legacy', () => {
    for (const card of objects.cards) {
      const current = answeredCards.find((candidate) => candidate.name === card.name) as CurrentCard;
      expect(cardDifferences(card, current, IDS)).toEqual([]);
      const legacy = { ...current, native: nativeQueryOf(payloads.cards.find((payload) => payload.name === card.name)?.dataset_query) };
      expect(cardDifferences(card, legacy, IDS)).toEqual([]);
    }
    for (const dashboard of objects.dashboards) {
      const current = answeredDashboards.find((candidate) => candidate.name === dashboard.name) as CurrentDashboard;
      expect(dashboardDifferences(dashboard, current, { collection: IDS.collection, cards: cardIds })).toEqual([]);
    }
  });

  it('names each field that differs: query, settings, a moved card, a connection on another host', () => {
    const card = objects.cards[0];
    const current = answeredCards[0] as CurrentCard;
    if (!card) throw new Error('no card');
    const edited: CurrentCard = {
      ...current,
      display: 'table',
      native: { ...current.native, query: `${current.native.query} LIMIT 1` },
      visualization_settings: {},
    };
    expect(cardDifferences(card, edited, IDS)).toEqual(['display', 'query', 'visualization_settings']);
    const dashboard = objects.dashboards[0];
    const moved = answeredDashboards[0] as CurrentDashboard;
    if (!dashboard) throw new Error('no dashboard');
    const shifted = {
      ...moved,
      dashcards: moved.dashcards.map((dashcard, index) => (index === 0 ? { ...dashcard, row: dashcard.row + 2 } : dashcard)),
    };
    expect(dashboardDifferences(dashboard, shifted, { collection: IDS.collection, cards: cardIds })).toEqual(['dashcards']);
    expect(dashboardDifferences(dashboard, { ...moved, parameters: [] }, { collection: IDS.collection, cards: cardIds })).toEqual([
      'parameters',
    ]);
    const stored = { engine: 'postgres', details: { ...payloads.database.details, password: '**MetabasePass**' } };
    expect(databaseDifferences(objects.database, stored)).toEqual([]);
    expect(databaseDifferences(objects.database, { ...stored, details: { ...stored.details, host: 'elsewhere' } })).toEqual(['host']);
    expect(databaseDifferences(objects.database, undefined)).toEqual(['engine', 'details']);
  });
});

describe('exporting a Metabase dashboard back to a definition', () => {
  const cards = new Map(answeredCards.map((card) => [card.id, card]));
  const kpiSql = (kpi: string) => readKpiSql('postgres', kpi);

  it('gives back every repository dashboard exactly, from what apply wrote', () => {
    for (const file of files) {
      const dashboard = answeredDashboards.find((candidate) => candidate.name === file.dashboard.title) as CurrentDashboard;
      const exported = exportMetabaseDashboard({ slug: file.dashboard.slug, dashboard, cards, description: '', kpiSql });
      expect(exported.problems).toEqual([]);
      const { $schema: _schema, ...definition } = file.dashboard as typeof file.dashboard & { $schema?: string };
      expect(exported.dashboard).toEqual(definition);
    }
  });

  it('lists what dashboards/ cannot hold: a text card, a question from elsewhere, edited SQL, a map', () => {
    const sales = answeredDashboards.find((candidate) => candidate.name === 'Sales') as CurrentDashboard;
    const revenue = answeredCards.find((card) => card.name === 'Sales · Revenue') as CurrentCard;
    const edited = new Map(cards);
    edited.set(revenue.id, { ...revenue, native: { ...revenue.native, query: 'SELECT 1 AS revenue' } });
    const orders = answeredCards.find((card) => card.name === 'Sales · Orders') as CurrentCard;
    edited.set(orders.id, { ...orders, display: 'map' });
    const dashcards = [
      ...sales.dashcards,
      {
        id: 5000,
        card_id: null,
        row: 40,
        col: 0,
        size_x: 24,
        size_y: 2,
        parameter_mappings: [],
        visualization_settings: { text: '# Notes' },
      },
      { id: 5001, card_id: 9999, row: 42, col: 0, size_x: 12, size_y: 4, parameter_mappings: [], visualization_settings: {} },
    ];
    const exported = exportMetabaseDashboard({ slug: 'sales', dashboard: { ...sales, dashcards }, cards: edited, description: '', kpiSql });
    expect(exported.problems).toEqual([
      'card "Sales · Revenue" runs SQL that is not its KPI file summary\'s (edited in Metabase?); change sql/<dialect>/kpis/summary.sql instead',
      'card "Sales · Orders" is a map, which dashboards/ has no chart type for',
      'a text, heading or link card (dashboards/ holds KPI cards only)',
      "question 9999, which is not in the project's collection",
    ]);
    expect(exported.dashboard.cards).toHaveLength(8);
  });
});
