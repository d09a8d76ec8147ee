import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../lib/repo-root.js';
import { describeViolations, eventViolations } from '../../../lib/schemas/event-rules.js';
import { EVENT_SCHEMAS, STREAMS, schemaViolations } from '../../../lib/schemas/event-schemas.js';
import { renderEventTypes } from '../../../lib/schemas/render-event-types.js';

const validLine = {
  event_id: '739495dd-755c-4531-877d-36cd674e1ea8',
  order_id: 'O000000001-3c6ecf',
  line_no: 1,
  order_ts: '2025-01-31T12:34:56.789Z',
  customer_id: 'C0000001',
  is_returning_customer: false,
  country: 'IT',
  city: 'Milan',
  channel: 'web',
  device: 'desktop',
  payment_method: 'card',
  currency: 'USD',
  product_id: 'P00115',
  sku: 'BEAU-00115',
  product_name: 'Electronic Gold Table',
  category: 'Beauty',
  brand: 'Osinski',
  quantity: 3,
  unit_price: '27.94',
  discount: '8.38',
  line_total: '75.44',
  utm_source: null,
};

describe('event schemas', () => {
  it('declare a topic, a Kafka key and an idempotency key made of required fields; later fields optional and nullable', () => {
    expect(Object.fromEntries(STREAMS.map((stream) => [stream, EVENT_SCHEMAS[stream]['x-topic']]))).toEqual({
      sales: 'sales_events',
      clickstream: 'user-events',
      feedback: 'feedback',
    });
    expect(EVENT_SCHEMAS.sales['x-idempotency-key']).toEqual(['order_id', 'line_no']);
    expect(EVENT_SCHEMAS.clickstream['x-idempotency-key']).toEqual(['event_id']);
    expect(EVENT_SCHEMAS.feedback['x-idempotency-key']).toEqual(['feedback_id']);
    for (const stream of STREAMS) {
      const schema = EVENT_SCHEMAS[stream];
      for (const field of [...schema['x-idempotency-key'], schema['x-kafka-key']]) expect(schema.required).toContain(field);
      // Every field is required, except fields added later: those are nullable, so older records stay valid.
      for (const [name, field] of Object.entries(schema.properties))
        if (!schema.required.includes(name)) expect(field.type, `${stream}.${name} is optional, so it must be nullable`).toContain('null');
      for (const name of schema.required) expect(schema.properties).toHaveProperty(name);
    }
    expect(Object.keys(EVENT_SCHEMAS.clickstream.properties).filter((name) => !EVENT_SCHEMAS.clickstream.required.includes(name))).toEqual([
      'client_ts',
      'page_view_id',
      'device_family',
      'os_family',
      'browser_family',
      'is_bot',
      'search_term',
    ]);
  });

  it('accept a valid sales line', () => {
    expect(eventViolations('sales', validLine)).toEqual([]);
  });

  it('name the field, the value and what is valid for each problem', () => {
    const bad = { ...validLine, channel: 'fax', quantity: 0, unit_price: '27.9', order_ts: '2025-02-30T00:00:00.000Z', extra: 1 };
    const message = describeViolations(schemaViolations('sales', bad));
    expect(message).toContain('/channel = "fax" must be one of web, mobile, marketplace');
    expect(message).toContain('/quantity = 0 must be >= 1');
    expect(message).toContain('/unit_price = "27.9" must be a decimal string with exactly the schema scale');
    expect(message).toContain('/order_ts = "2025-02-30T00:00:00.000Z" must be a real UTC instant');
    expect(message).toContain('/extra = 1 must NOT have additional properties');
  });

  it('refuse money as a binary float', () => {
    expect(describeViolations(schemaViolations('sales', { ...validLine, unit_price: 27.94 }))).toContain(
      '/unit_price = 27.94 must be string',
    );
  });

  it('check the line arithmetic exactly: line_total = quantity × unit_price − discount', () => {
    expect(describeViolations(eventViolations('sales', { ...validLine, line_total: '75.45' }))).toBe(
      '/line_total = "75.45" must equal quantity × unit_price − discount = 75.44',
    );
    expect(describeViolations(eventViolations('sales', { ...validLine, discount: '90.00', line_total: '0.00' }))).toContain(
      '/discount = "90.00" must not exceed quantity × unit_price (83.82)',
    );
  });

  it('report a missing field by name', () => {
    const { city: _city, ...withoutCity } = validLine;
    expect(describeViolations(schemaViolations('sales', withoutCity))).toBe("/city = undefined must have required property 'city'");
  });

  it('have TypeScript types generated from the current schema files (run `npm run schemas:types` when this fails)', async () => {
    expect(readFileSync(join(REPO_ROOT, 'schemas', 'generated', 'event-types.ts'), 'utf8')).toBe(await renderEventTypes());
  });
});
