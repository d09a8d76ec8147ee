import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectClient } from '../../admin/connect/connect-client.js';
import { checkPipeline, type PipelineCheck } from '../../admin/pipeline/check-pipeline.js';
import { loadReportToCheck } from '../../admin/pipeline/producer-report.js';
import { type RawRecord, readAllRecords } from '../../admin/pipeline/read-all-records.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { createKafka } from '../../lib/kafka/kafka-client.js';
import { pollUntil } from '../../lib/poll.js';
import type { StreamName } from '../../lib/schemas/event-schemas.js';
import { eventTopics } from '../../lib/streams.js';
import { deleteTopics } from './read-topic.js';
import { createScratchDatabase } from './scratch-database.js';
import { type CliRun, runTsCli, testTargets, uniqueSuffix } from './test-env.js';

const PG_STREAMS = ['sales', 'clickstream', 'feedback'] as const;

/** Tests deploy the repository's connector files under a prefix of their own, never the user's `ecom-…` connectors. */
export const TEST_CONNECTOR_PREFIX = 'it';
export const pgConnectors = (prefix = TEST_CONNECTOR_PREFIX) => PG_STREAMS.map((stream) => `${prefix}-postgres-${stream}`);
/** The dead-letter topics keep the files' names (`dlq-ecom-postgres-…`), kept apart by the topic suffix. */
export const pgDeadLetterTopics = (suffix: string) => PG_STREAMS.map((stream) => `dlq-ecom-postgres-${stream}${suffix}`);

export interface ProducerRun extends CliRun {
  readonly reportFile: string;
  readonly report: {
    client: string | null;
    generator: { lines: number; revenue: string; clickstreamEvents: number; feedback: number };
    totals: { sent: number; acked: number; failed: number; inDoubt: number };
    topics: Record<string, { sent: number; acked: number; invalidSent: number; failedKeys: string[]; inDoubtKeys: string[] }>;
  };
}

/**
 * The whole pipeline on the native stack for one test: its own topic suffix and PostgreSQL
 * database, the repository's connector files applied, and helpers to produce, check and clean up.
 */
