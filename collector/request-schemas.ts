import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { REPO_ROOT } from '../lib/repo-root.js';
import type { SchemaViolation } from '../lib/schemas/event-schemas.js';

/** What a page sends (schemas/collector/): the request shapes, checked before anything is built from them. */
export interface BatchEvent {
  readonly event_id: string;
  readonly event_type: string;
  readonly page_view_id: string;
  readonly page_url: string;
  readonly client_ts: string;
  readonly referrer?: string | null;
  readonly product_id?: string | null;
  readonly order_id?: string | null;
  readonly search_term?: string | null;
}

export interface EventBatch {
  readonly consent?: boolean;
  readonly customer_id?: string | null;
  readonly events: readonly BatchEvent[];
}

export interface FeedbackSubmission {
  readonly feedback_id: string;
  readonly customer_id?: string | null;
  readonly feature: string;
  readonly rating: number;
  readonly comment: string;
}

export interface OrderRequest {
  readonly order_id: string;
  readonly customer_id?: string | null;
  readonly city: string;
  readonly payment_method: string;
  readonly lines: readonly { readonly product_id: string; readonly quantity: number }[];
}

const ajv = new Ajv2020({ strict: true, allErrors: true });
const load = (file: string) => JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'collector', file), 'utf8')) as object;
const validateBatch = ajv.compile<EventBatch>(load('event-batch.schema.json'));
const validateFeedback = ajv.compile<FeedbackSubmission>(load('feedback-submission.schema.json'));
const validateOrder = ajv.compile<OrderRequest>(load('order.schema.json'));

/** One sentence for an ajv error, naming the field (events[2].event_type) and the value. */
function sentenceOf(error: ErrorObject, body: unknown): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .reduce((text, part) => (/^\d+$/.test(part) ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
  const value = error.instancePath
    .split('/')
    .slice(1)
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), body);
  const where = path || 'the body';
  switch (error.keyword) {
    case 'required':
      return `${where === 'the body' ? 'the body' : where} lacks ${String(error.params.missingProperty)}`;
    case 'additionalProperties':
      return `${where} has an unknown field ${String(error.params.additionalProperty)}`;
    case 'enum':
      return `${where} is ${JSON.stringify(value)}; valid: ${(error.params.allowedValues as string[]).join(', ')}`;
    default:
      return `${where} is ${JSON.stringify(value)?.slice(0, 80)}: it ${error.message ?? 'is not valid'}`;
  }
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

function check<T>(validate: typeof validateBatch | typeof validateFeedback | typeof validateOrder, body: unknown): Checked<T> {
  if (validate(body)) return { ok: true, value: body as T };
  const errors = validate.errors ?? [];
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  return { ok: false, problem: first ? `${sentenceOf(first, body)}${more}` : 'the body is not valid' };
}

export const checkEventBatch = (body: unknown): Checked<EventBatch> => check<EventBatch>(validateBatch, body);
export const checkFeedbackSubmission = (body: unknown): Checked<FeedbackSubmission> => check<FeedbackSubmission>(validateFeedback, body);
export const checkOrder = (body: unknown): Checked<OrderRequest> => check<OrderRequest>(validateOrder, body);

/**
 * One sentence for the first schema violation of an event the collector built: the field (behind
 * `prefix`, e.g. events[2]), its value as JSON (cut at `maxValueChars`), and what the schema asks.
 */
export function violationSentence(violation: SchemaViolation, options: { prefix?: string; maxValueChars?: number } = {}): string {
  const field = options.prefix ? `${options.prefix}${violation.field.replaceAll('/', '.')}` : violation.field.slice(1).replaceAll('/', '.');
  const value = JSON.stringify(violation.value);
  return `${field} is ${options.maxValueChars === undefined ? value : value?.slice(0, options.maxValueChars)}: it ${violation.problem}`;
}
