import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPipeline, type PipelineCheck } from '../../admin/pipeline/check-pipeline.js';
import { loadReportToCheck } from '../../admin/pipeline/producer-report.js';
import { readAllRecords } from '../../admin/pipeline/read-all-records.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { createKafka } from '../../lib/kafka/kafka-client.js';
import { base64ToUnscaled, formatDecimal } from '../../lib/money.js';
import { pollUntil } from '../../lib/poll.js';
import { payloadOfRecord } from '../../lib/schemas/connect-envelope.js';
import { eventTopics, topicOf } from '../../lib/streams.js';
import type { ProducerRun } from './pipeline-under-test.js';
import { deleteTopics } from './read-topic.js';
import { clickhouseTestClient, createClickHouseScratch } from './scratch-database.js';
import { runTsCli, uniqueSuffix } from './test-env.js';

/**
 * ClickHouse consuming the topics itself (the Kafka-engine ingest) on the native stack's ClickHouse
 * service, for one test: its own database, topic suffix and consumer groups (or the topics of a given
 * suffix, to read the same events as another pipeline), applied with `connectors:apply`.
 */
export async function startClickHouseIngestUnderTest(label: string, workDir: string, options: { suffix?: string } = {}) {
  const suffix = options.suffix ?? `-${label}${uniqueSuffix()}`;
  const scratch = await createClickHouseScratch(`it_${label}`);
  const env: NodeJS.ProcessEnv = {
    ...scratch.env,
    CLICKHOUSE_INGEST: 'kafka-engine',
    CLICKHOUSE_INGEST_GROUP: `it-${label}${uniqueSuffix()}`,
    TOPIC_SUFFIX: suffix,
  };
  const migrate = await runTsCli('admin/db-cli.ts', ['migrate'], env);
  if (migrate.code !== 0) throw new Error(`db:migrate failed: ${migrate.stderr}`);
  const apply = await runTsCli('admin/connectors-cli.ts', ['apply'], env);
  if (apply.code !== 0) throw new Error(`connectors:apply failed: ${apply.stdout}${apply.stderr}`);
  const db = clickhouseTestClient(scratch.name);
  const rows = async <T>(query: string): Promise<T[]> => (await (await db.query({ query, format: 'JSONEachRow' })).json()) as T[];
  let runs = 0;

  return {
    suffix,
    env,
    database: scratch.name,
    rows,
    async produce(args: readonly string[]): Promise<ProducerRun> {
      runs += 1;
      const reportFile = join(workDir, `${label}-run${runs}.json`);
      const profile = args.includes('--profile') ? [] : ['--profile', 'compact'];
      const run = await runTsCli('producer/cli.ts', [...args, ...profile, '--report', reportFile], env);
      try {
        return { ...run, reportFile, report: JSON.parse(readFileSync(reportFile, 'utf8')) };
      } catch {
        throw new Error(`the producer wrote no report (exit ${run.code}): ${run.stderr}`);
      }
    },
    /** Polls the reconciliation (ingest_errors count as dead letters) until it is clean; returns the last result. */
    async waitClean(reportFile: string, timeoutMs: number): Promise<PipelineCheck> {
      const report = await loadReportToCheck(reportFile);
      const config = loadConfig({ env });
      let last: PipelineCheck | undefined;
      await pollUntil(
        async () => {
          // The service may be restarting (a fault test): a refused check is retried.
          last = await checkPipeline(config, 'clickhouse', report).catch(() => last);
          return last?.ok ? true : undefined;
        },
        { timeoutMs, intervalMs: 1_000 },
      );
      if (!last) throw new Error('the reconciliation never ran: ClickHouse did not answer');
      return last;
    },
    /** Waits until sales_lines holds more than `than` rows (proof that the stream flows). */
    async waitForSalesRows(than: number, timeoutMs = 90_000): Promise<number> {
      const seen = await pollUntil(
        async () => {
          const [row] = await rows<{ n: number }>('SELECT count() AS n FROM sales_lines').catch(() => []);
          const n = Number(row?.n ?? 0);
          return n > than ? n : undefined;
        },
        { timeoutMs, intervalMs: 250 },
      );
      if (seen === undefined)
        throw new Error(`sales_lines held no more than ${than} rows after ${timeoutMs} ms: the stream is not flowing`);
      return seen;
    },
    /** Every key once (read with FINAL), and the revenue. */
    async lineStats() {
      const [row] = await rows<{ n: number; keys: number; total: string }>(
        'SELECT count() AS n, uniqExact(order_id, line_no) AS keys, sum(line_total) AS total FROM sales_lines FINAL',
      );
      return { rows: Number(row?.n), distinctKeys: Number(row?.keys), total: row?.total ?? '0.00' };
    },
    /** The sales topic's own account, independent of any warehouse: distinct lines and their revenue to the cent. */
    async topicSales(): Promise<{ lines: number; revenue: string }> {
      const kafka = createKafka({ brokers: loadConfig().values.KAFKA_BROKERS, clientId: `it-${label}-read` });
      const totals = new Map<string, bigint>();
      for (const record of await readAllRecords(kafka, topicOf('sales', suffix))) {
        try {
          const payload = payloadOfRecord(JSON.parse(record.value)) as { order_id: string; line_no: number; line_total: string };
          totals.set(`${payload.order_id}|${payload.line_no}`, base64ToUnscaled(payload.line_total));
        } catch {
          // a malformed record: not a sales line
        }
      }
      return { lines: totals.size, revenue: formatDecimal([...totals.values()].reduce((sum, cents) => sum + cents, 0n)) };
    },
    async cleanup(options: { keepTopics?: boolean } = {}) {
      await db.close();
      await scratch.drop();
      if (!options.keepTopics) await deleteTopics(eventTopics(suffix)).catch(() => undefined);
    },
  };
}

export type ClickHouseIngestUnderTest = Awaited<ReturnType<typeof startClickHouseIngestUnderTest>>;
