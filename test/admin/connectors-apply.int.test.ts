import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectClient } from '../../admin/connect/connect-client.js';
import { applyPlan, planAgainstWorker } from '../../admin/connectors/apply-connectors.js';
import { loadConnectorSchemas } from '../../admin/connectors/connector-schemas.js';
import { readConnectorFiles } from '../../admin/connectors/read-connector-files.js';
import { renderConnectors } from '../../admin/connectors/render-connectors.js';
import { validateConnectorFiles } from '../../admin/connectors/validate-connector-files.js';
import { readAllRecords } from '../../admin/pipeline/read-all-records.js';
import { createWarehouse } from '../../admin/warehouse/create-warehouse.js';
import { migrateWarehouse } from '../../admin/warehouse/migrate.js';
import { pgClientConfig } from '../../admin/warehouse/postgres-connection.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { VARIABLES } from '../../lib/config/variables.js';
import { createKafka } from '../../lib/kafka/kafka-client.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { connectEnvelopeSerializer } from '../../lib/schemas/connect-envelope.js';
import { EVENT_SCHEMAS } from '../../lib/schemas/event-schemas.js';
import { eventTopics, topicOf } from '../../lib/streams.js';
import { deleteTopics } from '../support/read-topic.js';
import { createScratchDatabase } from '../support/scratch-database.js';
import { eventually, runTsCli, testTargets, uniqueSuffix } from '../support/test-env.js';

const CLI = 'admin/connectors-cli.ts';
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'connectors');
/** The fixtures read the real event topics, suffixed for this file alone. */
const SUFFIX = `-itc${uniqueSuffix()}`;
const TOPICS = [
  ...eventTopics(SUFFIX),
  'itc-stray',
  ...['orders', 'events', 'fail'].map((name) => `dlq-itc-postgres-${name}${SUFFIX}`),
  'dlq-itc-postgres-events',
];
const targets = testTargets();
const client = new ConnectClient(targets.connectUrl);

