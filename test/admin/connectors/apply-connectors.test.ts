import { describe, expect, it } from 'vitest';
import { ConnectClient } from '../../../admin/connect/connect-client.js';
import { applyPlan } from '../../../admin/connectors/apply-connectors.js';
import { describeAction } from '../../../admin/connectors/describe-plan.js';
import { PipelineError } from '../../../lib/errors.js';
import { closedPort } from '../../support/test-env.js';

describe('applying a plan', () => {
  it('keeps the code of what went wrong: a refused Connect stays CONNECT_UNREACHABLE', async () => {
    const client = new ConnectClient(`http://127.0.0.1:${await closedPort()}`);
    const config = { 'connector.class': 'x', topics: 't' };
    const failure = await applyPlan(client, [{ action: 'create', name: 'ecom-postgres-sales', config }], [], {
      prune: false,
      timeoutMs: 1_000,
      settleMs: 0,
      report: () => undefined,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PipelineError);
    expect((failure as PipelineError).code).toBe('CONNECT_UNREACHABLE');
    expect((failure as PipelineError).message).toMatch(
      /^Applying ecom-postgres-sales failed: Kafka Connect at http:\/\/127\.0\.0\.1:\d+ could not be reached \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)\. Check CONNECT_URL and that the worker runs \(npm run stack:status\)\. Nothing was applied\.$/,
    );
  });

  it('describes each action as the plan prints it', () => {
    expect(describeAction({ action: 'delete', name: 'ecom-postgres-old' }, false)).toEqual([
      '- would delete (with --prune) ecom-postgres-old',
    ]);
    expect(
      describeAction({ action: 'update', name: 'a', config: {}, changes: [{ key: 'batch.size', before: '500', after: '2000' }] }, true),
    ).toEqual(['~ update a', '    batch.size: "500" → "2000"']);
  });
});
