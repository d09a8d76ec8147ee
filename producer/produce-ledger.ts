/**
 * Accounting of every record handed to Kafka, per topic: each ends as acknowledged, failed (never
 * reached a broker: not written) or in doubt (an error or no answer: it may or may not have been
 * written). KafkaSender decides which.
 */
export interface TopicLedger {
  sent: number;
  acked: number;
  failed: number;
  inDoubt: number;
  invalidSent: number;
  failedKeys: string[];
  inDoubtKeys: string[];
  lastError?: string;
}

export type Outcome = 'acked' | 'failed' | 'in-doubt';

export class ProduceLedger {
  readonly topics = new Map<string, TopicLedger>();

  private entry(topic: string): TopicLedger {
    let ledger = this.topics.get(topic);
    if (!ledger) {
      ledger = { sent: 0, acked: 0, failed: 0, inDoubt: 0, invalidSent: 0, failedKeys: [], inDoubtKeys: [] };
      this.topics.set(topic, ledger);
    }
    return ledger;
  }

  sent(topic: string, count: number, invalid: number): void {
    const ledger = this.entry(topic);
    ledger.sent += count;
    ledger.invalidSent += invalid;
  }

  settle(topic: string, recordIds: readonly string[], outcome: Outcome, error?: string): void {
    const ledger = this.entry(topic);
    if (outcome === 'acked') ledger.acked += recordIds.length;
    else if (outcome === 'failed') {
      ledger.failed += recordIds.length;
      ledger.failedKeys.push(...recordIds);
    } else {
      ledger.inDoubt += recordIds.length;
      ledger.inDoubtKeys.push(...recordIds);
    }
    if (error) ledger.lastError = error;
  }

  totals() {
    let sent = 0;
    let acked = 0;
    let failed = 0;
    let inDoubt = 0;
    for (const ledger of this.topics.values()) {
      sent += ledger.sent;
      acked += ledger.acked;
      failed += ledger.failed;
      inDoubt += ledger.inDoubt;
    }
    return { sent, acked, failed, inDoubt, pending: sent - acked - failed - inDoubt };
  }
}
