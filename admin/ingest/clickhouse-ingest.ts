import { relative } from 'node:path';
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import { describeCause, PipelineError } from '../../lib/errors.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { STREAMS, type StreamName, topicOf } from '../../lib/streams.js';
import { renderPlaceholders } from '../connectors/connector-placeholders.js';
import { readMigrations, splitStatements } from '../warehouse/sql-files.js';
import { assertIngestFilesValid, INGEST_DIR, ingestFileOf, readIngestFile } from './ingest-files.js';
import { type IngestAction, planIngest } from './ingest-plan.js';
import { INGEST_ERRORS_TABLE, ingestObjectsOf } from './ingest-sql.js';

/**
 * The Kafka-engine ingest on a ClickHouse (a server, or the native stack's ClickHouse service): render
 * sql/clickhouse/ingest/ with the configuration, plan against what apply recorded, apply, read status, drop.
 */
const STATE_TABLE = 'ingest_state';

export interface RenderedIngest {
  readonly stream: StreamName;
  readonly name: string;
  readonly sql: string;
}

/** The ingest's name and consumer group of a stream: `<CLICKHOUSE_INGEST_GROUP>-<stream>`. */
export const ingestNameOf = (config: ResolvedConfig, stream: StreamName): string => `${config.values.CLICKHOUSE_INGEST_GROUP}-${stream}`;

/** Connect names its sinks' consumer groups connect-<connector>: an ingest group there would share offsets with a sink. */
export function ingestGroupProblem(group: string): string | undefined {
  return group.startsWith('connect-')
    ? `CLICKHOUSE_INGEST_GROUP "${group}" starts with "connect-", the prefix of Kafka Connect's sink consumer groups: the ingest could share a group (and its offsets) with a Connect sink. Choose another prefix, such as ecom-clickhouse.`
    : undefined;
}

export function renderIngest(config: ResolvedConfig, dir = INGEST_DIR, streams: readonly StreamName[] = STREAMS): RenderedIngest[] {
  const groupProblem = ingestGroupProblem(config.values.CLICKHOUSE_INGEST_GROUP);
  if (groupProblem) throw new PipelineError('CONFIG_INVALID', groupProblem);
  assertIngestFilesValid(dir);
  // The brokers as ClickHouse reaches them: the same as this machine's unless set (Compose: kafka:19092).
  const values = { ...config.text, CLICKHOUSE_KAFKA_BROKERS: config.text.CLICKHOUSE_KAFKA_BROKERS ?? config.text.KAFKA_BROKERS };
  return streams.map((stream) => {
    const missing: string[] = [];
    const sql = renderPlaceholders(readIngestFile(stream, dir), values, missing);
    if (missing.length > 0) {
      throw new PipelineError(
        'CONFIG_INVALID',
        `${relative(REPO_ROOT, ingestFileOf(stream, dir))} needs ${[...new Set(missing)].join(', ')}, which the configuration does not set; set it in .env.`,
      );
    }
    return { stream, name: ingestNameOf(config, stream), sql };
  });
}

export class ClickHouseIngest {
  private constructor(
    private readonly client: ClickHouseClient,
    readonly description: string,
  ) {}

