import type { PipelineCheck } from '../pipeline/check-pipeline.js';
import { type ChaosTopology, FAULT_KINDS, type Fault, type FaultKind } from './chaos-schedule.js';
import type { FaultOutcome } from './run-faults.js';

/** One reading of the sinks' backlog, ms from the start of the run. */
export interface BacklogSample {
  readonly atMs: number;
  readonly backlog: number;
}

export interface ChaosFacts {
  readonly seed: number;
  readonly durationMs: number;
  readonly topology: ChaosTopology;
  readonly schedule: readonly Fault[];
  readonly outcomes: readonly FaultOutcome[];
  readonly backlog: readonly BacklogSample[];
  readonly producer: { sent: number; acked: number; failed: number; inDoubt: number };
  /** The reconciliation once drained (or at the drain timeout), with the producer report. */
  readonly check: PipelineCheck;
  /** Per table: rows whose idempotency key another row has too. */
  readonly duplicateRows: Record<string, number>;
  /** Revenue of the sales lines that reached the topic (exact, from the records sent), and the table's sum. */
  readonly revenue: { readonly expected: string; readonly table: string };
  /** When each record was sent, ms from the start of the run (to name the faults in flight for a bad key). */
  readonly sentAtMs: ReadonlyMap<string, number>;
  /** From the producer's end until the check was clean (or gave up). */
  readonly drainMs: number;
  readonly drained: boolean;
}

export interface KindSummary {
  readonly kind: FaultKind;
  readonly count: number;
  /** Longest time a node took to be back (healthy or resumed) after its fault ended. */
  readonly maxRecoveryMs: number | null;
  /** Highest sink backlog (records) from the fault's start until 30 s after it ended. */
  readonly backlogPeak: number | null;
}

export interface ProblemKey {
  readonly key: string;
  readonly topic: string;
  readonly problem: 'lost by Kafka' | 'missing from the table' | 'dead-lettered' | 'failed yet in the topic' | 'extra in the table';
  readonly faultsInFlight: string[];
}

export interface ChaosVerdict {
  readonly ok: boolean;
  readonly lost: number;
  readonly duplicates: number;
  readonly deadLettered: number;
  readonly inDoubt: { readonly total: number; readonly inTopic: number; readonly notInTopic: number };
  readonly revenueMatches: boolean;
  readonly faultErrors: number;
  readonly reasons: string[];
}

/** The backlog window a fault is charged with: its start until 30 s after its node was back. */
const AFTERMATH_MS = 30_000;

export function summarizeKinds(outcomes: readonly FaultOutcome[], backlog: readonly BacklogSample[]): KindSummary[] {
  return FAULT_KINDS.map((kind) => {
    const ofKind = outcomes.filter((outcome) => outcome.fault.kind === kind);
    const peaks = ofKind.flatMap((outcome) =>
      backlog
        .filter((sample) => sample.atMs >= outcome.startedMs && sample.atMs <= outcome.endedMs + AFTERMATH_MS)
        .map((sample) => sample.backlog),
    );
    return {
      kind,
      count: ofKind.length,
      maxRecoveryMs: ofKind.length === 0 ? null : Math.max(...ofKind.map((outcome) => outcome.recoveryMs)),
      backlogPeak: peaks.length === 0 ? null : Math.max(...peaks),
    };
  });
}

/** The baseline for the peaks: the median backlog of the samples taken while no fault was in effect (or its aftermath). */
export function steadyBacklogOf(outcomes: readonly FaultOutcome[], backlog: readonly BacklogSample[]): number | null {
  const quiet = backlog
    .filter((sample) => outcomes.every((outcome) => sample.atMs < outcome.startedMs || sample.atMs > outcome.endedMs + AFTERMATH_MS))
    .map((sample) => sample.backlog)
    .sort((a, b) => a - b);
  return quiet.length === 0 ? null : (quiet[Math.floor(quiet.length / 2)] as number);
}

/** The keys that broke a rule, each with the faults that were going on when it was sent. */
export function problemKeys(facts: ChaosFacts): ProblemKey[] {
  const inFlight = (key: string): string[] => {
    const at = facts.sentAtMs.get(key);
    if (at === undefined) return [];
    return facts.outcomes
      .filter((outcome) => at >= outcome.startedMs && at <= outcome.endedMs)
      .map((outcome) => `${outcome.fault.kind} ${outcome.fault.target}`);
  };
  const keys: ProblemKey[] = [];
  const add = (topic: string, problem: ProblemKey['problem'], list: readonly string[]) => {
    for (const key of list) keys.push({ key, topic, problem, faultsInFlight: inFlight(key) });
  };
  for (const stream of facts.check.streams) {
    add(stream.topic, 'missing from the table', stream.missing);
    add(stream.topic, 'extra in the table', stream.extra);
    add(
      stream.topic,
      'dead-lettered',
      stream.deadLettered.map((letter) => letter.key),
    );
  }
  for (const comparison of facts.check.against ?? []) {
    add(comparison.topic, 'lost by Kafka', comparison.acknowledgedNotInTopic);
    add(comparison.topic, 'failed yet in the topic', comparison.failedInTopic);
  }
  return keys;
}

