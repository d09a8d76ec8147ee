/**
 * Producer throughput, in one run on one broker:
 *   1. generation alone, 2. + validation, 3. + Connect-envelope serialization (all in-process),
 *   4. the project's producer path to Kafka (idempotent, acks=all, gzip) with each client
 *      (producer/clients: kafkajs, @platformatic/kafka, @confluentinc/kafka-javascript when
 *      installed with `npm run producer:install-confluent`), one after the other,
 *   5. Kafka's own ProducerPerformance (same jars as the broker) sending the very same serialized
 *      records (--payload-file), same acks, idempotence and compression.
 * Usage: npm run bench:producer [-- --records 200000] [-- --clients kafkajs,platformatic,confluent] [-- --format connect-payload|connect-json]
 * (needs the native stack: npm run stack:up)
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../lib/config/load-config.js';
import { ensureTopics } from '../lib/kafka/ensure-topics.js';
import { createKafka } from '../lib/kafka/kafka-client.js';
import { PRODUCER_CLIENTS, type ProducerClientName } from '../lib/kafka/producer-clients.js';
import { planTopics } from '../lib/kafka/topic-plan.js';
import { REPO_ROOT } from '../lib/repo-root.js';
import { eventViolations } from '../lib/schemas/event-rules.js';
import type { StreamName } from '../lib/streams.js';
import { createProducerClient } from '../producer/clients/create-producer-client.js';
import { DEFAULT_GENERATOR_OPTIONS, OrderGenerator } from '../producer/generator/generator.js';
import { COMPACT_FUNNEL } from '../producer/generator/traffic-profiles.js';
import type { RecordSink } from '../producer/kafka-sender.js';
import { defaultProduceOptions, type ProduceOptions } from '../producer/produce-options.js';
import { createRecordBuilder, DEFAULT_FORMAT, FORMATS, type OutgoingRecord, type RecordFormat } from '../producer/record-builder.js';
import { runProduce } from '../producer/run-produce.js';
import { stackPaths } from '../stack/stack-paths.js';
import { stackSettingsFrom } from '../stack/stack-settings.js';
import { benchArgument } from './bench-args.js';
import { describeMachine, today } from './machine.js';
import { appendResults } from './results-file.js';

const RECORDS = Number(process.argv[process.argv.indexOf('--records') + 1]) || 200_000;
/** The record format of every stage (the producer's --format); what the producer writes by default. */
const FORMAT = benchArgument('--format', DEFAULT_FORMAT) as RecordFormat;
if (!FORMATS.includes(FORMAT)) throw new Error(`bench: --format ${FORMAT} is not one of ${FORMATS.join(', ')}`);
const FORMAT_NAMES: Record<RecordFormat, string> = {
  'connect-payload': 'Connect payloads',
  'connect-json': 'Connect JSON envelopes',
  json: 'plain JSON',
};

const CLIENTS = benchArgument('--clients', PRODUCER_CLIENTS.join(','))
  .split(',')
  .map((name) => name.trim())
  .filter((name): name is ProducerClientName => (PRODUCER_CLIENTS as readonly string[]).includes(name));
const START = Date.parse('2025-01-01T00:00:00.000Z');
const run = promisify(execFile);

const seconds = (ms: number) => ms / 1000;
const rate = (count: number, ms: number) => Math.round(count / seconds(ms));

function timeGeneration(validate: boolean, serialize: boolean) {
  const generator = new OrderGenerator({ ...DEFAULT_GENERATOR_OPTIONS, funnel: COMPACT_FUNNEL, seed: 1, startMs: START });
  const builder = createRecordBuilder(FORMAT);
  const started = performance.now();
  let records = 0;
  let bytes = 0;
  const values: string[] = [];
  while (records < RECORDS) {
    const batch = generator.next();
    for (const [stream, events] of [
      ['sales', batch.sales],
      ['clickstream', batch.clickstream],
    ] as const) {
      for (const event of events) {
        if (validate) eventViolations(stream, event);
        if (serialize) {
          const record = builder.build(stream, event as never);
          bytes += record.value.length + record.key.length;
          if (values.length < 20_000) values.push(record.value);
        }
        records += 1;
      }
    }
  }
  return { ms: performance.now() - started, records, bytes, values };
}

