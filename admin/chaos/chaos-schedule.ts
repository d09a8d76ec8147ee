import { createRandom } from '../../producer/generator/random.js';

/**
 * The seeded fault schedule of `npm run chaos` (pure): overlapping faults over a run, the same seed
 * giving the same schedule. Kinds: a broker or a Connect worker killed with SIGKILL and started again,
 * the warehouse killed and started again, a broker paused (SIGSTOP, then SIGCONT), and a slow warehouse
 * (its process paused for a few seconds at a time, so commits stall while connections stay open).
 * At most one broker is down (killed or paused) at any moment, and it has BROKER_RECOVERY_MS to rejoin
 * the in-sync replicas before the next broker fault, so a three-broker cluster with min.insync.replicas=2
 * keeps accepting acks=all writes; faults of other kinds overlap freely.
 */
export const FAULT_KINDS = ['broker-kill', 'worker-kill', 'warehouse-kill', 'broker-pause', 'warehouse-slow'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface ChaosTopology {
  /** Kafka nodes, named kafka-1 … kafka-N. */
  readonly brokers: number;
  /** Connect workers, named connect-1 … connect-N. */
  readonly workers: number;
  /** The warehouse's service: postgres, or clickhouse (the native stack's ClickHouse service). */
  readonly warehouse: 'postgres' | 'clickhouse';
}

export interface Fault {
  readonly kind: FaultKind;
  /** The stack service it hits: kafka-2, connect-1, postgres… */
  readonly target: string;
  /** From the start of the run. */
  readonly startMs: number;
  /** When the service is back (restarted, resumed, no longer paused). */
  readonly endMs: number;
  /** warehouse-slow: how long each pause lasts and the gap between two. */
  readonly pauses?: { readonly pauseMs: number; readonly gapMs: number };
}

export interface ChaosPlanInput {
  readonly seed: number;
  readonly durationMs: number;
  readonly topology: ChaosTopology;
  /** Mean time between two fault starts (exponential gaps). */
  readonly meanGapMs?: number;
  /** No fault starts in the last part of the run, so every one has ended before the run does. */
  readonly quietTailMs?: number;
}

/** How long each kind lasts, [min, max] in ms: down long enough to matter, short enough to overlap others. */
const DURATION: Record<FaultKind, readonly [number, number]> = {
  'broker-kill': [5_000, 20_000],
  'worker-kill': [3_000, 15_000],
  'warehouse-kill': [5_000, 20_000],
  'broker-pause': [3_000, 12_000],
  'warehouse-slow': [10_000, 30_000],
};

const isBrokerFault = (kind: FaultKind) => kind === 'broker-kill' || kind === 'broker-pause';

/** After a broker fault ends, the time it gets to catch up before another broker may go down. */
export const BROKER_RECOVERY_MS = 15_000;

/**
 * The schedule: fault starts at exponential gaps, each a kind and target drawn from the seed, kept only
 * when it respects the rules (one broker down at a time; one fault per service at a time); every kind
 * at least once when the run is long enough. Sorted by start.
 */
export function planChaos(input: ChaosPlanInput): Fault[] {
  const random = createRandom(input.seed);
  const meanGapMs = input.meanGapMs ?? 15_000;
  const quietTailMs = input.quietTailMs ?? 20_000;
  const lastStart = input.durationMs - quietTailMs;
  const targets: Record<FaultKind, readonly string[]> = {
    'broker-kill': Array.from({ length: input.topology.brokers }, (_, index) => `kafka-${index + 1}`),
    'broker-pause': Array.from({ length: input.topology.brokers }, (_, index) => `kafka-${index + 1}`),
    'worker-kill': Array.from({ length: input.topology.workers }, (_, index) => `connect-${index + 1}`),
    'warehouse-kill': [input.topology.warehouse],
    'warehouse-slow': [input.topology.warehouse],
  };
  const faults: Fault[] = [];
  const overlaps = (a: { startMs: number; endMs: number }, b: { startMs: number; endMs: number }) =>
    a.startMs < b.endMs && b.startMs < a.endMs;
  // A broker back from a fault needs a moment to rejoin the in-sync replicas: no other broker fault until then.
  const recovering = (fault: Fault) => ({ startMs: fault.startMs, endMs: fault.endMs + BROKER_RECOVERY_MS });
  const allowed = (fault: Fault) =>
    faults.every((other) => {
      if (isBrokerFault(other.kind) && isBrokerFault(fault.kind)) return !overlaps(recovering(fault), recovering(other));
      return !overlaps(fault, other) || other.target !== fault.target;
    }) && fault.endMs <= input.durationMs - 5_000;
  // Each kind once first (in a seeded order), then any kind: a long enough run sees all five.
  const order: FaultKind[] = [...FAULT_KINDS];
  for (let index = order.length - 1; index > 0; index--) {
    const other = random.int(0, index);
    [order[index], order[other]] = [order[other] as FaultKind, order[index] as FaultKind];
  }
  let at = Math.min(5_000, lastStart);
  for (let attempt = 0; at <= lastStart && attempt < 10_000; attempt++) {
    const kind = order.length > 0 ? (order[0] as FaultKind) : random.pick(FAULT_KINDS);
    const [min, max] = DURATION[kind];
    const fault: Fault = {
      kind,
      target: random.pick(targets[kind]),
      startMs: Math.round(at),
      endMs: Math.round(at + random.int(min, max)),
      ...(kind === 'warehouse-slow' ? { pauses: { pauseMs: random.int(1_000, 3_000), gapMs: random.int(500, 2_000) } } : {}),
    };
    if (allowed(fault)) {
      faults.push(fault);
      if (order[0] === kind) order.shift();
      at += random.exponential(meanGapMs);
    } else {
      at += 1_000;
    }
  }
  return faults.sort((a, b) => a.startMs - b.startMs);
}

/** Pure: the schedule as the chaos run prints it, one line per fault. */
export function describeSchedule(faults: readonly Fault[]): string[] {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return faults.map(
    (fault) =>
      `${s(fault.startMs).padStart(8)} → ${s(fault.endMs).padStart(8)}  ${fault.kind.padEnd(14)} ${fault.target}${fault.pauses ? ` (paused ${s(fault.pauses.pauseMs)}, running ${s(fault.pauses.gapMs)}, in turn)` : ''}`,
  );
}
