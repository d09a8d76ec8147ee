import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCause, PipelineError } from '../../lib/errors.js';
import { createKafka } from '../../lib/kafka/kafka-client.js';
import { runCommand } from '../process/run-command.js';
import { stopProcess } from '../process/stop-process.js';
import { logFileOf } from '../stack-paths.js';
import type { StackSettings } from '../stack-settings.js';
import { launchJvm } from './jvm.js';
import type { HealthReport, StackContext, StackService } from './service.js';

/** server.properties for one KRaft node in combined broker+controller mode, on localhost. */
export function renderKafkaServerProperties(settings: StackSettings, dataDir: string): string {
  const lines: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${settings.kafkaControllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${settings.kafkaPort},CONTROLLER://127.0.0.1:${settings.kafkaControllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${settings.kafkaPort}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': dataDir,
    'num.partitions': 3,
    'auto.create.topics.enable': 'false',
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'log.retention.hours': 168,
  };
  return `${Object.entries(lines)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

const CLUSTER_ID_FILE = 'cluster-id';

async function formatStorageOnce(context: StackContext, configFile: string): Promise<void> {
  const dataDir = context.paths.kafkaData;
  const metaFile = join(dataDir, 'meta.properties');
  if (existsSync(metaFile)) {
    if (!/cluster\.id=/.test(readFileSync(metaFile, 'utf8'))) {
      throw new PipelineError(
        'DATA_DIR_CORRUPT',
        `Kafka's data directory ${dataDir} is corrupt (meta.properties has no cluster.id). Run \`npm run stack:down -- --purge\` to delete the stack's data, then \`npm run stack:up\`.`,
      );
    }
    return;
  }
  mkdirSync(dataDir, { recursive: true });
  if (readdirSync(dataDir).length > 0) {
    throw new PipelineError(
      'DATA_DIR_CORRUPT',
      `Kafka's data directory ${dataDir} holds files but no meta.properties, so it was not formatted by this stack. Run \`npm run stack:down -- --purge\` to delete the stack's data, then \`npm run stack:up\`.`,
    );
  }
  const classpath = join(context.paths.kafkaLibs, '*');
  const idFile = join(context.paths.root, 'data', CLUSTER_ID_FILE);
  let clusterId = existsSync(idFile) ? readFileSync(idFile, 'utf8').trim() : '';
  if (!clusterId) {
    const { stdout } = await runCommand('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'random-uuid']);
    clusterId = stdout.trim().split('\n').pop() ?? '';
    writeFileSync(idFile, `${clusterId}\n`);
  }
  await runCommand('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', configFile]);
}

function configFileOf(context: StackContext): string {
  return join(context.paths.conf, 'kafka-server.properties');
}

export const kafkaService: StackService = {
  name: 'kafka',
  dependsOn: [],
  ports: (settings) => [settings.kafkaPort, settings.kafkaControllerPort],
  logFile: (context) => logFileOf(context.paths, 'kafka'),

  async prepare(context) {
    mkdirSync(context.paths.conf, { recursive: true });
    const configFile = configFileOf(context);
    writeFileSync(configFile, renderKafkaServerProperties(context.settings, context.paths.kafkaData));
    await formatStorageOnce(context, configFile);
  },

  start: (context) =>
    launchJvm({
      service: 'kafka',
      mainClass: 'kafka.Kafka',
      args: [configFileOf(context)],
      heap: context.settings.kafkaHeap,
      paths: context.paths,
      logFile: logFileOf(context.paths, 'kafka'),
      env: process.env,
    }),

  async probe(context): Promise<HealthReport> {
    const admin = createKafka({
      brokers: `127.0.0.1:${context.settings.kafkaPort}`,
      clientId: 'stack-health',
      connectionTimeoutMs: 1_000,
      requestTimeoutMs: 3_000,
      retries: 0,
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return {
        healthy: cluster.brokers.length > 0,
        detail: `${cluster.brokers.length} broker(s), controller ${cluster.controller}`,
        version: context.versions.kafka,
      };
    } catch (error) {
      return { healthy: false, detail: describeCause(error) };
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  },

  stop: (_context, record) => stopProcess(record.pid, 30_000),
};
