import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import type { ChdbResult } from 'chdb';
import { authenticationFailed, type EngineFailure, engineFailureOf, httpStatusOf, serviceFailure } from './engine-errors.js';
import type { Engine } from './engine-sessions.js';
import { contentTypeOf, outputFormatOf, parseClickHouseRequest, type ResponseEncoding, responseEncodingOf } from './http-request.js';
import { authenticate, type ServiceUser } from './service-users.js';
import { ENGINE_DECOMPRESSES, joinQuery, mayChangeSession, planStatement, splitInsertBody } from './statement-plan.js';

/**
 * ClickHouse's HTTP interface in front of the embedded engine: what @clickhouse/client and
 * clickhouse-connect use. Each request is authenticated, runs on a session of its user's role, and is
 * answered with the engine's bytes in the requested format and the headers the clients read.
 */
export interface HttpServiceOptions {
  readonly engine: Engine;
  readonly users: readonly ServiceUser[];
  readonly version: string;
  readonly timezone: string;
  /** Where INSERT bodies are written for the engine to read (FROM INFILE); emptied file by file. */
  readonly uploadDir: string;
  readonly displayName: string;
}

const compressors: Record<ResponseEncoding, (data: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gzip),
  deflate: promisify(zlib.deflate),
  br: promisify(zlib.brotliCompress),
  zstd: promisify(zlib.zstdCompress),
};
const decompressors: Record<string, (data: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
  zstd: promisify(zlib.zstdDecompress),
};

