import { Ajv2020 } from 'ajv/dist/2020.js';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The digits at `from`..`from + count` as a number, or -1 when any is not a digit. */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let index = from; index < from + count; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * A `YYYY-MM-DDTHH:MM:SS.mmmZ` instant that exists (no 2025-02-30, no hour 24): exactly the strings
 * `new Date(Date.parse(text)).toISOString()` gives back unchanged, checked without building a Date
 * (it runs for every timestamp of every event; a unit test compares it with that round trip).
 */
export function isRealUtcInstant(text: string): boolean {
  if (text.length !== 24 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T') return false;
  if (text[13] !== ':' || text[16] !== ':' || text[19] !== '.' || text[23] !== 'Z') return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const millis = digitsAt(text, 20, 3);
  if (year < 0 || millis < 0 || month < 1 || month > 12 || day < 1) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  const days = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  return day <= days;
}

/**
 * The annotations our event schemas carry, registered as ajv keywords so strict mode stays on.
 * - root: `x-topic`, `x-kafka-key`, `x-idempotency-key`, `x-connect-name`
 * - field: `x-decimal` ({precision, scale}; the value is a decimal string), `x-timestamp` ("utc-ms":
 *   an ISO-8601 UTC instant with milliseconds, in JSON and in the envelope, where it is Debezium's
 *   ZonedTimestamp)
 * and the `uuid` format, which the envelope names io.debezium.data.Uuid (the field's pattern checks the text).
 */
export function createSchemaAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addKeyword({ keyword: 'x-topic', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-kafka-key', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-connect-name', schemaType: 'string' });
  // An annotation for the envelope only: the field's pattern checks the text (one message, not two).
  ajv.addFormat('uuid', true);
  ajv.addKeyword({
    keyword: 'x-idempotency-key',
    schemaType: 'array',
    metaSchema: { type: 'array', items: { type: 'string' }, minItems: 1 },
  });
  ajv.addKeyword({
    keyword: 'x-timestamp',
    type: 'string',
    schemaType: 'string',
    metaSchema: { enum: ['utc-ms'] },
    errors: true,
    validate: function validateTimestamp(_schema: string, data: string) {
      return isRealUtcInstant(data);
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
