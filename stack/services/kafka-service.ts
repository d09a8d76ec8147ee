import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCause, PipelineError } from '../../lib/errors.js';
import { createKafka } from '../../lib/kafka/kafka-client.js';
import { runCommand } from '../process/run-command.js';
import { stopProcess } from '../process/stop-process.js';
import { logFileOf } from '../stack-paths.js';
import type { StackSettings } from '../stack-settings.js';
import { minInsyncReplicasOf, nodeNames, nodePort, replicationFactorOf, type StackTopology } from '../stack-topology.js';
import { launchJvm } from './jvm.js';
import type { HealthReport, StackContext, StackService } from './service.js';

/** Where each Kafka node listens, by node id (1-based): node 1 on the configured ports, then every 10. */
export const kafkaPortsOf = (settings: StackSettings, nodeId: number) => ({
  client: nodePort(settings.kafkaPort, nodeId),
  controller: nodePort(settings.kafkaControllerPort, nodeId),
});

/** The bootstrap list clients use: every node's listener. */
export const kafkaBootstrapOf = (settings: StackSettings, topology: StackTopology): string =>
  Array.from({ length: topology.brokers }, (_, index) => `127.0.0.1:${kafkaPortsOf(settings, index + 1).client}`).join(',');

/**
 * server.properties for one KRaft node in combined broker+controller mode, on localhost. On one node
 * everything has one copy; on three or more, topics (and the offsets and transaction logs) get three
 * copies with min.insync.replicas=2, so acks=all writes go on while any one node is down.
 */
export function renderKafkaServerProperties(settings: StackSettings, topology: StackTopology, nodeId: number, dataDir: string): string {
  const ports = kafkaPortsOf(settings, nodeId);
  const replicas = replicationFactorOf(topology);
  const minInsync = minInsyncReplicasOf(topology);
  const voters = Array.from(
    { length: topology.brokers },
    (_, index) => `${index + 1}@127.0.0.1:${kafkaPortsOf(settings, index + 1).controller}`,
  );
  const lines: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': nodeId,
    'controller.quorum.voters': voters.join(','),
    listeners: `PLAINTEXT://127.0.0.1:${ports.client},CONTROLLER://127.0.0.1:${ports.controller}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${ports.client}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': dataDir,
    'num.partitions': 3,
    'default.replication.factor': replicas,
    'min.insync.replicas': minInsync,
    'auto.create.topics.enable': 'false',
    'offsets.topic.replication.factor': replicas,
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': replicas,
    'transaction.state.log.min.isr': minInsync,
    'share.coordinator.state.topic.replication.factor': replicas,
    'share.coordinator.state.topic.min.isr': minInsync,
    'group.initial.rebalance.delay.ms': 0,
    'log.retention.hours': 168,
    // A follower that stops fetching (killed, paused) leaves the in-sync replicas after 10 s instead of 30 s,
    // so acks=all writes to its partitions stall for less than a producer's request timeout.
    ...(topology.brokers > 1 ? { 'replica.lag.time.max.ms': 10_000 } : {}),
  };
  return `${Object.entries(lines)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

const CLUSTER_ID_FILE = 'cluster-id';

async function formatStorageOnce(context: StackContext, dataDir: string, configFile: string): Promise<void> {
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
  const clusterId = await ensureClusterId(context);
  const classpath = join(context.paths.kafkaLibs, '*');
  await runCommand('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', configFile]);
}

/** The cluster id every node is formatted with, made once per stack (before nodes are prepared side by side). */
export async function ensureClusterId(context: StackContext): Promise<string> {
  const idFile = join(context.paths.root, 'data', CLUSTER_ID_FILE);
  const existing = existsSync(idFile) ? readFileSync(idFile, 'utf8').trim() : '';
  if (existing) return existing;
  mkdirSync(join(context.paths.root, 'data'), { recursive: true });
  const { stdout } = await runCommand('java', ['-cp', join(context.paths.kafkaLibs, '*'), 'kafka.tools.StorageTool', 'random-uuid']);
  const clusterId = stdout.trim().split('\n').pop() ?? '';
  writeFileSync(idFile, `${clusterId}\n`);
  return clusterId;
}

/** Kafka node `nodeId` of the topology: `kafka` alone, or `kafka-N` in a cluster, with its own ports, data, config and log. */
export function kafkaNode(topology: StackTopology, nodeId: number): StackService {
  const name = nodeNames('kafka', topology.brokers)[nodeId - 1] as string;
  const configFileOf = (context: StackContext) => join(context.paths.conf, `${name}-server.properties`);
  const dataDirOf = (context: StackContext) => join(context.paths.root, 'data', name);
  return {
    name,
    kind: 'kafka',
    dependsOn: [],
    ports: (settings) => Object.values(kafkaPortsOf(settings, nodeId)),
    logFile: (context) => logFileOf(context.paths, name),

    async prepare(context) {
      mkdirSync(context.paths.conf, { recursive: true });
      const configFile = configFileOf(context);
      writeFileSync(configFile, renderKafkaServerProperties(context.settings, topology, nodeId, dataDirOf(context)));
      await formatStorageOnce(context, dataDirOf(context), configFile);
    },

    start: (context) =>
      launchJvm({
        service: name,
        mainClass: 'kafka.Kafka',
        args: [configFileOf(context)],
        heap: context.settings.kafkaHeap,
        paths: context.paths,
        logFile: logFileOf(context.paths, name),
        env: process.env,
      }),

    /** Healthy when this node answers and the cluster lists it as a live broker. */
    async probe(context): Promise<HealthReport> {
      const admin = createKafka({
        brokers: `127.0.0.1:${kafkaPortsOf(context.settings, nodeId).client}`,
        clientId: 'stack-health',
        connectionTimeoutMs: 1_000,
        requestTimeoutMs: 3_000,
        retries: 0,
      }).admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        const listed = cluster.brokers.some((broker) => broker.nodeId === nodeId);
        return {
          healthy: listed,
          detail: `${listed ? `node ${nodeId} of ` : `node ${nodeId} not yet among `}${cluster.brokers.length} broker(s), controller ${cluster.controller}`,
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
}
