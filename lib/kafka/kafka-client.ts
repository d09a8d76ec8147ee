import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';

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

/** The project's Kafka client (kafkajs; see README "Why these libraries"). */
export function createKafka(options: KafkaClientOptions): Kafka {
  filterKafkajsTimeoutWarning();
  const config: KafkaConfig = {
    clientId: options.clientId ?? 'ecommerce-pipeline',
    brokers: options.brokers.split(',').map((broker) => broker.trim()),
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    retry: { retries: options.retries ?? 5 },
    logLevel: logLevel.NOTHING,
  };
  return new Kafka(config);
}
