import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectClient } from '../../admin/connect/connect-client.js';
import { eventTopics } from '../../lib/streams.js';
import { isExtraKind, stackServices } from '../../stack/services/all-services.js';
import { createStackContext, pidStateOf } from '../../stack/stack-controller.js';
import { DESKTOP_CHROME, pageEvent } from '../support/collector-under-test.js';
import { pgConnectors, pgDeadLetterTopics } from '../support/pipeline-under-test.js';
import { deleteTopics } from '../support/read-topic.js';
import { createClickHouseScratch, createScratchDatabase } from '../support/scratch-database.js';
import { faultTestsUnavailable, restoreStack, stopStackService } from '../support/stack-faults.js';
import { closedPort, eventually, runTsCli, spawnTsCli, testTargets, uniqueSuffix } from '../support/test-env.js';

/**
 * `npm run demo` for real on the native stack, in a database and topics of its own: every step runs,
 * every produced row lands, and a second run with the same seed changes nothing and still succeeds.
 */
const stackNotOurs = faultTestsUnavailable();
if (stackNotOurs) process.stdout.write(`[skip] demo: stopping only what it started: ${stackNotOurs}\n`);

/** The demo's connectors under a prefix of this test's own, so a user's `ecom-…` pipeline is left as it is. */
const PREFIX = 'itdemo';

