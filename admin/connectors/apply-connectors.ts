import { codeOf, describeCause, PipelineError } from '../../lib/errors.js';
import type { ConnectClient } from '../connect/connect-client.js';
import { type PlanAction, planConnectors } from './plan-connectors.js';
import type { RenderedConnector } from './render-connectors.js';
import { waitUntilRunning } from './wait-running.js';

export interface OnlineProblem {
  readonly connector: string;
  readonly key: string;
  readonly errors: readonly string[];
}

/** The worker's own validation (PUT /connector-plugins/{class}/config/validate), errors grouped by key. */
export async function validateOnline(client: ConnectClient, connectors: readonly RenderedConnector[]): Promise<OnlineProblem[]> {
  const problems: OnlineProblem[] = [];
  for (const connector of connectors) {
    const answer = await client.validate(connector.config['connector.class'] as string, { ...connector.config, name: connector.name });
    if (answer.error_count === 0) continue;
    for (const entry of answer.configs) {
      if (entry.value.errors.length > 0) problems.push({ connector: connector.name, key: entry.value.name, errors: entry.value.errors });
    }
  }
  return problems;
}

export async function liveConfigs(client: ConnectClient): Promise<Record<string, Record<string, string>>> {
  const expanded = await client.listExpanded();
  return Object.fromEntries(Object.entries(expanded).map(([name, entry]) => [name, entry.info.config]));
}

export async function planAgainstWorker(client: ConnectClient, connectors: readonly RenderedConnector[], scope: string) {
  const problems = await validateOnline(client, connectors);
  if (problems.length > 0) {
    const lines = problems.map((problem) => `  ${problem.connector} ${problem.key}: ${problem.errors.join('; ')}`);
    throw new PipelineError('CONNECTOR_REJECTED', `The Connect worker rejected the configuration:\n${lines.join('\n')}`);
  }
  return planConnectors(connectors, await liveConfigs(client), scope);
}

export interface ApplyOptions {
  readonly prune: boolean;
  readonly timeoutMs: number;
  readonly settleMs: number;
  readonly report: (line: string) => void;
}

/**
 * Writes only what the plan says (create/update, and deletes with prune), then waits for RUNNING.
 * A failure midway says what was already applied.
 */
export async function applyPlan(
  client: ConnectClient,
  actions: readonly PlanAction[],
  desired: readonly RenderedConnector[],
  options: ApplyOptions,
): Promise<void> {
  const done: string[] = [];
  for (const action of actions) {
    try {
      if (action.action === 'create' || action.action === 'update') {
        await client.putConfig(action.name, action.config);
        done.push(`${action.action}d ${action.name}`);
        options.report(`${action.action === 'create' ? 'created' : 'updated'} ${action.name}`);
      } else if (action.action === 'delete' && options.prune) {
        await client.deleteConnector(action.name);
        done.push(`deleted ${action.name}`);
        options.report(`deleted ${action.name}`);
      }
    } catch (error) {
      const already = done.length > 0 ? ` Already applied: ${done.join(', ')}.` : ' Nothing was applied.';
      throw new PipelineError(
        codeOf(error, 'CONNECT_REQUEST_FAILED'),
        `Applying ${action.name} failed: ${describeCause(error).replace(/\.$/, '')}.${already}`,
        {
          cause: error,
        },
      );
    }
  }
  await waitUntilRunning(
    client,
    desired.map((connector) => connector.name),
    {
      timeoutMs: options.timeoutMs,
      settleMs: options.settleMs,
      report: options.report,
      freshlyWritten: new Set(
        actions.filter((action) => action.action === 'create' || action.action === 'update').map((action) => action.name),
      ),
    },
  );
}
