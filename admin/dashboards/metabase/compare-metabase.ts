import { isDeepStrictEqual } from 'node:util';
import { holds } from '../holds.js';
import { cardPayload, dashboardUpdatePayload, databasePayload } from './metabase-payloads.js';
import type { CurrentCard, CurrentDashboard } from './metabase-state.js';
import type { MetabaseCard, MetabaseDashboard, MetabaseDatabase } from './render-metabase.js';

/**
 * What differs between the rendered objects and what Metabase holds (pure): the names of the fields a
 * plan lists. Metabase adds keys of its own (ids, defaults, hydrated fields), so what it holds only has
 * to contain what apply would write (`holds`). The stored password is never given back: a connection
 * is compared without it.
 */

export function databaseDifferences(
  desired: MetabaseDatabase,
  current: { engine: string; details: Record<string, unknown> } | undefined,
): string[] {
  if (!current) return ['engine', 'details'];
  const { password: _password, ...details } = databasePayload(desired).details;
  return [
    ...(current.engine === desired.engine ? [] : ['engine']),
    ...Object.keys(details).filter((key) => !isDeepStrictEqual(details[key], current.details?.[key])),
  ];
}

export function cardDifferences(desired: MetabaseCard, current: CurrentCard, ids: { database: number; collection: number }): string[] {
  const wanted = cardPayload(desired, ids);
  const fields: string[] = [];
  if (current.display !== wanted.display) fields.push('display');
  if ((current.description ?? '') !== wanted.description) fields.push('description');
  if (current.collection_id !== wanted.collection_id) fields.push('collection');
  if (current.native.database !== ids.database) fields.push('database');
  if (current.native.query.trim() !== wanted.dataset_query.native.query.trim()) fields.push('query');
  if (!holds(wanted.dataset_query.native['template-tags'], current.native.templateTags)) fields.push('template-tags');
  if (!holds(wanted.visualization_settings, current.visualization_settings)) fields.push('visualization_settings');
  return fields;
}

const byCard = <T extends { card_id: number | null }>(rows: readonly T[]) => [...rows].sort((a, b) => (a.card_id ?? 0) - (b.card_id ?? 0));

export function dashboardDifferences(
  desired: MetabaseDashboard,
  current: CurrentDashboard,
  ids: { collection: number; cards: ReadonlyMap<string, number> },
): string[] {
  const wanted = dashboardUpdatePayload(desired, ids);
  const fields: string[] = [];
  if ((current.description ?? '') !== wanted.description) fields.push('description');
  if (current.collection_id !== wanted.collection_id) fields.push('collection');
  if (!holds(wanted.parameters, current.parameters)) fields.push('parameters');
  const shape = (dashcard: (typeof wanted.dashcards)[number] | CurrentDashboard['dashcards'][number]) => ({
    card_id: dashcard.card_id,
    row: dashcard.row,
    col: dashcard.col,
    size_x: dashcard.size_x,
    size_y: dashcard.size_y,
    visualization_settings: dashcard.visualization_settings,
    parameter_mappings: dashcard.parameter_mappings,
  });
  if (!holds(byCard(wanted.dashcards).map(shape), byCard(current.dashcards).map(shape))) fields.push('dashcards');
  return fields;
}