/** GET implies readonly on the server; these statements only read. */
const READ_STATEMENT = /^\s*(\(\s*)*(SELECT|WITH|SHOW|DESC|DESCRIBE|EXISTS|EXPLAIN|CHECK)\b/i;

class RequestFailure extends Error {
  constructor(readonly failure: EngineFailure) {
    super(failure.text);
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function summaryOf(result: ChdbResult | undefined, isInsert: boolean, resultBytes: number, elapsedNs: number): string {
  const rows = String(result?.rowsRead ?? 0);
  const bytes = String(result?.bytesRead ?? 0);
  return JSON.stringify({
    read_rows: rows,
    read_bytes: bytes,
    written_rows: isInsert ? rows : '0',
    written_bytes: isInsert ? bytes : '0',
    total_rows_to_read: rows,
    result_rows: '0',
    result_bytes: String(resultBytes),
    elapsed_ns: String(elapsedNs),
  });
}

export function createHttpService(options: HttpServiceOptions): Server {
  const { engine, version } = options;
  const fail = (code: Parameters<typeof serviceFailure>[0], message: string) => new RequestFailure(serviceFailure(code, message, version));

  const uploadPathOf = (queryId: string) => join(options.uploadDir, `${queryId.replace(/[^A-Za-z0-9_-]/g, '_')}-${randomUUID()}`);

  /** A request body as sent, decompressed: by Node's zlib where it can, else by the engine (lz4, xz, …). */
  async function decompressed(body: Buffer, encoding: string | undefined, queryId: string): Promise<Buffer> {
    if (!encoding || encoding === 'identity' || body.length === 0) return body;
    const inNode = decompressors[encoding];
    if (inNode) return inNode(body);
    if (!(ENGINE_DECOMPRESSES as readonly string[]).includes(encoding)) {
      throw fail('BAD_ARGUMENTS', `Unknown Content-Encoding '${encoding}'; use one of ${ENGINE_DECOMPRESSES.join(', ')}`);
    }
    const file = uploadPathOf(queryId);
    await writeFile(file, body, { mode: 0o600 });
    try {
      return await engine.decompressFile(file, encoding);
    } catch (error) {
      throw new RequestFailure(engineFailureOf(error, version));
    } finally {
      await rm(file, { force: true });
    }
  }

  async function execute(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const parsed = parseClickHouseRequest(url, request.headers);
    const queryId = parsed.queryId ?? randomUUID();
    response.setHeader('X-ClickHouse-Query-Id', queryId);
    const user = authenticate(options.users, parsed.user, parsed.password);
    if (!user) throw new RequestFailure(authenticationFailed(parsed.user, version));

    const hasBody =
      request.method !== 'GET' &&
      (Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined);
    const encoding = request.headers['content-encoding']?.toLowerCase();
    const plan = planStatement(parsed.urlQuery, hasBody);
    let sql: string;
    let upload: string | undefined;
    if (plan.kind === 'insert-from-body') {
      if (encoding && !(ENGINE_DECOMPRESSES as readonly string[]).includes(encoding)) {
        throw fail('BAD_ARGUMENTS', `Unknown Content-Encoding '${encoding}'; use one of ${ENGINE_DECOMPRESSES.join(', ')}`);
      }
      upload = uploadPathOf(queryId);
      await pipeline(request, createWriteStream(upload, { mode: 0o600 }));
      sql = plan.sqlFor(upload, encoding);
    } else {
      const body = await decompressed(hasBody ? await readBody(request) : Buffer.alloc(0), encoding, queryId);
      const inserted = parsed.urlQuery === undefined ? splitInsertBody(body) : undefined;
      if (inserted) {
        upload = uploadPathOf(queryId);
        await writeFile(upload, inserted.rows, { mode: 0o600 });
        const insertPlan = planStatement(inserted.statement, true);
        sql = insertPlan.kind === 'insert-from-body' ? insertPlan.sqlFor(upload, undefined) : inserted.statement;
      } else {
        sql = joinQuery(parsed.urlQuery, body.toString('utf8'));
      }
      if (sql.trim() === '') throw fail('SYNTAX_ERROR', 'Empty query');
      if (request.method === 'GET' && !READ_STATEMENT.test(sql)) {
        throw new RequestFailure({
          code: 164,
          text: `Code: 164. DB::Exception: Cannot execute query in readonly mode. For queries over HTTP, method GET implies readonly. You should use method POST for modifying queries. (READONLY) (version ${version})`,
        });
      }
    }

    const format = outputFormatOf(plan.kind === 'insert-from-body' ? '' : sql, parsed.defaultFormat);
    const started = process.hrtime.bigint();
    let result: ChdbResult;
    try {
      result = await engine.run(user.role, {
        sql,
        database: parsed.database,
        settings: parsed.settings,
        params: parsed.params,
        format,
        mayChangeSession: mayChangeSession(sql),
      });
    } catch (error) {
      throw new RequestFailure(engineFailureOf(error, version));
    } finally {
      if (upload) await rm(upload, { force: true });
    }
    let payload: Buffer = Buffer.from(result.bytes());
    const summary = summaryOf(result, /^\s*INSERT\b/i.test(sql), payload.length, Number(process.hrtime.bigint() - started));
    const compression = parsed.compressResponse ? responseEncodingOf(request.headers['accept-encoding']) : undefined;
    if (compression && payload.length > 0) {
      payload = await compressors[compression](payload);
      response.setHeader('Content-Encoding', compression);
    }
    response.writeHead(200, {
      'Content-Type': contentTypeOf(format),
      'X-ClickHouse-Format': format,
      'X-ClickHouse-Timezone': options.timezone,
      'X-ClickHouse-Summary': summary,
      'Content-Length': payload.length,
    });
    response.end(payload);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    response.setHeader('X-ClickHouse-Server-Display-Name', options.displayName);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const isHealthCheck = url.pathname === '/ping' || (url.pathname === '/' && request.method === 'GET' && !url.searchParams.has('query'));
    if (isHealthCheck) {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8' }).end('Ok.\n');
      return;
    }
    if (url.pathname !== '/') {
      response
        .writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8' })
        .end(`There is no handle ${url.pathname}\n\nUse / or /ping for health checks.\n`);
      return;
    }
    try {
      await execute(request, response, url);
    } catch (error) {
      const failure = error instanceof RequestFailure ? error.failure : engineFailureOf(error, version);
      if (!request.readableEnded) request.resume();
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(httpStatusOf(failure.code), {
        'Content-Type': 'text/plain; charset=UTF-8',
        'X-ClickHouse-Exception-Code': String(failure.code),
      });
      response.end(`${failure.text}\n`);
    }
  }

  return createServer((request, response) => void handle(request, response));
}
