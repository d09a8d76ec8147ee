import { Command, Option } from 'commander';
import type { Kafka } from 'kafkajs';
import { EXIT, runCli } from '../lib/cli/run-cli.js';
import { duration, instantOf, listOf, numberOption, rate } from '../lib/cli/value-parsers.js';
import { loadConfig } from '../lib/config/load-config.js';
import type { ResolvedConfig } from '../lib/config/resolve-config.js';
import { ensureTopics } from '../lib/kafka/ensure-topics.js';
import { connectedKafka } from '../lib/kafka/kafka-client.js';
import { DEFAULT_PARTITIONS, planTopics } from '../lib/kafka/topic-plan.js';
import { requireOutputPath } from '../lib/output-path.js';
import { EVENT_SCHEMAS, STREAMS } from '../lib/schemas/event-schemas.js';
import { configuredProducerClient } from './clients/create-producer-client.js';
import { INVALID_KINDS, type InvalidKind } from './invalid-records.js';
import {
  DEFAULT_COUNT,
  type FunnelOverride,
  type ProduceOptions,
  parseFunnel,
  parseInvalidKinds,
  validateProduceOptions,
} from './produce-options.js';
import { DEFAULT_FORMAT, FORMATS } from './record-builder.js';
import { runProduce } from './run-produce.js';
import { DEFAULT_TRAFFIC_PROFILE, loadTrafficProfile, TRAFFIC_PROFILES } from './traffic-profile.js';

interface RawOptions {
  stream: string[];
  count?: number;
  duration?: number;
  rate?: number;
  seed: number;
  format: string;
  dryRun: boolean;
  invalidRate: number;
  invalidKinds: InvalidKind[];
  report?: string;
  partitions: number;
  start: string;
  ordersPerDay: number;
  lateRate: number;
  currency: string;
  topicSuffix?: string;
  profile: string;
  funnel?: FunnelOverride;
}

function toOptions(raw: RawOptions, nowMs: number, config: ResolvedConfig): ProduceOptions {
  const count = raw.count ?? (raw.duration === undefined ? DEFAULT_COUNT : null);
  return validateProduceOptions({
    streams: raw.stream,
    count,
    durationMs: raw.duration ?? null,
    ratePerSecond: raw.rate ?? null,
    seed: raw.seed,
    format: raw.format,
    dryRun: raw.dryRun,
    invalidRate: raw.invalidRate,
    invalidKinds: raw.invalidKinds,
    reportFile: raw.report ?? null,
    partitions: raw.partitions,
    startMs: instantOf(raw.start, nowMs, '--start'),
    ordersPerDay: raw.ordersPerDay,
    lateRate: raw.lateRate,
    currency: raw.currency,
    topicSuffix: raw.topicSuffix ?? config.values.TOPIC_SUFFIX,
    // The profile, then what --funnel says of its first four rates.
    funnel: { ...loadTrafficProfile(raw.profile), ...raw.funnel },
  });
}

