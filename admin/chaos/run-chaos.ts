import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Admin } from 'kafkajs';
import { loadConfig } from '../../lib/config/load-config.js';
import { describeCause, PipelineError } from '../../lib/errors.js';
import { ensureTopics } from '../../lib/kafka/ensure-topics.js';
import { connectedKafka } from '../../lib/kafka/kafka-client.js';
import { pollUntil } from '../../lib/poll.js';
import { STREAMS } from '../../lib/schemas/event-schemas.js';
import { eventTopics, topicOf } from '../../lib/streams.js';
import { configuredProducerClient } from '../../producer/clients/create-producer-client.js';
import { COMPACT_FUNNEL } from '../../producer/generator/traffic-profiles.js';
import { defaultProduceOptions } from '../../producer/produce-options.js';
import { runProduce } from '../../producer/run-produce.js';
import { stackServices } from '../../stack/services/all-services.js';
import type { StackContext } from '../../stack/services/service.js';
import { pidStateOf } from '../../stack/stack-controller.js';
import { ConnectClient } from '../connect/connect-client.js';
import { pipelineTopicPlan } from '../connectors/connector-topics.js';
import { renderedConnectorsFor } from '../connectors/load-connectors.js';
import { CONNECTORS_DIR } from '../connectors/read-connector-files.js';
import { startWatcher } from '../demo/demo-watcher.js';
import { runProjectCommand } from '../demo/run-step.js';
import { ingestNameOf } from '../ingest/clickhouse-ingest.js';
import { checkPipeline } from '../pipeline/check-pipeline.js';
import { loadReportToCheck } from '../pipeline/producer-report.js';
import { normalizeKey } from '../pipeline/reconcile.js';
import { createRunDatabase } from './chaos-pipeline.js';
import { buildChaosReport, type ChaosReport, renderChaosReport } from './chaos-report.js';
import { describeSchedule, planChaos } from './chaos-schedule.js';
import { sinkBacklog, underReplicatedPartitions } from './cluster-probes.js';
import { sampleBacklog, waitDrained } from './drain.js';
import { runFaults } from './run-faults.js';
import { sentRecords } from './sent-records.js';
import { restoreNodes, stackFaultActions } from './stack-fault-actions.js';
import { tableTotals } from './table-totals.js';

export interface ChaosOptions {
  readonly seed: number;
  readonly durationMs: number;
  /** Orders per second (each with its lines, clickstream and feedback). */
  readonly ratePerSecond: number;
  readonly warehouse: 'postgres' | 'clickhouse';
  readonly reportFile: string;
  readonly drainTimeoutMs: number;
  /** Leave the run's connectors, topics and database in place for a look afterwards. */
  readonly keep: boolean;
  /** Aborted (Ctrl-C): traffic and faults stop, every node is restored, nothing is judged. */
  readonly signal?: AbortSignal;
}

/** The stack must be a running cluster: three brokers or more (one may be down), every node up. */
export function requireCluster(context: StackContext, warehouse: 'postgres' | 'clickhouse'): void {
  const { topology } = context;
  if (topology.brokers < 3) {
    throw new PipelineError(
      'USAGE',
      `npm run chaos needs a cluster of 3 or more brokers, and the stack in ${context.paths.root} has ${topology.brokers}. Start one beside it: STACK_DIR=.stack-cluster STACK_KAFKA_PORT=29092 STACK_KAFKA_CONTROLLER_PORT=29093 STACK_CONNECT_PORT=28083 STACK_PG_PORT=54339 npm run stack:up -- --brokers 3 --workers 2, and run chaos with the same variables.`,
    );
  }
  const down = stackServices(topology)
    .filter((service) => service.kind === 'kafka' || service.kind === 'connect' || service.kind === warehouse)
    .filter((service) => pidStateOf(context, service).kind !== 'running')
    .map((service) => service.name);
  if (down.length > 0) {
    throw new PipelineError(
      'SERVICE_NOT_RUNNING',
      `${down.join(', ')} ${down.length === 1 ? 'is' : 'are'} not running; run \`npm run stack:up${warehouse === 'clickhouse' ? ' -- --warehouse clickhouse' : ''}\` (with this stack's STACK_DIR) first.`,
    );
  }
}

