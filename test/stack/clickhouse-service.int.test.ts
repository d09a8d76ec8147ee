import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notebooksPython } from '../../admin/notebooks/python-env.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { clickhouseService } from '../../stack/services/clickhouse-service.js';
import { createStackContext, pidStateOf } from '../../stack/stack-controller.js';
import { createClickHouseScratch } from '../support/scratch-database.js';

/**
 * The native stack's ClickHouse service (the embedded engine behind ClickHouse's HTTP interface), driven
 * by the official clients: @clickhouse/client (the project's adapter) and clickhouse-connect (notebooks).
 */
const { values } = loadConfig();
const url = values.CLICKHOUSE_URL ?? '';
const admin = { username: values.CLICKHOUSE_USER, password: values.CLICKHOUSE_PASSWORD ?? '' };
const reader = { username: 'warehouse_reader_user', password: values.CLICKHOUSE_READER_PASSWORD ?? '' };
const sink = { username: values.CLICKHOUSE_SINK_USER, password: values.CLICKHOUSE_SINK_PASSWORD ?? '' };
const quiet = { level: ClickHouseLogLevel.OFF };

/** The error a client call rejects with: its ClickHouse code and type, or 'not refused'. */
async function refusal(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'not refused';
  } catch (error) {
    const { code, type } = error as { code?: string; type?: string };
    return `${code} ${type}`;
  }
}

