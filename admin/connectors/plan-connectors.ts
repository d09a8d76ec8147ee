import { isSecretKey, PROVIDER_REFERENCE } from './connector-placeholders.js';
import type { RenderedConnector } from './render-connectors.js';

export interface KeyChange {
  readonly key: string;
  readonly before: string | null;
  readonly after: string | null;
}

export type PlanAction =
  | { readonly action: 'create'; readonly name: string; readonly config: Record<string, string> }
  | { readonly action: 'update'; readonly name: string; readonly config: Record<string, string>; readonly changes: KeyChange[] }
  | { readonly action: 'unchanged'; readonly name: string }
  | { readonly action: 'delete'; readonly name: string };

/** A value as it may be shown: secrets masked, unless they are a provider reference (which is no secret). */
export function shownValue(key: string, value: string | null): string | null {
  if (value === null) return null;
  return isSecretKey(key) && !PROVIDER_REFERENCE.test(value) ? '***' : value;
}

/**
 * Compares the rendered files with the live connectors. Keys are compared as written (a secret
 * reference against a reference); Connect's own `name` key is ignored. Live connectors named
 * `<prefix>-<warehouse>-…` that no file defines are marked for deletion (only acted on with --prune).
 */
export function planConnectors(
  desired: readonly RenderedConnector[],
  live: Readonly<Record<string, Readonly<Record<string, string>>>>,
  scope: string,
): PlanAction[] {
  const actions: PlanAction[] = [];
  for (const connector of desired) {
    const current = live[connector.name];
    if (!current) {
      actions.push({ action: 'create', name: connector.name, config: connector.config });
      continue;
    }
    const keys = new Set([...Object.keys(connector.config), ...Object.keys(current)].filter((key) => key !== 'name'));
    const changes: KeyChange[] = [];
    for (const key of [...keys].sort()) {
      const before = current[key] ?? null;
      const after = connector.config[key] ?? null;
      if (before !== after) changes.push({ key, before: shownValue(key, before), after: shownValue(key, after) });
    }
    actions.push(
      changes.length === 0
        ? { action: 'unchanged', name: connector.name }
        : { action: 'update', name: connector.name, config: connector.config, changes },
    );
  }
  const wanted = new Set(desired.map((connector) => connector.name));
  for (const name of Object.keys(live).sort()) {
    if (name.startsWith(scope) && !wanted.has(name)) actions.push({ action: 'delete', name });
  }
  return actions;
}

export const hasChanges = (actions: readonly PlanAction[], prune: boolean): boolean =>
  actions.some((action) => action.action === 'create' || action.action === 'update' || (prune && action.action === 'delete'));