/**
 * `npm run chaos`: steady traffic for the run's duration while the seeded schedule kills and pauses
 * brokers, workers and the warehouse; then waits for the pipeline to drain and reconciles every topic,
 * table and dead-letter topic against the producer's report. Writes and returns the report.
 */
export async function runChaos(context: StackContext, options: ChaosOptions, say: (line: string) => void): Promise<ChaosReport> {
  requireCluster(context, options.warehouse);
  const topology = { brokers: context.topology.brokers, workers: context.topology.workers, warehouse: options.warehouse };
  const schedule = planChaos({ seed: options.seed, durationMs: options.durationMs, topology });
  say(`Seed ${options.seed} (npm run chaos -- --seed ${options.seed} repeats this schedule): ${schedule.length} faults.`);
  for (const line of describeSchedule(schedule)) say(`  ${line}`);

  const stamp = `${options.seed}_${Date.now().toString(36)}`;
  const database = await createRunDatabase(loadConfig(), options.warehouse, `chaos_${stamp}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...database.env,
    WAREHOUSE: options.warehouse,
    CONNECTOR_PREFIX: 'chaos',
    TOPIC_SUFFIX: `-chaos-${stamp.replace('_', '-')}`,
  };
  const config = loadConfig({ env });
  const suffix = config.values.TOPIC_SUFFIX;
  const connectors = options.warehouse === 'postgres' ? renderedConnectorsFor(CONNECTORS_DIR, 'postgres', config) : [];
  // Whose offsets tell the backlog: the Connect sinks' groups, or ClickHouse's own ingest groups.
  const groups =
    options.warehouse === 'postgres'
      ? connectors.map((connector) => ({
          groupId: `connect-${connector.name}`,
          topics: (connector.config.topics ?? '').split(',').map((topic) => topic.trim()),
        }))
      : STREAMS.map((stream) => ({ groupId: ingestNameOf(config, stream), topics: [topicOf(stream, suffix)] }));
  const connect = new ConnectClient(config.values.CONNECT_URL);
  let admin: Admin | undefined;
  let watcher: ReturnType<typeof startWatcher> | undefined;
  try {
    const kafka = await connectedKafka(config, { clientId: 'ecommerce-chaos', retries: 8 });
    const kafkaAdmin = kafka.admin();
    admin = kafkaAdmin;
    await kafkaAdmin.connect();
    say('Setting up the run’s own database, topics and connectors…');
    await runProjectCommand('npm run db:migrate', 'admin/db-cli.ts', ['migrate'], env);
    await ensureTopics(kafka, pipelineTopicPlan(config, connectors));
    // Connect sinks for PostgreSQL; for ClickHouse the same command creates its Kafka-engine ingest.
    await runProjectCommand('npm run connectors:apply', 'admin/connectors-cli.ts', ['apply', '--settle', '2s'], env);
    if (connectors.length > 0) watcher = startWatcher(config, kafka, say);

    const started = Date.now();
    const now = () => Date.now() - started;
    const sampler = sampleBacklog(kafkaAdmin, groups, now);
    const sent = sentRecords(started);
    const producerReportFile = `${options.reportFile.replace(/\.json$/, '')}.producer.json`;
    say(`Producing ${options.ratePerSecond} orders/s for ${(options.durationMs / 1000).toFixed(0)} s while the faults run:`);
    const [outcomes, produced] = await Promise.all([
      runFaults(schedule, {
        actions: stackFaultActions(context, say),
        now,
        log: say,
        signal: options.signal,
        replicasInSync: async () => {
          await pollUntil(async () => ((await underReplicatedPartitions(kafkaAdmin, eventTopics(suffix))) === 0 ? true : undefined), {
            timeoutMs: 120_000,
            intervalMs: 1_000,
          });
        },
      }),
      runProduce(
        {
          ...defaultProduceOptions(Date.now() - 86_400_000),
          // Few visits per order: the run is about every record's fate under faults, not about browsing.
          funnel: COMPACT_FUNNEL,
          streams: [...STREAMS],
          count: null,
          durationMs: options.durationMs,
          ratePerSecond: options.ratePerSecond,
          seed: options.seed,
          topicSuffix: suffix,
          reportFile: producerReportFile,
        },
        {
          kafka,
          client: await configuredProducerClient(config.values, kafka, 'ecommerce-chaos'),
          signal: options.signal,
          onSend: sent.onSend,
        },
      ),
    ]);
    if (options.signal?.aborted) {
      await sampler.stop();
      throw new PipelineError(
        'INTERRUPTED',
        `The chaos run was stopped before it finished: no verdict. Every node a fault had stopped or paused is running again, and the run's database, topics and connectors are ${options.keep ? 'kept' : 'deleted'}. \`npm run chaos -- --seed ${options.seed}\` repeats the schedule.`,
      );
    }
    const totals = produced.ledger.totals();
    say(`Producer done: ${totals.sent} sent, ${totals.acked} acknowledged, ${totals.failed} failed, ${totals.inDoubt} in doubt.`);

    say(`Waiting for the pipeline to drain (at most ${(options.drainTimeoutMs / 1000).toFixed(0)} s)…`);
    const producerReport = await loadReportToCheck(producerReportFile);
    const drain = await waitDrained({
      check: () => checkPipeline(config, options.warehouse, producerReport),
      backlog: () => sinkBacklog(kafkaAdmin, groups),
      timeoutMs: options.drainTimeoutMs,
    });
    const backlog = await sampler.stop();
    const tables = await tableTotals(config, options.warehouse);
    const salesTopic = topicOf('sales', suffix);
    const neverArrived = new Set([
      ...(produced.ledger.topics.get(salesTopic)?.failedKeys ?? []).map(normalizeKey),
      ...(drain.check.against?.find((comparison) => comparison.topic === salesTopic)?.inDoubtNotInTopic ?? []),
    ]);
    const chaosReport = buildChaosReport({
      seed: options.seed,
      durationMs: options.durationMs,
      topology,
      schedule,
      outcomes,
      backlog,
      producer: totals,
      check: drain.check,
      duplicateRows: tables.duplicateRows,
      revenue: { expected: sent.revenueWithout(neverArrived), table: tables.revenue },
      sentAtMs: sent.sentAtMs,
      drainMs: drain.drainMs,
      drained: drain.drained,
    });
    mkdirSync(dirname(options.reportFile), { recursive: true });
    writeFileSync(options.reportFile, `${JSON.stringify(chaosReport, null, 2)}\n`);
    for (const line of renderChaosReport(chaosReport)) say(line);
    say(`Report: ${options.reportFile} (the producer's: ${producerReportFile}).`);
    return chaosReport;
  } finally {
    await restoreNodes(
      context,
      schedule.map((fault) => fault.target),
      say,
    ).catch((error) =>
      say(`Could not restore every node (${describeCause(error)}): run \`npm run stack:up\` with this stack's STACK_DIR.`),
    );
    await watcher?.stop();
    if (options.keep)
      say(`Kept for a look: database chaos_${stamp}, topics *${suffix}${connectors.length > 0 ? ', connectors chaos-*' : ''}.`);
    else {
      // Consumers first (the sinks, ClickHouse's ingest goes with its database), then what they read.
      for (const connector of connectors) await connect.deleteConnector(connector.name).catch(() => undefined);
      await database.drop().catch(() => undefined);
      await admin?.deleteTopics({ topics: pipelineTopicPlan(config, connectors).map((spec) => spec.name) }).catch(() => undefined);
      await admin?.deleteGroups(groups.map((group) => group.groupId)).catch(() => undefined);
    }
    await admin?.disconnect().catch(() => undefined);
  }
}
