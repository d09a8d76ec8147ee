/**
 * Collector throughput on the native stack's Kafka: batched POST /v1/events from an HTTP load tool
 * (autocannon) against `npm run collector` in its own process, vs the same events sent by the
 * producer's sender straight to Kafka in the same run (the baseline). Events acknowledged per second,
 * request latency p50/p99, the collector's RSS under load. Goals: ≥ 10k events/s, p99 ≤ 50 ms.
 * Usage: npm run bench:collector [-- --seconds 20 --connections 20 --batch 20]   (needs npm run stack:up)
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { AckedSender } from '../collector/acked-sender.js';
import { userEventOf } from '../collector/build-events.js';
import { collectorTopicPlan } from '../collector/collector-options.js';
import { say } from '../lib/cli/run-cli.js';
import { loadConfig } from '../lib/config/load-config.js';
import { userAgentFacts } from '../lib/enrichment/user-agent.js';
import { ensureTopics } from '../lib/kafka/ensure-topics.js';
import { createKafka } from '../lib/kafka/kafka-client.js';
import { REPO_ROOT } from '../lib/repo-root.js';
import { collectorRejectsTopic, eventTopics } from '../lib/streams.js';
import { kafkajsClient } from '../producer/clients/kafkajs-client.js';
import { createRecordBuilder, DEFAULT_FORMAT } from '../producer/record-builder.js';
import { treeRssBytes } from '../stack/process/process-info.js';
import { benchArgument } from './bench-args.js';
import { describeMachine, today } from './machine.js';
import { appendResults } from './results-file.js';

const SECONDS = Number(benchArgument('--seconds', '20'));
const CONNECTIONS = Number(benchArgument('--connections', '20'));
const BATCH = Number(benchArgument('--batch', '20'));
const PORT = Number(benchArgument('--port', '18099'));
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

const suffix = `-bench-collector-${Date.now()}`;
const config = loadConfig({ env: { ...process.env, TOPIC_SUFFIX: suffix } });
const kafka = createKafka({ brokers: config.values.KAFKA_BROKERS, clientId: 'bench-collector' });
await ensureTopics(kafka, collectorTopicPlan({ topicSuffix: suffix }, 1));

const pageEvent = () => ({
  event_id: randomUUID(),
  event_type: 'product_view',
  page_view_id: 'pvbench',
  page_url: 'https://shop.example.com/p/P00001?utm_source=newsletter',
  client_ts: new Date().toISOString(),
  referrer: 'https://shop.example.com/',
  product_id: 'P00001',
});
const body = JSON.stringify({ events: Array.from({ length: BATCH }, pageEvent) });

// Baseline: the same kind of events, built as the collector builds them, sent by the producer's sender.
const sender = await AckedSender.connect(kafka, kafkajsClient(kafka));
const builder = createRecordBuilder(DEFAULT_FORMAT, suffix);
const agent = userAgentFacts(UA);
const baselineEvents = 200_000;
const baselineStarted = performance.now();
for (let sent = 0; sent < baselineEvents; sent += 2000) {
  const records = Array.from({ length: 2000 }, () =>
    builder.build(
      'clickstream',
      userEventOf(pageEvent(), {
        receivedAt: new Date(),
        idsOf: () => ({ partyId: 'anon-pvbench', sessionId: 'anon-pvbench' }),
        customerId: null,
        userAgent: UA,
        agent,
        country: 'ZZ',
      }),
    ),
  );
  await sender.send(records);
}
const baselineRate = Math.round(baselineEvents / ((performance.now() - baselineStarted) / 1000));
await sender.close();
say(`baseline: the producer's sender took ${baselineEvents} events at ${baselineRate} events/s`);

const collector = spawn(process.execPath, ['--import', 'tsx', 'collector/main.ts', '--port', String(PORT)], {
  cwd: REPO_ROOT,
  env: { ...process.env, TOPIC_SUFFIX: suffix, COLLECTOR_RATE_LIMIT: '100000000', COLLECTOR_MAX_EVENTS: String(Math.max(BATCH, 100)) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve) => collector.stdout.on('data', (chunk) => String(chunk).includes('listening') && resolve()));
let peakRss = 0;
const sampler = setInterval(() => {
  if (collector.pid) peakRss = Math.max(peakRss, treeRssBytes(collector.pid));
}, 250);
const idleRss = collector.pid ? treeRssBytes(collector.pid) : 0;
const result = await autocannon({
  url: `http://127.0.0.1:${PORT}/v1/events`,
  method: 'POST',
  headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': UA },
  body,
  connections: CONNECTIONS,
  duration: SECONDS,
});
clearInterval(sampler);
collector.kill('SIGTERM');
await new Promise((resolve) => collector.on('exit', resolve));

const ok = result['2xx'];
const eventsPerSecond = Math.round((ok * BATCH) / SECONDS);
const ratio = eventsPerSecond / baselineRate;
const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
say(
  `collector: ${ok} requests answered 200 (${result.non2xx} other) → ${eventsPerSecond} events/s; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; RSS ${mib(idleRss)} idle, peak ${mib(peakRss)}`,
);

const admin = kafka.admin();
await admin.connect();
await admin.deleteTopics({ topics: [...eventTopics(suffix), collectorRejectsTopic(suffix)] }).catch(() => undefined);
await admin.disconnect();

appendResults(`## Collector throughput (npm run bench:collector) — ${today()}

Machine: ${describeMachine()}. Native stack Kafka (one broker). autocannon: ${CONNECTIONS} connections for ${SECONDS} s, each request a batch of ${BATCH} product views (text/plain, as sendBeacon sends it), against \`npm run collector\` in its own process; every 200 means Kafka acknowledged the batch (idempotent, acks=all).

| path | events/s | request latency p50 / p99 | non-2xx |
| --- | ---: | ---: | ---: |
| the producer's sender straight to Kafka, same events (baseline) | ${baselineRate} | — | — |
| collector (HTTP → validate → enrich → Kafka ack) | ${eventsPerSecond} | ${result.latency.p50} / ${result.latency.p99} ms | ${result.non2xx} |

Ratio collector / baseline: ${ratio.toFixed(2)}×. Goals: ≥ 10000 events/s (${eventsPerSecond >= 10_000 ? 'met' : 'not met'}), p99 ≤ 50 ms (${result.latency.p99 <= 50 ? 'met' : 'not met'}). Collector RSS: ${mib(idleRss)} idle, peak ${mib(peakRss)} under load (sampled every 250 ms). The load tool shares the 2 cores with the collector and Kafka.
`);