  static async open(config: ResolvedConfig): Promise<ClickHouseIngest> {
    const v = config.values;
    if (!v.CLICKHOUSE_URL) {
      throw new PipelineError(
        'CONFIG_INVALID',
        "The Kafka-engine ingest needs CLICKHOUSE_URL: start the native stack's ClickHouse service (`npm run stack:up -- --warehouse clickhouse`), or point it at a ClickHouse server.",
      );
    }
    const description = `ClickHouse at ${new URL(v.CLICKHOUSE_URL).host} (database ${v.CLICKHOUSE_DATABASE})`;
    const client = createClient({
      url: v.CLICKHOUSE_URL,
      username: v.CLICKHOUSE_USER,
      password: v.CLICKHOUSE_PASSWORD ?? '',
      database: v.CLICKHOUSE_DATABASE,
      log: { level: ClickHouseLogLevel.OFF },
    });
    const ingest = new ClickHouseIngest(client, description);
    try {
      await client.command({
        query: `CREATE TABLE IF NOT EXISTS ${STATE_TABLE} (stream String, checksum String, deleted UInt8 DEFAULT 0, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = ReplacingMergeTree(applied_at, deleted) ORDER BY stream`,
      });
      const tables = await ingest.rows<{ name: string }>(
        "SELECT name FROM system.tables WHERE database = currentDatabase() AND name IN ('sales_lines', 'user_events', 'feedback')",
      );
      if (tables.length < 3) {
        throw new PipelineError(
          'TABLES_MISSING',
          `${description} has no tables sales_lines, user_events, feedback yet: run npm run db:migrate -- --warehouse clickhouse first (it creates the tables the ingest lands in).`,
        );
      }
      const applied = new Set((await ingest.rows<{ name: string }>('SELECT name FROM schema_migrations')).map((row) => row.name));
      const pending = readMigrations('clickhouse').filter((migration) => !applied.has(migration.name));
      if (pending.length > 0) {
        throw new PipelineError(
          'TABLES_MISSING',
          `${description} has migration(s) ${pending.map((migration) => migration.name).join(', ')} not applied yet: run npm run db:migrate -- --warehouse clickhouse first (the ingest lands the columns they add).`,
        );
      }
    } catch (error) {
      await client.close();
      if (error instanceof PipelineError) throw error;
      if ((error as { code?: string }).code === '81') {
        throw new PipelineError(
          'TABLES_MISSING',
          `${description} has no database ${v.CLICKHOUSE_DATABASE} yet: run npm run db:migrate -- --warehouse clickhouse first (it creates the tables the ingest lands in).`,
        );
      }
      throw new PipelineError(
        'WAREHOUSE_ERROR',
        `${description} cannot be used for the ingest (${describeCause(error)}): check CLICKHOUSE_URL, CLICKHOUSE_USER and CLICKHOUSE_PASSWORD.`,
        { cause: error },
      );
    }
    return ingest;
  }