const BENCH_STREAMS: readonly StreamName[] = ['sales', 'clickstream'];

class CountingSink implements RecordSink {
  bytes = 0;
  constructor(private readonly inner: RecordSink) {}
  async send(records: readonly OutgoingRecord[]) {
    for (const record of records) this.bytes += record.value.length + record.key.length;
    await this.inner.send(records);
  }
  flush() {
    return this.inner.flush();
  }
  close() {
    return this.inner.close();
  }
}

async function timeProducer(brokers: string, clientName: ProducerClientName, suffix: string) {
  const kafka = createKafka({ brokers, clientId: 'bench-producer' });
  const client = await createProducerClient(clientName, { kafka, brokers, clientId: 'bench-producer' });
  await ensureTopics(kafka, planTopics({ suffix, streams: BENCH_STREAMS }));
  let counting: CountingSink | undefined;
  // ~16 records per order with the default streams: enough orders for RECORDS records.
  const options: ProduceOptions = {
    ...defaultProduceOptions(START),
    format: FORMAT,
    funnel: COMPACT_FUNNEL,
    streams: [...BENCH_STREAMS],
    count: Math.ceil(RECORDS / 15.5),
    topicSuffix: suffix,
  };
  const started = performance.now();
  const { summary, ledger } = await runProduce(options, {
    kafka,
    client,
    wrapSink: (sink) => {
      counting = new CountingSink(sink);
      return counting;
    },
  });
  const ms = performance.now() - started;
  const totals = ledger.totals();
  if (totals.acked !== totals.sent) throw new Error(`bench: only ${totals.acked} of ${totals.sent} acknowledged`);
  return { ms, records: summary.records, bytes: counting?.bytes ?? 0 };
}