export function judge(facts: ChaosFacts): ChaosVerdict {
  const against = facts.check.against ?? [];
  const lost =
    against.reduce((sum, comparison) => sum + comparison.acknowledgedNotInTopic.length, 0) +
    facts.check.streams.reduce((sum, stream) => sum + stream.missing.length, 0);
  const duplicates = Object.values(facts.duplicateRows).reduce((sum, rows) => sum + rows, 0);
  const deadLettered = facts.check.streams.reduce((sum, stream) => sum + stream.deadLettered.length, 0);
  const inTopic = against.reduce((sum, comparison) => sum + comparison.inDoubtInTopic.length, 0);
  const notInTopic = against.reduce((sum, comparison) => sum + comparison.inDoubtNotInTopic.length, 0);
  const faultErrors = facts.outcomes.filter((outcome) => outcome.error).length;
  const revenueMatches = facts.revenue.expected === facts.revenue.table;
  const reasons = [
    ...(facts.drained ? [] : [`the pipeline had not drained ${(facts.drainMs / 1000).toFixed(0)} s after the producer ended`]),
    ...(lost > 0 ? [`${lost} record(s) lost`] : []),
    ...(duplicates > 0 ? [`${duplicates} duplicate row(s)`] : []),
    ...(deadLettered > 0 ? [`${deadLettered} record(s) dead-lettered (the run sends no invalid ones)`] : []),
    ...(against.some((comparison) => comparison.failedInTopic.length > 0) ? ['records booked failed are in the topic'] : []),
    ...(facts.check.streams.some((stream) => stream.extra.length > 0) ? ['rows in the tables that no record explains'] : []),
    ...(revenueMatches ? [] : [`revenue ${facts.revenue.table} in the table, ${facts.revenue.expected} sent`]),
    ...(faultErrors > 0 ? [`${faultErrors} fault action(s) failed`] : []),
  ];
  return {
    ok: reasons.length === 0 && facts.check.ok,
    lost,
    duplicates,
    deadLettered,
    inDoubt: { total: inTopic + notInTopic, inTopic, notInTopic },
    revenueMatches,
    faultErrors,
    reasons: reasons.length === 0 && !facts.check.ok ? ['the reconciliation is not clean'] : reasons,
  };
}

/** The report `npm run chaos` writes (JSON) and prints (text). */
export function buildChaosReport(facts: ChaosFacts) {
  const verdict = judge(facts);
  return {
    seed: facts.seed,
    durationMs: facts.durationMs,
    topology: facts.topology,
    verdict,
    producer: facts.producer,
    revenue: facts.revenue,
    drainMs: facts.drainMs,
    faults: facts.outcomes.map((outcome) => ({
      kind: outcome.fault.kind,
      target: outcome.fault.target,
      plannedStartMs: outcome.fault.startMs,
      plannedEndMs: outcome.fault.endMs,
      startedMs: outcome.startedMs,
      endedMs: outcome.endedMs,
      recoveryMs: outcome.recoveryMs,
      ...(outcome.error ? { error: outcome.error } : {}),
    })),
    kinds: summarizeKinds(facts.outcomes, facts.backlog),
    steadyBacklog: steadyBacklogOf(facts.outcomes, facts.backlog),
    streams: facts.check.streams.map((stream) => ({
      topic: stream.topic,
      table: stream.table,
      topicKeys: stream.topicKeys,
      landed: stream.landed,
      duplicateRows: facts.duplicateRows[stream.table] ?? 0,
    })),
    problems: problemKeys(facts).slice(0, 100),
    backlog: facts.backlog,
  };
}

export type ChaosReport = ReturnType<typeof buildChaosReport>;

export function renderChaosReport(report: ChaosReport): string[] {
  const s = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);
  const { verdict } = report;
  return [
    `Seed ${report.seed}, ${s(report.durationMs)} of traffic, ${report.topology.brokers} brokers, ${report.topology.workers} Connect workers, warehouse ${report.topology.warehouse}.`,
    `Producer: ${report.producer.sent} sent, ${report.producer.acked} acknowledged, ${report.producer.failed} failed, ${report.producer.inDoubt} in doubt.`,
    ...report.streams.map(
      (stream) =>
        `  ${stream.topic}: ${stream.topicKeys} keys in the topic, ${stream.landed} in ${stream.table}, ${stream.duplicateRows} duplicate rows`,
    ),
    `In doubt: ${verdict.inDoubt.total} (${verdict.inDoubt.inTopic} reached the topic and landed, ${verdict.inDoubt.notInTopic} never reached it).`,
    `Revenue: ${report.revenue.table} in the table, ${report.revenue.expected} in the records that reached the topic.`,
    'Faults by kind (recovery: node back after the fault ended; backlog: sinks’ uncommitted records, from the fault until 30 s after):',
    ...report.kinds.map(
      (kind) =>
        `  ${kind.kind.padEnd(14)} ×${kind.count}  recovery ≤ ${s(kind.maxRecoveryMs).padStart(7)}  backlog peak ${kind.backlogPeak ?? '-'}`,
    ),
    `Backlog with no fault in effect (median): ${report.steadyBacklog ?? '-'}. Drained ${s(report.drainMs)} after the producer ended.`,
    verdict.ok
      ? `PASS: lost 0, duplicates 0, every in-doubt record accounted for, revenue to the cent.`
      : `FAIL: ${verdict.reasons.join('; ')}.`,
    ...report.problems
      .slice(0, 10)
      .map(
        (problem) =>
          `  ${problem.key} (${problem.topic}): ${problem.problem}; faults in flight: ${problem.faultsInFlight.join(', ') || 'none'}`,
      ),
  ];
}
