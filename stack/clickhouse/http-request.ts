/**
 * Pure: what one request to ClickHouse's HTTP interface asks for, read the way the server reads it
 * (https://clickhouse.com/docs/interfaces/http): credentials from Basic auth, X-ClickHouse-User/Key
 * headers or user/password parameters; the query from the `query` parameter and/or the body;
 * `database`, `default_format`, `query_id`, `param_<name>` query parameters, and every other
 * parameter as a setting.
 */

export interface ClickHouseRequest {
  readonly user: string;
  readonly password: string;
  /** The `query` URL parameter, when given. */
  readonly urlQuery: string | undefined;
  readonly database: string | undefined;
  readonly defaultFormat: string;
  readonly queryId: string | undefined;
  /** Settings the engine applies for this query only (`SET name = value` before, reset after). */
  readonly settings: Readonly<Record<string, string>>;
  /** `{name:Type}` query parameters, as text. */
  readonly params: Readonly<Record<string, string>>;
  /** enable_http_compression=1: compress the response as Accept-Encoding allows. */
  readonly compressResponse: boolean;
}

/**
 * Parameters the HTTP layer itself handles (or that have no meaning for a stateless service). They never
 * reach the engine, as on the server, where they are not settings or only steer the HTTP response.
 */
const HTTP_PARAMETERS = new Set([
  'query',
  'database',
  'default_format',
  'query_id',
  'user',
  'password',
  'quota_key',
  'session_id',
  'session_timeout',
  'session_check',
  'compress',
  'decompress',
  'buffer_size',
  'wait_end_of_query',
  'enable_http_compression',
  'http_zlib_compression_level',
  'send_progress_in_http_headers',
  'http_headers_progress_interval_ms',
  'cancel_http_readonly_queries_on_client_close',
  'add_http_cors_header',
  'http_response_buffer_size',
  'client_protocol_version',
  'stacktrace',
]);

export type HeaderValue = string | string[] | undefined;

const first = (value: HeaderValue): string | undefined => (Array.isArray(value) ? value[0] : value);

function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? { user: decoded, password: '' } : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function parseClickHouseRequest(url: URL, headers: Readonly<Record<string, HeaderValue>>): ClickHouseRequest {
  const search = url.searchParams;
  const basic = basicCredentials(first(headers.authorization));
  const settings: Record<string, string> = {};
  const params: Record<string, string> = {};
  for (const [name, value] of search) {
    if (name.startsWith('param_')) params[name.slice('param_'.length)] = value;
    else if (!HTTP_PARAMETERS.has(name)) settings[name] = value;
  }
  return {
    user: first(headers['x-clickhouse-user']) ?? basic?.user ?? search.get('user') ?? 'default',
    password: first(headers['x-clickhouse-key']) ?? basic?.password ?? search.get('password') ?? '',
    urlQuery: search.get('query') ?? undefined,
    database: first(headers['x-clickhouse-database']) ?? search.get('database') ?? undefined,
    defaultFormat: first(headers['x-clickhouse-format']) ?? search.get('default_format') ?? 'TabSeparated',
    queryId: search.get('query_id') || undefined,
    settings,
    params,
    compressResponse: search.get('enable_http_compression') === '1',
  };
}

/** The format of the result: the query's own FORMAT clause, else the request's default. */
export function outputFormatOf(query: string, defaultFormat: string): string {
  return /\bFORMAT\s+([A-Za-z][A-Za-z0-9_]*)\s*;?\s*$/i.exec(query)?.[1] ?? defaultFormat;
}

/** Content-Type for a result format, as the server sends it. */
export function contentTypeOf(format: string): string {
  const name = format.toLowerCase();
  if (name.startsWith('json')) return 'application/json; charset=UTF-8';
  if (name.startsWith('tabseparated') || name.startsWith('tsv')) return 'text/tab-separated-values; charset=UTF-8';
  if (name.startsWith('csv')) return 'text/csv; charset=UTF-8; header=absent';
  if (['native', 'rowbinary', 'parquet', 'arrow', 'arrowstream', 'orc', 'avro'].some((binary) => name.startsWith(binary)))
    return 'application/octet-stream';
  return 'text/plain; charset=UTF-8';
}

/** Response encodings this service can produce (Node's zlib), in our order of preference. */
const RESPONSE_ENCODINGS = ['gzip', 'deflate', 'br', 'zstd'] as const;
export type ResponseEncoding = (typeof RESPONSE_ENCODINGS)[number];

/** The first encoding the client accepts (in its order, q=0 excluded) that this service can produce. */
export function responseEncodingOf(acceptEncoding: string | undefined): ResponseEncoding | undefined {
  const offered = (acceptEncoding ?? '')
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, quality]) => !/^\s*q\s*=\s*0(\.0*)?\s*$/.test(quality ?? ''))
    .map(([name]) => (name ?? '').trim().toLowerCase());
  return offered.find((name): name is ResponseEncoding => (RESPONSE_ENCODINGS as readonly string[]).includes(name));
}
