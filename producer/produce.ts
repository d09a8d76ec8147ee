import { formatDecimal } from '../lib/money.js';
import { describeViolations, eventViolations } from '../lib/schemas/event-rules.js';
import type { EventOf, StreamName } from '../lib/schemas/event-schemas.js';
import { DEFAULT_GENERATOR_OPTIONS, type GeneratorTotals, OrderGenerator } from './generator/generator.js';
import { createRandom } from './generator/random.js';
import { invalidRecord } from './invalid-records.js';
import type { RecordSink } from './kafka-sender.js';
import type { ProduceLedger } from './produce-ledger.js';
import type { ProduceOptions } from './produce-options.js';
import { RateLimiter } from './rate-limiter.js';
import { createRecordBuilder, type OutgoingRecord } from './record-builder.js';

export interface ProgressSnapshot {
  readonly orders: number;
  readonly targetOrders: number | null;
  readonly elapsedMs: number;
  readonly durationMs: number | null;
  readonly records: number;
}

export interface ProduceDeps {
  readonly sink: RecordSink;
  readonly now: () => number;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly onProgress?: (snapshot: ProgressSnapshot) => void;
}

export interface ProduceSummary {
  readonly orders: number;
  readonly records: number;
  readonly interrupted: boolean;
  readonly elapsedMs: number;
  readonly generator: GeneratorTotals;
}

const BATCH_RECORDS = 2_000;
const LINGER_MS = 50;
const MIN_SLEEP_MS = 10;

/** The generated event failed its own schema: a bug in the generator, never sent. */
function assertValid<S extends StreamName>(stream: S, event: EventOf[S]): void {
  const violations = eventViolations(stream, event);
  if (violations.length > 0) {
    // A bug, not the user's situation: runCli reports it as one.
    throw new Error(
      `The generator produced an invalid ${stream} event (nothing of it was sent): ${describeViolations(violations)}. Please report it with the --seed used.`,
    );
  }
}

/**
 * Generates orders and hands their records to the sink, at the requested rate, until the count or
 * duration is reached or `signal` aborts. Every event is validated before it is sent.
 */
export async function produce(options: ProduceOptions, deps: ProduceDeps, signal: AbortSignal): Promise<ProduceSummary> {
  const generator = new OrderGenerator({
    ...DEFAULT_GENERATOR_OPTIONS,
    seed: options.seed,
    startMs: options.startMs,
    ordersPerDay: options.ordersPerDay,
    lateRate: options.lateRate,
    currency: options.currency,
    funnel: options.funnel,
  });
  // Invalid records draw from their own sequence, so valid output is the same with or without them.
  const invalidRandom = createRandom((options.seed + 0x9e3779b9) % 2 ** 32);
  const builder = createRecordBuilder(options.format, options.topicSuffix);
  const serializers = new Map<StreamName, (event: never) => string>();
  const selected = new Set(options.streams);
  const limiter = options.ratePerSecond ? new RateLimiter(options.ratePerSecond, Math.max(1, options.ratePerSecond / 10), deps.now) : null;

  const started = deps.now();
  let orders = 0;
  let records = 0;
  let buffer: OutgoingRecord[] = [];
  let lastFlush = started;

  const emit = <S extends StreamName>(stream: S, events: readonly EventOf[S][]) => {
    if (!selected.has(stream)) return;
    for (const event of events) {
      assertValid(stream, event);
      buffer.push(builder.build(stream, event));
      if (options.invalidRate > 0 && invalidRandom.chance(options.invalidRate)) {
        let serialize = serializers.get(stream);
        if (!serialize) {
          serialize = (value: never) => builder.build(stream, value).value;
          serializers.set(stream, serialize);
        }
        const invalid = invalidRecord(
          stream,
          event,
          builder.topicOf(stream),
          serialize as (value: EventOf[S]) => string,
          invalidRandom,
          options.invalidKinds,
        );
        if (invalid) buffer.push(invalid);
      }
    }
  };
  const sendBuffer = async () => {
    records += buffer.length;
    const batch = buffer;
    buffer = [];
    lastFlush = deps.now();
    await deps.sink.send(batch);
    // After every send, rate-limited or not: the reporter decides how often to show it.
    deps.onProgress?.(snapshot());
  };
  const snapshot = (): ProgressSnapshot => ({
    orders,
    targetOrders: options.count,
    elapsedMs: deps.now() - started,
    durationMs: options.durationMs,
    records: records + buffer.length,
  });

  while (!signal.aborted) {
    if (options.count !== null && orders >= options.count) break;
    if (options.durationMs !== null && deps.now() - started >= options.durationMs) break;
    if (limiter) {
      const wait = limiter.take(1);
      if (wait >= MIN_SLEEP_MS) {
        if (buffer.length > 0) await sendBuffer();
        await deps.sleep(wait, signal);
        if (signal.aborted) break;
      }
    }
    const batch = generator.next();
    orders += 1;
    emit('sales', batch.sales);
    emit('clickstream', batch.clickstream);
    emit('feedback', batch.feedback);
    if (buffer.length >= BATCH_RECORDS || deps.now() - lastFlush >= LINGER_MS) await sendBuffer();
  }
  // Lines held back as late belong to orders already generated: they are sent even after an interrupt.
  emit('sales', generator.drain());
  await sendBuffer();
  await deps.sink.flush();
  deps.onProgress?.(snapshot());
  return { orders, records, interrupted: signal.aborted, elapsedMs: deps.now() - started, generator: { ...generator.totals } };
}

/** The `--report` file: what was produced, per topic, for reconciliation. */
export function renderReport(
  options: ProduceOptions,
  summary: ProduceSummary,
  ledger: ProduceLedger,
  times: { startedAt: string; finishedAt: string },
  /** The Kafka client that sent the records (PRODUCER_CLIENT); null for a dry run. */
  client: string | null = null,
) {
  return {
    ...times,
    client,
    interrupted: summary.interrupted,
    options,
    orders: summary.orders,
    generator: {
      lines: summary.generator.lines,
      units: summary.generator.units,
      revenue: formatDecimal(summary.generator.revenueCents),
      clickstreamEvents: summary.generator.clickstreamEvents,
      feedback: summary.generator.feedback,
    },
    totals: ledger.totals(),
    topics: Object.fromEntries(ledger.topics),
  };
}
