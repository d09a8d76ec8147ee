import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { valueSchemaOf } from '../../../admin/connectors/value-schema.js';
import { postgresSinkConfig } from '../../support/debezium-sink-config.js';
import { deleteTopics } from '../../support/read-topic.js';
import { eventually, runTsCli, testTargets, uniqueSuffix, withPgAdmin } from '../../support/test-env.js';

const lineKey = (row: Record<string, unknown>) => `${String(row.order_id)}|${String(row.line_no).padStart(3, '0')}`;
const byLineKey = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  lineKey(a) < lineKey(b) ? -1 : lineKey(a) > lineKey(b) ? 1 : 0;

/**
 * The records derived from schemas/sales_event.schema.json go through a real Connect worker and the
 * Debezium JDBC sink into PostgreSQL, as the connector files write them (one unnest statement per batch):
 * every line lands with exact money and the right instants, whether a record is the payload alone (the
 * default; the converter holds the schema) or the whole envelope.
 */
describe.each([
  ['connect-payload', 'pl'],
  ['connect-json', 'env'],
])('sales records (--format %s) through the Debezium JDBC sink into PostgreSQL', (format, tag) => {
  const targets = testTargets();
  const suffix = uniqueSuffix();
  const topicSuffix = `-${tag}-${suffix}`;
  const topic = `sales_events${topicSuffix}`;
  const table = `it_sales_${tag}_${suffix}`;
  const connector = `it-sales-${tag}-${suffix}`;
  const work = mkdtempSync(join(tmpdir(), 'envelope-it-'));

  afterAll(async () => {
    await fetch(`${targets.connectUrl}/connectors/${connector}`, { method: 'DELETE' });
    await withPgAdmin((client) => client.query(`DROP TABLE IF EXISTS ${table}`));
    await deleteTopics([topic]);
  });

  it('lands every line once, money to the cent and order_ts to the millisecond', async () => {
    await withPgAdmin((client) =>
      client.query(`CREATE TABLE ${table} (
        event_id uuid NOT NULL, order_id text NOT NULL, line_no integer NOT NULL, order_ts timestamptz NOT NULL,
        customer_id text NOT NULL, is_returning_customer boolean NOT NULL, country char(2) NOT NULL, city text NOT NULL,
        channel text NOT NULL, device text NOT NULL, payment_method text NOT NULL, currency char(3) NOT NULL,
        product_id text NOT NULL, sku text NOT NULL, product_name text NOT NULL, category text NOT NULL, brand text NOT NULL,
        quantity integer NOT NULL, unit_price numeric(18,2) NOT NULL, discount numeric(18,2) NOT NULL,
        line_total numeric(18,2) NOT NULL, utm_source text, PRIMARY KEY (order_id, line_no))`),
    );
    const common = ['--count', '250', '--seed', '77', '--start', '2025-06-30T23:00:00.000Z', '--stream', 'sales'];
    const report = join(work, 'report.json');
    const produced = await runTsCli('producer/cli.ts', [...common, '--topic-suffix', topicSuffix, '--format', format, '--report', report]);
    expect(produced.code).toBe(0);
    const summary = JSON.parse(readFileSync(report, 'utf8')) as { generator: { lines: number; revenue: string } };

    const put = await fetch(`${targets.connectUrl}/connectors/${connector}/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...postgresSinkConfig({ topic, table, primaryKeyFields: 'order_id,line_no' }),
        // As the connector files set them: a batch is one INSERT … SELECT FROM unnest(…), one record per key.
        'dialect.postgres.unnest.insert.enabled': 'true',
        'use.reduction.buffer': 'true',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'true',
        ...(format === 'connect-payload' ? { 'value.converter.schema.content': valueSchemaOf(topic, topicSuffix) } : {}),
      }),
    });
    expect(put.status).toBe(201);

    const landed = await eventually(
      () =>
        withPgAdmin(async (client) => {
          const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
          return Number(result.rows[0]?.n) === summary.generator.lines ? true : undefined;
        }),
      120_000,
      `${summary.generator.lines} rows in ${table}`,
    );
    expect(landed).toBe(true);

    const dry = await runTsCli('producer/cli.ts', [...common, '--dry-run', '--format', 'json']);
    const expected = dry.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { value: Record<string, unknown> }).value)
      .sort(byLineKey);
    const rows = await withPgAdmin(async (client) => {
      const result = await client.query(`SELECT event_id::text, order_id, line_no,
          to_char(order_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS order_ts, customer_id, is_returning_customer,
          country, city, channel, device, payment_method, currency, product_id, sku, product_name, category, brand, quantity,
          unit_price::text, discount::text, line_total::text, utm_source
        FROM ${table}`);
      return result.rows.sort(byLineKey);
    });
    expect(rows).toEqual(expected);
    const total = await withPgAdmin((client) => client.query<{ total: string }>(`SELECT sum(line_total)::text AS total FROM ${table}`));
    expect(total.rows[0]?.total).toBe(summary.generator.revenue);
  });
});