describe('connectors:apply against the Connect worker (prefix itc, own database)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let env: NodeJS.ProcessEnv;

  /** The CLI's apply path in-process, counting the requests that change connectors. */
  async function applyInProcess(dir: string, settleMs = 2_000): Promise<{ writes: string[]; actions: string[] }> {
    const config = loadConfig({ env });
    const { connectors, problems } = validateConnectorFiles(readConnectorFiles(dir, 'postgres'), loadConnectorSchemas(), VARIABLES);
    expect(problems).toEqual([]);
    const rendered = renderConnectors(connectors, config.text);
    const writes: string[] = [];
    const counting = new ConnectClient(targets.connectUrl, {
      onWrite: (method, path) => {
        if (path.startsWith('/connectors/')) writes.push(`${method} ${path}`);
      },
    });
    const actions = await planAgainstWorker(counting, rendered, 'itc-postgres-');
    await applyPlan(counting, actions, rendered, { prune: false, timeoutMs: 60_000, settleMs, report: () => undefined });
    return { writes, actions: actions.map((action) => `${action.action} ${action.name}`) };
  }

  /** Each test states the connectors it starts from, so it passes alone or in any order. */
  const given = (fixture: 'valid' | 'update') => applyInProcess(join(FIXTURES, fixture), 0);

  async function deleteOurConnectors(): Promise<void> {
    const live = await client.listExpanded();
    for (const name of Object.keys(live).filter((name) => name.startsWith('itc-') || name === 'unprefixed-other'))
      await client.deleteConnector(name);
  }

  beforeAll(async () => {
    scratch = await createScratchDatabase('it_conn');
    const config = loadConfig({ env: { ...process.env, PG_URL: scratch.url } });
    const warehouse = createWarehouse(config, 'postgres');
    await warehouse.connect();
    await migrateWarehouse(warehouse);
    await warehouse.close();
    env = {
      ...process.env,
      CONNECTOR_PREFIX: 'itc',
      WAREHOUSE: 'postgres',
      TOPIC_SUFFIX: SUFFIX,
      PG_SINK_JDBC_URL: scratch.sinkJdbcUrl,
    };
  });

  afterAll(async () => {
    await deleteOurConnectors();
    await deleteTopics(TOPICS);
    await scratch?.drop();
  });

  it('apply creates the connectors and waits until they run', async () => {
    await deleteOurConnectors();
    const run = await runTsCli(CLI, ['apply', '--dir', join(FIXTURES, 'valid'), '--settle', '2s'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('+ create itc-postgres-events');
    expect(run.stdout).toContain('created itc-postgres-orders');
    expect(run.stdout).toContain('All 2 connector(s) RUNNING.');
  });

  it('apply again: everything unchanged and not one write request sent', async () => {
    await given('valid');
    const { writes, actions } = await applyInProcess(join(FIXTURES, 'valid'));
    expect(actions).toEqual(['unchanged itc-postgres-events', 'unchanged itc-postgres-orders']);
    expect(writes).toEqual([]);
  });

  it('one changed key: only that connector is written', async () => {
    await given('valid');
    const { writes, actions } = await applyInProcess(join(FIXTURES, 'update'));
    expect(actions).toEqual(['unchanged itc-postgres-events', 'update itc-postgres-orders']);
    expect(writes).toEqual(['PUT /connectors/itc-postgres-orders/config']);
    const live = await client.listExpanded();
    expect(live['itc-postgres-orders']?.info.config['batch.size']).toBe('500');
  });

  it('--dry-run shows the change, exits 3 and changes nothing', async () => {
    await given('update');
    const run = await runTsCli(CLI, ['apply', '--dry-run', '--dir', join(FIXTURES, 'valid')], env);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('~ update itc-postgres-orders\n    batch.size: "500" → "2000"');
    expect(run.stdout).toContain('Dry run: nothing was changed.');
    expect((await client.listExpanded())['itc-postgres-orders']?.info.config['batch.size']).toBe('500');
    const plan = await runTsCli(CLI, ['plan', '--dir', join(FIXTURES, 'update')], env);
    expect(plan.code).toBe(0);
  });

  it('--prune deletes a stray itc-postgres-… connector and leaves another warehouse’s and an unprefixed one alone', async () => {
    await given('update');
    const template = (await client.listExpanded())['itc-postgres-events']?.info.config as Record<string, string>;
    const stray = { ...template, topics: 'itc-stray', 'errors.deadletterqueue.topic.name': 'dlq-itc-postgres-events' };
    for (const name of ['itc-postgres-stray', 'itc-mssql-other', 'unprefixed-other']) await client.putConfig(name, { ...stray, name });
    const plan = await runTsCli(CLI, ['plan', '--dir', join(FIXTURES, 'update')], env);
    expect(plan.code).toBe(3);
    expect(plan.stdout).toContain('- delete itc-postgres-stray');
    const run = await runTsCli(CLI, ['apply', '--prune', '--dir', join(FIXTURES, 'update'), '--settle', '1s'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('deleted itc-postgres-stray');
    const names = Object.keys(await client.listExpanded());
    expect(names).not.toContain('itc-postgres-stray');
    expect(names).toEqual(expect.arrayContaining(['itc-mssql-other', 'unprefixed-other', 'itc-postgres-orders', 'itc-postgres-events']));
  });

  it('a task that fails on its first records makes apply exit 1 with the trace; once the table exists, restart --failed brings it back', async () => {
    // Its own database, not yet migrated: the feedback table is missing until db:migrate runs.
    const bare = await createScratchDatabase('it_conn_bare');
    const bareEnv = { ...env, PG_URL: bare.url, PG_SINK_JDBC_URL: bare.sinkJdbcUrl };
    try {
      const topic = topicOf('feedback', SUFFIX);
      const kafka = createKafka({ brokers: targets.kafkaBrokers });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
      await admin.disconnect();
      const producer = kafka.producer();
      await producer.connect();
      const feedback = {
        feedback_id: '00000000-0000-4000-8000-00000000f001',
        ts: '2025-01-01T00:00:00.000Z',
        customer_id: null,
        feature: 'search',
        rating: 5,
        comment: 'first',
      };
      const serialize = connectEnvelopeSerializer(EVENT_SCHEMAS.feedback);
      await producer.send({ topic, messages: [{ key: feedback.feedback_id, value: serialize(feedback) }] });
      await producer.disconnect();

      const run = await runTsCli(CLI, ['apply', '--dir', join(FIXTURES, 'fail'), '--settle', '10s', '--timeout', '90s'], bareEnv);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Connector itc-postgres-fail FAILED. Its trace begins:');
      expect(run.stderr).toContain('npm run connectors:restart -- itc-postgres-fail --failed');

      const migrate = await runTsCli('admin/db-cli.ts', ['migrate'], bareEnv);
      expect(migrate.code).toBe(0);
      const restart = await runTsCli(CLI, ['restart', 'itc-postgres-fail', '--failed'], bareEnv);
      expect(restart.code).toBe(0);
      const db = new pg.Client(pgClientConfig(bare.url, loadConfig().values.PG_PASSWORD));
      await db.connect();
      const row = await eventually(
        async () => (await db.query<{ comment: string }>('SELECT comment FROM feedback')).rows[0]?.comment,
        60_000,
        'the record to land after the restart',
      ).finally(() => db.end());
      expect(row).toBe('first');
      const status = await client.status('itc-postgres-fail');
      expect([status.connector.state, ...status.tasks.map((task) => task.state)]).toEqual(['RUNNING', 'RUNNING']);
      const json = JSON.parse((await runTsCli(CLI, ['status', '--json'], bareEnv)).stdout) as Array<{
        connector: string;
        state: string;
        tasksRunning: number;
        topics: string[];
        lag: number;
      }>;
      expect(json.find((entry) => entry.connector === 'itc-postgres-fail')).toMatchObject({
        state: 'RUNNING',
        tasksRunning: 1,
        topics: [topic],
      });
    } finally {
      await client.deleteConnector('itc-postgres-fail').catch(() => undefined);
      await bare.drop();
    }
  });

  it('pause and resume a connector', async () => {
    await given('valid');
    const paused = await runTsCli(CLI, ['pause', 'itc-postgres-events'], env);
    expect(paused.stdout).toContain('paused itc-postgres-events');
    expect(
      await eventually(
        async () => ((await client.status('itc-postgres-events')).connector.state === 'PAUSED' ? true : undefined),
        30_000,
        'PAUSED',
      ),
    ).toBe(true);
    const resumed = await runTsCli(CLI, ['resume', 'itc-postgres-events'], env);
    expect(resumed.stdout).toContain('resumed itc-postgres-events');
    expect(
      await eventually(
        async () => ((await client.status('itc-postgres-events')).connector.state === 'RUNNING' ? true : undefined),
        30_000,
        'RUNNING',
      ),
    ).toBe(true);
    const missing = await runTsCli(CLI, ['pause', 'itc-postgres-nope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Kafka Connect has no connector itc-postgres-nope');
  });

  it("the worker's config topic holds secret references, never a secret's value", async () => {
    await given('valid');
    const secret = loadConfig().values.PG_SINK_PASSWORD ?? '';
    expect(secret.length).toBeGreaterThan(8);
    const records = await readAllRecords(createKafka({ brokers: targets.kafkaBrokers }), '_connect-configs');
    expect(records.length).toBeGreaterThan(0);
    expect(records.some((record) => record.value.includes('${env:PG_SINK_PASSWORD}'))).toBe(true);
    expect(records.filter((record) => record.value.includes(secret))).toEqual([]);
  });
});
