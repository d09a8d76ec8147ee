import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineError } from '../lib/errors.js';
import type { StackPaths } from './stack-paths.js';

/**
 * How many Kafka nodes and Connect workers the native stack runs. One of each is the default; a
 * cluster (`stack:up -- --brokers 3 --workers 2`) names its nodes kafka-1 … kafka-N and connect-1 …
 * connect-N. A stack keeps the topology it was first started with (recorded in `topology.json`).
 */
export interface StackTopology {
  readonly brokers: number;
  readonly workers: number;
}

export const SINGLE_NODE: StackTopology = { brokers: 1, workers: 1 };

/** Ports of node N: the base port + 10×(N−1), so node 1 keeps the configured ports. */
export const PORT_STEP = 10;
export const nodePort = (base: number, index: number): number => base + PORT_STEP * (index - 1);

/** The node names of one kind: `kafka` alone on one node, `kafka-1` … `kafka-N` on several. */
export function nodeNames(kind: 'kafka' | 'connect', count: number): string[] {
  return count === 1 ? [kind] : Array.from({ length: count }, (_, index) => `${kind}-${index + 1}`);
}

/** Replication of topics and Connect's internal topics: up to 3 copies. */
export const replicationFactorOf = (topology: StackTopology): number => Math.min(topology.brokers, 3);

/** With 3 copies, an acks=all write needs 2 of them: one broker may be down without losing a write. */
export const minInsyncReplicasOf = (topology: StackTopology): number => (replicationFactorOf(topology) >= 3 ? 2 : 1);

export const describeTopology = (topology: StackTopology): string =>
  `${topology.brokers} Kafka node${topology.brokers === 1 ? '' : 's'} and ${topology.workers} Connect worker${topology.workers === 1 ? '' : 's'}`;

const topologyFileOf = (paths: StackPaths) => join(paths.root, 'topology.json');

/**
 * The topology a stack's data was made for: its `topology.json`, or one node of each when Kafka's
 * data directory predates that file; undefined for a stack never started (or purged).
 */
export function recordedTopology(paths: StackPaths): StackTopology | undefined {
  const file = topologyFileOf(paths);
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StackTopology>;
    if (Number.isInteger(parsed.brokers) && Number.isInteger(parsed.workers)) return parsed as StackTopology;
    throw new PipelineError(
      'DATA_DIR_CORRUPT',
      `${file} does not hold {"brokers": N, "workers": N}. Run \`npm run stack:down -- --purge\`, then \`npm run stack:up\`.`,
    );
  }
  return existsSync(join(paths.root, 'data', 'kafka', 'meta.properties')) ? SINGLE_NODE : undefined;
}

export function recordTopology(paths: StackPaths, topology: StackTopology): void {
  writeFileSync(topologyFileOf(paths), `${JSON.stringify(topology)}\n`);
}

/** What a stack runs: what is asked (options, then configuration), else what its data was made for, else one of each. */
export const topologyOf = (asked: Partial<StackTopology>, recorded: StackTopology | undefined): StackTopology => ({
  brokers: asked.brokers ?? recorded?.brokers ?? SINGLE_NODE.brokers,
  workers: asked.workers ?? recorded?.workers ?? SINGLE_NODE.workers,
});

/** Pure: refuses to start a stack with another topology than its data was made for. */
export function checkTopology(recorded: StackTopology | undefined, requested: StackTopology, stackDir: string): void {
  if (!recorded || (recorded.brokers === requested.brokers && recorded.workers === requested.workers)) return;
  throw new PipelineError(
    'TOPOLOGY_CHANGED',
    `The native stack in ${stackDir} was made with ${describeTopology(recorded)}, not ${describeTopology(requested)}. Run \`npm run stack:down -- --purge\` first (it deletes the stack's data), or start it as it was (--brokers ${recorded.brokers} --workers ${recorded.workers}, or STACK_BROKERS/STACK_CONNECT_WORKERS), or give the new one its own STACK_DIR and ports.`,
  );
}
