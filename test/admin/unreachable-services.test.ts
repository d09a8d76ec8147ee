import { spawn } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { closedPort, runTsCli } from '../support/test-env.js';

const kafkaDown = (port: number) =>
  `error: No Kafka broker answered at 127.0.0.1:${port} (KAFKA_BROKERS) within 2.0 s (KAFKA_CONNECT_TIMEOUT_MS). Start Kafka (npm run stack:up, or npm run up with Docker) or point KAFKA_BROKERS at a running cluster.\n`;
/** The same, when the client gives up on the refusal before the time is up. */
const kafkaRefused = (port: number) =>
  `error: No Kafka broker answered at 127.0.0.1:${port} (KAFKA_BROKERS) (Connection error: connect ECONNREFUSED 127.0.0.1:${port}). Start Kafka (npm run stack:up, or npm run up with Docker) or point KAFKA_BROKERS at a running cluster.\n`;

describe('unreachable or wrong services are named, fast, with what to fix', () => {
  let port: number;
  let env: NodeJS.ProcessEnv;
  let web: Server;
  let webUrl: string;

  beforeAll(async () => {
    port = await closedPort();
    env = { ...process.env, KAFKA_BROKERS: `127.0.0.1:${port}`, KAFKA_CONNECT_TIMEOUT_MS: '2000' };
    // A web server that is not Kafka Connect: an HTML page at /, an empty 404 elsewhere.
    web = createHttpServer((request, response) => {
      if (request.url === '/') response.setHeader('content-type', 'text/html').end('<!doctype html><html><body>Welcome</body></html>');
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolvePromise) => web.listen(0, '127.0.0.1', resolvePromise));
    const address = web.address();
    webUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolvePromise) => web.close(() => resolvePromise())));

  it('produce against a refusing broker fails after KAFKA_CONNECT_TIMEOUT_MS, naming the address and the variable (exit 1)', async () => {
    const run = await runTsCli('producer/cli.ts', ['--count', '5'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`Connecting to Kafka at 127.0.0.1:${port} (KAFKA_BROKERS)…\n${kafkaDown(port)}`);
  });

  it('SIGINT while produce waits for Kafka ends it at once, saying nothing was sent (exit 1)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'producer', 'cli.ts'), '--count', '5'], {
      cwd: REPO_ROOT,
      env: { ...env, KAFKA_CONNECT_TIMEOUT_MS: '600000' },
    });
    let stderr = '';
    const waiting = new Promise<void>((resolvePromise) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('Connecting to Kafka')) resolvePromise();
      }),
    );
    const exited = new Promise<number | null>((resolvePromise) => child.on('exit', resolvePromise));
    await waiting;
    child.kill('SIGINT');
    // Without the signal handling, the 10-minute wait would outlast this test's timeout.
    expect(await exited).toBe(1);
    expect(stderr).toContain('SIGINT: stopping; nothing was sent yet.\nerror: Interrupted while waiting for Kafka; nothing was done.\n');
  });

  it('pipeline:check and connectors:status name KAFKA_BROKERS too, never "unexpected failure"', async () => {
    for (const [script, args] of [
      ['admin/pipeline-cli.ts', ['check', '--warehouse', 'postgres']],
      ['admin/connectors-cli.ts', ['status']],
    ] as const) {
      const run = await runTsCli(script, args, env);
      expect(run.code).toBe(1);
      expect([kafkaDown(port), kafkaRefused(port)]).toContain(run.stderr);
    }
  });

  it('a URL that answers but is not Kafka Connect gets one sentence saying so', async () => {
    const status = await runTsCli('admin/connectors-cli.ts', ['restart'], { ...env, CONNECT_URL: webUrl });
    expect(status.code).toBe(1);
    expect(status.stderr).toBe(
      `error: The service at ${webUrl} does not look like Kafka Connect: GET /connectors?expand=status&expand=info got 404 with an empty body. Check CONNECT_URL (the worker's REST port, 8083 by default).\n`,
    );
    const html = await runTsCli('admin/connectors-cli.ts', ['offsets', 'x'], { ...env, CONNECT_URL: `${webUrl}/#` });
    expect(html.code).toBe(1);
    expect(html.stderr).toContain('does not look like Kafka Connect');
  });

  it('a refused ClickHouse URL prints the clean message only, no client logs', async () => {
    const run = await runTsCli('admin/kpis-cli.ts', ['--warehouse', 'clickhouse'], { ...env, CLICKHOUSE_URL: `http://127.0.0.1:${port}` });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `error: ClickHouse at 127.0.0.1:${port} (database warehouse) cannot be used (connect ECONNREFUSED 127.0.0.1:${port}): check CLICKHOUSE_URL, CLICKHOUSE_USER and CLICKHOUSE_PASSWORD (npm run stack:status shows whether the native stack's ClickHouse runs).\n`,
    );
  });

  it('a port out of range is bad usage when the configuration loads (exit 2)', async () => {
    const run = await runTsCli('admin/connectors-cli.ts', ['status'], { ...env, CONNECT_URL: 'http://localhost:99999' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: Invalid configuration: CONNECT_URL="http://localhost:99999" from the environment is not valid: expected an http:// or https:// URL. Fix the values and run again.\n',
    );
  });

  it('dashboards:plan names an unreachable Superset, a web page that is not Superset, and a missing SUPERSET_URL (exit 1, 2)', async () => {
    const superset = { ...process.env, SUPERSET_PASSWORD: 'x', PG_READER_PASSWORD: 'r' };
    const down = await runTsCli('admin/dashboards-cli.ts', ['plan', '--warehouse', 'postgres'], {
      ...superset,
      SUPERSET_URL: `http://127.0.0.1:${port}`,
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      new RegExp(
        `^error: Superset at http://127\\.0\\.0\\.1:${port} could not be reached \\(.*ECONNREFUSED.*\\)\\. Check SUPERSET_URL, or start the native stack's: npm run stack:up -- --with superset\\.\n$`,
      ),
    );
    const page = await runTsCli('admin/dashboards-cli.ts', ['plan', '--warehouse', 'postgres'], { ...superset, SUPERSET_URL: webUrl });
    expect(page.code).toBe(1);
    expect(page.stderr).toBe(
      `error: The service at ${webUrl} does not look like Superset: POST /api/v1/security/login answered 404. Check SUPERSET_URL.\n`,
    );
    const unset = await runTsCli('admin/dashboards-cli.ts', ['plan', '--warehouse', 'postgres'], {
      ...superset,
      SUPERSET_URL: '',
      STACK_DIR: '/nonexistent-stack',
    });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('SUPERSET_URL is not set: start the native stack');
  });

  it('dashboards:plan --target metabase names an unreachable Metabase, a web page that is not Metabase, and a missing METABASE_URL (exit 1, 2)', async () => {
    const metabase = { ...process.env, WAREHOUSE: 'postgres', PG_READER_PASSWORD: 'r', STACK_DIR: '/nonexistent-stack' };
    const plan = (url: string) => runTsCli('admin/dashboards-cli.ts', ['plan', '--target', 'metabase'], { ...metabase, METABASE_URL: url });
    const down = await plan(`http://127.0.0.1:${port}`);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      new RegExp(
        `^error: Metabase at http://127\\.0\\.0\\.1:${port} could not be reached \\(.*ECONNREFUSED.*\\)\\. Check METABASE_URL, or start the Compose stack's: npm run up -- --with metabase\\.\n$`,
      ),
    );
    const page = await plan(webUrl);
    expect([page.code, page.stderr]).toEqual([
      1,
      `error: The service at ${webUrl} does not look like Metabase: GET /api/session/properties answered 404. Check METABASE_URL.\n`,
    ]);
    const unset = await plan('');
    expect([unset.code, unset.stderr]).toEqual([
      2,
      "error: METABASE_URL is not set: start the Compose stack's Metabase (npm run up -- --with metabase writes it into the endpoints file) or set it to yours.\n",
    ]);
  });
});
