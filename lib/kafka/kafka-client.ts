import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import type { ResolvedConfig } from '../config/resolve-config.js';
import { describeCause, PipelineError } from '../errors.js';

export interface KafkaClientOptions {
  readonly brokers: string;
  readonly clientId?: string;
  /** Connection and request timeouts in ms (kafkajs defaults are 1 s and 30 s). */
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** Retries of a failing request; 0 for one-shot probes. */
  readonly retries?: number;
}

let timeoutWarningFiltered = false;

/**
 * kafkajs 2.2.4 schedules `setTimeout(fn, throttledUntil - Date.now())` with a negative delay when it
 * is not throttled (requestQueue/index.js); Node 23+ prints a TimeoutNegativeWarning for it, and then
 * uses 1 ms, exactly what kafkajs meant. Only that warning is dropped; every other warning still prints.
 */
function filterKafkajsTimeoutWarning(): void {
  if (timeoutWarningFiltered) return;
  timeoutWarningFiltered = true;
  const printers = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'TimeoutNegativeWarning') return;
    for (const printer of printers) printer(warning);
  });
}

/** KAFKA_BROKERS as a list of host:port (every client takes them so). */
export const brokerList = (brokers: string): string[] =>
  brokers
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);

/** The project's Kafka client (kafkajs; see README "Why these libraries"). */
export function createKafka(options: KafkaClientOptions): Kafka {
  filterKafkajsTimeoutWarning();
  const config: KafkaConfig = {
    clientId: options.clientId ?? 'ecommerce-pipeline',
    brokers: brokerList(options.brokers),
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    retry: { retries: options.retries ?? 5 },
    logLevel: logLevel.NOTHING,
  };
  return new Kafka(config);
}

interface ReachOptions {
  readonly timeoutMs: number;
  /** Aborting (SIGINT) ends the wait at once with INTERRUPTED. */
  readonly signal?: AbortSignal;
}

const unreachable = (brokers: string, detail: string, cause?: unknown) =>
  new PipelineError(
    'KAFKA_UNREACHABLE',
    `No Kafka broker answered at ${brokers} (KAFKA_BROKERS) ${detail}. Start Kafka (npm run stack:up, or npm run up with Docker) or point KAFKA_BROKERS at a running cluster.`,
    cause === undefined ? {} : { cause },
  );

/**
 * Resolves once a broker answers a metadata request. Fails fast and says which address and variable
 * to fix: KAFKA_UNREACHABLE after `timeoutMs` or when the client gives up, INTERRUPTED on abort.
 */
async function requireKafka(kafka: Kafka, brokers: string, options: ReachOptions): Promise<void> {
  const admin = kafka.admin();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(unreachable(brokers, `within ${(options.timeoutMs / 1000).toFixed(1)} s (KAFKA_CONNECT_TIMEOUT_MS)`)),
      options.timeoutMs,
    );
    onAbort = () => reject(new PipelineError('INTERRUPTED', 'Interrupted while waiting for Kafka; nothing was done.'));
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  const probe = (async () => {
    try {
      await admin.connect();
      await admin.listTopics();
    } catch (error) {
      throw unreachable(brokers, `(${describeCause(error)})`, error);
    }
  })();
  try {
    await Promise.race([probe, stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
    probe.catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * The project's client for the configured brokers (`KAFKA_BROKERS`), returned once a broker has
 * answered within `KAFKA_CONNECT_TIMEOUT_MS`: every command that reads or writes Kafka starts here.
 */
export async function connectedKafka(
  config: Pick<ResolvedConfig, 'values'>,
  options: Omit<KafkaClientOptions, 'brokers'> & { readonly signal?: AbortSignal } = {},
): Promise<Kafka> {
  const brokers = config.values.KAFKA_BROKERS;
  const kafka = createKafka({ ...options, brokers });
  await requireKafka(kafka, brokers, { timeoutMs: config.values.KAFKA_CONNECT_TIMEOUT_MS, signal: options.signal });
  return kafka;
}
