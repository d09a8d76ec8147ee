import { DEBEZIUM_JDBC_SINK_CLASS } from '../../stack/services/connect-service.js';
import { testTargets } from './test-env.js';

/**
 * A Debezium JDBC sink config into the test targets' PostgreSQL: upsert on `primaryKeyFields` from the
 * record value into an existing table, password by config-provider reference, UTC.
 */
export function postgresSinkConfig(options: { topic: string; table: string; primaryKeyFields: string }): Record<string, string> {
  const targets = testTargets();
  const [, host, port, database] = /^postgres(?:ql)?:\/\/[^@]*@([^:/]+):(\d+)\/(\w+)/.exec(targets.pgUrl) ?? [];
  return {
    'connector.class': DEBEZIUM_JDBC_SINK_CLASS,
    'tasks.max': '1',
    topics: options.topic,
    'connection.url': `jdbc:postgresql://${host}:${port}/${database}`,
    'connection.username': targets.pgSinkUser,
    'connection.password': '${env:PG_SINK_PASSWORD}',
    'insert.mode': 'upsert',
    'primary.key.mode': 'record_value',
    'primary.key.fields': options.primaryKeyFields,
    'schema.evolution': 'none',
    'collection.name.format': options.table,
    'use.time.zone': 'UTC',
  };
}
