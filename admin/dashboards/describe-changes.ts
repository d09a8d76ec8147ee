export type ChangeAction = 'create' | 'update' | 'unchanged' | 'delete';

/** One object a plan or an apply touches on a dashboard tool (Superset or Metabase). */
export interface DashboardChange {
  /** database, dataset, chart, dashboard (Superset); database, collection, card, dashboard (Metabase). */
  readonly kind: string;
  readonly name: string;
  readonly action: ChangeAction;
  /** The fields that differ (update), for the plan. */
  readonly fields: readonly string[];
}

const SIGN = { create: '+', update: '~', unchanged: '=', delete: '-' } as const;

/** One line per change (unchanged objects only counted), as plan and apply print them. */
export const changeLine = (change: DashboardChange): string =>
  `  ${SIGN[change.action]} ${change.kind} "${change.name}"${change.action === 'update' ? ` (${change.fields.join(', ')})` : change.action === 'unchanged' ? '' : ` (${change.action})`}`;

/** How many changes are pending, in words: "2 to create, …" for a plan, "2 created, …" once applied. */
export function summarize(changes: readonly DashboardChange[], tense: 'plan' | 'done' = 'plan'): { pending: number; line: string } {
  const count = (action: ChangeAction) => changes.filter((change) => change.action === action).length;
  const pending = changes.length - count('unchanged');
  const word = (verb: 'create' | 'update' | 'delete') => (tense === 'plan' ? `to ${verb}` : `${verb}d`);
  return {
    pending,
    line: `${count('create')} ${word('create')}, ${count('update')} ${word('update')}, ${count('delete')} ${word('delete')}, ${count('unchanged')} unchanged`,
  };
}
