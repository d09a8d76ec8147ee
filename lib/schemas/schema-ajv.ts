import { Ajv2020 } from 'ajv/dist/2020.js';

/**
 * The annotations our event schemas carry, registered as ajv keywords so strict mode stays on.
 * - root: `x-topic`, `x-kafka-key`, `x-idempotency-key`, `x-connect-name`
 * - field: `x-decimal` ({precision, scale}; the value is a decimal string), `x-timestamp` ("epoch-ms":
 *   an ISO-8601 UTC string in JSON, the Connect Timestamp logical type in the envelope)
 */
export function createSchemaAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addKeyword({ keyword: 'x-topic', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-kafka-key', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-connect-name', schemaType: 'string' });
  ajv.addKeyword({
    keyword: 'x-idempotency-key',
    schemaType: 'array',
    metaSchema: { type: 'array', items: { type: 'string' }, minItems: 1 },
  });
  ajv.addKeyword({
    keyword: 'x-timestamp',
    type: 'string',
    schemaType: 'string',
    metaSchema: { enum: ['epoch-ms'] },
    errors: true,
    validate: function validateTimestamp(_schema: string, data: string) {
      // The pattern fixes the shape; this rejects impossible dates such as 2025-02-30.
      const parsed = Date.parse(data);
      return Number.isFinite(parsed) && new Date(parsed).toISOString() === data;
    },
  });
  ajv.addKeyword({
    keyword: 'x-decimal',
    type: 'string',
    schemaType: 'object',
    metaSchema: {
      type: 'object',
      required: ['precision', 'scale'],
      additionalProperties: false,
      properties: { precision: { type: 'integer', minimum: 1 }, scale: { type: 'integer', minimum: 0 } },
    },
    validate: function validateDecimal(schema: { precision: number; scale: number }, data: string) {
      const match = /^-?(\d+)(?:\.(\d+))?$/.exec(data);
      if (!match) return false;
      const whole = (match[1] ?? '').replace(/^0+(?=\d)/, '');
      const fraction = match[2] ?? '';
      return fraction.length === schema.scale && whole.length <= schema.precision - schema.scale;
    },
  });
  return ajv;
}
