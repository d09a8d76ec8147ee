import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { connectSchemaOf, eventFromConnectPayload } from '../../lib/schemas/connect-envelope.js';
import { EVENT_SCHEMAS } from '../../lib/schemas/event-schemas.js';
import { eventTopics, streamOfTopic } from '../../lib/streams.js';
import { deleteTopics, readTopics } from '../support/read-topic.js';
import { runTsCli, uniqueSuffix } from '../support/test-env.js';

const CLI = 'producer/cli.ts';
const work = mkdtempSync(join(tmpdir(), 'produce-it-'));
const createdTopics: string[] = [];

interface Report {
  interrupted: boolean;
  orders: number;
  generator: { lines: number; revenue: string };
  totals: { sent: number; acked: number; failed: number; inDoubt: number; pending: number };
  topics: Record<string, { sent: number; acked: number }>;
}

afterAll(async () => {
  await deleteTopics(createdTopics);
});

describe('npm run produce against the Kafka broker', () => {
  it('sends exactly what the generator makes: read back and compared field by field with a dry run of the same seed', async () => {
    const suffix = `-it-${uniqueSuffix()}`;
    createdTopics.push(...eventTopics(suffix));
    const common = [
      '--count',
      '300',
      '--seed',
      '21',
      '--start',
      '2025-01-01T00:00:00.000Z',
      '--stream',
      'sales,clickstream,feedback',
      '--topic-suffix',
      suffix,
      '--profile',
      'compact',
    ];
    const report = join(work, 'field-by-field.json');
    const before = Date.now();
    const run = await runTsCli(CLI, [...common, '--report', report]);
    expect(run.stderr).toContain('300 orders');
    expect(run.code).toBe(0);
    const summary = JSON.parse(readFileSync(report, 'utf8')) as Report;
    expect(summary.totals).toMatchObject({ failed: 0, inDoubt: 0, pending: 0 });
    expect(summary.totals.acked).toBe(summary.totals.sent);

    const dry = await runTsCli(CLI, [...common, '--dry-run', '--format', 'json']);
    expect(dry.code).toBe(0);
    const expected = new Map(
      dry.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { topic: string; key: string; value: Record<string, unknown> })
        .map((record) => [`${record.topic}/${JSON.stringify(record.value)}`, record]),
    );
    expect(expected.size).toBe(summary.totals.sent);

    const records = await readTopics(eventTopics(suffix), summary.totals.sent);
    expect(records).toHaveLength(summary.totals.sent);
    let matched = 0;
    for (const record of records) {
      const stream = streamOfTopic(record.topic, suffix);
      if (!stream) throw new Error(`${record.topic} is no event topic of suffix ${suffix}`);
      // The default format: the Connect payload alone, its fields in the schema's order.
      const payload = JSON.parse(record.value) as Record<string, unknown>;
      expect(Object.keys(payload)).toEqual(Object.keys(EVENT_SCHEMAS[stream].properties));
      const event = eventFromConnectPayload(connectSchemaOf(EVENT_SCHEMAS[stream]), payload);
      const twin = expected.get(`${record.topic}/${JSON.stringify(event)}`);
      expect(twin, `no dry-run twin for ${record.topic} ${record.value.slice(0, 200)}`).toBeDefined();
      expect(record.key).toBe(twin?.key);
      expect(Number(record.headers['x-sent-at'])).toBeGreaterThanOrEqual(before);
      matched += 1;
    }
    expect(matched).toBe(expected.size);
  });

  it('on SIGINT stops generating, flushes, accounts for every record sent, and exits 0', async () => {
    const suffix = `-sig-${uniqueSuffix()}`;
    createdTopics.push(...eventTopics(suffix));
    const report = join(work, 'sigint.json');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPO_ROOT, CLI),
        '--duration',
        '5m',
        '--rate',
        '200/s',
        '--profile',
        'compact',
        '--topic-suffix',
        suffix,
        '--report',
        report,
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    // The signal goes once the progress output shows more than 100 orders sent, however busy the machine.
    const progressed = new Promise<void>((resolvePromise) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const orders = [...stderr.matchAll(/\[produce\] orders (\d+)/g)].map((match) => Number(match[1]));
        if (orders.some((count) => count > 100)) resolvePromise();
      }),
    );
    const exited = new Promise<number | null>((resolvePromise) => child.on('exit', (code) => resolvePromise(code)));
    await progressed;
    child.kill('SIGINT');
    const code = await exited;
    expect(stderr).toContain('SIGINT: stopped generating; waiting for in-flight records');
    expect(code).toBe(0);
    const summary = JSON.parse(readFileSync(report, 'utf8')) as Report;
    expect(summary.interrupted).toBe(true);
    expect(summary.orders).toBeGreaterThan(100);
    expect(summary.orders).toBeLessThan(200 * 30);
    expect(summary.totals).toMatchObject({ failed: 0, inDoubt: 0, pending: 0 });
    expect(summary.totals.acked).toBe(summary.totals.sent);

    const records = await readTopics(eventTopics(suffix).slice(0, 2), summary.totals.sent);
    expect(records).toHaveLength(summary.totals.sent);
    const salesTopic = `sales_events${suffix}`;
    expect(records.filter((record) => record.topic === salesTopic)).toHaveLength(summary.generator.lines);
    expect(summary.topics[salesTopic]?.acked).toBe(summary.generator.lines);
  });

  it('rejects bad options before touching Kafka, with exit 2', async () => {
    const run = await runTsCli(CLI, ['--stream', 'orders', '--rate', '10/s']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Invalid options: --stream "orders" is not one of sales, clickstream, feedback.');
  });
});