describe('npm run demo', () => {
  const suffix = `-demo${uniqueSuffix()}`;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let env: NodeJS.ProcessEnv;
  /** The core services running now (Superset, an extra, is started and stopped by its own tests). */
  const running = () =>
    stackServices(createStackContext().topology)
      .filter((service) => !isExtraKind(service.kind) && pidStateOf(createStackContext(), service).kind === 'running')
      .map((s) => s.name);

  beforeAll(async () => {
    scratch = await createScratchDatabase('it_demo');
    env = { ...process.env, PG_URL: scratch.url, CONNECTOR_PREFIX: PREFIX, TOPIC_SUFFIX: suffix, PG_SINK_JDBC_URL: scratch.sinkJdbcUrl };
  });

  afterAll(async () => {
    const client = new ConnectClient(testTargets().connectUrl);
    for (const name of pgConnectors(PREFIX)) await client.deleteConnector(name).catch(() => undefined);
    await deleteTopics([...eventTopics(suffix), ...pgDeadLetterTopics(suffix)]);
    await scratch?.drop();
  });

  it('runs every step, lands every row, reconciles, and leaves a running stack running', async () => {
    const before = running();
    const run = await runTsCli(
      'admin/demo-cli.ts',
      ['--profile', 'compact', '--orders', '300', '--seed', '77', '--start', '2025-06-01T00:00:00.000Z', '--timeout', '120s'],
      env,
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('No Docker engine');
    for (let step = 1; step <= 9; step++) expect(run.stdout).toContain(`[${step}/9] `);
    expect(run.stdout).toMatch(/all \d+ rows landed: sales_lines (\d+)\/\1, user_events (\d+)\/\2, feedback (\d+)\/\3/);
    expect(run.stdout).toMatch(/send → row written \(ingested_at\), over \d+ sales lines: p50 \d+ ms/);
    expect(run.stdout).toContain('Chart page: ');
    expect(run.stdout).toContain('Nothing missing, nothing extra, and the producer report agrees.');
    expect(run.stdout).toMatch(/Demo done in \d+\.\d s\./);
    expect(running()).toEqual(before);
  });

  it('is safe to run again: the same seed lands nothing new and still reconciles (with connectors:watch alongside)', async () => {
    const run = await runTsCli(
      'admin/demo-cli.ts',
      ['--profile', 'compact', '--orders', '300', '--seed', '77', '--start', '2025-06-01T00:00:00.000Z', '--timeout', '60s', '--watch'],
      env,
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // Nothing failed, so the watcher had nothing to do; it ran and said so at the end.
    expect(run.stdout).toContain(
      '  connectors:watch runs alongside (connectors/watch-policy.json): a FAILED sink is quarantined or restarted\n',
    );
    expect(run.stdout).toMatch(/ {2}\[watch\] 0 restart\(s\), 0 record\(s\) quarantined over \d+ pass\(es\)\n/);
    expect(run.stdout).toContain('already there (left as they are)');
    expect(run.stdout).toContain('No new rows to time: every key existed before');
    expect(run.stdout).toContain('Nothing missing, nothing extra, and the producer report agrees.');
  });

  it.skipIf(stackNotOurs !== undefined)('stops only the services it started, unless --keep', async () => {
    await stopStackService('connect');
    try {
      const run = await runTsCli('admin/demo-cli.ts', ['--profile', 'compact', '--orders', '50', '--timeout', '120s'], env);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('Stopping what the demo started (connect); data is kept. --keep leaves it running.');
      expect(running()).toEqual(['postgres', 'clickhouse', 'kafka']);
      const kept = await runTsCli('admin/demo-cli.ts', ['--profile', 'compact', '--orders', '50', '--timeout', '120s', '--keep'], env);
      expect(kept.code, kept.stdout + kept.stderr).toBe(0);
      expect(kept.stdout).not.toContain('Stopping what the demo started');
      expect(running()).toEqual(['postgres', 'clickhouse', 'kafka', 'connect']);
    } finally {
      await restoreStack();
    }
  });

  it('with --with web opens the demo shop on the pipeline, prints its URL, and on Ctrl-C closes it and exits 0', async () => {
    const port = await closedPort();
    const demo = spawnTsCli('admin/demo-cli.ts', ['--profile', 'compact', '--orders', '50', '--timeout', '120s', '--with', 'web'], {
      ...env,
      COLLECTOR_PORT: String(port),
    });
    const shopUrl = `http://127.0.0.1:${port}/shop/`;
    await demo.waitForOutput(`demo shop open at ${shopUrl}`, 120_000);
    await demo.waitForOutput(`The demo shop is open: ${shopUrl}`, 180_000);
    const page = await fetch(`${shopUrl}index.html`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="/tag.js" defer></script>');
    // What a page sends through the demo's shop lands in the demo's warehouse.
    const event = pageEvent('page_view', `pv-demo-${suffix.slice(1)}`);
    const sent = await fetch(`http://127.0.0.1:${port}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': DESKTOP_CHROME },
      body: JSON.stringify({ events: [event] }),
    });
    expect(sent.status).toBe(200);
    await eventually(
      async () => {
        const rows = await scratch.query<{ n: number }>(`SELECT count(*)::int AS n FROM user_events WHERE event_id = '${event.event_id}'`);
        return rows[0]?.n === 1 ? true : undefined;
      },
      60_000,
      "the shop's event in the demo's user_events",
    );
    demo.kill('SIGINT');
    expect(await demo.exited, demo.output.stdout + demo.output.stderr).toBe(0);
    expect(demo.output.stdout).toContain('SIGINT: closing the shop.');
    await expect(fetch(shopUrl)).rejects.toThrow();
  });

  it('runs on ClickHouse too (WAREHOUSE=clickhouse): the service consumes the topics itself; every row lands and reconciles', async () => {
    const clickhouse = await createClickHouseScratch('it_demo_ch');
    const chSuffix = `${suffix}ch`;
    try {
      const run = await runTsCli('admin/demo-cli.ts', ['--profile', 'compact', '--orders', '300', '--seed', '78', '--timeout', '120s'], {
        ...env,
        WAREHOUSE: 'clickhouse',
        CLICKHOUSE_DATABASE: clickhouse.name,
        CLICKHOUSE_INGEST_GROUP: `itdemo${chSuffix}`,
        TOPIC_SUFFIX: chSuffix,
      });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('ecommerce-kafka-pipeline demo — native stack with ClickHouse');
      for (let step = 1; step <= 9; step++) expect(run.stdout).toContain(`[${step}/9] `);
      expect(run.stdout).toContain(`created itdemo${chSuffix}-sales`);
      expect(run.stdout).toMatch(/all \d+ rows landed: sales_lines (\d+)\/\1, user_events (\d+)\/\2, feedback (\d+)\/\3/);
      expect(run.stdout).toMatch(/send → row written \(ingested_at\), over \d+ sales lines: p50 \d+ ms/);
      expect(run.stdout).toContain('Nothing missing, nothing extra, and the producer report agrees.');
    } finally {
      await clickhouse.drop();
      await deleteTopics(eventTopics(chSuffix)).catch(() => undefined);
    }
  });

  it('diagnoses when rows have not all landed in time, exits 1 and leaves the stack up', async () => {
    const run = await runTsCli('admin/demo-cli.ts', ['--profile', 'compact', '--orders', '3000', '--timeout', '1ms'], env);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain('Not everything arrived within 0.0 s');
    expect(run.stdout).toMatch(/itdemo-postgres-sales: RUNNING, tasks running 3, failed 0, consumer lag \d+/);
    expect(run.stdout).toContain(`dead-letter topic dlq-ecom-postgres-sales${suffix}: 0 record(s)`);
    expect(run.stdout).toContain('Next: npm run connectors:status');
    expect(run.stderr).toContain('error: The warehouse did not receive every produced row within 0.0 s');
    expect(run.stdout).not.toContain('Stopping what the demo started');
  });

  it('refuses bad options with exit 2, naming each', async () => {
    const run = await runTsCli('admin/demo-cli.ts', ['--timeout', '5 parsecs'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: Invalid options: --timeout "5 parsecs" is not a duration; write e.g. 30s, 10m, 1h30m, 2d or 500ms.\n');
    const orders = await runTsCli('admin/demo-cli.ts', ['--orders', '0'], env);
    expect(orders.code).toBe(2);
    expect(orders.stderr).toContain('--orders "0" is not a positive whole number.');
  });
});
