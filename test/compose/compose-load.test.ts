import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeEndpoints, composePlan, EXTRAS, type Extra } from '../../admin/compose/compose-plan.js';
import { composeSecretsFor } from '../../admin/compose/compose-secrets.js';
import { composeUpOverrides, composeVariables, ensureComposeSecrets } from '../../admin/compose/compose-up.js';
import { COMPOSE_FILE, composeArgs } from '../../admin/compose/docker-compose-command.js';
import { readConnectorFiles } from '../../admin/connectors/read-connector-files.js';
import { metabaseWarehouse } from '../../admin/dashboards/metabase/metabase-warehouse.js';
import { renderIngest } from '../../admin/ingest/clickhouse-ingest.js';
import { sinkLoginProblem } from '../../admin/warehouse/sink-login.js';
import { resolveConfig } from '../../lib/config/resolve-config.js';
import { VARIABLES } from '../../lib/config/variables.js';
import { envAllowlistPattern, providerReferencesOf } from '../../lib/connect-config-providers.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { DIALECTS, type Dialect } from '../../lib/warehouses.js';
import { buildComposeLoader, type LoadedProject, type LoadedService, loadCompose } from '../support/compose-loader.js';

const SECRET_NAMES = new Set<string>(VARIABLES.filter((spec) => spec.secret).map((spec) => spec.name));
const subsets = <T>(items: readonly T[]): T[][] => items.reduce<T[][]>((all, item) => all.concat(all.map((set) => [...set, item])), [[]]);
const work = mkdtempSync(join(tmpdir(), 'compose-load-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(buildComposeLoader, 300_000);

/**
 * What a user following the README has after `npm run up` on a fresh clone: no .env of their own, so
 * npm run up generates the chosen profiles' secrets into it, and passes the same arguments and variables.
 */
async function upAsTheReadmeSays(warehouse: Dialect, extras: readonly Extra[]) {
  const envFile = join(work, `${warehouse}-${extras.join('_') || 'none'}.env`);
  const generated = ensureComposeSecrets(resolveConfig([]), { warehouse, extras }, () => undefined, envFile);
  const config = resolveConfig([{ origin: '.env', values: generated, rejectUnknownKeys: false }]);
  const plan = composePlan(warehouse, extras);
  const variables = composeVariables(config, composeUpOverrides(warehouse, plan.profiles, {}, undefined, { uid: 1234, gid: 5678 }));
  const outcome = await loadCompose(composeArgs([], envFile), variables);
  return { generated, outcome, envFile };
}

const loaded = (outcome: Awaited<ReturnType<typeof loadCompose>>): LoadedProject => {
  if (!outcome.ok) throw new Error(`compose-go refused the file: ${outcome.error}`);
  return outcome.project;
};
const envOf = (service: LoadedService | undefined) => (service?.environment ?? {}) as Record<string, string | null>;
const argumentsOf = (service: LoadedService) =>
  [...(service.entrypoint ?? []), ...(service.command ?? []), ...(service.healthcheck?.test ?? [])].join(' ');

describe('compose/docker-compose.yml as Docker Compose loads it (compose-go)', () => {
  it('loads for every profile combination npm run up can produce, with the services each one needs', async () => {
    for (const warehouse of DIALECTS) {
      for (const extras of subsets(EXTRAS)) {
        const { outcome } = await upAsTheReadmeSays(warehouse, extras);
        const project = loaded(outcome);
        const plan = composePlan(warehouse, extras);
        const expected = [...plan.longRunning, ...plan.oneShots, ...(extras.includes('demo') ? ['producer'] : [])].sort();
        expect(Object.keys(project.services).sort(), `${warehouse} + ${extras.join(',')}`).toEqual(expected);
      }
    }
  }, 120_000);

  it('loads for npm run down (every profile) with only one warehouse configured, and with nothing configured', async () => {
    const { envFile } = await upAsTheReadmeSays('mssql', []);
    expect(loaded(await loadCompose(composeArgs(['--profile', '*'], envFile), {})).services).toHaveProperty('clickhouse');
    expect(loaded(await loadCompose(composeArgs(['--profile', '*'], join(work, 'absent.env')), {})).services).toHaveProperty('postgres');
  });

  it('works as the plain command the README shows, from the repository root; without --env-file Compose would read compose/.env', async () => {
    const root = join(work, 'plain');
    mkdirSync(join(root, 'compose'), { recursive: true });
    copyFileSync(COMPOSE_FILE, join(root, 'compose', 'docker-compose.yml'));
    writeFileSync(join(root, '.env'), 'PG_PASSWORD=Plain-Passw0rd\n');
    const args = ['-f', 'compose/docker-compose.yml', '--profile', 'postgres'];
    const withEnvFile = loaded(await loadCompose([...args, '--env-file', '.env'], {}, root));
    expect(envOf(withEnvFile.services.postgres).POSTGRES_PASSWORD).toBe('Plain-Passw0rd');
    const without = loaded(await loadCompose(args, {}, root));
    expect(envOf(without.services.postgres).POSTGRES_PASSWORD).toBe('');
  });

  for (const warehouse of DIALECTS) {
    it(`gives each ${warehouse} service the variables and commands the adapters expect, and only the secrets it needs`, async () => {
      const { generated, outcome } = await upAsTheReadmeSays(warehouse, EXTRAS);
      const services = loaded(outcome).services;
      const [admin, sink, reader] = composeSecretsFor(warehouse, []) as [string, string, string];

      // migrate: the warehouse's URL and its three passwords, which the registry accepts and db:migrate needs.
      const migrate = envOf(services.migrate);
      expect(migrate.WAREHOUSE).toBe(warehouse);
      for (const name of [admin, sink, reader]) expect(migrate[name], name).toBe(generated[name]);
      const migrateConfig = resolveConfig([{ origin: 'compose', values: nonEmpty(migrate), rejectUnknownKeys: true }]);
      expect(sinkLoginProblem(warehouse, migrateConfig.values)).toBeUndefined();

      // The warehouse server starts with the admin password; the checks in its command name the variable.
      const server = services[warehouse] as LoadedService;
      const serverPassword = { mssql: 'MSSQL_SA_PASSWORD', clickhouse: 'CLICKHOUSE_PASSWORD', postgres: 'POSTGRES_PASSWORD' }[warehouse];
      expect(envOf(server)[serverPassword]).toBe(generated[admin]);
      if (warehouse !== 'postgres') expect(argumentsOf(server)).toContain(`${admin} is not set: put it in .env`);
      if (warehouse === 'mssql') expect(envOf(services['mssql-init']).SQLCMDPASSWORD).toBe(generated[admin]);

      // connect: every ${env:…} its warehouse's connector files use, and an allowlist of exactly the files' references.
      const connect = envOf(services.connect);
      const references = providerReferencesOf(readConnectorFiles(join(REPO_ROOT, 'connectors')).map((file) => file.text));
      expect(references.files).toEqual([]);
      expect(references.dirs).toEqual([]);
      expect(connect.CONNECT_ENV_ALLOWLIST).toBe(envAllowlistPattern(references.env));
      const own = providerReferencesOf(readConnectorFiles(join(REPO_ROOT, 'connectors'), warehouse).map((file) => file.text)).env;
      expect(own).toEqual([sink]);
      for (const name of own) expect(connect[name], name).toBe(generated[name]);

      // connectors:apply runs with endpoints only; the sinks' hosts are services of this project.
      const connectors = envOf(services.connectors);
      const values = resolveConfig([{ origin: 'compose', values: nonEmpty(connectors), rejectUnknownKeys: true }]).values;
      const sinkHost = {
        mssql: values.MSSQL_SINK_JDBC_URL,
        clickhouse: `//${values.CLICKHOUSE_SINK_HOST}:`,
        postgres: values.PG_SINK_JDBC_URL,
      }[warehouse];
      expect(sinkHost).toContain(`//${warehouse}:`);
      expect(values.CONNECT_URL).toBe('http://connect:8083');

      // Least privilege: no secret where none is needed, readers only for Jupyter, and none in any argument list.
      for (const name of ['connectors', 'producer', 'connectors-watch'])
        expect(
          Object.keys(envOf(services[name])).filter((key) => SECRET_NAMES.has(key)),
          name,
        ).toEqual([]);
      // The rollups' refresher (PostgreSQL and ClickHouse): the warehouse's admin password alone, every minute.
      if (warehouse === 'mssql') expect(services.rollups).toBeUndefined();
      else {
        const rollups = services.rollups as LoadedService;
        expect(Object.keys(envOf(rollups)).filter((key) => SECRET_NAMES.has(key) && envOf(rollups)[key])).toEqual([admin]);
        expect(envOf(rollups)[admin]).toBe(generated[admin]);
        expect(argumentsOf(rollups)).toContain('admin/rollups-cli.ts refresh --every 1m');
      }
      // The sinks' watcher reaches Kafka and Connect inside the network, with the repository's policy.
      expect(argumentsOf(services['connectors-watch'] as LoadedService)).toContain('admin/connectors-cli.ts watch');
      expect(envOf(services['connectors-watch'])).toMatchObject({ CONNECT_URL: 'http://connect:8083', KAFKA_BROKERS: 'kafka:19092' });
      const jupyter = services.jupyter as LoadedService;
      expect(Object.keys(envOf(jupyter)).filter((key) => SECRET_NAMES.has(key))).toEqual([
        'CLICKHOUSE_READER_PASSWORD',
        'JUPYTER_TOKEN',
        'MSSQL_READER_PASSWORD',
        'PG_READER_PASSWORD',
      ]);
      expect(envOf(jupyter)[reader]).toBe(generated[reader]);
      expect(envOf(jupyter).JUPYTER_TOKEN).toBe(generated.JUPYTER_TOKEN);
      expect(jupyter.user).toBe('1234:5678');
      expect(envOf(services.metabase).MB_ENCRYPTION_SECRET_KEY).toBe(generated.MB_ENCRYPTION_SECRET_KEY);
      // dashboards (profile metabase): Metabase's admin and the warehouse's reader, as dashboards:apply reads them;
      // Metabase reaches the warehouse at the address the one-shot's own URL names (a service of this project).
      const dashboards = services.dashboards as LoadedService;
      expect(Object.keys(envOf(dashboards)).filter((key) => SECRET_NAMES.has(key))).toEqual([
        'CLICKHOUSE_READER_PASSWORD',
        'METABASE_ADMIN_PASSWORD',
        'MSSQL_READER_PASSWORD',
        'PG_READER_PASSWORD',
      ]);
      expect(envOf(dashboards).METABASE_ADMIN_PASSWORD).toBe(generated.METABASE_ADMIN_PASSWORD);
      expect(envOf(dashboards)[reader]).toBe(generated[reader]);
      const dashboardValues = resolveConfig([{ origin: 'compose', values: nonEmpty(envOf(dashboards)), rejectUnknownKeys: true }]);
      expect(dashboardValues.values).toMatchObject({ METABASE_URL: 'http://metabase:3000', METABASE_ADMIN_EMAIL: 'admin@example.com' });
      expect(metabaseWarehouse(dashboardValues, warehouse, '').details).toMatchObject({
        host: warehouse,
        port: { mssql: 1433, clickhouse: 8123, postgres: 5432 }[warehouse],
      });
      expect(argumentsOf(dashboards)).toContain('admin/dashboards-cli.ts apply --target metabase');
      // The collector (web): Kafka inside the network, every setting valid as the registry reads it (empty ones
      // included), listening on every interface of its container; no secret.
      const collector = envOf(services.collector);
      expect(Object.keys(collector).filter((key) => SECRET_NAMES.has(key))).toEqual([]);
      const strings = Object.fromEntries(Object.entries(collector).filter((entry): entry is [string, string] => entry[1] !== null));
      const collectorValues = resolveConfig([{ origin: 'compose', values: strings, rejectUnknownKeys: true }]).values;
      expect(collectorValues).toMatchObject({ KAFKA_BROKERS: 'kafka:19092', COLLECTOR_HOST: '0.0.0.0', COLLECTOR_PORT: 8090 });
      expect(argumentsOf(services.collector as LoadedService)).toContain('collector/main.ts');
      for (const [name, service] of Object.entries(services)) {
        for (const value of Object.values(generated))
          expect(argumentsOf(service), `${name} has a secret in its arguments`).not.toContain(value);
        expect(argumentsOf(service), name).not.toMatch(/ -P |--ServerApp\.token/);
      }
    });
  }
});

describe('the collector under Compose (profile web)', () => {
  it("takes its settings from .env, and the registry's defaults otherwise", async () => {
    const { envFile } = await upAsTheReadmeSays('postgres', ['web']);
    const dotEnv = { COLLECTOR_CONSENT: 'implied', COLLECTOR_ALLOWED_ORIGINS: 'https://shop.example.com' };
    appendFileSync(
      envFile,
      Object.entries(dotEnv)
        .map(([name, value]) => `${name}=${value}\n`)
        .join(''),
    );
    const config = resolveConfig([{ origin: '.env', values: dotEnv, rejectUnknownKeys: false }]);
    const plan = composePlan('postgres', ['web']);
    const variables = composeVariables(config, composeUpOverrides('postgres', plan.profiles, {}, undefined, { uid: 1, gid: 1 }));
    const collector = envOf(loaded(await loadCompose(composeArgs([], envFile), variables)).services.collector);
    expect(collector).toMatchObject({ ...dotEnv, COLLECTOR_BOTS: 'flag', COLLECTOR_RATE_LIMIT: '600', COLLECTOR_CURRENCY: 'USD' });
  });
});

describe("ClickHouse's ingest under Compose: the Connect sink by default, the Kafka engine when .env says so", () => {
  /** Runs a one-shot's shell command as its container would, with `node` on PATH standing in to print what it would run. */
  function runGuard(service: LoadedService) {
    const bin = mkdtempSync(join(work, 'bin-'));
    writeFileSync(join(bin, 'node'), '#!/bin/sh\necho "node $*"\n', { mode: 0o755 });
    const [shell, flag, script] = [...(service.entrypoint ?? []), ...(service.command ?? [])];
    const run = spawnSync(shell ?? '', [flag ?? '', script ?? ''], {
      env: { ...nonEmpty(envOf(service)), PATH: `${bin}:/usr/bin:/bin` },
      encoding: 'utf8',
    });
    return { code: run.status, stdout: run.stdout };
  }

  it('keeps the Connect sink by default: connectors applies it, clickhouse-ingest has nothing to do', async () => {
    const services = loaded((await upAsTheReadmeSays('clickhouse', [])).outcome).services;
    expect(envOf(services.connectors).CLICKHOUSE_INGEST).toBe('connect');
    expect(runGuard(services.connectors as LoadedService)).toEqual({
      code: 0,
      stdout: 'node --import tsx admin/connectors-cli.ts apply --timeout 180s\n',
    });
    expect(runGuard(services['clickhouse-ingest'] as LoadedService)).toEqual({
      code: 0,
      stdout: 'CLICKHOUSE_INGEST=connect: the Connect sink ingests ClickHouse (the connectors service applies it); nothing to do here.\n',
    });
  });

  it('runs the Kafka-engine ingest with the admin login only in clickhouse-ingest, rendering the DDL a host-side plan renders', async () => {
    const envFile = join(work, 'kafka-engine.env');
    const generated = ensureComposeSecrets(resolveConfig([]), { warehouse: 'clickhouse', extras: [] }, () => undefined, envFile);
    const dotEnv = { ...generated, CLICKHOUSE_INGEST: 'kafka-engine' };
    const config = resolveConfig([{ origin: '.env', values: dotEnv, rejectUnknownKeys: false }]);
    const plan = composePlan('clickhouse', []);
    const variables = composeVariables(config, composeUpOverrides('clickhouse', plan.profiles, {}, undefined, { uid: 1, gid: 1 }));
    const services = loaded(await loadCompose(composeArgs([], envFile), variables)).services;

    const ingest = services['clickhouse-ingest'] as LoadedService;
    expect(Object.keys(envOf(ingest)).filter((key) => SECRET_NAMES.has(key))).toEqual(['CLICKHOUSE_PASSWORD']);
    expect(envOf(ingest).CLICKHOUSE_PASSWORD).toBe(generated.CLICKHOUSE_PASSWORD);
    expect(runGuard(ingest)).toEqual({ code: 0, stdout: 'node --import tsx admin/connectors-cli.ts apply --warehouse clickhouse\n' });
    expect(runGuard(services.connectors as LoadedService)).toEqual({
      code: 0,
      stdout:
        'CLICKHOUSE_INGEST=kafka-engine: ClickHouse consumes the topics itself, no Connect sink to apply (the clickhouse-ingest service applies the ingest).\n',
    });

    // In the network and from this machine (the endpoints file npm run up writes, plus .env) the same DDL: plan is clean.
    const inside = renderIngest(resolveConfig([{ origin: 'compose', values: nonEmpty(envOf(ingest)), rejectUnknownKeys: true }]));
    const endpoints = composeEndpoints('clickhouse', resolveConfig([]).values);
    const outside = renderIngest(
      resolveConfig([
        { origin: '.env', values: dotEnv, rejectUnknownKeys: false },
        { origin: 'endpoints', values: endpoints, rejectUnknownKeys: false },
      ]),
    );
    expect(outside).toEqual(inside);
    expect(inside[0]?.sql).toContain("kafka_broker_list = 'kafka:19092'");
  });
});

function nonEmpty(env: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''),
  );
}
