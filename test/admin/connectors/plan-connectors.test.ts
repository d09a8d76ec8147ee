import { describe, expect, it } from 'vitest';
import { hasChanges, planConnectors } from '../../../admin/connectors/plan-connectors.js';

const connector = (name: string, config: Record<string, string>) => ({ name, path: `connectors/postgres/${name}.json`, config });

describe('planConnectors', () => {
  const desired = [
    connector('ecom-postgres-sales', { 'connector.class': 'X', 'batch.size': '500', 'connection.password': '${env:PG_SINK_PASSWORD}' }),
    connector('ecom-postgres-feedback', { 'connector.class': 'X' }),
    connector('ecom-postgres-clickstream', { 'connector.class': 'X' }),
  ];
  const live = {
    'ecom-postgres-sales': {
      name: 'ecom-postgres-sales',
      'connector.class': 'X',
      'batch.size': '2000',
      'connection.password': 'old-literal',
    },
    'ecom-postgres-feedback': { name: 'ecom-postgres-feedback', 'connector.class': 'X' },
    'ecom-postgres-stray': { 'connector.class': 'X' },
    'ecom-mssql-sales': { 'connector.class': 'X' },
    'someone-elses': { 'connector.class': 'X' },
  };

  it('creates, updates only changed keys (secrets masked, references shown), keeps unchanged, and scopes deletes', () => {
    expect(planConnectors(desired, live, 'ecom-postgres-')).toEqual([
      {
        action: 'update',
        name: 'ecom-postgres-sales',
        config: desired[0]?.config,
        changes: [
          { key: 'batch.size', before: '2000', after: '500' },
          { key: 'connection.password', before: '***', after: '${env:PG_SINK_PASSWORD}' },
        ],
      },
      { action: 'unchanged', name: 'ecom-postgres-feedback' },
      { action: 'create', name: 'ecom-postgres-clickstream', config: { 'connector.class': 'X' } },
      { action: 'delete', name: 'ecom-postgres-stray' },
    ]);
  });

  it('counts deletes as changes only when pruning', () => {
    const onlyStray = planConnectors([], { 'ecom-postgres-stray': {} }, 'ecom-postgres-');
    expect(hasChanges(onlyStray, false)).toBe(false);
    expect(hasChanges(onlyStray, true)).toBe(true);
  });
});
