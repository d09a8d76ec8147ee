import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin } from 'kafkajs';
import { pollUntil } from '../../lib/poll.js';
import type { PipelineCheck } from '../pipeline/check-pipeline.js';
import type { BacklogSample } from './chaos-report.js';
import { type SinkGroup, sinkBacklog } from './cluster-probes.js';

/** Samples the sinks' backlog every 2 s until stopped; Kafka not answering leaves a gap. */
export function sampleBacklog(admin: Admin, groups: readonly SinkGroup[], now: () => number) {
  const samples: BacklogSample[] = [];
  let sampling = true;
  const loop = (async () => {
    while (sampling) {
      const value = await sinkBacklog(admin, groups);
      if (value !== undefined) samples.push({ atMs: now(), backlog: value });
      await sleep(2_000);
    }
  })();
  return {
    async stop(): Promise<BacklogSample[]> {
      sampling = false;
      await loop;
      return samples;
    },
  };
}

/**
 * Waits until the sinks have nothing left to commit and every record in the topics has landed (or was
 * dead-lettered); what Kafka lost cannot land, so the verdict, not this wait, counts it. Returns the
 * last reconciliation and whether the pipeline drained before the timeout.
 */
export async function waitDrained(input: {
  readonly check: () => Promise<PipelineCheck>;
  readonly backlog: () => Promise<number | undefined>;
  readonly timeoutMs: number;
}): Promise<{ check: PipelineCheck; drained: boolean; drainMs: number }> {
  const started = Date.now();
  const landed = (result: PipelineCheck) => result.streams.every((stream) => stream.missing.length === 0);
  let check = await input.check();
  const drained =
    landed(check) ||
    (await pollUntil(
      async () => {
        if ((await input.backlog()) !== 0) return undefined;
        check = await input.check();
        return landed(check) ? true : undefined;
      },
      { timeoutMs: Math.max(0, input.timeoutMs - (Date.now() - started)), intervalMs: 5_000 },
    )) === true;
  return { check, drained, drainMs: Date.now() - started };
}
