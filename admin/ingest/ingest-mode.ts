import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import type { Dialect } from '../../lib/warehouses.js';

/** Whether the connectors verbs manage ClickHouse's own Kafka-engine ingest (not the Connect sinks) for this warehouse. */
export const managesKafkaEngine = (config: ResolvedConfig, warehouse: Dialect | undefined): boolean =>
  (warehouse ?? config.values.WAREHOUSE) === 'clickhouse' && config.values.CLICKHOUSE_INGEST === 'kafka-engine';
