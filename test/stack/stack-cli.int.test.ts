import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config/load-config.js';
import { isPortFree } from '../../stack/process/port-check.js';
import type { StackStatus } from '../../stack/stack-status.js';
import { postgresSinkConfig } from '../support/debezium-sink-config.js';
import { eventually, runTsCli, testTargets, uniqueSuffix } from '../support/test-env.js';

const CLI = 'stack/cli.ts';
const targets = testTargets();

/** An environment for a second, throw-away stack in a temporary directory on other ports. */
function scratchStackEnv(overrides: Record<string, string> = {}): { env: NodeJS.ProcessEnv; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'scratch-stack-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STACK_DIR: dir,
    STACK_KAFKA_PORT: '29092',
    STACK_KAFKA_CONTROLLER_PORT: '29093',
    STACK_CONNECT_PORT: '28083',
    STACK_PG_PORT: '25432',
    STACK_CLICKHOUSE_PORT: '28123',
    STACK_START_TIMEOUT_S: '60',
    ...overrides,
  };
  for (const name of [
    'KAFKA_BROKERS',
    'CONNECT_URL',
    'PG_URL',
    'PG_PASSWORD',
    'PG_SINK_PASSWORD',
    'WAREHOUSE',
    'CLICKHOUSE_URL',
    'CLICKHOUSE_PASSWORD',
    'CLICKHOUSE_SINK_PASSWORD',
    'CLICKHOUSE_READER_PASSWORD',
  ])
    delete env[name];
  return { env, dir };
}