const program = new Command('produce')
  .description('Generate seeded e-commerce events (sales lines, clickstream, feedback) and send them to Kafka.')
  .addOption(
    new Option('--stream <names>', `streams to send, comma-separated: ${STREAMS.join(', ')}`)
      .default(['sales', 'clickstream'], 'sales,clickstream')
      .argParser(listOf),
  )
  .addOption(
    new Option(
      '--count <orders>',
      `orders to generate (their lines, sessions and feedback follow) [default: ${DEFAULT_COUNT} unless --duration]`,
    ).argParser(numberOption('--count', { integer: true })),
  )
  .addOption(new Option('--duration <time>', 'run for a time instead of a count: 30s, 10m, 1h30m').argParser(duration('--duration')))
  .addOption(
    new Option(
      '--rate <rate>',
      'orders per second, steady with a bounded burst: 500/s, 30000/min [default: as fast as possible]',
    ).argParser(rate('--rate')),
  )
  .addOption(
    new Option('--seed <n>', 'random seed: the same seed and options give identical events')
      .default(1)
      .argParser(numberOption('--seed', { integer: true })),
  )
  .addOption(
    new Option(
      '--format <format>',
      'record value format: connect-payload (the Connect payload alone, as the connector files read it: their JsonConverter is given the schema), connect-json (the whole envelope, schema in every record), json (plain)',
    )
      .choices(FORMATS)
      .default(DEFAULT_FORMAT),
  )
  .option('--dry-run', 'write NDJSON records to stdout instead of Kafka', false)
  .addOption(
    new Option('--invalid-rate <p>', 'probability of an extra malformed record after each valid one (dead-letter tests; header x-invalid)')
      .default(0)
      .argParser(numberOption('--invalid-rate', { integer: false })),
  )
  .addOption(
    new Option('--invalid-kinds <kinds>', `kinds of malformed record to draw from, comma-separated: ${INVALID_KINDS.join(', ')}`)
      .default([...INVALID_KINDS], INVALID_KINDS.join(','))
      .argParser(parseInvalidKinds),
  )
  .option('--report <file>', 'write a JSON report per topic: sent, acknowledged, failed and in-doubt keys')
  .addOption(
    new Option('--partitions <n>', 'partitions for topics that do not exist yet')
      .default(DEFAULT_PARTITIONS)
      .argParser(numberOption('--partitions', { integer: true })),
  )
  .addOption(new Option('--start <time>', 'event time of the first order: ISO-8601, "now" or "now-<duration>"').default('now-1d'))
  .addOption(
    new Option('--orders-per-day <n>', 'simulated order volume; sets the spacing of event times')
      .default(5000)
      .argParser(numberOption('--orders-per-day', { integer: false })),
  )
  .addOption(
    new Option('--late-rate <p>', "probability that an order's lines are sent late, after later orders")
      .default(0)
      .argParser(numberOption('--late-rate', { integer: false })),
  )
  .option('--currency <code>', 'ISO 4217 currency of every price', 'USD')
  .option(
    '--profile <name|file>',
    `traffic around each order: ${TRAFFIC_PROFILES.join(' (about 160 clickstream events per order) or ')} (about 14, for tests), or a JSON file checked against producer/profiles/traffic-profile.schema.json`,
    DEFAULT_TRAFFIC_PROFILE,
  )
  .addOption(
    new Option(
      '--funnel <rates>',
      "override the profile's non-buying sessions per order, then their product-view, add-to-cart and checkout rates, e.g. 39,0.55,0.11,0.35",
    ).argParser(parseFunnel),
  )
  .option(
    '--topic-suffix <suffix>',
    'append to every topic name, to keep environments or tests apart on one cluster [default: TOPIC_SUFFIX]',
  )
  .addHelpText(
    'after',
    `
Topics: ${STREAMS.map((stream) => `${stream} → ${EVENT_SCHEMAS[stream]['x-topic']} (key ${EVENT_SCHEMAS[stream]['x-kafka-key']})`).join(', ')}.
Brokers: KAFKA_BROKERS (env, .env, or the native stack's endpoints file).
Exit codes: 0 all records acknowledged, 1 some failed or in doubt (see --report), 2 bad options.

Examples:
  npm run produce -- --count 5000
  npm run produce -- --duration 10m --rate 200/s --stream sales,clickstream,feedback
  npm run produce -- --count 3 --dry-run --format json
  npm run produce -- --count 1000 --profile compact         # about 14 clickstream events per order instead of 160`,
  )
  .action(async (raw: RawOptions) => {
    const config = loadConfig();
    const options = toOptions(raw, Date.now(), config);
    const abort = new AbortController();
    let signals = 0;
    let sending = false;
    const onSignal = (name: string) => {
      signals += 1;
      if (!sending) {
        process.stderr.write(`\n${name}: stopping; nothing was sent yet.\n`);
        abort.abort();
        return;
      }
      if (signals > 1) {
        process.stderr.write(`Second ${name}: exiting without waiting; unacknowledged records are unaccounted for.\n`);
        process.exit(EXIT.FAILED);
      }
      process.stderr.write(`\n${name}: stopped generating; waiting for in-flight records (again to force quit)…\n`);
      abort.abort();
    };
    process.on('SIGINT', () => onSignal('SIGINT'));
    process.on('SIGTERM', () => onSignal('SIGTERM'));

    // Checked before anything is sent, so a bad path never leaves records in Kafka without their report.
    if (options.reportFile) requireOutputPath(options.reportFile, 'file', '--report');
    let kafka: Kafka | undefined;
    if (!options.dryRun) {
      process.stderr.write(`Connecting to Kafka at ${config.values.KAFKA_BROKERS} (KAFKA_BROKERS)…\n`);
      kafka = await connectedKafka(config, { clientId: 'ecommerce-producer', retries: 8, signal: abort.signal });
      const plan = planTopics({ suffix: options.topicSuffix, streams: options.streams, partitions: options.partitions });
      const { created } = await ensureTopics(kafka, plan);
      if (created.length > 0) process.stderr.write(`Created topic(s) ${created.join(', ')} with ${options.partitions} partition(s).\n`);
    }
    sending = true;
    const { summary, ledger, report } = await runProduce(options, {
      kafka,
      client: kafka ? await configuredProducerClient(config.values, kafka, 'ecommerce-producer') : undefined,
      progress: process.stderr,
      signal: abort.signal,
    });

    const seconds = (summary.elapsedMs / 1000).toFixed(1);
    const totals = ledger.totals();
    const summaryLine = options.dryRun
      ? `${summary.orders} orders, ${summary.records} records written as NDJSON in ${seconds} s (${(report.generator.clickstreamEvents / Math.max(1, summary.orders)).toFixed(1)} clickstream events per order).`
      : `${summary.orders} orders, ${totals.sent} records sent in ${seconds} s: ${totals.acked} acknowledged, ${totals.failed} failed, ${totals.inDoubt} in doubt.${summary.interrupted ? ' (interrupted)' : ''}`;
    process.stderr.write(`${summaryLine}${options.reportFile ? ` Report: ${options.reportFile}` : ''}\n`);
    for (const [topic, entry] of ledger.topics) {
      if (entry.lastError) process.stderr.write(`  ${topic}: last error: ${entry.lastError}\n`);
    }
    process.exitCode = totals.failed + totals.inDoubt > 0 ? EXIT.FAILED : EXIT.OK;
  });

await runCli(program);
