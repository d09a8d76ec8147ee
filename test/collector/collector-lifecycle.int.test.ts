import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectorRejectsTopic } from '../../lib/streams.js';
import { DESKTOP_CHROME, pageEvent, startCollectorUnderTest } from '../support/collector-under-test.js';
import { type PipelineUnderTest, startPipelineUnderTest } from '../support/pipeline-under-test.js';
import { deleteTopics } from '../support/read-topic.js';
import { faultTestsUnavailable, restoreStack, startStackService, stopStackService } from '../support/stack-faults.js';
import { closedPort, eventually, spawnTsCli } from '../support/test-env.js';

/** The collector's limits and lifecycle: rate limiting, Kafka going away and coming back, SIGTERM. */
const faultsUnavailable = faultTestsUnavailable();
if (faultsUnavailable) process.stdout.write(`[skip] collector with Kafka stopped: ${faultsUnavailable}\n`);

describe('the collector under load limits, outages and shutdown', () => {
  const work = mkdtempSync(join(tmpdir(), 'it-collector-life-'));
  let pipeline: PipelineUnderTest;

  beforeAll(async () => {
    pipeline = await startPipelineUnderTest('collife', work);
  });

  afterAll(async () => {
    await restoreStack();
    if (pipeline) await deleteTopics([collectorRejectsTopic(pipeline.suffix)]).catch(() => undefined);
    await pipeline?.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('answers 429 with Retry-After beyond COLLECTOR_RATE_LIMIT requests a minute from one address', async () => {
    const collector = await startCollectorUnderTest(pipeline.env, { rateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof collector.post>> | undefined;
      for (let i = 0; i < 4; i++) {
        last = await collector.post('/v1/events', '{"events": [');
        statuses.push(last.status);
      }
      expect(statuses).toEqual([400, 400, 400, 429]);
      expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(String(last?.json.error)).toMatch(
        /^Too many requests from this address: at most 3 a minute \(COLLECTOR_RATE_LIMIT\); try again in \d+ s\.$/,
      );
    } finally {
      await collector.close({ keepTopics: true });
    }
  });

  it.skipIf(faultsUnavailable !== undefined)(
    'answers 503 with Retry-After while Kafka is stopped, and the retried batch lands once Kafka is back: nothing lost, nothing doubled',
    async () => {
      const collector = await startCollectorUnderTest(pipeline.env, { ackTimeoutMs: 3_000 });
      try {
        const events = [pageEvent('page_view', 'pv-outage'), pageEvent('product_view', 'pv-outage', { product_id: 'P0002' })];
        await stopStackService('kafka');
        const refused = await collector.post('/v1/events', { events }, { 'user-agent': DESKTOP_CHROME });
        expect(refused.status).toBe(503);
        expect(refused.headers.get('retry-after')).toBe('5');
        expect(refused.json.error).toBe(
          'Kafka did not acknowledge the events in time, so they are not accepted; send them again after 5 s (their ids make a retry harmless).',
        );
        expect(await (await fetch(`${collector.url}/health`)).json()).toEqual({ status: 'ok', kafka: 'unavailable' });
        await startStackService('kafka');
        // The page retries (as the tag does) until the collector answers 200.
        await eventually(
          async () =>
            (await collector.post('/v1/events', { events }, { 'user-agent': DESKTOP_CHROME })).status === 200 ? true : undefined,
          120_000,
          'the collector to accept the batch again',
        );
        const rows = await eventually(
          async () => {
            const found = await pipeline.query<{ event_id: string }>(
              `SELECT event_id::text FROM user_events WHERE session_id = 'anon-pv-outage'`,
            );
            return found.length >= 2 ? found : undefined;
          },
          150_000,
          'both events in user_events after the outage',
        );
        expect(rows.map((row) => row.event_id).sort()).toEqual(events.map((event) => event.event_id).sort());
      } finally {
        await restoreStack();
        await collector.close({ keepTopics: true });
      }
    },
  );

  it('on SIGTERM answers the request sent just before, stops accepting, and exits 0', async () => {
    const port = await closedPort();
    const collector = spawnTsCli('collector/main.ts', ['--port', String(port)], pipeline.env);
    await collector.waitForOutput('Collector listening on', 60_000);
    const inFlight = fetch(`http://127.0.0.1:${port}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ events: [pageEvent('page_view', 'pv-term')] }),
    });
    // SIGTERM once the request reached the collector (its handler is waiting for Kafka, or already answered).
    await eventually(async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined), 10_000, 'health');
    collector.kill('SIGTERM');
    expect((await inFlight).status).toBe(200);
    expect(await collector.exited).toBe(0);
    expect(collector.output.stdout).toContain('SIGTERM: no new requests; finishing those in flight…');
    expect(collector.output.stdout).toContain('Collector stopped: every request in flight was answered.');
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});
