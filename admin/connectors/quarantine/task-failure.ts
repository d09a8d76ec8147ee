/**
 * Why a sink task FAILED, read from the trace Connect keeps for it (pure): the root cause (the last
 * `Caused by:`), and whether a record is at fault (a constraint, a value the column refuses: the record
 * will fail again wherever it is retried, so `quarantine` applies) or the environment (the database down
 * or refusing the login, a missing table: `restart` once it is fixed).
 */

export type FailureKind = 'record' | 'environment' | 'unknown';

export interface TaskFailure {
  readonly kind: FailureKind;
  /** The root exception's class, e.g. org.postgresql.util.PSQLException. */
  readonly exceptionClass: string;
  /** Its message, first line, as the database wrote it. */
  readonly message: string;
  /** What in the message decided the kind. */
  readonly evidence?: string;
}

/** Messages of a record's fault, per warehouse: PostgreSQL (SQLSTATE classes 22 and 23), SQL Server, ClickHouse. */
const RECORD_FAULTS: readonly RegExp[] = [
  /violates (check|not-null|foreign key|unique) constraint/i,
  /value too long for type/i,
  /numeric field overflow/i,
  /invalid input (syntax|value) for/i,
  /out of range for type/i,
  /conflicted with the (CHECK|FOREIGN KEY) constraint/i,
  /Cannot insert the value NULL into column/i,
  /String or binary data would be truncated/i,
  /Arithmetic overflow error/i,
  /Conversion failed when converting/i,
  /Cannot insert duplicate key/i,
  /CANNOT_PARSE_|TYPE_MISMATCH|VALUE_IS_OUT_OF_RANGE/,
  /org\.apache\.kafka\.connect\.errors\.DataException/,
];

/** Messages of the environment's fault: nothing wrong with the records; restart once it is fixed. */
const ENVIRONMENT_FAULTS: readonly RegExp[] = [
  /Connection (refused|reset)|connection attempt failed|Connection to \S+ refused|could not (connect|establish)/i,
  /the database system is (shutting down|starting up|in recovery mode)/i,
  /terminating connection|This connection has been closed|Connection is closed|I\/O error|SocketException|SocketTimeout/i,
  /password authentication failed|Login failed for user|authentication failed|AUTHENTICATION_FAILED/i,
  /relation "[^"]+" does not exist|Invalid object name|Table \S+ does(n't| not) exist|UNKNOWN_TABLE/i,
  /permission denied|The (INSERT|SELECT|UPDATE) permission was denied|ACCESS_DENIED|NOT_ENOUGH_PRIVILEGES/i,
  /Unable to obtain (JDBC|a) connection|Could not open connection|timed out|timeout/i,
  // Debezium's task starting while the database is down: Hibernate cannot read its metadata.
  /Unable to determine Dialect without JDBC metadata/i,
];

/** The last `Caused by:` of a Java trace (or its first line when it has none): class and message. */
export function rootCause(trace: string): { exceptionClass: string; message: string } {
  const lines = trace.split('\n');
  const causes = lines.filter((line) => line.startsWith('Caused by: '));
  const line = (causes.at(-1)?.slice('Caused by: '.length) ?? lines[0] ?? '').trim();
  const colon = line.indexOf(': ');
  if (colon < 0) return { exceptionClass: line, message: '' };
  // The message may continue on the lines after (PostgreSQL's "Detail:"); the first line says what happened.
  return { exceptionClass: line.slice(0, colon), message: line.slice(colon + 2) };
}

/** Classifies a FAILED task's trace; the environment wins when both kinds show (a lost connection mid-batch). */
export function classifyFailure(trace: string): TaskFailure {
  const { exceptionClass, message } = rootCause(trace);
  const environment = ENVIRONMENT_FAULTS.map((pattern) => pattern.exec(trace)?.[0]).find(Boolean);
  if (environment) return { kind: 'environment', exceptionClass, message, evidence: environment };
  const record = RECORD_FAULTS.map((pattern) => pattern.exec(trace)?.[0]).find(Boolean);
  if (record) return { kind: 'record', exceptionClass, message, evidence: record };
  return { kind: 'unknown', exceptionClass, message };
}

/** One line for `connectors:status`: the cause and what to run. */
export function failureLine(connector: string, taskId: number, failure: TaskFailure): string {
  const cause = `${failure.exceptionClass.split('.').at(-1)}: ${failure.message}`.slice(0, 200);
  const advice =
    failure.kind === 'record'
      ? `a record the table refuses: npm run connectors:quarantine -- ${connector}`
      : failure.kind === 'environment'
        ? `fix the warehouse, then npm run connectors:restart -- ${connector} --failed`
        : `read the trace (connectors:status --json), then connectors:restart -- ${connector} --failed`;
  return `${connector} task ${taskId} FAILED: ${cause} (${advice})`;
}