  private async rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
    return (await (await this.client.query({ query, query_params: params, format: 'JSONEachRow' })).json()) as T[];
  }

  async recordedChecksums(): Promise<Partial<Record<StreamName, string>>> {
    const rows = await this.rows<{ stream: StreamName; checksum: string }>(
      `SELECT stream, checksum FROM ${STATE_TABLE} FINAL WHERE deleted = 0`,
    );
    return Object.fromEntries(rows.map((row) => [row.stream, row.checksum]));
  }

  async plan(rendered: readonly RenderedIngest[]): Promise<IngestAction[]> {
    return planIngest(rendered, await this.recordedChecksums());
  }

  /** Creates what is missing and re-creates what changed (same consumer group: it resumes from its committed offsets). */
  async apply(actions: readonly IngestAction[], rendered: readonly RenderedIngest[], report: (line: string) => void): Promise<void> {
    for (const action of actions) {
      if (action.kind === 'unchanged') continue;
      const sql = rendered.find((entry) => entry.stream === action.stream)?.sql ?? '';
      try {
        if (action.kind === 'update') await this.dropObjects(action.stream);
        for (const statement of splitStatements(sql)) await this.client.command({ query: statement });
        await this.client.insert({
          table: STATE_TABLE,
          values: [{ stream: action.stream, checksum: action.checksum }],
          format: 'JSONEachRow',
        });
      } catch (error) {
        throw new PipelineError(
          'WAREHOUSE_ERROR',
          `${this.description} refused the ingest DDL of ${action.name} (${describeCause(error)}). The statements are idempotent: fix the cause and run connectors:apply again.`,
          { cause: error },
        );
      }
      report(`${action.kind === 'create' ? 'created' : 're-created'} ${action.name}`);
    }
  }

  /** Drops a stream's ingest: the consuming view first (nothing is read after it), then the rest; the table and errors stay. */
  async dropObjects(stream: StreamName): Promise<void> {
    const objects = ingestObjectsOf(stream);
    await this.client.command({ query: `DROP VIEW IF EXISTS ${objects.parse} SYNC` });
    await this.client.command({ query: `DROP TABLE IF EXISTS ${objects.kafka} SYNC` });
    for (const view of [objects.land, objects.reject]) await this.client.command({ query: `DROP VIEW IF EXISTS ${view} SYNC` });
    await this.client.command({ query: `DROP TABLE IF EXISTS ${objects.parsed} SYNC` });
  }

  async delete(stream: StreamName): Promise<boolean> {
    const existed =
      (
        await this.rows(`SELECT 1 FROM system.tables WHERE database = currentDatabase() AND name = {name: String}`, {
          name: ingestObjectsOf(stream).kafka,
        })
      ).length > 0;
    await this.dropObjects(stream);
    await this.client.insert({ table: STATE_TABLE, values: [{ stream, checksum: '', deleted: 1 }], format: 'JSONEachRow' });
    return existed;
  }

  /** Per stream: whether it runs, what its consumers read and committed, their last error, and the errors table's count. */
  async status(streams: readonly StreamName[], suffix: string): Promise<IngestStatusRow[]> {
    const consumers = await this.rows<{
      table: string;
      messages: string;
      last_commit: string;
      exception: string;
    }>(
      `SELECT table, sum(num_messages_read) AS messages, toString(max(last_commit_time)) AS last_commit,
              arrayStringConcat(arrayFilter(x -> x != '', groupArray(exceptions.text[-1])), '; ') AS exception
       FROM system.kafka_consumers WHERE database = currentDatabase() GROUP BY table`,
    );
    const errors = await this.rows<{ topic: string; n: string }>(
      `SELECT topic, count() AS n FROM ${INGEST_ERRORS_TABLE} GROUP BY topic`,
    ).catch(() => []);
    const existing = new Set(
      (await this.rows<{ name: string }>('SELECT name FROM system.tables WHERE database = currentDatabase()')).map((row) => row.name),
    );
    return streams.map((stream) => {
      const objects = ingestObjectsOf(stream);
      const consumer = consumers.find((row) => row.table === objects.kafka);
      const topic = topicOf(stream, suffix);
      return {
        stream,
        topic,
        state: existing.has(objects.kafka) && existing.has(objects.parse) ? 'RUNNING' : 'ABSENT',
        messagesRead: Number(consumer?.messages ?? 0),
        lastCommit: consumer?.last_commit && !consumer.last_commit.startsWith('1970') ? consumer.last_commit : null,
        lastError: consumer?.exception ? (consumer.exception.split('\n')[0] ?? null) : null,
        deadLettered: Number(errors.find((row) => row.topic === topic)?.n ?? 0),
      };
    });
  }

  /** The records of a topic that could not land, from ingest_errors (oldest first), and how many there are. */
  async deadLetters(topic: string, limit = Number.MAX_SAFE_INTEGER): Promise<{ count: number; letters: IngestDeadLetter[] }> {
    const [count] = await this.rows<{ n: number }>(`SELECT count() AS n FROM ${INGEST_ERRORS_TABLE} WHERE topic = {topic: String}`, {
      topic,
    });
    const rows = await this.rows<Omit<IngestDeadLetter, 'offset'> & { offset: number | string }>(
      `SELECT topic, partition, offset, key, error, raw_message FROM ${INGEST_ERRORS_TABLE}
       WHERE topic = {topic: String} ORDER BY partition, offset LIMIT {limit: UInt64}`,
      { topic, limit },
    );
    return { count: Number(count?.n ?? 0), letters: rows.map((row) => ({ ...row, offset: String(row.offset) })) };
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

export interface IngestDeadLetter {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string;
  readonly error: string;
  readonly raw_message: string;
}

export interface IngestStatusRow {
  readonly stream: StreamName;
  readonly topic: string;
  readonly state: 'RUNNING' | 'ABSENT';
  readonly messagesRead: number;
  readonly lastCommit: string | null;
  readonly lastError: string | null;
  readonly deadLettered: number;
}
