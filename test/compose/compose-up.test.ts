import { describe, expect, it } from 'vitest';
import { composeEndpoints, composePlan, defaultComposeWarehouse } from '../../admin/compose/compose-plan.js';
import { composeReadiness, parseComposePs } from '../../admin/compose/compose-readiness.js';
import { probeDockerEngine } from '../../admin/compose/docker-engine.js';
import { resolveConfig } from '../../lib/config/resolve-config.js';
import { runTsCli } from '../support/test-env.js';

const engine = await probeDockerEngine();
if (engine.available) process.stdout.write(`[skip] the no-Docker message test: a Docker engine answers here (${engine.detail})\n`);

describe('npm run up: what to start and when it is ready', () => {
  it('plans profiles and the services to wait for, per warehouse', () => {
    expect(composePlan('mssql', ['metabase'])).toEqual({
      profiles: 'mssql,metabase',
      longRunning: ['kafka', 'connect', 'mssql', 'metabase'],
      oneShots: ['mssql-init', 'migrate', 'connectors'],
    });
    expect(composePlan('clickhouse', ['demo', 'jupyter']).longRunning).toEqual(['kafka', 'connect', 'clickhouse', 'jupyter']);
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
    });
    expect(endpoints).toMatchObject({
      WAREHOUSE: 'clickhouse',
      KAFKA_BROKERS: 'localhost:19092',
      CLICKHOUSE_URL: 'http://127.0.0.1:8123',
      CLICKHOUSE_SINK_HOST: 'clickhouse',
    });
  });

  it('refuses bad options with exit 2, and a dry run changes nothing', async () => {
    const extras = await runTsCli('admin/compose-cli.ts', ['up', '--with', 'metabase,grafana']);
    expect(extras.code).toBe(2);
    expect(extras.stderr).toContain('--with "metabase,grafana" names unknown extra(s) grafana; choose from metabase, jupyter, demo.');
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

describe('the warehouse Compose runs when none is given', () => {
  const layer = (origin: string, warehouse: string) => ({ origin, values: { WAREHOUSE: warehouse }, rejectUnknownKeys: false });

  it('takes what the user set in the environment or .env, postgres included', () => {
    expect(defaultComposeWarehouse(resolveConfig([layer('the environment', 'clickhouse')]))).toBe('clickhouse');
    expect(defaultComposeWarehouse(resolveConfig([layer('.env', 'postgres'), layer('.stack/endpoints.env', 'clickhouse')]))).toBe(
      'postgres',
    );
  });

  it("reads the native stack's postgres as Compose's default, SQL Server, and keeps a Compose endpoints file's warehouse", () => {
    expect(defaultComposeWarehouse(resolveConfig([layer('.stack/endpoints.env', 'postgres')]))).toBe('mssql');
    expect(defaultComposeWarehouse(resolveConfig([layer('.stack/endpoints.env', 'clickhouse')]))).toBe('clickhouse');
    expect(defaultComposeWarehouse(resolveConfig([]))).toBe('mssql');
  });
});
