import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Feedback, SalesEvent, UserEvent } from '../../schemas/generated/event-types.js';
import { createSchemaAjv } from './schema-ajv.js';
import { readSchemaFile, SCHEMA_FILES, STREAMS, type StreamName } from './schema-files.js';

export { STREAMS, type StreamName };

/** What a field of our event schemas may declare (the subset the envelope, DDL checks and docs read). */
export interface FieldSchema {
  readonly type: string | readonly string[];
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  /** `uuid`: the Connect envelope names the field io.debezium.data.Uuid (its pattern checks the text). */
  readonly format?: 'uuid';
  readonly 'x-decimal'?: { readonly precision: number; readonly scale: number };
  readonly 'x-timestamp'?: 'utc-ms';
  readonly description?: string;
}

export interface EventSchema {
  readonly $id: string;
  readonly title: string;
  readonly 'x-topic': string;
  readonly 'x-kafka-key': string;
  readonly 'x-idempotency-key': readonly string[];
  readonly 'x-connect-name': string;
  readonly required: readonly string[];
  readonly properties: Readonly<Record<string, FieldSchema>>;
}

export interface EventOf {
  sales: SalesEvent;
  clickstream: UserEvent;
  feedback: Feedback;
}

const loadSchema = (stream: StreamName): EventSchema => readSchemaFile(stream) as unknown as EventSchema;

/** The three event schemas, loaded once: the single source of truth for event shapes. */
export const EVENT_SCHEMAS: Readonly<Record<StreamName, EventSchema>> = {
  sales: loadSchema('sales'),
  clickstream: loadSchema('clickstream'),
  feedback: loadSchema('feedback'),
};

export const schemaFileOf = (stream: StreamName): string => join('schemas', SCHEMA_FILES[stream]);

const ajv = createSchemaAjv();
const validators = Object.fromEntries(STREAMS.map((stream) => [stream, ajv.compile(EVENT_SCHEMAS[stream])])) as {
  [S in StreamName]: ValidateFunction<EventOf[S]>;
};

export interface SchemaViolation {
  /** JSON pointer of the field, e.g. "/quantity". */
  readonly field: string;
  readonly value: unknown;
  readonly problem: string;
}

function violationOf(error: ErrorObject, event: unknown): SchemaViolation {
  const field = error.keyword === 'required' ? `/${String(error.params.missingProperty)}` : error.instancePath || '/';
  const additional = error.keyword === 'additionalProperties' ? `/${String(error.params.additionalProperty)}` : undefined;
  const pointer = additional ?? field;
  const value = pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), event);
  const problem =
    error.keyword === 'enum'
      ? `must be one of ${(error.params.allowedValues as string[]).join(', ')}`
      : error.keyword === 'x-decimal'
        ? 'must be a decimal string with exactly the schema scale, e.g. "12.34"'
        : error.keyword === 'x-timestamp'
          ? 'must be a real UTC instant written as 2025-01-31T12:34:56.789Z'
          : (error.message ?? error.keyword);
  return { field: pointer, value, problem };
}

/** Validates one event against its stream's schema; returns every violation (empty when valid). */
export function schemaViolations<S extends StreamName>(stream: S, event: unknown): SchemaViolation[] {
  const validate = validators[stream];
  if (validate(event)) return [];
  return (validate.errors ?? []).map((error) => violationOf(error, event));
}
