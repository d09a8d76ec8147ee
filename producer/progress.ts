import cliProgress from 'cli-progress';
import type { ProgressSnapshot } from './produce.js';
import type { ProduceLedger } from './produce-ledger.js';

export interface ProgressReporter {
  update(snapshot: ProgressSnapshot): void;
  stop(): void;
}

const perSecond = (count: number, elapsedMs: number) => (elapsedMs > 0 ? Math.round((count * 1000) / elapsedMs) : 0);

const clock = (ms: number) => {
  const seconds = Math.round(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
};

/** Pure: how long the run still takes at its pace so far ("" until there is a pace to go by). */
export function remaining(snapshot: ProgressSnapshot): string {
  if (snapshot.durationMs !== null) return ` | ${clock(Math.max(0, snapshot.durationMs - snapshot.elapsedMs))} left`;
  if (snapshot.targetOrders === null || snapshot.orders === 0 || snapshot.elapsedMs <= 0) return '';
  const msPerOrder = snapshot.elapsedMs / snapshot.orders;
  return ` | about ${clock((snapshot.targetOrders - snapshot.orders) * msPerOrder)} left`;
}

/** Pure: one progress line. */
export function progressLine(snapshot: ProgressSnapshot, ledger: ProduceLedger | undefined): string {
  const totals = ledger?.totals();
  const target = snapshot.targetOrders !== null ? `/${snapshot.targetOrders}` : '';
  const sent = totals ? ` | sent ${totals.sent} acked ${totals.acked} failed ${totals.failed + totals.inDoubt}` : '';
  return `orders ${snapshot.orders}${target}${sent} | ${perSecond(snapshot.records, snapshot.elapsedMs)} records/s${remaining(snapshot)}`;
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
        stream.write(`[produce] ${progressLine(snapshot, ledger)}\n`);
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
        bar.start(total, value, { detail: progressLine(snapshot, ledger) });
        started = true;
      }
      bar.update(Math.min(value, total), { detail: progressLine(snapshot, ledger) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
