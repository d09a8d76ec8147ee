import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { PipelineError } from '../../../lib/errors.js';
import { REPO_ROOT } from '../../../lib/repo-root.js';

/**
 * What `connectors:watch` does when a connector's task FAILED, declared in connectors/watch-policy.json:
 * a default, and overrides per connector (named without the prefix: `postgres-sales`). A failure on a
 * record is quarantined, any other restarted; the first at once, each next one after a pause that
 * doubles, at most `maxAttempts` in a row (the count starts again once the connector has run through a
 * pause).
 */
export const WATCH_ACTIONS = ['quarantine', 'restart', 'none'] as const;
export type WatchAction = (typeof WATCH_ACTIONS)[number];

export interface ConnectorPolicy {
  /** A record the table refuses (see task-failure.ts). */
  readonly onRecordError: WatchAction;
  /** The warehouse or its connection, or a cause not recognised. */
  readonly onOtherError: Exclude<WatchAction, 'quarantine'>;
  /** Restarts or quarantines in a row before the watcher leaves the connector to a person. */
  readonly maxAttempts: number;
  /** Pause after the first attempt before the second; each next one waits twice as long. */
  readonly backoffSeconds: number;
}

export interface WatchPolicy {
  readonly default: ConnectorPolicy;
  readonly connectors: Readonly<Record<string, Partial<ConnectorPolicy>>>;
}

/** Beside the warehouse folders of connectors/ (connectors:validate checks it too). */
export const WATCH_POLICY_NAME = 'watch-policy.json';
export const WATCH_POLICY_FILE = join(REPO_ROOT, 'connectors', WATCH_POLICY_NAME);

export const DEFAULT_POLICY: ConnectorPolicy = { onRecordError: 'quarantine', onOtherError: 'restart', maxAttempts: 5, backoffSeconds: 30 };

const policyProperties = {
  onRecordError: { enum: [...WATCH_ACTIONS] },
  onOtherError: { enum: ['restart', 'none'] },
  maxAttempts: { type: 'integer', minimum: 0, maximum: 100 },
  backoffSeconds: { type: 'integer', minimum: 1, maximum: 3600 },
} as const;

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['default'],
  properties: {
    $comment: { type: 'string' },
    default: { type: 'object', additionalProperties: false, required: Object.keys(policyProperties), properties: policyProperties },
    connectors: {
      type: 'object',
      propertyNames: { pattern: '^(mssql|clickhouse|postgres)-[a-z]+$' },
      additionalProperties: { type: 'object', additionalProperties: false, properties: policyProperties },
    },
  },
} as const;

const validate = new Ajv({ strict: true, allErrors: true }).compile(SCHEMA);

/** Parses and checks a policy (pure): every problem in one message naming the file, the field and the value. */
export function parsePolicy(text: string, file: string): WatchPolicy {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PipelineError('CONNECTOR_FILE_INVALID', `${file} is not JSON (${(error as Error).message}).`);
  }
  if (!validate(parsed)) {
    const errors = validate.errors ?? [];
    const namesRefused = new Set(errors.filter((error) => error.keyword === 'propertyNames').map((error) => error.instancePath));
    const problems = errors
      .filter((error) => !(error.keyword === 'pattern' && namesRefused.has(error.instancePath)))
      .map((error) => {
        const params = error.params as { allowedValues?: unknown[]; additionalProperty?: string; propertyName?: string };
        if (error.keyword === 'propertyNames')
          return `${error.instancePath}/${params.propertyName}: not a connector named without its prefix (<warehouse>-<stream>, such as postgres-sales)`;
        if (params.additionalProperty) return `${error.instancePath}/${params.additionalProperty}: not a field of a watch policy`;
        return `${error.instancePath}: ${error.message}${params.allowedValues ? ` (${params.allowedValues.join(', ')})` : ''}`;
      });
    throw new PipelineError('CONNECTOR_FILE_INVALID', `${file} is not a valid watch policy: ${problems.join('; ')}.`);
  }
  const policy = parsed as { default: ConnectorPolicy; connectors?: Record<string, Partial<ConnectorPolicy>> };
  return { default: policy.default, connectors: policy.connectors ?? {} };
}

/** The policy file, or the built-in default when there is none. */
export function loadPolicy(file: string = WATCH_POLICY_FILE): WatchPolicy {
  if (!existsSync(file)) return { default: DEFAULT_POLICY, connectors: {} };
  return parsePolicy(readFileSync(file, 'utf8'), file);
}

/** One connector's policy: its override on top of the default (its name without the `<prefix>-`). */
export function policyOf(policy: WatchPolicy, connector: string, prefix: string): ConnectorPolicy {
  const short = connector.startsWith(`${prefix}-`) ? connector.slice(prefix.length + 1) : connector;
  return { ...policy.default, ...(policy.connectors[short] ?? {}) };
}
