import { Counter, Registry } from 'prom-client';

/** The collector's counters, served at GET /metrics in Prometheus' text format. */
export function createCollectorMetrics() {
  const registry = new Registry();
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames: [...labelNames], registers: [registry] });
  return {
    registry,
    accepted: counter('collector_events_accepted_total', 'Events acknowledged by Kafka.', ['stream']),
    rejected: counter('collector_events_rejected_total', 'Requests or events refused, by reason (each written to collector-rejects).', [
      'reason',
    ]),
    sent: counter('collector_records_sent_total', 'Records acknowledged by Kafka (events and rejects).'),
    failed: counter('collector_send_failures_total', 'Requests answered 503 because Kafka did not acknowledge in time.'),
    bots: counter('collector_bot_events_total', 'Events from bot user agents, by what was done with them.', ['action']),
    rejectsUnsent: counter('collector_rejects_unsent_total', 'Rejects that could not be written to collector-rejects (Kafka down).'),
  };
}

export type CollectorMetrics = ReturnType<typeof createCollectorMetrics>;