describe('the ClickHouse service through @clickhouse/client', () => {
  let scratch: Awaited<ReturnType<typeof createClickHouseScratch>>;
  let db: ClickHouseClient;
  const clients: ClickHouseClient[] = [];
  const client = (credentials: typeof admin, extra: Parameters<typeof createClient>[0] = {}) => {
    const made = createClient({ url, ...credentials, database: scratch.name, log: quiet, ...extra });
    clients.push(made);
    return made;
  };

  beforeAll(async () => {
    scratch = await createClickHouseScratch('it_service');
    db = client(admin);
    await db.command({ query: 'CREATE TABLE t (id UInt32, name String, price Decimal(18, 2)) ENGINE = MergeTree ORDER BY id' });
    await db.insert({
      table: 't',
      values: [
        { id: 1, name: "it's", price: '1.50' },
        { id: 2, name: 'tab\there', price: '2.25' },
      ],
      format: 'JSONEachRow',
    });
  });

  afterAll(async () => {
    for (const made of clients) await made.close();
    await scratch?.drop();
  });

  it('pings, and answers selects in the formats the client asks for, with the engine version in the headers', async () => {
    expect(await db.ping()).toEqual({ success: true });
    const query = (format: 'JSONEachRow' | 'JSON' | 'CSV' | 'TabSeparated' | 'JSONCompactEachRow') =>
      db.query({
        query: 'SELECT id, name, price FROM t ORDER BY id',
        format,
        clickhouse_settings: { output_format_json_quote_decimals: 1, output_format_decimal_trailing_zeros: 1 },
      });
    expect(await (await query('JSONEachRow')).json()).toEqual([
      { id: 1, name: "it's", price: '1.50' },
      { id: 2, name: 'tab\there', price: '2.25' },
    ]);
    expect(((await (await query('JSON')).json()) as { rows: number }).rows).toBe(2);
    expect(await (await query('CSV')).text()).toBe('1,"it\'s",1.50\n2,"tab\there",2.25\n');
    expect(await (await query('TabSeparated')).text()).toBe("1\tit\\'s\t1.50\n2\ttab\\there\t2.25\n");
    expect(await (await query('JSONCompactEachRow')).json()).toEqual([
      [1, "it's", '1.50'],
      [2, 'tab\there', '2.25'],
    ]);
    const result = await db.query({ query: 'SELECT version() AS v', format: 'JSONEachRow', query_id: 'it-service-version' });
    expect(result.query_id).toBe('it-service-version');
    expect(result.response_headers['x-clickhouse-format']).toBe('JSONEachRow');
    expect(result.response_headers['x-clickhouse-timezone']).toMatch(/UTC/);
    expect(((await result.json()) as { v: string }[])[0]?.v).toMatch(/^26\./);
  });

  it("gives Kafka tables a pool where a dozen consume at once (the embedded engine's default ran one at a time)", async () => {
    // The engine makes the pool with its first Kafka table (until then system.server_settings shows 0).
    await db.command({
      query: `CREATE TABLE pool_probe (raw String) ENGINE = Kafka SETTINGS kafka_broker_list = '${values.KAFKA_BROKERS}',
              kafka_topic_list = 'it-pool-probe', kafka_group_name = 'it-pool-probe', kafka_format = 'RawBLOB'`,
    });
    const rows = (await (
      await db.query({
        query: `SELECT name, value FROM system.server_settings
                WHERE name IN ('background_message_broker_schedule_pool_size', 'background_schedule_pool_max_parallel_tasks_per_type_ratio')`,
        format: 'JSONEachRow',
      })
    ).json()) as { name: string; value: string }[];
    const setting = Object.fromEntries(rows.map((row) => [row.name, Number(row.value)]));
    expect(setting.background_message_broker_schedule_pool_size).toBe(16);
    const kafkaTablesAtOnce = Math.floor(
      (setting.background_message_broker_schedule_pool_size ?? 0) *
        (setting.background_schedule_pool_max_parallel_tasks_per_type_ratio ?? 0),
    );
    expect(kafkaTablesAtOnce).toBeGreaterThanOrEqual(12);
    await db.command({ query: 'DROP TABLE pool_probe SYNC' });
  });

  it('binds {name:Type} query parameters as the server does (escaped text, arrays, time)', async () => {
    const result = await db.query({
      query: 'SELECT {s:String} AS s, {a:Array(String)} AS a, {t:DateTime64(3)} AS t',
      query_params: { s: "it's a \\ test\twith a tab", a: ["o'k", 'b'], t: '2025-01-31 12:34:56.789' },
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([{ s: "it's a \\ test\twith a tab", a: ["o'k", 'b'], t: '2025-01-31 12:34:56.789' }]);
  });

  it('streams a large result, and inserts with gzip-compressed requests and responses, reporting written rows', async () => {
    let rows = 0;
    let sum = 0n;
    const stream = (await db.query({ query: 'SELECT number FROM numbers(1000000)', format: 'JSONCompactEachRow' })).stream();
    for await (const batch of stream) {
      for (const row of batch) {
        rows += 1;
        sum += BigInt((row.json() as [string])[0]);
      }
    }
    expect(rows).toBe(1_000_000);
    expect(sum).toBe(499_999_500_000n);
    const gzip = client(admin, { compression: { request: true, response: true } });
    const inserted = await gzip.insert({
      table: 't',
      values: Array.from({ length: 10_000 }, (_, index) => ({ id: 100 + index, name: `n${index}`, price: '0.01' })),
      format: 'JSONEachRow',
    });
    expect(inserted.summary?.written_rows).toBe('10000');
    const total = await gzip.query({ query: 'SELECT count() AS n, sum(price) AS s FROM t', format: 'JSONEachRow' });
    expect(total.response_headers['content-encoding']).toBe('gzip');
    expect(await total.json()).toEqual([{ n: 10002, s: 103.75 }]);
  });

  it("reports the engine's error with its code, text and HTTP status", async () => {
    expect(await refusal(() => db.query({ query: 'SELECT * FROM no_such_table' }))).toBe('60 UNKNOWN_TABLE');
    expect(await refusal(() => db.command({ query: 'SELEC 1' }))).toBe('62 SYNTAX_ERROR');
    const response = await fetch(`${url}/?database=${scratch.name}`, {
      method: 'POST',
      headers: { 'X-ClickHouse-User': admin.username, 'X-ClickHouse-Key': admin.password },
      body: 'SELECT * FROM no_such_table',
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-clickhouse-exception-code')).toBe('60');
    expect(await response.text()).toMatch(/^Code: 60\. DB::Exception: .*no_such_table.*\(UNKNOWN_TABLE\) \(version 26\.[\d.]+\)\n$/);
  });

  it('runs queries concurrently: a quick query answers while a slow one is still running', async () => {
    let slowDone = false;
    const slow = db.command({ query: 'SELECT sleep(3)' }).then(() => {
      slowDone = true;
    });
    const quick = await db.query({ query: 'SELECT 42 AS n', format: 'JSONEachRow' });
    expect(await quick.json()).toEqual([{ n: 42 }]);
    expect(slowDone).toBe(false);
    await slow;
    expect(slowDone).toBe(true);
  });

  it('starts every request clean: a SET, a USE or a setting of one request does not reach the next', async () => {
    const plain = client(admin, { database: undefined });
    const setting = async () =>
      (
        (await (
          await plain.query({ query: "SELECT getSetting('max_threads') AS v, currentDatabase() AS d", format: 'JSONEachRow' })
        ).json()) as {
          v: string;
          d: string;
        }[]
      )[0];
    const before = await setting();
    await plain.command({ query: 'SET max_threads = 1' });
    await plain.command({ query: 'USE system' });
    await plain.query({ query: 'SELECT 1', clickhouse_settings: { max_threads: 1 } });
    expect(await setting()).toEqual(before);
    expect(before?.d).toBe('default');
  });
});

describe('the ClickHouse service enforces its users', () => {
  let scratch: Awaited<ReturnType<typeof createClickHouseScratch>>;
  const clients: ClickHouseClient[] = [];
  const client = (credentials: typeof admin) => {
    const made = createClient({ url, ...credentials, database: scratch.name, log: quiet });
    clients.push(made);
    return made;
  };

  beforeAll(async () => {
    scratch = await createClickHouseScratch('it_service_users');
    await client(admin).command({ query: 'CREATE TABLE t (id UInt32) ENGINE = MergeTree ORDER BY id' });
  });

  afterAll(async () => {
    for (const made of clients) await made.close();
    await scratch?.drop();
  });

  it('the reader reads, and cannot write, run DDL, read files, or lift read-only by URL, SETTINGS or SET', async () => {
    const readOnly = client(reader);
    expect(await (await readOnly.query({ query: 'SELECT count() AS n FROM t', format: 'JSONEachRow' })).json()).toEqual([{ n: 0 }]);
    expect(await refusal(() => readOnly.insert({ table: 't', values: [{ id: 1 }], format: 'JSONEachRow' }))).toBe('164 READONLY');
    expect(await refusal(() => readOnly.command({ query: 'DROP TABLE t' }))).toBe('164 READONLY');
    expect(await refusal(() => readOnly.command({ query: 'CREATE TABLE x (a UInt8) ENGINE = Memory' }))).toBe('164 READONLY');
    expect(await refusal(() => readOnly.query({ query: "SELECT * FROM file('/etc/hostname', 'LineAsString')" }))).toBe('164 READONLY');
    expect(await refusal(() => readOnly.query({ query: 'SELECT 1', clickhouse_settings: { readonly: '0' } }))).toBe('164 READONLY');
    expect(await refusal(() => readOnly.query({ query: 'SELECT 1 SETTINGS readonly = 0' }))).toBe('164 READONLY');
    expect(await refusal(() => readOnly.command({ query: 'SET readonly = 0' }))).toBe('164 READONLY');
    expect(
      await refusal(() =>
        readOnly.insert({ table: 't', values: [{ id: 1 }], format: 'JSONEachRow', clickhouse_settings: { readonly: '0' } }),
      ),
    ).toBe('164 READONLY');
    expect(await (await client(admin).query({ query: 'SELECT count() AS n FROM t', format: 'JSONEachRow' })).json()).toEqual([{ n: 0 }]);
  });

  it('the sink user writes rows and cannot run DDL, nor allow it again', async () => {
    const writer = client(sink);
    await writer.insert({ table: 't', values: [{ id: 7 }], format: 'JSONEachRow' });
    expect(await (await writer.query({ query: 'SELECT sum(id) AS s FROM t', format: 'JSONEachRow' })).json()).toEqual([{ s: 7 }]);
    expect(await refusal(() => writer.command({ query: 'DROP TABLE t' }))).toBe('392 QUERY_IS_PROHIBITED');
    expect(await refusal(() => writer.command({ query: 'SET allow_ddl = 1' }))).toBe('392 QUERY_IS_PROHIBITED');
  });

  it('wrong credentials are refused as the server refuses them: 516 AUTHENTICATION_FAILED, HTTP 403', async () => {
    expect(await refusal(() => client({ ...admin, password: 'wrong' }).query({ query: 'SELECT 1' }))).toBe('516 AUTHENTICATION_FAILED');
    expect(await refusal(() => client({ username: 'nobody', password: 'x' }).query({ query: 'SELECT 1' }))).toBe(
      '516 AUTHENTICATION_FAILED',
    );
    const response = await fetch(`${url}/?query=SELECT+1`);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe(
      `Code: 516. DB::Exception: default: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED) (version ${
        (
          await client(admin)
            .query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })
            .then((r) => r.json() as Promise<{ v: string }[]>)
        )[0]?.v
      })\n`,
    );
  });

  it('listens on 127.0.0.1 only (the kernel socket table)', () => {
    const port = Number(new URL(url).port).toString(16).toUpperCase().padStart(4, '0');
    const listening = [...readFileSync('/proc/net/tcp', 'utf8').split('\n'), ...readFileSync('/proc/net/tcp6', 'utf8').split('\n')]
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[1]?.endsWith(`:${port}`) && fields[3] === '0A')
      .map((fields) => fields[1]);
    expect(listening).toEqual([`0100007F:${port}`]);
  });
});

describe('the ClickHouse service through clickhouse-connect (Python)', () => {
  let scratch: Awaited<ReturnType<typeof createClickHouseScratch>>;
  beforeAll(async () => {
    scratch = await createClickHouseScratch('it_service_py');
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it('pings, selects into rows and DataFrames, binds parameters, inserts plain and lz4-compressed, reports error codes and roles', async () => {
    const output = await new Promise<string>((resolvePromise, reject) =>
      execFile(
        notebooksPython(),
        [join(REPO_ROOT, 'test', 'stack', 'clickhouse', 'clickhouse_connect_check.py')],
        {
          env: {
            ...process.env,
            CH_URL: url,
            CH_DATABASE: scratch.name,
            CH_ADMIN_PASSWORD: admin.password,
            CH_READER_PASSWORD: reader.password,
          },
          timeout: 120_000,
        },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolvePromise(stdout)),
      ),
    );
    const seen = JSON.parse(output);
    for (const key of ['plain', 'compressed']) {
      expect(seen[key], key).toEqual({
        ping: true,
        version: expect.stringMatching(/^26\./),
        count: 1000,
        sum: '125125.00',
        param: [42, "it's"],
        frame_rows: 200_000,
        error: 60,
      });
    }
    expect(seen.reader).toEqual({ select: 1, insert: 164 });
    expect(seen.wrong_password).toBe(516);
  });
});

describe('the ClickHouse service refuses a second owner of its data directory', () => {
  it('a second service on the same data directory exits 1 naming the process that holds it', async () => {
    const context = createStackContext();
    const state = pidStateOf(context, clickhouseService);
    expect(state.kind).toBe('running');
    const holder = state.kind === 'running' ? state.record.pid : 0;
    const run = await new Promise<{ code: number; stderr: string }>((resolvePromise) =>
      execFile(
        process.execPath,
        [
          '--import',
          'tsx',
          join(REPO_ROOT, 'stack', 'clickhouse', 'main.ts'),
          '--data',
          context.paths.clickhouse,
          '--config',
          join(context.paths.conf, 'clickhouse.xml'),
          '--port',
          '0',
          '--uploads',
          join(context.paths.run, 'it-second-uploads'),
        ],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, CLICKHOUSE_SERVICE_USERS: '[{"name":"a","password":"b","role":"admin"}]' },
          timeout: 60_000,
        },
        (error, _stdout, stderr) => resolvePromise({ code: error ? Number(error.code) : 0, stderr }),
      ),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `error: The ClickHouse data directory ${context.paths.clickhouse} is in use by process ${holder} (it holds the engine's status file). Only one process may open it: stop that one (npm run stack:stop -- clickhouse) or use another STACK_DIR.`,
    );
  });
});
