import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { describeCause, PipelineError } from '../lib/errors.js';
import { kafkajsClient } from './clients/kafkajs-client.js';
import type { ProducerClient } from './clients/producer-session.js';
import { KafkaSender, type RecordSink, type SendListener } from './kafka-sender.js';
import { NdjsonSink } from './ndjson-sink.js';
import { type ProduceSummary, produce, renderReport } from './produce.js';
import { ProduceLedger } from './produce-ledger.js';
import type { ProduceOptions } from './produce-options.js';
import { createProgressReporter } from './progress.js';

export interface ProduceWiring {
  /** Where records go; with `dryRun` they are written as NDJSON to stdout instead. */
  readonly kafka?: Kafka;
  /** The client records are sent with (PRODUCER_CLIENT: configuredProducerClient); kafkajs over `kafka` when absent. */
  readonly client?: ProducerClient;
  /** Told of every batch as it is handed to Kafka (the demo remembers keys and send times with it). */
  readonly onSend?: SendListener;
  /** Progress bar or log lines on this stream; none when absent. */
  readonly progress?: NodeJS.WriteStream;
  /** Wraps the sink, e.g. to count bytes (benchmarks). */
  readonly wrapSink?: (sink: RecordSink) => RecordSink;
  /** A ledger to watch while the run goes on (benchmarks sample it); a new one otherwise. */
  readonly ledger?: ProduceLedger;
  /** Abort to stop generating; what is in flight still settles. */
  readonly signal?: AbortSignal;
}

export interface ProduceRun {
  readonly summary: ProduceSummary;
  readonly ledger: ProduceLedger;
  readonly report: ReturnType<typeof renderReport>;
}

function writeReport(file: string, report: ProduceRun['report']): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  } catch (error) {
    throw new PipelineError('OUTPUT_UNWRITABLE', `Cannot write the report ${file}: ${describeCause(error)}.`, { cause: error });
  }
}

/**
 * The producer, assembled once: sender (or NDJSON for a dry run), ledger, progress, the generation
 * loop and the report (written to `options.reportFile` when set). Used by `npm run produce`, the demo
 * and the benchmarks. Topics are the caller's business (lib/kafka/topic-plan.ts).
 */
export async function runProduce(options: ProduceOptions, wiring: ProduceWiring): Promise<ProduceRun> {
  const startedAt = new Date().toISOString();
  const ledger = wiring.ledger ?? new ProduceLedger();
  let sink: RecordSink;
  let clientName: string | null = null;
  if (options.dryRun) sink = new NdjsonSink(process.stdout);
  else if (wiring.kafka) {
    const client = wiring.client ?? kafkajsClient(wiring.kafka);
    clientName = client.name;
    sink = await KafkaSender.connect(wiring.kafka, client, ledger, { onSend: wiring.onSend });
  } else throw new Error('runProduce needs a Kafka client unless it is a dry run.');
  if (wiring.wrapSink) sink = wiring.wrapSink(sink);
  const progress = wiring.progress ? createProgressReporter(wiring.progress, options.dryRun ? undefined : ledger) : undefined;
  const summary = await produce(
    options,
    {
      sink,
      now: () => Date.now(),
      sleep: (ms, signal) => delay(ms, undefined, { signal }).catch(() => undefined),
      onProgress: progress ? (snapshot) => progress.update(snapshot) : undefined,
    },
    wiring.signal ?? new AbortController().signal,
  );
  await sink.close();
  progress?.stop();
  const report = renderReport(options, summary, ledger, { startedAt, finishedAt: new Date().toISOString() }, clientName);
  if (options.reportFile) writeReport(options.reportFile, report);
  return { summary, ledger, report };
}
