import { describe, expect, it } from 'vitest';
import { authenticationFailed, engineFailureOf, httpStatusOf } from '../../../stack/clickhouse/engine-errors.js';
import { contentTypeOf, outputFormatOf, parseClickHouseRequest, responseEncodingOf } from '../../../stack/clickhouse/http-request.js';
import { authenticate, parseUsers, serializeUsers } from '../../../stack/clickhouse/service-users.js';

const url = (query: string) => new URL(`http://127.0.0.1:18123/?${query}`);

describe("ClickHouse's HTTP interface: reading a request", () => {
  it('takes credentials from X-ClickHouse headers first, then Basic auth, then user/password parameters, else default', () => {
    const basic = `Basic ${Buffer.from('reader:p:w').toString('base64')}`;
    expect(
      parseClickHouseRequest(url('user=u&password=p'), { 'x-clickhouse-user': 'h', 'x-clickhouse-key': 'k', authorization: basic }),
    ).toMatchObject({
      user: 'h',
      password: 'k',
    });
    expect(parseClickHouseRequest(url('user=u&password=p'), { authorization: basic })).toMatchObject({ user: 'reader', password: 'p:w' });
    expect(parseClickHouseRequest(url('user=u&password=p'), {})).toMatchObject({ user: 'u', password: 'p' });
    expect(parseClickHouseRequest(url(''), {})).toMatchObject({ user: 'default', password: '' });
  });

  it('splits parameters into query, database, format, query id, {name:Type} parameters and settings', () => {
    const request = parseClickHouseRequest(
      url(
        'query=SELECT+1&database=w&default_format=JSON&query_id=q1&param_from=2025-01-01&readonly=0&max_threads=2&enable_http_compression=1&session_id=s&wait_end_of_query=1',
      ),
      {},
    );
    expect(request).toMatchObject({ urlQuery: 'SELECT 1', database: 'w', defaultFormat: 'JSON', queryId: 'q1', compressResponse: true });
    expect(request.params).toEqual({ from: '2025-01-01' });
    // readonly reaches the engine as a setting (which refuses it for the reader); HTTP-only parameters do not.
    expect(request.settings).toEqual({ readonly: '0', max_threads: '2' });
    expect(parseClickHouseRequest(url(''), {}).defaultFormat).toBe('TabSeparated');
  });

  it("names the result's format from the query's FORMAT clause, else the default, with the server's content types", () => {
    expect(outputFormatOf('SELECT 1 FORMAT JSONEachRow', 'TabSeparated')).toBe('JSONEachRow');
    expect(outputFormatOf('SELECT 1 format CSV;', 'TabSeparated')).toBe('CSV');
    expect(outputFormatOf("SELECT 'FORMAT JSON' AS x", 'TabSeparated')).toBe('TabSeparated');
    expect(contentTypeOf('JSONEachRow')).toBe('application/json; charset=UTF-8');
    expect(contentTypeOf('Native')).toBe('application/octet-stream');
    expect(contentTypeOf('TSV')).toBe('text/tab-separated-values; charset=UTF-8');
  });

  it('compresses responses with the first encoding the client accepts that Node can produce', () => {
    expect(responseEncodingOf('lz4, zstd, br, gzip')).toBe('zstd');
    expect(responseEncodingOf('gzip;q=0, deflate')).toBe('deflate');
    expect(responseEncodingOf('lz4')).toBeUndefined();
    expect(responseEncodingOf(undefined)).toBeUndefined();
  });
});

describe("ClickHouse's HTTP interface: errors and users", () => {
  it("keeps the engine's exception text and code, and maps the code to the server's HTTP status", () => {
    const failure = engineFailureOf(
      Object.assign(new Error("Code: 60. DB::Exception: Unknown table expression identifier 'nope'. (UNKNOWN_TABLE)"), {
        clickhouseCode: 60,
      }),
      '26.7.2.1',
    );
    expect(failure).toEqual({
      code: 60,
      text: "Code: 60. DB::Exception: Unknown table expression identifier 'nope'. (UNKNOWN_TABLE) (version 26.7.2.1)",
    });
    expect(engineFailureOf(new Error('something odd'), '1').code).toBe(1002);
    expect([httpStatusOf(516), httpStatusOf(164), httpStatusOf(62), httpStatusOf(60), httpStatusOf(241)]).toEqual([
      403, 403, 400, 404, 400,
    ]);
    expect(authenticationFailed('x', '1').text).toBe(
      'Code: 516. DB::Exception: x: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED) (version 1)',
    );
  });

  it('authenticates by name and password only, never with an empty password, and round-trips the users it is given', () => {
    const users = parseUsers(
      serializeUsers([
        { name: 'default', password: 'a', role: 'admin' },
        { name: 'open', password: '', role: 'reader' },
      ]),
    );
    expect(authenticate(users, 'default', 'a')?.role).toBe('admin');
    expect(authenticate(users, 'default', 'b')).toBeUndefined();
    expect(authenticate(users, 'nobody', 'a')).toBeUndefined();
    expect(authenticate(users, 'open', '')).toBeUndefined();
    expect(() => parseUsers('[{"name":"x","password":"y","role":"root"}]')).toThrow(
      'CLICKHOUSE_SERVICE_USERS[0] needs a name, a password and a role (admin, sink or reader)',
    );
  });
});
