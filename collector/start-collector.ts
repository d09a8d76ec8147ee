import { randomBytes } from 'node:crypto';
import type { ResolvedConfig } from '../lib/config/resolve-config.js';
import { describeCause, PipelineError } from '../lib/errors.js';
import { ensureTopics } from '../lib/kafka/ensure-topics.js';
import { connectedKafka } from '../lib/kafka/kafka-client.js';
import { configuredProducerClient } from '../producer/clients/create-producer-client.js';
import { AckedSender } from './acked-sender.js';
import { collectorOptionsOf, collectorTopicPlan } from './collector-options.js';
import { buildCollector } from './server.js';

export interface RunningCollector {
  /** Where it listens, as a browser on this machine reaches it. */
  readonly url: string;
  /** The demo shop's first page. */
  readonly shopUrl: string;
  /** Stops taking requests, answers those in flight, then lets go of Kafka. */
  close(): Promise<void>;
}

/** 0.0.0.0 and :: listen everywhere; a browser here reaches them as localhost. */
const browserHost = (host: string): string => (host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host);

/**
 * The collector on the configured Kafka (its topics created when missing), listening on host:port:
 * what `npm run collector` (`npm run shop`) and `npm run demo -- --with web` run.
 */
export async function startCollector(
  config: ResolvedConfig,
  listen: { readonly host: string; readonly port: number },
  log: (line: string) => void,
): Promise<RunningCollector> {
  const options = collectorOptionsOf(config);
  const kafka = await connectedKafka(config, { clientId: 'collector' });
  await ensureTopics(kafka, collectorTopicPlan(options, config.values.DLQ_REPLICATION_FACTOR));
  const sender = await AckedSender.connect(kafka, await configuredProducerClient(config.values, kafka, 'collector'));
  const app = await buildCollector(options, {
    send: (records) => sender.send(records),
    now: () => new Date(),
    newId: () => randomBytes(12).toString('hex'),
    log,
  });
  try {
    await app.listen(listen);
  } catch (error) {
    await sender.close();
    throw new PipelineError(
      'USAGE',
      `The collector cannot listen on ${listen.host}:${listen.port} (${describeCause(error)}): choose another --port or COLLECTOR_PORT, or stop what holds it.`,
      { cause: error },
    );
  }
  const address = app.server.address();
  const port = address !== null && typeof address === 'object' ? address.port : listen.port;
  const url = `http://${browserHost(listen.host)}:${port}`;
  return {
    url,
    shopUrl: `${url}/shop/`,
    async close() {
      await app.close();
      await sender.close();
    },
  };
}
