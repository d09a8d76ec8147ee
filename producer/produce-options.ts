import { Ajv } from 'ajv';
import { PipelineError } from '../lib/errors.js';
import { STREAMS, type StreamName } from '../lib/schemas/schema-files.js';
import { DEFAULT_FUNNEL, type FunnelRates } from './generator/clickstream.js';
import { INVALID_KINDS, type InvalidKind } from './invalid-records.js';

export const FORMATS = ['connect-json', 'json'] as const;
export type RecordFormat = (typeof FORMATS)[number];

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
    format: 'connect-json',
    dryRun: false,
    invalidRate: 0,
    invalidKinds: [...INVALID_KINDS],
    reportFile: null,
    partitions: 3,
    startMs,
    ordersPerDay: 5000,
    lateRate: 0,
    currency: 'USD',
    topicSuffix: '',
    funnel: DEFAULT_FUNNEL,
  };
}

/** "2.5,0.6,0.35,0.4" → browsing sessions per order, then the product-view, add-to-cart and checkout rates. */
export function parseFunnel(text: string): FunnelRates {
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
      required: ['browsingSessionsPerOrder', 'productView', 'addToCart', 'checkout'],
      properties: {
        browsingSessionsPerOrder: { type: 'number', minimum: 0, maximum: 50 },
        productView: { type: 'number', minimum: 0, maximum: 1 },
        addToCart: { type: 'number', minimum: 0, maximum: 1 },
        checkout: { type: 'number', minimum: 0, maximum: 1 },
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

/** Validates the assembled options; every problem is reported at once (exit 2). */
export function validateProduceOptions(options: Record<string, unknown>): ProduceOptions {
  const problems: string[] = [];
  if (!validate(options)) {
    for (const error of validate.errors ?? []) {
      const [, key = String(error.params.additionalProperty ?? ''), ...inner] = error.instancePath.split('/');
      const parent = options[key];
      const where =
        inner.length === 0 ? '' : Array.isArray(parent) ? ` ${JSON.stringify(parent[Number(inner[0])])}` : ` (${inner.join('.')})`;
      problems.push(
        `${OPTION_FLAGS[key] ?? key}${where} ${error.message}${error.keyword === 'enum' ? ` (${(error.params.allowedValues as string[]).join(', ')})` : ''}`,
      );
    }
  }
  if (options.count !== null && options.durationMs !== null) problems.push('--count and --duration cannot be used together');
  if (problems.length > 0) throw new PipelineError('USAGE', `Invalid options: ${problems.join('; ')}.`);
  return options as unknown as ProduceOptions;
}

/** "500/s", "30000/min", "2/ms" or a bare number (per second) → per second. */
export function parseRate(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(?:\/(ms|s|sec|m|min|h))?$/.exec(text.trim());
  if (!match) throw new PipelineError('USAGE', `--rate "${text}" is not a rate; write e.g. 500/s, 30000/min or 500.`);
  const per: Record<string, number> = { ms: 0.001, s: 1, sec: 1, m: 60, min: 60, h: 3600 };
  const value = Number(match[1]) / (per[match[2] ?? 's'] as number);
  if (!(value > 0)) throw new PipelineError('USAGE', `--rate "${text}" must be above zero.`);
  return value;
}

/** "10m", "30s", "1h30m", "500ms" → milliseconds. */
export function parseDuration(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  const consumed = parts.map((part) => part[0]).join('');
  if (parts.length === 0 || consumed !== text.trim()) {
    throw new PipelineError('USAGE', `--duration "${text}" is not a duration; write e.g. 30s, 10m, 1h30m, 2d or 500ms.`);
  }
  const ms = parts.reduce((sum, part) => sum + Number(part[1]) * (units[part[2] as string] as number), 0);
  if (!(ms >= 1)) throw new PipelineError('USAGE', `--duration "${text}" must be at least 1ms.`);
  return Math.round(ms);
}

/** "sales,clickstream" → ['sales', 'clickstream']; unknown names are left for the schema to report. */
export const parseStreams = (text: string): string[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** An ISO-8601 instant or "now" → epoch ms. */
export function parseStart(text: string, nowMs: number, flag = '--start'): number {
  if (text === 'now') return nowMs;
  const relative = /^now-(.+)$/.exec(text);
  if (relative) return nowMs - parseDuration(relative[1] as string);
  const parsed = Date.parse(text);
  if (!Number.isFinite(parsed)) throw new PipelineError('USAGE', `${flag} "${text}" is not an ISO-8601 time, "now" or "now-<duration>".`);
  return parsed;
}

/** "malformed-json,missing-envelope" → the kinds of malformed record to draw from. */
export function parseInvalidKinds(text: string): InvalidKind[] {
  const kinds = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const unknown = kinds.filter((kind) => !(INVALID_KINDS as readonly string[]).includes(kind));
  if (kinds.length === 0 || unknown.length > 0) {
    throw new PipelineError(
      'USAGE',
      `--invalid-kinds "${text}" ${unknown.length > 0 ? `names unknown kind(s) ${unknown.join(', ')}` : 'is empty'}; choose from ${INVALID_KINDS.join(', ')}.`,
    );
  }
  return [...new Set(kinds)] as InvalidKind[];
}