describe('stack CLI against the running native stack', () => {
  const connector = `it-restart-${uniqueSuffix()}`;

  afterAll(async () => {
    await fetch(`${targets.connectUrl}/connectors/${connector}`, { method: 'DELETE' }).catch(() => undefined);
  });

  it('stack:up is a no-op while the stack runs', async () => {
    const run = await runTsCli(CLI, ['up']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Native stack already running; nothing to do.');
  });

  it('stack:status --json shows every service healthy, with pid, version and memory, under 3 GiB in total', async () => {
    const run = await runTsCli(CLI, ['status', '--json']);
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout) as StackStatus;
    expect(status.services.map((service) => service.service)).toEqual(['postgres', 'clickhouse', 'kafka', 'connect', 'superset']);
    // Superset runs only with --with superset: listed either way, healthy whenever it runs.
    const core = status.services.filter((service) => service.service !== 'superset');
    expect(core.map((service) => [service.service, service.state, service.healthy])).toEqual([
      ['postgres', 'running', true],
      ['clickhouse', 'running', true],
      ['kafka', 'running', true],
      ['connect', 'running', true],
    ]);
    const superset = status.services.find((service) => service.service === 'superset');
    expect(superset?.state === 'running' ? `running, healthy ${superset.healthy}` : superset?.state).toMatch(
      /^(stopped|running, healthy true)$/,
    );
    for (const service of status.services.filter((candidate) => candidate.state === 'running')) {
      expect(service.pid).toBeGreaterThan(0);
      expect(service.version).toMatch(/^\d+\.\d+/);
      expect(service.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    }
    expect(status.totalRssBytes).toBeLessThan(3 * 1024 ** 3);
  });

  it('stack:stop connect then stack:start connect brings Connect back with its connectors', async () => {
    const put = await fetch(`${targets.connectUrl}/connectors/${connector}/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        postgresSinkConfig({ topic: `it-restart-topic-${connector}`, table: 'it_restart_unused', primaryKeyFields: 'id' }),
      ),
    });
    expect(put.status).toBe(201);

    const stop = await runTsCli(CLI, ['stop', 'connect']);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toMatch(/connect\s+stopped in/);
    await expect(fetch(`${targets.connectUrl}/connectors`)).rejects.toThrow();

    const start = await runTsCli(CLI, ['start', 'connect']);
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(/connect\s+healthy in/);
    const state = await eventually(
      async () => {
        const response = await fetch(`${targets.connectUrl}/connectors/${connector}/status`);
        if (!response.ok) return undefined;
        const body = (await response.json()) as { connector: { state: string } };
        return body.connector.state === 'RUNNING' ? body.connector.state : undefined;
      },
      60_000,
      `${connector} to be RUNNING again`,
    );
    expect(state).toBe('RUNNING');
  });

  it('stack:logs prints the end of a service log', async () => {
    const run = await runTsCli(CLI, ['logs', 'kafka', '--lines', '5']);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(5);
  });

  it('rejects an unknown service with exit 2 and the valid names', async () => {
    const run = await runTsCli(CLI, ['start', 'zookeeper']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'There is no service "zookeeper" in this stack; choose one of postgres, clickhouse, kafka, connect, superset.',
    );
    const logs = await runTsCli(CLI, ['logs', 'kafka', '--lines', 'many']);
    expect(logs.code).toBe(2);
    expect(logs.stderr).toContain('"many" is not a positive whole number.');
  });
});

describe('stack:up faults leave nothing half-started', () => {
  const scratchDirs: string[] = [];
  afterAll(() => {
    for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('a taken port: names the port and its holder, exit 1, nothing started', async () => {
    const { env, dir } = scratchStackEnv({ STACK_PG_PORT: new URL(targets.pgUrl).port });
    scratchDirs.push(dir);
    const run = await runTsCli(CLI, ['up'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /Port \d+ needed by postgres is already taken by pid \d+ \(postgres\)\. Stop that process, or choose another port/,
    );
    expect(existsSync(join(dir, 'run')) ? readdirSync(join(dir, 'run')) : []).toEqual([]);
  });

  it("ClickHouse's port taken: names the port and its holder, exit 1, nothing started", async () => {
    const { env, dir } = scratchStackEnv({ STACK_CLICKHOUSE_PORT: new URL(loadConfig().values.CLICKHOUSE_URL ?? '').port });
    scratchDirs.push(dir);
    const run = await runTsCli(CLI, ['up', '--warehouse', 'clickhouse'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /Port \d+ needed by clickhouse is already taken by pid \d+ \([^)]+\)\. Stop that process, or choose another port/,
    );
    expect(existsSync(join(dir, 'run')) ? readdirSync(join(dir, 'run')) : []).toEqual([]);
  });

  it("a ClickHouse data dir that is not the engine's: names it and the fix, exit 1, not started; then it starts once purged", async () => {
    const { env, dir } = scratchStackEnv();
    scratchDirs.push(dir);
    mkdirSync(join(dir, 'clickhouse'), { recursive: true });
    writeFileSync(join(dir, 'clickhouse', 'leftover.txt'), 'not an engine data dir');
    const run = await runTsCli(CLI, ['start', 'clickhouse'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: ClickHouse's data directory ${join(dir, 'clickhouse')} holds files but no metadata/ folder, so it is not the engine's. Run \`npm run stack:down -- --purge\` to delete the stack's data, then \`npm run stack:up -- --warehouse clickhouse\`.\n`,
    );
    expect(existsSync(join(dir, 'run', 'clickhouse.pid'))).toBe(false);
    expect((await runTsCli(CLI, ['down', '--purge'], env)).code).toBe(0);
    const started = await runTsCli(CLI, ['start', 'clickhouse'], env);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/clickhouse\s+healthy in [\d.]+ s \(pid \d+; SELECT version\(\) ok/);
    expect(readFileSync(join(dir, 'endpoints.env'), 'utf8')).toContain('CLICKHOUSE_URL=http://127.0.0.1:28123\n');
    const stopped = await runTsCli(CLI, ['down', '--purge'], env);
    expect(stopped.stdout).toMatch(/clickhouse\s+stopped in/);
    expect(await isPortFree(28123)).toBe(true);
  });

  it('Java missing: says so and how to fix it, exit 1, nothing started', async () => {
    const { env, dir } = scratchStackEnv();
    scratchDirs.push(dir);
    const bin = join(dir, 'bin-without-java');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const run = await runTsCli(CLI, ['up'], { ...env, PATH: `${bin}:/usr/sbin:/sbin` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('java is not installed or not on PATH. Install a Java 17+ JDK or JRE');
    expect(readdirSync(join(dir, 'run'))).toEqual([]);
  });

  it('Maven missing (jars not yet fetched): says so, exit 1', async () => {
    const { env, dir } = scratchStackEnv();
    scratchDirs.push(dir);
    const bin = join(dir, 'bin-without-maven');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const javaDir = dirname(
      (await import('node:child_process')).execFileSync('bash', ['-c', 'readlink -f "$(command -v java)"']).toString().trim(),
    );
    const run = await runTsCli(CLI, ['up'], { ...env, PATH: `${bin}:${javaDir}:/usr/sbin:/sbin` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('mvn is not installed or not on PATH. Maven assembles Kafka and the Debezium plugin from Maven Central');
  });

  it('a stale pid file is reported by status and cleared by down', async () => {
    const { env, dir } = scratchStackEnv();
    scratchDirs.push(dir);
    mkdirSync(join(dir, 'run'));
    writeFileSync(join(dir, 'run', 'kafka.pid'), JSON.stringify({ pid: 2 ** 22 - 3, startedAt: 'x', marker: 'kafka.Kafka' }));
    const status = await runTsCli(CLI, ['status', '--json'], env);
    expect(status.code).toBe(0);
    const kafka = (JSON.parse(status.stdout) as StackStatus).services.find((service) => service.service === 'kafka');
    expect(kafka?.state).toBe('stale-pid');
    const down = await runTsCli(CLI, ['down'], env);
    expect(down.code).toBe(0);
    expect(down.stdout).toContain('kafka      was not running (removed a stale pid file)');
    expect(readdirSync(join(dir, 'run'))).toEqual([]);
  });

  it('a corrupt Kafka data dir: names it and the fix, exit 1, stops the PostgreSQL it had started', async () => {
    const { env, dir } = scratchStackEnv();
    scratchDirs.push(dir);
    mkdirSync(join(dir, 'data', 'kafka'), { recursive: true });
    writeFileSync(join(dir, 'data', 'kafka', 'leftover.log'), 'not a kafka log dir');
    const run = await runTsCli(CLI, ['up'], env);
    expect(run.stdout).toMatch(/postgres\s+healthy in/);
    expect(run.stderr).toContain(
      `Kafka's data directory ${join(dir, 'data', 'kafka')} holds files but no meta.properties, so it was not formatted by this stack. Run \`npm run stack:down -- --purge\``,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Stopped what this run started: postgres.');
    expect(readdirSync(join(dir, 'run'))).toEqual([]);
    expect(await isPortFree(25432)).toBe(true);
    const purge = await runTsCli(CLI, ['down', '--purge'], env);
    expect(purge.code).toBe(0);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('a PostgreSQL data dir initialised with another password: fails at once with the cause and the fix', async () => {
    const { env, dir } = scratchStackEnv();
    scratchDirs.push(dir);
    const first = await runTsCli(CLI, ['start', 'postgres'], env);
    expect(first.code).toBe(0);
    expect((await runTsCli(CLI, ['stop', 'postgres'], env)).code).toBe(0);
    const started = Date.now();
    const second = await runTsCli(CLI, ['start', 'postgres'], { ...env, PG_PASSWORD: 'not-the-one-initdb-got' });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      'PostgreSQL rejected the password of user postgres: its data directory was initialised with another PG_PASSWORD',
    );
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(readdirSync(join(dir, 'run'))).toEqual([]);
    expect(await isPortFree(25432)).toBe(true);
    expect((await runTsCli(CLI, ['down', '--purge'], env)).code).toBe(0);
  });

  it('a failed Maven download: names the log and what to check, exit 1, nothing started', async () => {
    const { env, dir } = scratchStackEnv();
    scratchDirs.push(dir);
    // A local repository Maven cannot create makes every artifact unavailable, as a failed download does.
    const run = await runTsCli(CLI, ['up'], { ...env, MAVEN_OPTS: '-Dmaven.repo.local=/proc/no-such-maven-repo' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `Maven could not fetch the stack's jars; the output is in ${join(dir, 'logs', 'maven.log')}. Check that Maven Central (or the mirror in ~/.m2/settings.xml) is reachable, then run again.`,
    );
    expect(readFileSync(join(dir, 'logs', 'maven.log'), 'utf8')).toContain('LocalRepositoryNotAccessibleException');
    expect(readdirSync(join(dir, 'run'))).toEqual([]);
    expect(existsSync(join(dir, 'lib', 'assembled.json'))).toBe(false);
  });
});
