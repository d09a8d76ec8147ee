import { Ajv, type ErrorObject } from 'ajv';
import { choices } from '../lib/cli/value-parsers.js';
import { PipelineError } from '../lib/errors.js';
import { DEFAULT_PARTITIONS } from '../lib/kafka/topic-plan.js';
import { STREAMS, type StreamName } from '../lib/schemas/schema-files.js';
import type { FunnelRates } from './generator/clickstream.js';
import { REALISTIC_FUNNEL } from './generator/traffic-profiles.js';
import { INVALID_KINDS, type InvalidKind } from './invalid-records.js';
import { DEFAULT_FORMAT, FORMATS, type RecordFormat } from './record-builder.js';

/** Everything `npm run produce` can be told, validated once at the edge. */
export interface ProduceOptions {
  readonly streams: StreamName[];
  /** Orders to generate; null when running for a duration. */
  readonly count: number | null;
  readonly durationMs: number | null;
  /** Orders per second; null for as fast as possible. */
  readonly ratePerSecond: number | null;
  readonly seed: number;
  readonly format: RecordFormat;
  readonly dryRun: boolean;
  readonly invalidRate: number;
  /** Which kinds of malformed record `invalidRate` draws from. */
  readonly invalidKinds: InvalidKind[];
  readonly reportFile: string | null;
  readonly partitions: number;
  readonly startMs: number;
  readonly ordersPerDay: number;
  readonly lateRate: number;
  readonly currency: string;
  /** Appended to every topic name ("" for none): separate environments or tests on one cluster. */
  readonly topicSuffix: string;
  /** Clickstream step rates for sessions that do not buy. */
  readonly funnel: FunnelRates;
}

export const DEFAULT_COUNT = 1000;

/** The CLI's defaults as a full options object (for code that drives `produce` directly: tests, benchmarks). */
export function defaultProduceOptions(startMs: number): ProduceOptions {
  return {
    streams: ['sales', 'clickstream'],
    count: DEFAULT_COUNT,
    durationMs: null,
    ratePerSecond: null,
    seed: 1,
    format: DEFAULT_FORMAT,
    dryRun: false,
    invalidRate: 0,
    invalidKinds: [...INVALID_KINDS],
    reportFile: null,
    partitions: DEFAULT_PARTITIONS,
    startMs,
    ordersPerDay: 5000,
    lateRate: 0,
    currency: 'USD',
    topicSuffix: '',
    funnel: REALISTIC_FUNNEL,
  };
}

/** What `--funnel` overrides in the traffic profile. */
export type FunnelOverride = Pick<FunnelRates, 'browsingSessionsPerOrder' | 'productView' | 'addToCart' | 'checkout'>;

/** "2.5,0.6,0.35,0.4" → browsing sessions per order, then the product-view, add-to-cart and checkout rates. */
export function parseFunnel(text: string): FunnelOverride {
  const parts = text.split(',').map((part) => Number(part.trim()));
  if (parts.length !== 4 || parts.some((part) => !Number.isFinite(part))) {
    throw new PipelineError(
      'USAGE',
      `--funnel "${text}" needs four numbers: sessions per order, then the view, cart and checkout rates (e.g. 2.5,0.6,0.35,0.4).`,
    );
  }
  const [browsingSessionsPerOrder, productView, addToCart, checkout] = parts as [number, number, number, number];
  return { browsingSessionsPerOrder, productView, addToCart, checkout };
}

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'streams',
    'count',
    'durationMs',
    'ratePerSecond',
    'seed',
    'format',
    'dryRun',
    'invalidRate',
    'invalidKinds',
    'reportFile',
    'partitions',
    'startMs',
    'ordersPerDay',
    'lateRate',
    'currency',
  ],
  properties: {
    streams: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...STREAMS] } },
    count: { type: ['integer', 'null'], minimum: 1 },
    durationMs: { type: ['integer', 'null'], minimum: 1 },
    ratePerSecond: { type: ['number', 'null'], exclusiveMinimum: 0 },
    seed: { type: 'integer', minimum: 0, maximum: 4294967295 },
    format: { enum: [...FORMATS] },
    dryRun: { type: 'boolean' },
    invalidRate: { type: 'number', minimum: 0, maximum: 1 },
    invalidKinds: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...INVALID_KINDS] } },
    reportFile: { type: ['string', 'null'], minLength: 1 },
    partitions: { type: 'integer', minimum: 1, maximum: 1000 },
    startMs: { type: 'integer', minimum: 0 },
    ordersPerDay: { type: 'number', exclusiveMinimum: 0 },
    lateRate: { type: 'number', minimum: 0, maximum: 1 },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    topicSuffix: { type: 'string', pattern: '^[A-Za-z0-9._-]{0,100}$' },
    funnel: {
      type: 'object',
      additionalProperties: false,
      required: ['browsingSessionsPerOrder', 'productView', 'addToCart', 'checkout', 'extraPageViews', 'searchRate', 'productViews'],
      properties: {
        browsingSessionsPerOrder: { type: 'number', minimum: 0, maximum: 200 },
        productView: { type: 'number', minimum: 0, maximum: 1 },
        addToCart: { type: 'number', minimum: 0, maximum: 1 },
        checkout: { type: 'number', minimum: 0, maximum: 1 },
        extraPageViews: { type: 'number', minimum: 0, maximum: 20 },
        searchRate: { type: 'number', minimum: 0, maximum: 1 },
        productViews: { type: 'number', minimum: 1, maximum: 20 },
      },
    },
  },
} as const;

