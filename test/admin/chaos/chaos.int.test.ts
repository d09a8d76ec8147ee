import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChaosReport } from '../../../admin/chaos/chaos-report.js';
import { FAULT_KINDS, planChaos } from '../../../admin/chaos/chaos-schedule.js';
import type { StackStatus } from '../../../stack/stack-status.js';
import { runTsCli, spawnTsCli } from '../../support/test-env.js';

/**
 * A three-broker, two-worker native stack of its own (another STACK_DIR and ports, beside the shared
 * single-node stack the other tests use), and a short seeded chaos run against it: overlapping kills
 * and pauses of brokers, workers and PostgreSQL, then nothing lost, nothing duplicated, money exact.
 */
const dir = mkdtempSync(join(tmpdir(), 'chaos-stack-'));
// Ports below Linux's ephemeral range (32768–60999): a port in it can be taken at any moment by an
// outgoing connection of any process (a CI run lost kafka-3's 39112 that way). Nodes and workers add
// 10 per node: Kafka 31092/31102/31112, controllers 31093/31103/31113, Connect 31183/31193.
const env: NodeJS.ProcessEnv = {
  ...process.env,
  STACK_DIR: dir,
  STACK_KAFKA_PORT: '31092',
  STACK_KAFKA_CONTROLLER_PORT: '31093',
  STACK_CONNECT_PORT: '31183',
  STACK_PG_PORT: '31432',
  STACK_CLICKHOUSE_PORT: '31123',
};
// Everything this stack serves comes from its own endpoints and secrets files.
for (const name of ['KAFKA_BROKERS', 'CONNECT_URL', 'PG_URL', 'PG_PASSWORD', 'PG_SINK_PASSWORD', 'WAREHOUSE', 'CLICKHOUSE_URL'])
  delete env[name];

const SEED = 11;
const CLI = 'stack/cli.ts';
const status = async (): Promise<StackStatus> => {
  const run = await runTsCli(CLI, ['status', '--json'], env);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as StackStatus;
};

describe('a three-broker native cluster under a seeded chaos run', () => {
  beforeAll(async () => {
    const up = await runTsCli(CLI, ['up', '--brokers', '3', '--workers', '2', '--warehouse', 'postgres'], env);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.stdout).toContain('(3 Kafka nodes and 2 Connect workers)');
    process.stdout.write(`[chaos] ${up.stdout.split('\n').find((line) => line.startsWith('Resident memory')) ?? ''}\n`);
  }, 300_000);

  afterAll(async () => {
    const down = await runTsCli(CLI, ['down', '--purge'], env);
    expect(down.code, down.stderr).toBe(0);
    rmSync(dir, { recursive: true, force: true }); // the jars too: they are this test's copy
  }, 180_000);

  it('lists each node, serves every broker to clients, and acts on one node at a time', async () => {
    const before = await status();
    expect(before.topology).toEqual({ brokers: 3, workers: 2 });
    const nodes = before.services.filter((service) => /^(kafka|connect)-\d$/.test(service.service));
    expect(nodes.map((node) => [node.service, node.state, node.healthy])).toEqual([
      ['kafka-1', 'running', true],
      ['kafka-2', 'running', true],
      ['kafka-3', 'running', true],
      ['connect-1', 'running', true],
      ['connect-2', 'running', true],
    ]);
    expect(readFileSync(join(dir, 'endpoints.env'), 'utf8')).toContain('KAFKA_BROKERS=127.0.0.1:31092,127.0.0.1:31102,127.0.0.1:31112');
    const stop = await runTsCli(CLI, ['stop', 'kafka-2'], env);
    expect(stop.code, stop.stderr).toBe(0);
    const stopped = await status();
    expect(stopped.services.filter((s) => s.state === 'running').map((s) => s.service)).toEqual([
      'postgres',
      'kafka-1',
      'kafka-3',
      'connect-1',
      'connect-2',
    ]);
    const start = await runTsCli(CLI, ['start', 'kafka-2'], env);
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toMatch(/kafka-2 +healthy in/);
  }, 180_000);

  it('refuses to start the same stack with another topology, and says how', async () => {
    const run = await runTsCli(CLI, ['up', '--brokers', '1'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `The native stack in ${dir} was made with 3 Kafka nodes and 2 Connect workers, not 1 Kafka node and 2 Connect workers. Run \`npm run stack:down -- --purge\` first`,
    );
  });

  it('loses nothing, duplicates nothing and keeps revenue exact under overlapping faults (seed 11, 2 minutes)', async () => {
    const schedule = planChaos({ seed: SEED, durationMs: 120_000, topology: { brokers: 3, workers: 2, warehouse: 'postgres' } });
    // The seed is chosen so that a short run still sees every kind of fault.
    expect(new Set(schedule.map((fault) => fault.kind))).toEqual(new Set(FAULT_KINDS));
    const reportFile = join(dir, 'chaos-report.json');
    const chaos = spawnTsCli('admin/chaos-cli.ts', ['--duration', '2m', '--seed', String(SEED), '--report', reportFile], env);
    const code = await chaos.exited;
    process.stdout.write(`[chaos] ${chaos.output.stdout.split('\n').slice(-22).join('\n[chaos] ')}\n`);
    expect(code, chaos.output.stderr.slice(-3000)).toBe(0);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ChaosReport;
    expect(report.verdict).toMatchObject({ ok: true, lost: 0, duplicates: 0, deadLettered: 0, revenueMatches: true, faultErrors: 0 });
    expect(report.revenue.table).toBe(report.revenue.expected);
    // Every planned fault happened, in the planned order, and ended.
    expect(report.faults.map((fault) => [fault.kind, fault.target])).toEqual(schedule.map((fault) => [fault.kind, fault.target]));
    for (const fault of report.faults) expect(fault.endedMs).toBeGreaterThan(fault.startedMs);
    // Each record is either in its table or, in doubt, never reached the topic.
    const produced = report.producer;
    expect(produced.acked + produced.inDoubt + produced.failed).toBe(produced.sent);
    expect(report.streams.every((stream) => stream.landed === stream.topicKeys && stream.duplicateRows === 0)).toBe(true);
    expect(chaos.output.stdout).toContain('PASS: lost 0, duplicates 0, every in-doubt record accounted for, revenue to the cent.');
  }, 600_000);
});
