import { normalizeKey } from './reconcile.js';

/** How one topic compares with what the producer said of it. */
export interface ReportComparison {
  readonly topic: string;
  /** Valid records the producer generated for this topic. */
  readonly produced: number;
  /** Of those, the ones the broker acknowledged. */
  readonly acknowledged: number;
  /** Acknowledged, yet not in the topic: Kafka lost them. */
  readonly acknowledgedNotInTopic: string[];
  /** Booked as failed (never written), yet in the topic: the report is wrong. */
  readonly failedInTopic: string[];
  /** In doubt: the answer was lost; each either reached the topic or did not. */
  readonly inDoubtInTopic: string[];
  readonly inDoubtNotInTopic: string[];
  /** Malformed records the producer sent on purpose (`--invalid-rate`) and how it booked them. */
  readonly invalidSent: number;
}

/**
 * Compares the valid records a producer run generated (`producedIds`) and how it booked them
 * (`failedKeys`, `inDoubtKeys`; the rest were acknowledged) with the keys found in the topic.
 */
export function compareWithReport(input: {
  topic: string;
  producedIds: readonly string[];
  failedKeys: readonly string[];
  inDoubtKeys: readonly string[];
  invalidSent: number;
  topicKeys: ReadonlySet<string>;
}): ReportComparison {
  const produced = new Set(input.producedIds.map(normalizeKey));
  const failed = new Set(input.failedKeys.map(normalizeKey).filter((key) => produced.has(key)));
  const inDoubt = new Set(input.inDoubtKeys.map(normalizeKey).filter((key) => produced.has(key) && !failed.has(key)));
  const acknowledgedNotInTopic: string[] = [];
  let acknowledged = 0;
  for (const key of produced) {
    if (failed.has(key) || inDoubt.has(key)) continue;
    acknowledged += 1;
    if (!input.topicKeys.has(key)) acknowledgedNotInTopic.push(key);
  }
  const sorted = (keys: Iterable<string>) => [...keys].sort();
  return {
    topic: input.topic,
    produced: produced.size,
    acknowledged,
    acknowledgedNotInTopic: sorted(acknowledgedNotInTopic),
    failedInTopic: sorted([...failed].filter((key) => input.topicKeys.has(key))),
    inDoubtInTopic: sorted([...inDoubt].filter((key) => input.topicKeys.has(key))),
    inDoubtNotInTopic: sorted([...inDoubt].filter((key) => !input.topicKeys.has(key))),
    invalidSent: input.invalidSent,
  };
}

/** The producer's report and the topic agree: nothing acknowledged was lost, nothing failed was written. */
export const agreesWithReport = (comparison: ReportComparison): boolean =>
  comparison.acknowledgedNotInTopic.length === 0 && comparison.failedInTopic.length === 0;
