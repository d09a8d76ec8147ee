import type { MetabaseClient } from './metabase-client.js';

/** A card as apply compares it: its fields, and its native query in one shape whatever the API gave. */
export interface CurrentCard {
  readonly id: number;
  readonly name: string;
  readonly display: string;
  readonly description: string | null;
  readonly collection_id: number | null;
  readonly visualization_settings: Record<string, unknown>;
  readonly native: NativeQuery;
}

export interface NativeQuery {
  readonly database: number | null;
  readonly query: string;
  readonly templateTags: Record<string, unknown>;
}

export interface CurrentDashcard {
  readonly id: number;
  readonly card_id: number | null;
  readonly row: number;
  readonly col: number;
  readonly size_x: number;
  readonly size_y: number;
  readonly parameter_mappings: unknown[];
  readonly visualization_settings: Record<string, unknown>;
}

export interface CurrentDashboard {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  readonly collection_id: number | null;
  readonly parameters: unknown[];
  readonly dashcards: readonly CurrentDashcard[];
}

/** What Metabase holds now of this project: its connection and collection by name, and the collection's cards and dashboards. */
export interface MetabaseState {
  readonly database?: { readonly id: number; readonly engine: string; readonly details: Record<string, unknown> };
  readonly collection?: { readonly id: number };
  readonly cards: readonly CurrentCard[];
  readonly dashboards: readonly CurrentDashboard[];
}

/**
 * A card's native query, from the legacy shape (`native.query`, what `?legacy-mbql=true` asks for) or
 * from MBQL 5 (`stages[0].native`), which GET /api/card/:id answers with since Metabase 0.57
 * (docs/developers-guide/api-changelog.md).
 */
export function nativeQueryOf(datasetQuery: unknown): NativeQuery {
  const query = (datasetQuery ?? {}) as {
    database?: number;
    native?: { query?: string; 'template-tags'?: Record<string, unknown> };
    stages?: Array<{ native?: string; 'template-tags'?: Record<string, unknown> }>;
  };
  const stage = query.stages?.[0];
  return {
    database: query.database ?? null,
    query: query.native?.query ?? stage?.native ?? '',
    templateTags: query.native?.['template-tags'] ?? stage?.['template-tags'] ?? {},
  };
}

/** A list endpoint's rows: Metabase answers some with an array, others with `{ data: [...] }`. */
const rowsOf = <T>(answer: T[] | { data: T[] }): T[] => (Array.isArray(answer) ? answer : answer.data);

/** Reads the connection and the collection by name, then every card and dashboard inside the collection. */
export async function readMetabaseState(client: MetabaseClient, names: { database: string; collection: string }): Promise<MetabaseState> {
  const databases = rowsOf(
    await client.request<Array<{ id: number; name: string }> | { data: Array<{ id: number; name: string }> }>('GET', '/api/database'),
  );
  const databaseRow = databases.find((row) => row.name === names.database);
  const database = databaseRow
    ? await client.request<{ id: number; engine: string; details: Record<string, unknown> }>('GET', `/api/database/${databaseRow.id}`)
    : undefined;
  const collections = rowsOf(
    await client.request<
      | Array<{ id: number | string; name: string; archived?: boolean; personal_owner_id?: number | null }>
      | { data: Array<{ id: number | string; name: string; archived?: boolean; personal_owner_id?: number | null }> }
    >('GET', '/api/collection'),
  );
  const collectionRow = collections.find(
    (row) => typeof row.id === 'number' && row.name === names.collection && !row.archived && row.personal_owner_id == null,
  );
  if (!collectionRow) return { database, cards: [], dashboards: [] };
  const collectionId = collectionRow.id as number;
  const items = rowsOf(
    await client.request<Array<{ id: number; model: string }> | { data: Array<{ id: number; model: string }> }>(
      'GET',
      `/api/collection/${collectionId}/items?models=card&models=dashboard`,
    ),
  );
  const cards: CurrentCard[] = [];
  for (const item of items.filter((row) => row.model === 'card')) {
    const card = await client.request<Omit<CurrentCard, 'native'> & { dataset_query: unknown }>(
      'GET',
      `/api/card/${item.id}?legacy-mbql=true`,
    );
    cards.push({ ...card, visualization_settings: card.visualization_settings ?? {}, native: nativeQueryOf(card.dataset_query) });
  }
  const dashboards: CurrentDashboard[] = [];
  for (const item of items.filter((row) => row.model === 'dashboard')) {
    const dashboard = await client.request<CurrentDashboard>('GET', `/api/dashboard/${item.id}`);
    dashboards.push({ ...dashboard, parameters: dashboard.parameters ?? [], dashcards: dashboard.dashcards ?? [] });
  }
  return { database, collection: { id: collectionId }, cards, dashboards };
}