async function timeJavaTool(brokers: string, libs: string, payloadFile: string, records: number, topic: string) {
  const kafka = createKafka({ brokers });
  await ensureTopics(kafka, [{ name: topic, partitions: 3, replicationFactor: -1, configs: {}, purpose: 'events' }]);
  const { stdout } = await run(
    'java',
    [
      '-Xmx512m',
      '-cp',
      join(libs, '*'),
      'org.apache.kafka.tools.ProducerPerformance',
      '--topic',
      topic,
      '--num-records',
      String(records),
      '--payload-file',
      payloadFile,
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${brokers}`,
      'acks=all',
      'enable.idempotence=true',
      'compression.type=gzip',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const last = stdout.trim().split('\n').pop() ?? '';
  const match = /([\d.]+) records\/sec \(([\d.]+) MB\/sec\)/.exec(last);
  if (!match) throw new Error(`cannot read ProducerPerformance output: ${last}`);
  return { recordsPerSecond: Number(match[1]), mbPerSecond: Number(match[2]), line: last };
}

const config = loadConfig();
const brokers = config.values.KAFKA_BROKERS;
const paths = stackPaths(stackSettingsFrom(config).stackDir);
const suffix = `-bench-${Date.now()}`;

const generation = timeGeneration(false, false);
const validated = timeGeneration(true, false);
const serialized = timeGeneration(true, true);
const work = mkdtempSync(join(tmpdir(), 'bench-'));
const payloadFile = join(work, 'payloads.txt');
writeFileSync(payloadFile, serialized.values.join('\n'));
const averageRecordBytes = Math.round(serialized.bytes / serialized.records);

async function timeDryRun(orders: number) {
  const started = performance.now();
  const { stderr } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      join(REPO_ROOT, 'producer', 'cli.ts'),
      '--dry-run',
      '--profile',
      'compact',
      '--count',
      String(orders),
      '--seed',
      '1',
    ],
    {
      maxBuffer: 1024 * 1024 * 1024,
    },
  );
  const records = Number(/(\d+) records written/.exec(stderr)?.[1]);
  return { ms: performance.now() - started, records };
}

const dryRun = await timeDryRun(Math.ceil(RECORDS / 15.5));
interface ClientRun {
  readonly name: ProducerClientName;
  readonly records: number;
  readonly rate: number;
  readonly mb: number;
}
const clientRuns: ClientRun[] = [];
const skipped: string[] = [];
for (const name of CLIENTS) {
  try {
    const ours = await timeProducer(brokers, name, `${suffix}-${name}`);
    clientRuns.push({ name, records: ours.records, rate: rate(ours.records, ours.ms), mb: ours.bytes / 1024 / 1024 / seconds(ours.ms) });
    process.stderr.write(`bench: ${name} ${clientRuns.at(-1)?.rate} records/s\n`);
  } catch (error) {
    skipped.push(`${name} (${error instanceof Error ? error.message : String(error)})`);
  }
}
const first = clientRuns[0];
if (!first) throw new Error(`bench: no producer client could run: ${skipped.join('; ')}`);
const java = await timeJavaTool(brokers, paths.kafkaLibs, payloadFile, first.records, `bench-perf${suffix}`);
const best = clientRuns.reduce((a, b) => (b.rate > a.rate ? b : a));

const admin = createKafka({ brokers }).admin();
await admin.connect();
await admin
  .deleteTopics({
    topics: [
      ...clientRuns.flatMap((run) => planTopics({ suffix: `${suffix}-${run.name}`, streams: BENCH_STREAMS }).map((spec) => spec.name)),
      `bench-perf${suffix}`,
    ],
  })
  .catch(() => undefined);
await admin.disconnect();

const lines = [
  `## Producer throughput — ${today()}`,
  '',
  `Machine: ${describeMachine()}. Broker: the native stack's Kafka (one KRaft node, localhost). ${first.records} records, average ${averageRecordBytes} bytes (${FORMAT_NAMES[FORMAT]} of sales lines and clickstream events), acks=all, idempotent, gzip.`,
  '',
  '| stage | records/s | MB/s |',
  '| --- | ---: | ---: |',
  `| 1. generation alone (in-process) | ${rate(generation.records, generation.ms)} | — |`,
  `| 2. + schema validation | ${rate(validated.records, validated.ms)} | — |`,
  `| 3. + serialization (${FORMAT_NAMES[FORMAT]}) | ${rate(serialized.records, serialized.ms)} | ${(serialized.bytes / 1024 / 1024 / seconds(serialized.ms)).toFixed(1)} |`,
  `| CLI \`--dry-run\` (NDJSON to a pipe, process start included) | ${rate(dryRun.records, dryRun.ms)} | — |`,
  ...clientRuns.map(
    (run) => `| 4. **our producer to Kafka, ${run.name}** (stages 1–3 included) | **${run.rate}** | ${run.mb.toFixed(1)} |`,
  ),
  `| 5. **Kafka ProducerPerformance** (Java, same payloads) — baseline | **${Math.round(java.recordsPerSecond)}** | ${java.mbPerSecond.toFixed(1)} |`,
  '',
  `Ratio ours / Java: ${clientRuns.map((run) => `${run.name} **${(run.rate / java.recordsPerSecond).toFixed(2)}×**`).join(', ')} (goal ≥ 0.9×).${skipped.length > 0 ? ` Not measured: ${skipped.join('; ')}.` : ''} Where our time goes per record: generation ${(1e6 / rate(generation.records, generation.ms)).toFixed(1)} µs, validation ${(1e6 / rate(validated.records, validated.ms) - 1e6 / rate(generation.records, generation.ms)).toFixed(1)} µs, serialization ${(1e6 / rate(serialized.records, serialized.ms) - 1e6 / rate(validated.records, validated.ms)).toFixed(1)} µs, client and broker with the fastest client (${best.name}) ${(1e6 / best.rate - 1e6 / rate(serialized.records, serialized.ms)).toFixed(1)} µs.`,
  '',
  `Java tool's summary: \`${java.line}\``,
  '',
];
appendResults(lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n`);
