/**
 * Pure: an engine failure as ClickHouse's HTTP interface reports it: the exception text in the body
 * ("Code: 60. DB::Exception: … (UNKNOWN_TABLE)"), its code in X-ClickHouse-Exception-Code, and the
 * HTTP status the server maps that code to (HTTPHandler's exceptionCodeToHTTPStatus).
 */

export const CODES = {
  UNKNOWN_EXCEPTION: 1002,
  AUTHENTICATION_FAILED: 516,
  READONLY: 164,
  BAD_ARGUMENTS: 36,
  NOT_IMPLEMENTED: 48,
  SYNTAX_ERROR: 62,
} as const;

const FORBIDDEN = new Set([192, 193, 194, 195, 497, 516, 164, 392]);
const BAD_REQUEST = new Set([6, 25, 26, 27, 32, 33, 34, 36, 38, 41, 53, 62, 69, 70, 72, 117, 130, 131, 209, 210, 241]);
const NOT_FOUND = new Set([46, 47, 50, 60, 81, 83, 115, 116]);

export function httpStatusOf(code: number): number {
  if (FORBIDDEN.has(code)) return 403;
  if (BAD_REQUEST.has(code)) return 400;
  if (NOT_FOUND.has(code)) return 404;
  if (code === CODES.NOT_IMPLEMENTED) return 501;
  if (code === 159) return 408;
  return 500;
}

export interface EngineFailure {
  readonly code: number;
  /** "Code: N. DB::Exception: … (NAME) (version X)". */
  readonly text: string;
}

const NAMES: Record<number, string> = {
  [CODES.AUTHENTICATION_FAILED]: 'AUTHENTICATION_FAILED',
  [CODES.READONLY]: 'READONLY',
  [CODES.BAD_ARGUMENTS]: 'BAD_ARGUMENTS',
  [CODES.NOT_IMPLEMENTED]: 'NOT_IMPLEMENTED',
  [CODES.UNKNOWN_EXCEPTION]: 'UNKNOWN_EXCEPTION',
};

/** A failure the service raises itself, worded like the engine's. */
export function serviceFailure(code: keyof typeof CODES, message: string, version: string): EngineFailure {
  const number = CODES[code];
  return { code: number, text: `Code: ${number}. DB::Exception: ${message}. (${NAMES[number] ?? code}) (version ${version})` };
}

/** A chdb error (ChdbError carries `clickhouseCode`) or anything else thrown while running a statement. */
export function engineFailureOf(error: unknown, version: string): EngineFailure {
  const message = error instanceof Error ? error.message : String(error);
  const fromError = (error as { clickhouseCode?: unknown } | null)?.clickhouseCode;
  const fromText = /^Code:\s*(\d+)\./.exec(message)?.[1];
  const code = typeof fromError === 'number' ? fromError : fromText ? Number(fromText) : CODES.UNKNOWN_EXCEPTION;
  const text = message.startsWith('Code:') ? message : `Code: ${code}. DB::Exception: ${message}`;
  return { code, text: /\(version [^)]*\)\s*$/.test(text) ? text.trimEnd() : `${text.trimEnd()} (version ${version})` };
}

/** What a refused login gets: the server's own wording, which names no detail an attacker could use. */
export const authenticationFailed = (user: string, version: string): EngineFailure =>
  serviceFailure(
    'AUTHENTICATION_FAILED',
    `${user}: Authentication failed: password is incorrect, or there is no user with such name`,
    version,
  );
