import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { untilStopSignal } from '../../lib/cli/until-stop-signal.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { PipelineError } from '../../lib/errors.js';
import { ensureTopics } from '../../lib/kafka/ensure-topics.js';
import { connectedKafka } from '../../lib/kafka/kafka-client.js';
import { pollUntil } from '../../lib/poll.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { EVENT_SCHEMAS, STREAMS, type StreamName } from '../../lib/schemas/event-schemas.js';
import { TABLE_OF_STREAM } from '../../lib/streams.js';
import { configuredProducerClient } from '../../producer/clients/create-producer-client.js';
import { defaultProduceOptions, type ProduceOptions } from '../../producer/produce-options.js';
import { runProduce } from '../../producer/run-produce.js';
import { loadTrafficProfile } from '../../producer/traffic-profile.js';
import { ConnectClient } from '../connect/connect-client.js';
import { pipelineTopicPlan } from '../connectors/connector-topics.js';
import { renderedConnectorsFor } from '../connectors/load-connectors.js';
import { CONNECTORS_DIR } from '../connectors/read-connector-files.js';
import { managesKafkaEngine } from '../ingest/ingest-mode.js';
import { checkPipeline } from '../pipeline/check-pipeline.js';
import { formatFreshness, freshnessOf } from '../pipeline/freshness.js';
import { loadReportToCheck } from '../pipeline/producer-report.js';
import { normalizeKey } from '../pipeline/reconcile.js';
import { createWarehouse } from '../warehouse/create-warehouse.js';
import type { DemoOptions } from './demo-options.js';
import type { DemoTarget } from './demo-targets.js';
import { startWatcher } from './demo-watcher.js';
import { diagnoseIngestion, diagnoseKafkaEngine } from './diagnose.js';
import { runProjectCommand } from './run-step.js';
import { allLanded, createLandedCounter, describeLanded, type ExpectedRows, type LandedCount } from './wait-landed.js';

export const DEMO_STEPS = [
  'bring the stack up (Kafka, Kafka Connect, the warehouse)',
  'db:migrate: create the warehouse tables and roles',
  'create the topics (event topics: 3 partitions, 7 days; dead-letter topics: 30 days)',
  "connectors:apply: the warehouse's sink connectors, waiting until RUNNING",
  'produce the orders with their clickstream and feedback',
  'wait until the warehouse holds every produced row',
  'KPI report and chart page (npm run kpis)',
  'freshness: from each sales record being sent to its row being written',
  'reconcile every topic with its table (pipeline:check)',
] as const;

export const DEMO_REPORT_FILE = join(REPO_ROOT, 'build', 'demo', 'producer-report.json');

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export interface DemoOutcome {
  readonly landed: LandedCount[];
  readonly wallMs: number;
}

