import cliProgress from 'cli-progress';
import type { ProgressSnapshot } from './produce.js';
import type { ProduceLedger } from './produce-ledger.js';

export interface ProgressReporter {
  update(snapshot: ProgressSnapshot): void;
  stop(): void;
}

const perSecond = (count: number, elapsedMs: number) => (elapsedMs > 0 ? Math.round((count * 1000) / elapsedMs) : 0);

function line(snapshot: ProgressSnapshot, ledger: ProduceLedger | undefined): string {
  const totals = ledger?.totals();
  const target = snapshot.targetOrders !== null ? `/${snapshot.targetOrders}` : '';
  const sent = totals ? ` | sent ${totals.sent} acked ${totals.acked} failed ${totals.failed + totals.inDoubt}` : '';
  return `orders ${snapshot.orders}${target}${sent} | ${perSecond(snapshot.records, snapshot.elapsedMs)} records/s`;
}

/** A progress bar on a terminal; elsewhere (CI, pipes) a log line every `intervalMs`. */
export function createProgressReporter(
  stream: NodeJS.WriteStream,
  ledger: ProduceLedger | undefined,
  intervalMs = 5_000,
): ProgressReporter {
  if (!stream.isTTY) {
    let lastLog = 0;
    return {
      update(snapshot) {
        if (snapshot.elapsedMs - lastLog < intervalMs) return;
        lastLog = snapshot.elapsedMs;
        stream.write(`[produce] ${line(snapshot, ledger)}\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: '{bar} {percentage}% | {detail} | ETA {eta_formatted}', hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(snapshot) {
      const total = snapshot.targetOrders ?? Math.max(1, Math.round((snapshot.durationMs ?? 1) / 1000));
      const value = snapshot.targetOrders !== null ? snapshot.orders : Math.round(snapshot.elapsedMs / 1000);
      if (!started) {
        bar.start(total, value, { detail: line(snapshot, ledger) });
        started = true;
      }
      bar.update(Math.min(value, total), { detail: line(snapshot, ledger) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
