import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseComposeWarehouse, composeEndpoints, composePlan, engineArchOf } from '../../admin/compose/compose-plan.js';
import { composeReadiness, parseComposePs } from '../../admin/compose/compose-readiness.js';
import { composeSecretsFor, generateSecret, missingComposeSecrets } from '../../admin/compose/compose-secrets.js';
import { ensureComposeSecrets } from '../../admin/compose/compose-up.js';
import { probeDockerEngine } from '../../admin/compose/docker-engine.js';
import { resolveConfig } from '../../lib/config/resolve-config.js';
import { runTsCli } from '../support/test-env.js';

const engine = await probeDockerEngine();
if (engine.available) process.stdout.write(`[skip] the no-Docker message test: a Docker engine answers here (${engine.detail})\n`);

describe('npm run up: what to start and when it is ready', () => {
  it('plans profiles and the services to wait for, per warehouse', () => {
    expect(composePlan('mssql', ['metabase'])).toEqual({
      profiles: 'mssql,metabase',
      longRunning: ['kafka', 'connect', 'mssql', 'connectors-watch', 'metabase'],
      oneShots: ['mssql-init', 'migrate', 'connectors', 'dashboards'],
    });
    expect(composePlan('clickhouse', ['demo', 'jupyter']).longRunning).toEqual([
      'kafka',
      'connect',
      'clickhouse',
      'connectors-watch',
      'rollups',
      'jupyter',
    ]);
    expect(composePlan('clickhouse', []).oneShots).toEqual(['migrate', 'connectors', 'clickhouse-ingest']);
  });

  it('is ready when servers are healthy and one-shots exited 0; a failed one-shot fails at once', () => {
    const plan = { longRunning: ['kafka', 'connect'], oneShots: ['migrate'] };
    const rows = parseComposePs(
      [
        '{"Service":"kafka","State":"running","Health":"healthy"}',
        '{"Service":"connect","State":"running","Health":"starting"}',
        '{"Service":"migrate","State":"running","Health":""}',
      ].join('\n'),
    );
    expect(composeReadiness(rows, plan)).toEqual({ ready: false, failed: [], pending: ['connect starting', 'migrate running'] });
    const done = parseComposePs(
      JSON.stringify([
        { Service: 'kafka', State: 'running', Health: 'healthy' },
        { Service: 'connect', State: 'running', Health: 'healthy' },
        { Service: 'migrate', State: 'exited', ExitCode: 0 },
      ]),
    );
    expect(composeReadiness(done, plan)).toEqual({ ready: true, failed: [], pending: [] });
    const failed = composeReadiness([...done.slice(0, 2), { Service: 'migrate', State: 'exited', ExitCode: 1 }], plan);
    expect(failed.failed).toEqual(['migrate failed (exit 1)']);
    expect(composeReadiness([{ Service: 'kafka', State: 'running', Health: 'unhealthy' }], plan).failed).toEqual(['kafka is unhealthy']);
  });

  it('points every command at the Compose services from this machine, and the sinks at them inside the network', () => {
    const endpoints = composeEndpoints('clickhouse', {
      COMPOSE_KAFKA_PORT: 19092,
      COMPOSE_CONNECT_PORT: 8083,
      COMPOSE_PG_PORT: 5432,
      COMPOSE_MSSQL_PORT: 1433,
      COMPOSE_CLICKHOUSE_PORT: 8123,
      COMPOSE_METABASE_PORT: 3300,
    });
    expect(endpoints).toMatchObject({
      WAREHOUSE: 'clickhouse',
      KAFKA_BROKERS: 'localhost:19092',
      CLICKHOUSE_URL: 'http://127.0.0.1:8123',
      CLICKHOUSE_SINK_HOST: 'clickhouse',
      // The Kafka-engine ingest rendered here names the broker as the ClickHouse server reaches it, as in Compose.
      CLICKHOUSE_KAFKA_BROKERS: 'kafka:19092',
      // Dashboards commands run here reach Metabase on its port; Metabase reaches the warehouse as a service.
      METABASE_URL: 'http://localhost:3300',
      METABASE_WAREHOUSE_HOST: 'clickhouse:8123',
    });
  });

  it('refuses bad options with exit 2, and a dry run changes nothing', async () => {
    const extras = await runTsCli('admin/compose-cli.ts', ['up', '--with', 'metabase,grafana']);
    expect(extras.code).toBe(2);
    expect(extras.stderr).toContain('--with "metabase,grafana" names unknown extra(s) grafana; choose from metabase, jupyter, demo, web.');
    const dry = await runTsCli('admin/compose-cli.ts', ['up', '--warehouse', 'postgres', '--with', 'demo', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('COMPOSE_PROFILES=postgres,demo');
  });

  it.skipIf(engine.available)('says what to do without Docker (exit 1)', async () => {
    const up = await runTsCli('admin/compose-cli.ts', ['up', '--warehouse', 'postgres'], { ...process.env, PG_PASSWORD: 'x' });
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('No Docker engine answered');
    expect(up.stderr).toContain('npm run stack:up (native stack with PostgreSQL) or npm run demo');
  });
});

describe('the warehouse Compose runs', () => {
  const layer = (origin: string, warehouse: string) => ({ origin, values: { WAREHOUSE: warehouse }, rejectUnknownKeys: false });
  const choose = (layers: ReturnType<typeof layer>[], arch = 'amd64', option?: 'mssql' | 'clickhouse' | 'postgres') =>
    chooseComposeWarehouse(resolveConfig(layers), arch, option);

  it('takes --warehouse, else what the user set in the environment or .env, postgres included', () => {
    expect(choose([layer('the environment', 'clickhouse')])).toEqual({ warehouse: 'clickhouse' });
    expect(choose([layer('.env', 'postgres'), layer('.stack/endpoints.env', 'clickhouse')])).toEqual({ warehouse: 'postgres' });
    expect(choose([layer('.env', 'postgres')], 'amd64', 'mssql')).toEqual({ warehouse: 'mssql' });
  });

  it("reads the native stack's postgres as Compose's default, SQL Server, and keeps a Compose endpoints file's warehouse", () => {
    expect(choose([layer('.stack/endpoints.env', 'postgres')])).toEqual({ warehouse: 'mssql' });
    expect(choose([layer('.stack/endpoints.env', 'clickhouse')])).toEqual({ warehouse: 'clickhouse' });
    expect(choose([])).toEqual({ warehouse: 'mssql' });
  });

  it('defaults to ClickHouse on an arm64 engine, saying why, and refuses an explicit mssql there in one sentence', () => {
    expect(choose([], 'arm64')).toEqual({
      warehouse: 'clickhouse',
      note: "This Docker engine is arm64 and SQL Server's image is amd64 only: using ClickHouse (choose with --warehouse or WAREHOUSE).",
    });
    expect(choose([layer('.env', 'postgres')], 'arm64')).toEqual({ warehouse: 'postgres' });
    expect(() => choose([], 'arm64', 'mssql')).toThrow(
      "--warehouse mssql cannot run here: SQL Server's image is amd64 only and this Docker engine is arm64; choose clickhouse or postgres.",
    );
    expect(() => choose([layer('.env', 'mssql')], 'arm64')).toThrow(
      "WAREHOUSE=mssql (.env) cannot run here: SQL Server's image is amd64 only and this Docker engine is arm64; choose clickhouse or postgres.",
    );
    expect(engineArchOf(undefined, 'x64')).toBe('amd64');
    expect(engineArchOf(undefined, 'arm64')).toBe('arm64');
    expect(engineArchOf('arm64', 'x64')).toBe('arm64');
  });
});

describe('the secrets npm run up needs', () => {
  it("lists the warehouse's admin, sink and reader passwords plus the extras' tokens, and only the unset ones are missing", () => {
    expect(composeSecretsFor('mssql', [])).toEqual(['MSSQL_PASSWORD', 'MSSQL_SINK_PASSWORD', 'MSSQL_READER_PASSWORD']);
    expect(composeSecretsFor('postgres', ['jupyter', 'metabase', 'demo'])).toEqual([
      'PG_PASSWORD',
      'PG_SINK_PASSWORD',
      'PG_READER_PASSWORD',
      'JUPYTER_TOKEN',
      'MB_ENCRYPTION_SECRET_KEY',
      'METABASE_ADMIN_PASSWORD',
    ]);
    const values = resolveConfig([{ origin: '.env', values: { CLICKHOUSE_PASSWORD: 'set' }, rejectUnknownKeys: false }]).values;
    expect(missingComposeSecrets('clickhouse', [], values)).toEqual(['CLICKHOUSE_SINK_PASSWORD', 'CLICKHOUSE_READER_PASSWORD']);
  });

  it("generates secrets SQL Server's policy accepts, with no character that needs quoting", () => {
    const secrets = Array.from({ length: 50 }, () => generateSecret());
    for (const secret of secrets) {
      expect(secret).toMatch(/^[A-Za-z0-9]{20,}$/);
      expect(secret).toMatch(/[a-z]/);
      expect(secret).toMatch(/[A-Z]/);
      expect(secret).toMatch(/[0-9]/);
    }
    expect(new Set(secrets).size).toBe(50);
  });

  it('appends only the missing ones to .env (created owner-only), prints their names and never their values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-secrets-'));
    try {
      const file = join(dir, '.env');
      writeFileSync(file, 'MSSQL_PASSWORD=Mine-Passw0rd\n');
      const said: string[] = [];
      const config = resolveConfig([{ origin: '.env', values: { MSSQL_PASSWORD: 'Mine-Passw0rd' }, rejectUnknownKeys: false }]);
      const generated = ensureComposeSecrets(config, { warehouse: 'mssql', extras: ['jupyter'] }, (line) => said.push(line), file);
      expect(Object.keys(generated)).toEqual(['MSSQL_SINK_PASSWORD', 'MSSQL_READER_PASSWORD', 'JUPYTER_TOKEN']);
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith('MSSQL_PASSWORD=Mine-Passw0rd\n')).toBe(true);
      for (const [name, value] of Object.entries(generated)) expect(text).toContain(`\n${name}=${value}\n`);
      expect(said).toEqual([
        `Generated MSSQL_SINK_PASSWORD, MSSQL_READER_PASSWORD, JUPYTER_TOKEN into ${file} (git-ignored; keep it, the data volumes remember them).`,
      ]);
      for (const value of Object.values(generated)) expect(said.join('')).not.toContain(value);
      const fresh = join(dir, 'new.env');
      ensureComposeSecrets(resolveConfig([]), { warehouse: 'postgres', extras: [] }, () => undefined, fresh);
      expect(statSync(fresh).mode & 0o777).toBe(0o600);
      expect(ensureComposeSecrets(config, { warehouse: 'mssql', extras: [] }, () => undefined, join(dir, 'untouched.env'))).toEqual({
        MSSQL_SINK_PASSWORD: expect.any(String),
        MSSQL_READER_PASSWORD: expect.any(String),
      });
      expect(() =>
        ensureComposeSecrets(resolveConfig([]), { warehouse: 'postgres', extras: [] }, () => undefined, join(dir, 'missing', '.env')),
      ).toThrow(
        /^Could not write the generated secrets \(PG_PASSWORD, PG_SINK_PASSWORD, PG_READER_PASSWORD\) to .*: .*\. Set them in \.env yourself\.$/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
