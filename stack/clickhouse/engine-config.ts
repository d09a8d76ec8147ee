/**
 * Pure: the engine's configuration file for the native stack's ClickHouse service. It is loaded by the
 * first session on the data directory (before any other), and sets what cannot be a query setting:
 * - the engine's own log, beside the other services' logs (rotated: 3 files of 50 MiB);
 * - Kafka client session timeouts, so a restarted service's Kafka tables rejoin their consumer groups in
 *   seconds (the consumer does not leave its group on close; librdkafka's default waits 45 s);
 * - user_files_path, the folder `file()` reads relative paths from;
 * - a larger message-broker pool, where every Kafka table's consumer task runs. The embedded engine
 *   sizes it from the cores (2 threads here), and the pool runs at most 80% of its threads
 *   (`background_schedule_pool_max_parallel_tasks_per_type_ratio`) on tasks of one kind: all Kafka
 *   tables are one kind, so only ONE stream was consumed at a time. A busy stream keeps its task for
 *   up to a minute, so the others waited: the clickstream landed in 40k-row bursts 10–20 s apart while
 *   sales flowed. 16 threads (12 Kafka tables at once, tests and benchmarks add their own); they idle
 *   when there is nothing to read.
 */
export interface EngineConfigInput {
  readonly logFile: string;
  readonly userFilesDir: string;
}

const xmlText = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export function renderEngineConfig(input: EngineConfigInput): string {
  return `<clickhouse>
  <logger>
    <level>information</level>
    <log>${xmlText(input.logFile)}</log>
    <size>50M</size>
    <count>3</count>
  </logger>
  <kafka>
    <session_timeout_ms>6000</session_timeout_ms>
    <heartbeat_interval_ms>1000</heartbeat_interval_ms>
  </kafka>
  <user_files_path>${xmlText(input.userFilesDir)}/</user_files_path>
  <background_message_broker_schedule_pool_size>16</background_message_broker_schedule_pool_size>
</clickhouse>
`;
}
