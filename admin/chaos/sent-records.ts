import { base64ToUnscaled, formatDecimal } from '../../lib/money.js';
import { payloadOfRecord } from '../../lib/schemas/connect-envelope.js';
import type { SendListener } from '../../producer/kafka-sender.js';
import { normalizeKey } from '../pipeline/reconcile.js';

/**
 * What the producer handed to Kafka, as the chaos run needs it: when each record was sent (to name the
 * faults in flight for a bad key) and each sales line's exact total (to know the revenue that should land).
 */
export function sentRecords(startedAtMs: number) {
  const sentAtMs = new Map<string, number>();
  const salesCents = new Map<string, bigint>();
  const onSend: SendListener = (records, at) => {
    for (const record of records) {
      if (record.invalidKind) continue;
      const key = normalizeKey(record.recordId);
      sentAtMs.set(key, at - startedAtMs);
      if (record.stream === 'sales') {
        const line = payloadOfRecord(JSON.parse(record.value)) as { line_total: string };
        salesCents.set(key, base64ToUnscaled(line.line_total));
      }
    }
  };
  return {
    onSend,
    sentAtMs: sentAtMs as ReadonlyMap<string, number>,
    /** The revenue of the sales lines sent, but for those that never reached the topic (failed, or in doubt and absent). */
    revenueWithout(neverArrived: ReadonlySet<string>): string {
      let cents = 0n;
      for (const [key, lineCents] of salesCents) if (!neverArrived.has(key)) cents += lineCents;
      return formatDecimal(cents);
    },
  };
}
