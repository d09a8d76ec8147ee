import type { Kafka } from 'kafkajs';
import { describeCause, PipelineError } from '../errors.js';
import type { TopicSpec } from './topic-plan.js';

/** Creates the topics that do not exist yet; existing ones are left exactly as they are. */
export async function ensureTopics(kafka: Kafka, specs: readonly TopicSpec[]): Promise<{ created: string[]; existing: string[] }> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const present = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !present.has(spec.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.name,
          numPartitions: spec.partitions,
          replicationFactor: spec.replicationFactor,
          configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    return { created: missing.map((spec) => spec.name), existing: specs.filter((spec) => present.has(spec.name)).map((spec) => spec.name) };
  } catch (error) {
    throw new PipelineError(
      'KAFKA_ERROR',
      `Cannot create the topics ${specs.map((spec) => spec.name).join(', ')}: ${describeCause(error)}. Check KAFKA_BROKERS and that the broker is up (npm run stack:status).`,
      { cause: error },
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
