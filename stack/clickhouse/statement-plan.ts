/**
 * Pure: how one HTTP request becomes one engine statement. An `INSERT … FORMAT <fmt>` in the `query`
 * parameter with the rows in the body (how @clickhouse/client and clickhouse-connect insert) is run as
 * `INSERT … FROM INFILE '<body file>' [COMPRESSION '<encoding>'] FORMAT <fmt>`: the engine reads and
 * decompresses the rows itself, in any format it knows (JSONEachRow, Native, RowBinary, …).
 * Everything else is the `query` parameter and the body joined by a line feed, as on the server.
 */

/** Content-Encodings whose INSERT bodies the engine decompresses itself (its COMPRESSION names). */
export const ENGINE_DECOMPRESSES = ['gzip', 'deflate', 'br', 'xz', 'zstd', 'lz4', 'bz2', 'snappy'] as const;

export type StatementPlan =
  | { readonly kind: 'insert-from-body'; readonly format: string; sqlFor(bodyFile: string, encoding: string | undefined): string }
  | { readonly kind: 'query'; readonly bodyIsPartOfQuery: boolean };

const INSERT_WITH_FORMAT = /^\s*(INSERT\s+INTO\s+[\s\S]*?)\s+FORMAT\s+([A-Za-z][A-Za-z0-9_]*)\s*;?\s*$/i;

const quoteString = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

export function planStatement(urlQuery: string | undefined, hasBody: boolean): StatementPlan {
  const insert = urlQuery === undefined || !hasBody ? null : INSERT_WITH_FORMAT.exec(urlQuery);
  if (!insert) return { kind: 'query', bodyIsPartOfQuery: hasBody };
  const head = insert[1] ?? '';
  const format = insert[2] ?? '';
  // FROM INFILE goes before a SETTINGS clause: INSERT INTO t (a) FROM INFILE … SETTINGS … FORMAT f.
  const settingsAt = head.search(/\sSETTINGS\s/i);
  const target = settingsAt < 0 ? head : head.slice(0, settingsAt);
  const settings = settingsAt < 0 ? '' : ` ${head.slice(settingsAt).trim()}`;
  return {
    kind: 'insert-from-body',
    format,
    sqlFor: (bodyFile, encoding) =>
      `${target} FROM INFILE ${quoteString(bodyFile)}${encoding ? ` COMPRESSION ${quoteString(encoding)}` : ''}${settings} FORMAT ${format}`,
  };
}

const INSERT_PREFIX = /^\s*INSERT\s+INTO\s+[\s\S]*?\s+FORMAT\s+[A-Za-z][A-Za-z0-9_]*[ \t]*(\r?\n)?/i;

/**
 * A body that holds the statement and then its rows (`INSERT INTO t (a) FORMAT Native\n<rows>`, how
 * clickhouse-connect inserts): the statement, and the rows after the line feed that ends it. Undefined
 * when the body does not start with an INSERT … FORMAT or has no rows after it.
 */
export function splitInsertBody(body: Buffer): { readonly statement: string; readonly rows: Buffer } | undefined {
  const head = body.subarray(0, 64 * 1024).toString('latin1');
  const match = INSERT_PREFIX.exec(head);
  if (!match) return undefined;
  const rows = body.subarray(Buffer.byteLength(match[0], 'latin1'));
  if (rows.length === 0) return undefined;
  return { statement: Buffer.from(match[0], 'latin1').toString('utf8').trim(), rows };
}

/** The statement text when the body is (part of) the query. */
export function joinQuery(urlQuery: string | undefined, body: string): string {
  if (urlQuery === undefined) return body;
  return body.length > 0 ? `${urlQuery}\n${body}` : urlQuery;
}

/** Whether the statement may change session state (a SET or USE) and the session must be reset after it. */
export const mayChangeSession = (query: string): boolean => /\b(SET|USE)\b/i.test(query);
