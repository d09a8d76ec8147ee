import { isPipelineError, PipelineError } from '../../lib/errors.js';
import { pollUntil } from '../../lib/poll.js';
import type { ConnectClient, ConnectorStatus } from '../connect/connect-client.js';

function notYet(name: string) {
  return (error: unknown): ConnectorStatus => {
    if (isPipelineError(error) && error.code === 'CONNECT_NOT_FOUND') return { name, connector: { state: 'UNASSIGNED' }, tasks: [] };
    throw error;
  };
}

export type Health = 'running' | 'failed' | 'pending';

/** RUNNING means the connector and at least one task, all RUNNING; any FAILED is failed. */
export function healthOf(status: ConnectorStatus): Health {
  const states = [status.connector.state, ...status.tasks.map((task) => task.state)];
  if (states.includes('FAILED')) return 'failed';
  return status.tasks.length > 0 && states.every((state) => state === 'RUNNING') ? 'running' : 'pending';
}

/** The first lines of the failing task's (or connector's) stack trace. */
export function failureTrace(status: ConnectorStatus, lines = 8): string {
  const failed =
    status.tasks.find((task) => task.state === 'FAILED') ?? (status.connector.state === 'FAILED' ? status.connector : undefined);
  const trace = failed?.trace ?? 'no trace reported';
  return trace.split('\n').slice(0, lines).join('\n');
}

export interface WaitOptions {
  readonly timeoutMs: number;
  /** After everything is RUNNING, wait this long and check again: failures on the first records show up. */
  readonly settleMs: number;
  readonly pollMs?: number;
  readonly report?: (line: string) => void;
  /**
   * Connectors this run just created or updated: their old task status (possibly FAILED) lingers until
   * the worker restarts the tasks, so a FAILED seen within `graceMs` of the start counts as pending.
   */
  readonly freshlyWritten?: ReadonlySet<string>;
  readonly graceMs?: number;
}

/**
 * Waits until every named connector and its tasks are RUNNING (then a settle period), or fails with
 * the failing task's trace, or times out naming the states it saw.
 */
export async function waitUntilRunning(client: ConnectClient, names: readonly string[], options: WaitOptions): Promise<void> {
  const started = Date.now();
  let settledAt: number | undefined;
  let last = new Map<string, ConnectorStatus>();
  const settled = await pollUntil(
    async () => {
      // Right after a create, the worker may not have a status yet (404): that counts as pending.
      const answers = await Promise.all(names.map(async (name) => [name, await client.status(name).catch(notYet(name))] as const));
      last = new Map(answers);
      const inGrace = Date.now() - started < (options.graceMs ?? 15_000);
      const failed = [...last.values()].find(
        (status) => healthOf(status) === 'failed' && !(inGrace && options.freshlyWritten?.has(status.name)),
      );
      if (failed) {
        throw new PipelineError(
          'CONNECTOR_FAILED',
          `Connector ${failed.name} FAILED. Its trace begins:\n${failureTrace(failed)}\nFix the cause, then run \`npm run connectors:restart -- ${failed.name} --failed\`.`,
        );
      }
      // (a FAILED still in its grace period keeps allRunning false, so the wait goes on)
      if (![...last.values()].every((status) => healthOf(status) === 'running')) {
        settledAt = undefined;
        return undefined;
      }
      if (settledAt === undefined) {
        settledAt = Date.now();
        options.report?.(`all ${names.length} connector(s) RUNNING; watching ${Math.round(options.settleMs / 1000)} s for early failures…`);
      }
      return Date.now() - settledAt >= options.settleMs ? true : undefined;
    },
    { timeoutMs: options.timeoutMs, intervalMs: options.pollMs ?? 1_000 },
  );
  if (settled) return;
  const states = [...last.values()].map(
    (status) => `${status.name} ${status.connector.state} [${status.tasks.map((task) => task.state).join(', ') || 'no tasks'}]`,
  );
  throw new PipelineError(
    'SERVICE_TIMEOUT',
    `Connectors were not all RUNNING after ${Math.round(options.timeoutMs / 1000)} s: ${states.join('; ')}. Raise --timeout or check \`npm run connectors:status\`.`,
  );
}

/** Waits until a connector itself reports `state` (e.g. STOPPED before its offsets may change). */
export async function waitForConnectorState(client: ConnectClient, name: string, state: string, timeoutMs = 30_000): Promise<void> {
  const reached = await pollUntil(async () => ((await client.status(name)).connector.state === state ? true : undefined), {
    timeoutMs,
    intervalMs: 500,
  });
  if (!reached)
    throw new PipelineError('SERVICE_TIMEOUT', `Connector ${name} did not reach ${state} within ${Math.round(timeoutMs / 1000)} s.`);
}
