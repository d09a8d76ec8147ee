import { afterAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../lib/kafka/kafka-client.js';
import { DEBEZIUM_JDBC_SINK_CLASS } from '../../stack/services/connect-service.js';
import { postgresSinkConfig } from '../support/debezium-sink-config.js';
import { eventually, testTargets, uniqueSuffix, withPgAdmin } from '../support/test-env.js';

/** The native stack's parts are real: Connect lists the Debezium plugin and moves a record into PostgreSQL. */
describe('Kafka Connect with the Debezium JDBC sink', () => {
  const targets = testTargets();
  const suffix = uniqueSuffix();
  const topic = `it-sink-probe-${suffix}`;
  const table = `it_sink_probe_${suffix}`;
  const connector = `it-sink-probe-${suffix}`;

  afterAll(async () => {
    await fetch(`${targets.connectUrl}/connectors/${connector}`, { method: 'DELETE' });
    await withPgAdmin((client) => client.query(`DROP TABLE IF EXISTS ${table}`));
    const admin = createKafka({ brokers: targets.kafkaBrokers }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('lists the Debezium JDBC sink connector plugin', async () => {
    const response = await fetch(`${targets.connectUrl}/connector-plugins?connectorsOnly=true`);
    expect(response.status).toBe(200);
    const plugins = (await response.json()) as Array<{ class: string; type: string }>;
    expect(plugins).toContainEqual(expect.objectContaining({ class: DEBEZIUM_JDBC_SINK_CLASS, type: 'sink' }));
  });

  it('writes one JsonConverter record with a schema into a PostgreSQL table, with exact decimals and UTC time', async () => {
    await withPgAdmin((client) =>
      client.query(`CREATE TABLE ${table} (id text PRIMARY KEY, amount numeric(18,2) NOT NULL, created_at timestamptz NOT NULL)`),
    );
    const admin = createKafka({ brokers: targets.kafkaBrokers }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const config = {
      ...postgresSinkConfig({ topic, table, primaryKeyFields: 'id' }),
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'true',
    };
    const put = await fetch(`${targets.connectUrl}/connectors/${connector}/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(config),
    });
    expect(put.status).toBe(201);

    // 12.34 → unscaled 1234 → 0x04D2 → base64 "BNI="; 2025-01-31T12:34:56.789Z → epoch ms.
    const envelope = {
      schema: {
        type: 'struct',
        name: 'sink_probe',
        optional: false,
        fields: [
          { field: 'id', type: 'string', optional: false },
          {
            field: 'amount',
            type: 'bytes',
            name: 'org.apache.kafka.connect.data.Decimal',
            version: 1,
            parameters: { scale: '2', 'connect.decimal.precision': '18' },
            optional: false,
          },
          { field: 'created_at', type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp', version: 1, optional: false },
        ],
      },
      payload: { id: `probe-${suffix}`, amount: 'BNI=', created_at: Date.parse('2025-01-31T12:34:56.789Z') },
    };
    const producer = createKafka({ brokers: targets.kafkaBrokers }).producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: `probe-${suffix}`, value: JSON.stringify(envelope) }] });
    await producer.disconnect();

    const row = await eventually(
      () =>
        withPgAdmin(async (client) => {
          const result = await client.query<{ id: string; amount: string; created_at: string }>(
            `SELECT id, amount::text AS amount, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at FROM ${table}`,
          );
          return result.rows[0];
        }),
      90_000,
      `the record to land in ${table}`,
    );
    expect(row).toEqual({ id: `probe-${suffix}`, amount: '12.34', created_at: '2025-01-31T12:34:56.789Z' });

    const status = (await (await fetch(`${targets.connectUrl}/connectors/${connector}/status`)).json()) as {
      connector: { state: string };
      tasks: Array<{ state: string }>;
    };
    expect(status.connector.state).toBe('RUNNING');
    expect(status.tasks.map((task) => task.state)).toEqual(['RUNNING']);
  });
});