const validate = new Ajv({ strict: true, allErrors: true }).compile(optionsSchema);

const OPTION_FLAGS: Record<string, string> = {
  streams: '--stream',
  count: '--count',
  durationMs: '--duration',
  ratePerSecond: '--rate',
  seed: '--seed',
  format: '--format',
  invalidRate: '--invalid-rate',
  invalidKinds: '--invalid-kinds',
  reportFile: '--report',
  partitions: '--partitions',
  startMs: '--start',
  ordersPerDay: '--orders-per-day',
  lateRate: '--late-rate',
  currency: '--currency',
  topicSuffix: '--topic-suffix',
  funnel: '--funnel',
};

/** What a valid value of a pattern-checked option looks like. */
const PATTERN_HINTS: Record<string, string> = {
  currency: 'must be three capital letters (ISO 4217, e.g. USD)',
  topicSuffix: 'may hold only letters, digits, dot, dash or underscore (at most 100)',
};

/** One validator error in the project's words: the flag, the value, what is valid. */
function describeOptionError(error: ErrorObject, options: Record<string, unknown>): string {
  const [, key = String(error.params.additionalProperty ?? ''), ...inner] = error.instancePath.split('/');
  const flag = OPTION_FLAGS[key] ?? key;
  const value = options[key];
  const item = Array.isArray(value) && inner.length > 0 ? value[Number(inner[0])] : undefined;
  const field = !Array.isArray(value) && inner.length > 0 ? ` (${inner.join('.')})` : '';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'uniqueItems':
      return `${flag} lists ${String((value as unknown[])[Number(params.j)])} twice`;
    case 'enum':
      return `${flag} ${JSON.stringify(item ?? value)} is not one of ${(params.allowedValues as string[]).join(', ')}`;
    case 'minItems':
      return `${flag} needs at least one value`;
    case 'minimum':
      return `${flag}${field} must be at least ${String(params.limit)}`;
    case 'maximum':
      return `${flag}${field} must be at most ${String(params.limit)}`;
    case 'exclusiveMinimum':
      return `${flag}${field} must be above ${String(params.limit)}`;
    case 'pattern':
      return `${flag} ${JSON.stringify(value)} ${PATTERN_HINTS[key] ?? `must match ${String(params.pattern)}`}`;
    case 'type':
      return `${flag}${field} must be ${String(params.type).replace('integer', 'a whole number').replace('number', 'a number')}`;
    default:
      return `${flag}${field} ${error.message ?? error.keyword}`;
  }
}

/** Validates the assembled options; every problem is reported at once (exit 2). */
export function validateProduceOptions(options: Record<string, unknown>): ProduceOptions {
  const problems: string[] = [];
  if (!validate(options)) {
    for (const error of validate.errors ?? []) {
      problems.push(describeOptionError(error, options));
    }
  }
  if (options.count !== null && options.durationMs !== null) problems.push('--count and --duration cannot be used together');
  if (problems.length > 0) throw new PipelineError('USAGE', `Invalid options: ${problems.join('; ')}.`);
  return options as unknown as ProduceOptions;
}

/** `--invalid-kinds`: "malformed-json,schema-mismatch" → the kinds of malformed record to draw from. */
export const parseInvalidKinds = choices('--invalid-kinds', INVALID_KINDS, 'kind');