export async function startPipelineUnderTest(label: string, workDir: string) {
  const suffix = `-${label}${uniqueSuffix()}`;
  const scratch = await createScratchDatabase(`it_${label}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PG_URL: scratch.url,
    WAREHOUSE: 'postgres',
    CONNECTOR_PREFIX: TEST_CONNECTOR_PREFIX,
    TOPIC_SUFFIX: suffix,
    PG_SINK_JDBC_URL: scratch.sinkJdbcUrl,
  };
  const migrate = await runTsCli('admin/db-cli.ts', ['migrate'], env);
  if (migrate.code !== 0) throw new Error(`db:migrate failed: ${migrate.stderr}`);
  const apply = await runTsCli('admin/connectors-cli.ts', ['apply', '--settle', '2s'], env);
  if (apply.code !== 0) throw new Error(`connectors:apply failed: ${apply.stdout}${apply.stderr}`);
  const connect = new ConnectClient(testTargets().connectUrl);
  const kafka = createKafka({ brokers: testTargets().kafkaBrokers, clientId: `test-${label}` });
  let runs = 0;

  const query = scratch.query;

  return {
    suffix,
    env,
    connect,
    /** Runs `npm run produce` with a report file; resolves when the producer exits. */
    async produce(args: readonly string[]): Promise<ProducerRun> {
      runs += 1;
      const reportFile = join(workDir, `${label}-run${runs}.json`);
      // The compact traffic profile unless a test asks otherwise: the tests' volumes stay small.
      const profile = args.includes('--profile') ? [] : ['--profile', 'compact'];
      const run = await runTsCli('producer/cli.ts', [...args, ...profile, '--report', reportFile], env);
      let report: ProducerRun['report'];
      try {
        report = JSON.parse(readFileSync(reportFile, 'utf8'));
      } catch {
        throw new Error(`the producer wrote no report (exit ${run.code}): ${run.stderr}`);
      }
      return { ...run, reportFile, report };
    },
    /** The reconciliation, in-process (as `pipeline:check --against` computes it). */
    async check(reportFile?: string): Promise<PipelineCheck> {
      return checkPipeline(loadConfig({ env }), 'postgres', reportFile ? await loadReportToCheck(reportFile) : undefined);
    },
    /**
     * Polls the reconciliation until it is clean (the report is read and regenerated once); returns the
     * last result. With `stopOnFailedTask`, it also stops as soon as a sink task is FAILED (nothing
     * will land until it is restarted, so waiting longer proves nothing).
     */
    async waitClean(reportFile: string, timeoutMs: number, options: { stopOnFailedTask?: boolean } = {}): Promise<PipelineCheck> {
      const report = await loadReportToCheck(reportFile);
      const config = loadConfig({ env });
      let last = await checkPipeline(config, 'postgres', report);
      if (last.ok) return last;
      await pollUntil(
        async () => {
          last = await checkPipeline(config, 'postgres', report);
          if (last.ok) return true;
          if (!options.stopOnFailedTask) return undefined;
          const statuses = await Promise.all(pgConnectors().map((name) => connect.status(name)));
          return statuses.some((status) => status.tasks.some((task) => task.state === 'FAILED')) ? true : undefined;
        },
        { timeoutMs, intervalMs: 2_000 },
      );
      return last;
    },
    /**
     * Waits until the sales table holds more than `than` rows: proof that the stream flows (before a
     * fault is injected, and again after a restart), instead of a fixed sleep. Returns the count seen.
     */
    async waitForSalesRows(than: number, timeoutMs = 90_000): Promise<number> {
      const seen = await pollUntil(
        async () => {
          const [row] = await query<{ n: string }>('SELECT count(*) AS n FROM sales_lines');
          const n = Number(row?.n ?? 0);
          return n > than ? n : undefined;
        },
        { timeoutMs, intervalMs: 250 },
      );
      if (seen === undefined)
        throw new Error(`sales_lines held no more than ${than} rows after ${timeoutMs} ms: the stream is not flowing`);
      return seen;
    },
    query,
    async lineStats() {
      const [row] = await query<{ n: string; keys: string; total: string | null }>(
        'SELECT count(*) AS n, count(DISTINCT (order_id, line_no)) AS keys, sum(line_total)::text AS total FROM sales_lines',
      );
      return { rows: Number(row?.n), distinctKeys: Number(row?.keys), total: row?.total ?? '0.00' };
    },
    deadLetters(stream: StreamName): Promise<RawRecord[]> {
      return readAllRecords(kafka, `dlq-ecom-postgres-${stream}${suffix}`);
    },
    async cleanup() {
      for (const name of pgConnectors()) await connect.deleteConnector(name).catch(() => undefined);
      await deleteTopics([...eventTopics(suffix), ...pgDeadLetterTopics(suffix)]).catch(() => undefined);
      await scratch.drop();
    },
  };
}

export type PipelineUnderTest = Awaited<ReturnType<typeof startPipelineUnderTest>>;

/** One line per stream of a reconciliation, for assertion messages. */
export const describeCheck = (check: PipelineCheck): string =>
  check.streams
    .map(
      (s) =>
        `${s.topic}: ${s.topicKeys} keys, ${s.landed} landed, ${s.deadLettered.length} dead-lettered, ${s.missing.length} missing, ${s.extra.length} extra`,
    )
    .concat(
      (check.against ?? []).map(
        (a) =>
          `${a.topic} against the report: ${a.produced} produced, ${a.acknowledged} acknowledged, ${a.acknowledgedNotInTopic.length} acknowledged but not in the topic, ${a.failedInTopic.length} booked failed but in the topic, in doubt ${a.inDoubtInTopic.length} in / ${a.inDoubtNotInTopic.length} not in the topic`,
      ),
    )
    .join('; ');