/** Shows the wait as a bar on a terminal, and as a line every few seconds elsewhere. */
function landedProgress(stream: NodeJS.WriteStream, total: number) {
  if (!stream.isTTY) {
    let last = 0;
    return {
      update(counts: LandedCount[], elapsedMs: number) {
        if (elapsedMs - last < 5_000) return;
        last = elapsedMs;
        stream.write(`  [wait] ${describeLanded(counts)} after ${seconds(elapsedMs)}\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: '  {bar} {value}/{total} rows | {detail}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { detail: '' });
  return {
    update(counts: LandedCount[]) {
      bar.update(
        counts.reduce((sum, count) => sum + count.landed, 0),
        { detail: describeLanded(counts) },
      );
    },
    stop: () => bar.stop(),
  };
}

/**
 * The demo on a target (the native stack, or Compose): every step in order, each timed. Leaves the
 * stack as it found it unless `keep` (on failure the stack stays up, to look at).
 */
export async function runDemo(
  options: DemoOptions,
  target: DemoTarget,
  say: (line: string) => void,
  /** With the shop open: resolves when the user is done with it (Ctrl-C). */
  whileShopOpen: () => Promise<string> = untilStopSignal,
): Promise<DemoOutcome> {
  try {
    return await runSteps(options, target, say, whileShopOpen);
  } finally {
    await target.closeShop(); // when a step failed before the end (closing twice is harmless)
  }
}

async function runSteps(
  options: DemoOptions,
  target: DemoTarget,
  say: (line: string) => void,
  whileShopOpen: () => Promise<string>,
): Promise<DemoOutcome> {
  const started = Date.now();
  const { env, dialect } = target;
  let stepNumber = 0;
  const step = async <T>(work: () => Promise<T>): Promise<T> => {
    const title = DEMO_STEPS[stepNumber] as string;
    stepNumber += 1;
    say(`\n[${stepNumber}/${DEMO_STEPS.length}] ${title}`);
    const stepStarted = Date.now();
    const result = await work();
    say(`  done in ${seconds(Date.now() - stepStarted)}`);
    return result;
  };

  await step(() => target.up((line) => say(`  ${line}`)));
  const shopUrl = target.shopUrl();
  if (shopUrl) say(`  demo shop open at ${shopUrl}: browse it while the demo runs; it stays open at the end until Ctrl-C`);

  const config = loadConfig({ env });
  const suffix = config.values.TOPIC_SUFFIX;
  // With ClickHouse consuming the topics itself there are no Connect sinks (nor their dead-letter topics).
  const kafkaEngine = managesKafkaEngine(config, dialect);
  const connectors = kafkaEngine ? [] : renderedConnectorsFor(CONNECTORS_DIR, dialect, config);
  const kafka = await connectedKafka(config, { clientId: 'ecommerce-demo', retries: 8 });

  await step(() => runProjectCommand('npm run db:migrate', 'admin/db-cli.ts', ['migrate'], env));
  await step(async () => {
    const { created, existing } = await ensureTopics(kafka, pipelineTopicPlan(config, connectors));
    if (created.length > 0) say(`  created ${created.join(', ')}`);
    if (existing.length > 0) say(`  already there (left as they are): ${existing.join(', ')}`);
  });
  await step(() => runProjectCommand('npm run connectors:apply', 'admin/connectors-cli.ts', ['apply', '--settle', '3s'], env));
  const watcher = options.watch && !kafkaEngine ? startWatcher(config, kafka, say) : undefined;

  // Produce, remembering every key (per table) and each sales line's send time.
  const expected = new Map<StreamName, Set<string>>(STREAMS.map((stream) => [stream, new Set<string>()]));
  const sentAt = new Map<string, number>();
  const runStarted = new Date();
  const produceOptions: ProduceOptions = {
    ...defaultProduceOptions(options.startMs),
    funnel: loadTrafficProfile(options.profile),
    streams: [...STREAMS],
    count: options.orders,
    seed: options.seed,
    topicSuffix: suffix,
    reportFile: DEMO_REPORT_FILE,
  };
  await step(async () => {
    const start = new Date(options.startMs).toISOString();
    say(`  ${options.orders} orders, seed ${options.seed} (npm run demo -- --seed ${options.seed} --start ${start} repeats exactly these)`);
    const { ledger, report } = await runProduce(produceOptions, {
      kafka,
      client: await configuredProducerClient(config.values, kafka, 'ecommerce-demo'),
      progress: process.stderr,
      onSend: (records, sentAtMs) => {
        for (const record of records) {
          if (record.invalidKind) continue;
          const key = normalizeKey(record.recordId);
          expected.get(record.stream)?.add(key);
          if (record.stream === 'sales') sentAt.set(key, sentAtMs);
        }
      },
    });
    const totals = ledger.totals();
    say(
      `  ${totals.sent} records sent: ${totals.acked} acknowledged, ${totals.failed} failed, ${totals.inDoubt} in doubt; revenue ${report.generator.revenue}. Report: ${DEMO_REPORT_FILE}`,
    );
    // Records the broker did not acknowledge may never arrive: wait only for the acknowledged ones.
    for (const entry of ledger.topics.values()) {
      for (const key of [...entry.failedKeys, ...entry.inDoubtKeys]) {
        for (const keys of expected.values()) keys.delete(normalizeKey(key));
      }
    }
  });

  const warehouse = createWarehouse(config, dialect);
  await warehouse.connect();
  let succeeded = false;
  try {
    const expectedRows: ExpectedRows[] = STREAMS.map((stream) => ({
      table: TABLE_OF_STREAM[stream],
      idFields: EVENT_SCHEMAS[stream]['x-idempotency-key'],
      keys: expected.get(stream) as Set<string>,
    }));
    const landed = await step(async () => {
      const count = createLandedCounter(warehouse, expectedRows, new Date(runStarted.getTime() - 5_000));
      const total = expectedRows.reduce((sum, rows) => sum + rows.keys.size, 0);
      const progress = landedProgress(process.stderr, total);
      const waitStarted = Date.now();
      let counts: LandedCount[] = [];
      await pollUntil(
        async () => {
          counts = await count();
          progress.update(counts, Date.now() - waitStarted);
          return allLanded(counts) ? true : undefined;
        },
        { timeoutMs: options.timeoutMs, intervalMs: 1_000 },
      );
      progress.stop();
      if (!allLanded(counts)) {
        say(`  Not everything arrived within ${seconds(options.timeoutMs)}: ${describeLanded(counts)}. Diagnosis:`);
        const diagnosis = kafkaEngine
          ? await diagnoseKafkaEngine(config, kafka)
          : await diagnoseIngestion(new ConnectClient(config.values.CONNECT_URL), kafka, connectors);
        for (const line of diagnosis) {
          say(`    ${line}`);
        }
        throw new PipelineError(
          'SERVICE_TIMEOUT',
          `The warehouse did not receive every produced row within ${seconds(options.timeoutMs)} (see the diagnosis above). The stack is left running to look at; raise --timeout on a slow machine.`,
        );
      }
      say(`  all ${total} rows landed: ${describeLanded(counts)}`);
      return counts;
    });

    await step(() => runProjectCommand('npm run kpis', 'admin/kpis-cli.ts', [], env));

    await step(async () => {
      const rows = await warehouse.ingestedSince(
        'sales_lines',
        EVENT_SCHEMAS.sales['x-idempotency-key'],
        new Date(runStarted.getTime() - 5_000),
      );
      const freshness = freshnessOf(sentAt, rows);
      if (freshness) {
        say(`  send → row written (ingested_at), over ${freshness.samples} sales lines: ${formatFreshness(freshness)}`);
        say('  The demo sends as fast as it can, so these include the queue behind the burst; steady-rate figures: bench/RESULTS.md.');
      } else say('  No new rows to time: every key existed before (an earlier run with the same --seed).');
    });

    await step(async () => {
      const check = await checkPipeline(config, dialect, await loadReportToCheck(DEMO_REPORT_FILE));
      for (const stream of check.streams) {
        say(
          `  ${stream.topic} → ${stream.table}: ${stream.topicKeys} keys, ${stream.landed} landed, ${stream.deadLettered.length} dead-lettered, ${stream.missing.length} missing, ${stream.extra.length} extra`,
        );
      }
      say(
        check.ok
          ? '  Nothing missing, nothing extra, and the producer report agrees.'
          : '  Differences found (rows loaded another way, or deleted topics?): run npm run pipeline:check for the keys.',
      );
    });

    const wallMs = Date.now() - started;
    say(`\nDemo done in ${seconds(wallMs)}.`);
    succeeded = true;
    if (shopUrl) {
      say(`\nThe demo shop is open: ${shopUrl}`);
      say('  Every click, order and rating there lands in the warehouse: npm run kpis (in another terminal) counts them.');
      say(`  Ctrl-C closes the shop${options.keep ? '' : ' and stops what the demo started'}.`);
      const signal = await whileShopOpen();
      say(`${signal}: closing the shop.`);
    }
    return { landed, wallMs };
  } finally {
    await watcher?.stop();
    await warehouse.close();
    await target.closeShop(); // before release, which may stop Kafka under it
    if (succeeded && !options.keep) await target.release(say);
  }
}
