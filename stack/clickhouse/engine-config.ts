/**
 * Pure: the engine's configuration file for the native stack's ClickHouse service. It is loaded by the
 * first session on the data directory (before any other), and sets what cannot be a query setting:
 * - the engine's own log, beside the other services' logs (rotated: 3 files of 50 MiB);
 * - Kafka client session timeouts, so a restarted service's Kafka tables rejoin their consumer groups in
 *   seconds (the consumer does not leave its group on close; librdkafka's default waits 45 s);
 * - user_files_path, the folder `file()` reads relative paths from;
 * - a larger streaming pool, where every Kafka table's consumer task runs: sized from the cores by
 *   default (2 threads on our 2-core machines), so with a few ingests (each stream is one table, and
 *   tests and benchmarks add their own) tasks waited for a thread and a consumer could stay without a
 *   partition assignment for minutes after a broker restart. 16 threads; they idle when there is nothing to read.
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
  <background_streaming_schedule_pool_size>16</background_streaming_schedule_pool_size>
</clickhouse>
`;
}
