import { describe, expect, it } from 'vitest';
import { planWatchPass, type WatchMemory } from '../../../../admin/connectors/watch/watch-decisions.js';
import { DEFAULT_POLICY, parsePolicy, policyOf } from '../../../../admin/connectors/watch/watch-policy.js';
import { isPipelineError } from '../../../../lib/errors.js';

const policy = { ...DEFAULT_POLICY, maxAttempts: 2, backoffSeconds: 10 };
const failedOnDatabase = {
  name: 'ecom-postgres-sales',
  failed: { task: 0, kind: 'environment' as const, cause: 'PSQLException: Connection refused' },
};
const failedOnRecord = {
  name: 'ecom-postgres-feedback',
  failed: { task: 0, kind: 'record' as const, cause: 'PSQLException: violates check constraint' },
};

describe('connectors:watch: one pass at a time', () => {
  it('quarantines a record’s failure at once; if it fails again, after a pause, at most maxAttempts in a row', () => {
    const first = planWatchPass([failedOnRecord], new Map(), () => policy, 1_000);
    expect(first.steps).toEqual([
      {
        kind: 'quarantine',
        name: 'ecom-postgres-feedback',
        reason: 'task 0 FAILED on a record (PSQLException: violates check constraint); attempt 1 of at most 2',
      },
    ]);
    expect(planWatchPass([failedOnRecord], first.memory, () => policy, 2_000).steps).toEqual([]);
    expect(planWatchPass([failedOnRecord], first.memory, () => policy, 11_000).steps.map((step) => step.kind)).toEqual(['quarantine']);
  });

  it('restarts another failure at once, then after 10 s, 20 s…, at most maxAttempts in a row, then gives up once', () => {
    let memory: Map<string, WatchMemory> = new Map();
    const at = (seconds: number) => {
      const pass = planWatchPass([failedOnDatabase], memory, () => policy, seconds * 1000);
      memory = pass.memory;
      return pass.steps.map((step) => `${step.kind}${step.kind === 'restart' ? ` ${step.reason.split('; ')[1]}` : ''}`);
    };
    expect(at(0)).toEqual(['restart attempt 1 of at most 2']);
    expect(at(5)).toEqual([]); // the first pause (10 s) is not over
    expect(at(10)).toEqual(['restart attempt 2 of at most 2']);
    expect(at(100)).toEqual(['give-up']);
    expect(at(200)).toEqual([]); // said once
  });

  it('counts again once the connector ran through a pause after its last restart', () => {
    const restarted = planWatchPass([failedOnDatabase], new Map(), () => policy, 0).memory;
    const running = planWatchPass([{ name: 'ecom-postgres-sales' }], restarted, () => policy, 10_000).memory;
    expect(running.get('ecom-postgres-sales')).toEqual({ attempts: 0, lastActionAt: 0, gaveUp: false });
    const tooSoon = planWatchPass([{ name: 'ecom-postgres-sales' }], restarted, () => policy, 5_000).memory;
    expect(tooSoon.get('ecom-postgres-sales')?.attempts).toBe(1);
  });

  it('does nothing but say so, once, when the policy says none', () => {
    const none = { ...policy, onRecordError: 'none' as const };
    const first = planWatchPass([failedOnRecord], new Map(), () => none, 0);
    expect(first.steps.map((step) => step.kind)).toEqual(['ignore']);
    expect(planWatchPass([failedOnRecord], first.memory, () => none, 1).steps).toEqual([]);
  });
});

describe('connectors/watch-policy.json', () => {
  it('applies an override on top of the default, naming connectors without their prefix', () => {
    const parsed = parsePolicy(
      JSON.stringify({ default: DEFAULT_POLICY, connectors: { 'postgres-sales': { onRecordError: 'none', maxAttempts: 1 } } }),
      'p.json',
    );
    expect(policyOf(parsed, 'ecom-postgres-sales', 'ecom')).toEqual({ ...DEFAULT_POLICY, onRecordError: 'none', maxAttempts: 1 });
    expect(policyOf(parsed, 'ecom-postgres-feedback', 'ecom')).toEqual(DEFAULT_POLICY);
  });

  it('names every problem of a bad policy in one message', () => {
    const bad = JSON.stringify({
      default: { ...DEFAULT_POLICY, onOtherError: 'quarantine', backoffSeconds: 0 },
      connectors: { sales: {} },
      extra: 1,
    });
    try {
      parsePolicy(bad, 'connectors/watch-policy.json');
      throw new Error('accepted');
    } catch (error) {
      expect(isPipelineError(error) && error.message).toBe(
        'connectors/watch-policy.json is not a valid watch policy: /extra: not a field of a watch policy; /default/onOtherError: must be equal to one of the allowed values (restart, none); /default/backoffSeconds: must be >= 1; /connectors/sales: not a connector named without its prefix (<warehouse>-<stream>, such as postgres-sales).',
      );
    }
  });
});
