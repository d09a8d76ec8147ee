import type { PlanAction } from './plan-connectors.js';

/** Pure: one plan action as the lines `connectors:plan` and `connectors:apply` print. */
export function describeAction(action: PlanAction, prune: boolean): string[] {
  switch (action.action) {
    case 'create':
      return [`+ create ${action.name}`];
    case 'update':
      return [
        `~ update ${action.name}`,
        ...action.changes.map((change) => `    ${change.key}: ${JSON.stringify(change.before)} → ${JSON.stringify(change.after)}`),
      ];
    case 'unchanged':
      return [`= unchanged ${action.name}`];
    case 'delete':
      return [`- ${prune ? 'delete' : 'would delete (with --prune)'} ${action.name}`];
  }
}
