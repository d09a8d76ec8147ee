import type { ChangeAction, DashboardChange } from '../describe-changes.js';
import { cardDifferences, dashboardDifferences, databaseDifferences } from './compare-metabase.js';
import type { MetabaseClient } from './metabase-client.js';
import { cardPayload, collectionPayload, dashboardCreatePayload, dashboardUpdatePayload, databasePayload } from './metabase-payloads.js';
import { readMetabaseState } from './metabase-state.js';
import type { MetabaseObjects } from './render-metabase.js';

export type MetabaseKind = 'database' | 'collection' | 'card' | 'dashboard';

export interface MetabaseChange extends DashboardChange {
  readonly kind: MetabaseKind;
}

export interface MetabaseReconcileOptions {
  /** false: only plan (nothing is written; what would be created gets id -1 where others name it). */
  readonly write: boolean;
  /** Delete the cards and dashboards inside the project's collection that no definition declares. */
  readonly prune: boolean;
  readonly onChange?: (change: MetabaseChange) => void;
}

export interface MetabaseResult {
  readonly changes: MetabaseChange[];
  /** Each dashboard's id (-1 when only planned), by name, for its URL. */
  readonly dashboardIds: ReadonlyMap<string, number>;
}

const actionOf = (exists: boolean, fields: readonly string[]): ChangeAction =>
  !exists ? 'create' : fields.length > 0 ? 'update' : 'unchanged';

/**
 * Brings Metabase to the rendered objects in dependency order (connection, collection, cards,
 * dashboards), or with `write: false` says what that would change. Idempotent by name: the connection
 * among databases, everything else inside the project's collection, which --prune never leaves.
 */
export async function reconcileMetabase(
  client: MetabaseClient,
  desired: MetabaseObjects,
  options: MetabaseReconcileOptions,
): Promise<MetabaseResult> {
  const state = await readMetabaseState(client, { database: desired.database.name, collection: desired.collection.name });
  const changes: MetabaseChange[] = [];
  const step = async (kind: MetabaseKind, name: string, exists: boolean, fields: readonly string[], write: () => Promise<void>) => {
    const action = actionOf(exists, fields);
    const change = { kind, name, action, fields: action === 'update' ? fields : [] };
    changes.push(change);
    options.onChange?.(change);
    if (options.write && action !== 'unchanged') await write();
  };

  // The warehouse connection, as the read-only login (Metabase checks that it connects).
  let databaseId = state.database?.id ?? -1;
  await step(
    'database',
    desired.database.name,
    state.database !== undefined,
    databaseDifferences(desired.database, state.database),
    async () => {
      if (state.database) await client.request('PUT', `/api/database/${databaseId}`, databasePayload(desired.database));
      else databaseId = await client.create('database', databasePayload(desired.database));
    },
  );

  let collectionId = state.collection?.id ?? -1;
  await step('collection', desired.collection.name, state.collection !== undefined, [], async () => {
    collectionId = await client.create('collection', collectionPayload(desired.collection));
  });

  const cardIds = new Map<string, number>();
  for (const card of desired.cards) {
    const current = state.cards.find((row) => row.name === card.name);
    const ids = { database: databaseId, collection: collectionId };
    cardIds.set(card.name, current?.id ?? -1);
    await step('card', card.name, current !== undefined, current ? cardDifferences(card, current, ids) : [], async () => {
      if (current) await client.request('PUT', `/api/card/${current.id}`, cardPayload(card, ids));
      else cardIds.set(card.name, await client.create('card', cardPayload(card, ids)));
    });
  }

  const dashboardIds = new Map<string, number>();
  for (const dashboard of desired.dashboards) {
    const current = state.dashboards.find((row) => row.name === dashboard.name);
    const ids = { collection: collectionId, cards: cardIds };
    dashboardIds.set(dashboard.name, current?.id ?? -1);
    await step(
      'dashboard',
      dashboard.name,
      current !== undefined,
      current ? dashboardDifferences(dashboard, current, ids) : [],
      async () => {
        const id = current?.id ?? (await client.create('dashboard', dashboardCreatePayload(dashboard, collectionId)));
        dashboardIds.set(dashboard.name, id);
        const dashcards = new Map(
          (current?.dashcards ?? []).flatMap((row) => (row.card_id === null ? [] : [[row.card_id, row.id] as const])),
        );
        await client.request('PUT', `/api/dashboard/${id}`, dashboardUpdatePayload(dashboard, { ...ids, dashcards }));
      },
    );
  }

  if (options.prune) {
    const remove = async (kind: 'dashboard' | 'card', row: { id: number; name: string }) => {
      const change: MetabaseChange = { kind, name: row.name, action: 'delete', fields: [] };
      changes.push(change);
      options.onChange?.(change);
      if (options.write) await client.request('DELETE', `/api/${kind}/${row.id}`);
    };
    const declaredDashboards = new Set(desired.dashboards.map((dashboard) => dashboard.name));
    const declaredCards = new Set(desired.cards.map((card) => card.name));
    for (const row of state.dashboards.filter((dashboard) => !declaredDashboards.has(dashboard.name))) await remove('dashboard', row);
    for (const row of state.cards.filter((card) => !declaredCards.has(card.name))) await remove('card', row);
  }
  return { changes, dashboardIds };
}
