import { schemaFileOf } from '../../lib/schemas/event-schemas.js';
import { STREAMS, type StreamName, topicOf } from '../../lib/streams.js';
import { splitStatements } from '../warehouse/sql-files.js';

/**
 * The settings ClickHouse's Kafka table engine takes in `SETTINGS` (ClickHouse 24–26, KafkaSettings.h).
 * The engine refuses any other `kafka_*` name at CREATE (UNKNOWN_SETTING); checking offline names the
 * mistake before anything reaches a warehouse. Format settings (`input_format_*`, `format_*`) pass too.
 */
export const KAFKA_ENGINE_SETTINGS: readonly string[] = [
  'kafka_broker_list',
  'kafka_topic_list',
  'kafka_group_name',
  'kafka_format',
  'kafka_schema',
  'kafka_num_consumers',
  'kafka_max_block_size',
  'kafka_skip_broken_messages',
  'kafka_commit_every_batch',
  'kafka_client_id',
  'kafka_poll_timeout_ms',
  'kafka_poll_max_batch_size',
  'kafka_consumers_pool_ttl_ms',
  'kafka_flush_interval_ms',
  'kafka_thread_per_consumer',
  'kafka_handle_error_mode',
  'kafka_commit_on_select',
  'kafka_max_rows_per_message',
  'kafka_keeper_path',
  'kafka_replica_name',
];

const FORMAT_SETTING = /^(input_format_|format_)/;

/** The `name = value` pairs of every `ENGINE = Kafka … SETTINGS …` statement in a SQL text (comment lines dropped). */
export function kafkaEngineSettingsIn(sql: string): Array<{ name: string; value: string }> {
  return splitStatements(sql)
    .map((statement) => /ENGINE\s*=\s*Kafka\b[\s\S]*?\bSETTINGS\b([\s\S]*)$/i.exec(statement)?.[1])
    .filter((clause): clause is string => clause !== undefined)
    .flatMap((clause) =>
      clause
        .split(/,\s*(?=[A-Za-z_]\w*\s*=)/)
        .map((pair) => /^([A-Za-z_]\w*)\s*=\s*([\s\S]*?)\s*$/.exec(pair.trim()))
        .filter((match): match is RegExpExecArray => match !== null)
        .map((match) => ({ name: match[1] ?? '', value: (match[2] ?? '').replace(/^'(.*)'$/, '$1') })),
    );
}

/**
 * What is wrong with the Kafka engine settings of a stream's ingest file, one sentence each: a setting the
 * engine does not have, a missing Kafka table, or a topic other than the one the stream's schema declares.
 */
export function kafkaEngineProblems(file: string, stream: StreamName, sql: string): string[] {
  const settings = kafkaEngineSettingsIn(sql);
  if (settings.length === 0) return [`${file} has no ENGINE = Kafka table with SETTINGS; run npm run ingest:sql to write it again`];
  const problems = settings
    .filter(({ name }) => !KAFKA_ENGINE_SETTINGS.includes(name) && !FORMAT_SETTING.test(name))
    .map(
      ({ name }) =>
        `${file}: ${name} is not a setting of ClickHouse's Kafka engine; valid: ${KAFKA_ENGINE_SETTINGS.join(', ')}, or a format setting (input_format_…)`,
    );
  const declared = topicOf(stream, '{{TOPIC_SUFFIX}}');
  for (const { name, value } of settings.filter((setting) => setting.name === 'kafka_topic_list')) {
    for (const topic of value.split(',').map((entry) => entry.trim())) {
      if (topic === declared) continue;
      const owner = STREAMS.find((other) => topicOf(other, '{{TOPIC_SUFFIX}}') === topic);
      problems.push(
        owner
          ? `${file}: ${name} names ${topic}, the topic of ${schemaFileOf(owner)}; this file lands ${stream} and must read ${declared}`
          : `${file}: ${name} names ${topic}, a topic no schema declares; valid: ${declared} (the x-topic of ${schemaFileOf(stream)})`,
      );
    }
  }
  return problems;
}
