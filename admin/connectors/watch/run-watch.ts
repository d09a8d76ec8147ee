import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { describeCause } from '../../../lib/errors.js';
import type { ConnectClient } from '../../connect/connect-client.js';
import { quarantineConnector } from '../quarantine/quarantine-connector.js';
import { classifyFailure } from '../quarantine/task-failure.js';
import { planWatchPass, type WatchedConnector, type WatchMemory } from './watch-decisions.js';
import { type ConnectorPolicy, policyOf, type WatchPolicy } from './watch-policy.js';

export interface WatchOptions {
  readonly client: ConnectClient;
  readonly kafka: Kafka;
  readonly policy: WatchPolicy;
  /** CONNECTOR_PREFIX: the connectors watched are `<prefix>-…`, and policies name them without it. */
  readonly prefix: string;
  readonly intervalMs: number;
  /** One pass, then return (cron, tests). */
  readonly once: boolean;
  readonly signal?: AbortSignal;
  readonly replicationFactor: number;
  readonly quarantineTimeoutMs: number;
  readonly log: (line: string) => void;
}

export interface WatchTotals {
  passes: number;
  restarts: number;
  quarantined: number;
  failedActions: number;
}

/** The connectors of this pipeline as one pass sees them. */
async function lookAtConnectors(client: ConnectClient, prefix: string): Promise<WatchedConnector[]> {
  const expanded = await client.listExpanded();
  return Object.keys(expanded)
    .filter((name) => name.startsWith(`${prefix}-`))
    .sort()
    .map((name) => {
      const failed = expanded[name]?.status.tasks.find((task) => task.state === 'FAILED');
      if (!failed) return { name };
      const failure = classifyFailure(failed.trace ?? '');
      return {
        name,
        failed: {
          task: failed.id,
          kind: failure.kind,
          cause: `${failure.exceptionClass.split('.').at(-1)}: ${failure.message}`.slice(0, 160),
        },
      };
    });
}

/**
 * Watches the pipeline's connectors and applies the policy (connectors/watch-policy.json) to each FAILED
 * one: quarantine on a record's fault, restart (bounded, with a growing pause) otherwise. Every action
 * is one log line with a time; an unreachable Connect is logged and tried again next pass.
 */
export async function watchConnectors(options: WatchOptions): Promise<WatchTotals> {
  const { client, log } = options;
  const at = () => new Date().toISOString().slice(0, 19).replace('T', ' ');
  const totals: WatchTotals = { passes: 0, restarts: 0, quarantined: 0, failedActions: 0 };
  let memory = new Map<string, WatchMemory>();
  const policyFor = (name: string): ConnectorPolicy => policyOf(options.policy, name, options.prefix);
  for (;;) {
    totals.passes += 1;
    try {
      const connectors = await lookAtConnectors(client, options.prefix);
      const pass = planWatchPass(connectors, memory, policyFor, Date.now());
      memory = pass.memory;
      for (const step of pass.steps) {
        log(
          `${at()} ${step.name} ${step.reason}: ${step.kind === 'give-up' ? 'giving up' : step.kind === 'ignore' ? 'no action' : step.kind}`,
        );
        try {
          if (step.kind === 'restart') {
            await client.restart(step.name, true);
            totals.restarts += 1;
          } else if (step.kind === 'quarantine') {
            const outcome = await quarantineConnector(step.name, {
              client,
              kafka: options.kafka,
              replicationFactor: options.replicationFactor,
              dryRun: false,
              maxRecords: 50_000,
              timeoutMs: options.quarantineTimeoutMs,
              report: (line) => log(`${at()} ${line.startsWith(step.name) ? line : `${step.name} ${line.trim()}`}`),
            });
            if (outcome.kind === 'quarantined') {
              totals.quarantined += outcome.poisons.length;
              log(`${at()} ${step.name} RUNNING again: ${outcome.poisons.length} record(s) quarantined into ${outcome.deadLetterTopic}`);
            }
          }
        } catch (error) {
          totals.failedActions += 1;
          log(`${at()} ${step.name} ${step.kind} failed: ${describeCause(error)}`);
        }
      }
    } catch (error) {
      log(`${at()} could not read the connectors: ${describeCause(error)}; trying again in ${Math.round(options.intervalMs / 1000)} s`);
    }
    if (options.once || options.signal?.aborted) return totals;
    try {
      await sleep(options.intervalMs, undefined, { signal: options.signal });
    } catch {
      return totals;
    }
  }
}
