import { describeCause, PipelineError } from '../../lib/errors.js';
import { brokerList } from '../../lib/kafka/kafka-client.js';
import type { OpenSession, ProducerClient, ProducerClientOptions, WireMessage } from './producer-session.js';

/** The package, loaded only when chosen: it is a native addon (librdkafka) and not a dependency of ours. */
const CONFLUENT_PACKAGE = '@confluentinc/kafka-javascript';

/** One produce request awaiting its delivery reports. */
interface Pending {
  remaining: number;
  error: unknown;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** The part of its librdkafka binding (node-rdkafka's API) the adapter uses. */
interface RdKafkaProducer {
  connect(options: object, callback: (error: unknown) => void): void;
  disconnect(callback: (error: unknown) => void): void;
  setPollInBackground(enabled: boolean): void;
  on(event: 'delivery-report', listener: (error: unknown, report: { opaque: Pending }) => void): void;
  on(event: 'event.error', listener: (error: unknown) => void): void;
  produce(
    topic: string,
    partition: number,
    value: Buffer,
    key: string,
    timestamp: number,
    opaque: Pending,
    headers: Array<Record<string, string>>,
  ): unknown;
}
interface ConfluentModule {
  Producer: new (config: object) => RdKafkaProducer;
}

/** One record of a request settled (its delivery report, or its refusal to queue); the last settles the request. */
function settleRecord(pending: Pending, error: unknown): void {
  if (error && pending.error === undefined) pending.error = error;
  pending.remaining -= 1;
  if (pending.remaining > 0) return;
  if (pending.error === undefined) pending.resolve();
  else pending.reject(pending.error);
}

async function loadConfluent(): Promise<ConfluentModule> {
  const name = CONFLUENT_PACKAGE;
  try {
    const loaded = (await import(name)) as ConfluentModule & { default?: ConfluentModule };
    return loaded.Producer ? loaded : (loaded.default as ConfluentModule);
  } catch (error) {
    throw new PipelineError(
      'USAGE',
      `PRODUCER_CLIENT=confluent needs the ${CONFLUENT_PACKAGE} package, which could not be loaded (${describeCause(error)}): install it with \`npm run producer:install-confluent\` or choose another PRODUCER_CLIENT.`,
      { cause: error },
    );
  }
}

/**
 * @confluentinc/kafka-javascript (librdkafka 2.x), through its librdkafka binding rather than its
 * KafkaJS-compatible layer (which makes a promise per record): the reference idempotent producer.
 * librdkafka numbers, batches, compresses, retries and orders requests in its own threads, so
 * several of the sender's batches may be in flight. A request settles when every record's delivery
 * report is in: acknowledged when none carries an error; a record it could not deliver within
 * `message.timeout.ms` fails its request (in doubt: an earlier attempt may have been written).
 */
export async function confluentClient(options: ProducerClientOptions): Promise<ProducerClient> {
  const { Producer } = await loadConfluent();
  const openSession: OpenSession = async () => {
    const producer = new Producer({
      'bootstrap.servers': brokerList(options.brokers).join(','),
      'client.id': options.clientId ?? 'ecommerce-producer',
      'enable.idempotence': true,
      acks: 'all',
      'compression.codec': 'gzip',
      'linger.ms': 5,
      'message.timeout.ms': 60_000,
      'socket.connection.setup.timeout.ms': 3_000,
      dr_cb: true,
    });
    producer.on('delivery-report', (error, report) => settleRecord(report.opaque, error));
    // Errors reach the sender through delivery reports; without a listener an error event would throw.
    producer.on('event.error', () => undefined);
    await new Promise<void>((resolve, reject) => producer.connect({ timeout: 10_000 }, (error) => (error ? reject(error) : resolve())));
    producer.setPollInBackground(true);
    return {
      produce(batch) {
        return new Promise<void>((resolve, reject) => {
          const pending: Pending = { remaining: batch.messages.length, error: undefined, resolve, reject };
          if (pending.remaining === 0) resolve();
          // Records of a batch mostly share one headers object: converted once.
          let lastHeaders: WireMessage['headers'] | undefined;
          let converted: Array<Record<string, string>> = [];
          for (const message of batch.messages) {
            if (message.headers !== lastHeaders) {
              lastHeaders = message.headers;
              converted = Object.entries(message.headers).map(([name, value]) => ({ [name]: value }));
            }
            try {
              producer.produce(batch.topic, batch.partition, Buffer.from(message.value), message.key, 0, pending, converted);
            } catch (error) {
              // Not queued (e.g. the local queue is full): no report will come for it.
              settleRecord(pending, error);
            }
          }
        });
      },
      close: () => new Promise<void>((resolve) => producer.disconnect(() => resolve())),
    };
  };
  return { name: 'confluent', openSession, batchesInFlight: 4 };
}
