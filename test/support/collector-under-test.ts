import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AckedSender } from '../../collector/acked-sender.js';
import { type CollectorOptions, collectorOptionsOf, collectorTopicPlan } from '../../collector/collector-options.js';
import { buildCollector } from '../../collector/server.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { ensureTopics } from '../../lib/kafka/ensure-topics.js';
import { createKafka } from '../../lib/kafka/kafka-client.js';
import { collectorRejectsTopic } from '../../lib/streams.js';
import { kafkajsClient } from '../../producer/clients/kafkajs-client.js';
import { deleteTopics } from './read-topic.js';
import { testTargets } from './test-env.js';

/**
 * A collector on the native stack's Kafka (real sender, real HTTP on a free port, or on `port` to
 * come back where a stopped one was), for one test file.
 */
export async function startCollectorUnderTest(env: NodeJS.ProcessEnv, overrides: Partial<CollectorOptions> = {}, port = 0) {
  const options: CollectorOptions = { ...collectorOptionsOf(loadConfig({ env })), ...overrides };
  const kafka = createKafka({ brokers: testTargets().kafkaBrokers, clientId: 'it-collector', retries: 2 });
  const rejectsTopic = collectorRejectsTopic(options.topicSuffix);
  await ensureTopics(kafka, collectorTopicPlan(options, 1));
  const sender = await AckedSender.connect(kafka, kafkajsClient(kafka));
  const logged: string[] = [];
  const app: FastifyInstance = await buildCollector(options, {
    send: (records) => sender.send(records),
    now: () => new Date(),
    newId: () => randomBytes(12).toString('hex'),
    log: (line) => logged.push(line),
  });
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the collector has no port');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    options,
    rejectsTopic,
    logged,
    /** POSTs a body (an object becomes JSON) and returns status, JSON answer and headers. */
    async post(path: string, body: unknown, headers: Record<string, string> = {}) {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        json = { text };
      }
      return { status: response.status, json, headers: response.headers };
    },
    async metrics(): Promise<string> {
      return (await fetch(`${url}/metrics`)).text();
    },
    /** Stops it; its rejects topic is deleted unless another collector of the test still writes there. */
    async close(options: { keepTopics?: boolean } = {}) {
      await app.close();
      await sender.close();
      if (!options.keepTopics) await deleteTopics([rejectsTopic]).catch(() => undefined);
    },
  };
}

export type CollectorUnderTest = Awaited<ReturnType<typeof startCollectorUnderTest>>;

/** A browser-made event for a batch: new event id, the page view it belongs to. */
export function pageEvent(type: string, pageViewId: string, extra: Record<string, unknown> = {}) {
  return {
    event_id: randomUUID(),
    event_type: type,
    page_view_id: pageViewId,
    page_url: 'https://shop.example.com/?utm_source=newsletter&utm_medium=email&utm_campaign=winter',
    client_ts: new Date().toISOString(),
    referrer: null,
    ...extra,
  };
}

export const DESKTOP_CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
