/**
 * The project's one error type. Every failure a user can see carries a code from this closed list,
 * a message written as whole sentences that say what to do, and the underlying cause when there is one.
 */
export const ERROR_CODES = {
  USAGE: 'bad usage or options',
  CONFIG_INVALID: 'invalid configuration value',
  PREREQUISITE_MISSING: 'a required tool is missing',
  DOWNLOAD_FAILED: 'a download failed',
  PORT_IN_USE: 'a port is already taken',
  DATA_DIR_CORRUPT: 'a data directory is unusable',
  SERVICE_START_FAILED: 'a service failed to start',
  SERVICE_TIMEOUT: 'a service did not become healthy in time',
  SERVICE_NOT_RUNNING: 'a service is not running',
  UNKNOWN_SERVICE: 'no such service',
  TOPOLOGY_CHANGED: "the native stack's data was made for another number of brokers or workers",
  COMMAND_FAILED: 'an external command failed',
  KAFKA_ERROR: 'Kafka request failed',
  KAFKA_UNREACHABLE: 'no Kafka broker answered',
  INTERRUPTED: 'stopped by a signal before it finished',
  CONNECTOR_FILE_INVALID: 'a connector file is invalid',
  DASHBOARD_INVALID: 'a dashboard definition is invalid',
  DASHBOARD_TOOL_UNREACHABLE: 'the dashboard tool (Superset, Metabase) could not be reached',
  DASHBOARD_TOOL_REFUSED: 'the dashboard tool refused the login',
  DASHBOARD_TOOL_REQUEST_FAILED: 'a request to the dashboard tool failed',
  CONNECT_UNREACHABLE: 'the Kafka Connect REST API could not be reached',
  CONNECT_NOT_FOUND: 'the Kafka Connect resource does not exist',
  CONNECT_CONFLICT: 'Kafka Connect is rebalancing',
  CONNECT_REQUEST_FAILED: 'a Kafka Connect request failed',
  CONNECTOR_REJECTED: 'the Connect worker rejected a connector configuration',
  CONNECTOR_FAILED: 'a connector or one of its tasks FAILED',
  WAREHOUSE_ERROR: 'a warehouse request failed',
  TABLES_MISSING: 'the warehouse tables do not exist yet',
  OUTPUT_UNWRITABLE: 'an output file cannot be written',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Codes that mean "the caller asked for something malformed" and exit with 2. */
const USAGE_CODES: ReadonlySet<ErrorCode> = new Set([
  'USAGE',
  'CONFIG_INVALID',
  'UNKNOWN_SERVICE',
  'TOPOLOGY_CHANGED',
  'DASHBOARD_INVALID',
]);

export class PipelineError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PipelineError';
    this.code = code;
  }

  /** The process exit code this error maps to (see README "Exit codes"). */
  get exitCode(): 1 | 2 {
    return USAGE_CODES.has(this.code) ? 2 : 1;
  }
}

export function isPipelineError(error: unknown): error is PipelineError {
  return error instanceof PipelineError;
}

/** The code to keep when wrapping `error` in a message of one's own: its own code if it has one. */
export const codeOf = (error: unknown, fallback: ErrorCode): ErrorCode => (isPipelineError(error) ? error.code : fallback);

/** A short, single-line description of any thrown value, for the end of a message. */
export function describeCause(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return describeCause(error.errors[0]);
  }
  if (error instanceof PipelineError) return error.message;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const text = error.message || String(code ?? error.name);
    return code && !text.includes(code) ? `${code}: ${text}` : text;
  }
  return String(error);
}
