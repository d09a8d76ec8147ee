import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configProviderProperties, type ProviderReferences, providerReferencesOf } from '../../lib/connect-config-providers.js';
import { describeCause } from '../../lib/errors.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { stopProcess } from '../process/stop-process.js';
import type { StackPaths } from '../stack-paths.js';
import { logFileOf } from '../stack-paths.js';
import type { StackSettings } from '../stack-settings.js';
import { nodeNames, nodePort, replicationFactorOf, SINGLE_NODE, type StackTopology } from '../stack-topology.js';
import { launchJvm } from './jvm.js';
import { kafkaBootstrapOf } from './kafka-service.js';
import type { HealthReport, StackContext, StackService } from './service.js';

export const DEBEZIUM_JDBC_SINK_CLASS = 'io.debezium.connector.jdbc.JdbcSinkConnector';

/**
 * Worker `workerId` (1-based) of the distributed group: internal topics with as many copies as the
 * cluster gives (1 on one node, 3 on three), quick failover for fault tests, and config providers
 * limited to what `references` name (the connector files' `${env:…}`; the stack's secrets file).
 */
export function renderConnectWorkerProperties(
  settings: StackSettings,
  paths: StackPaths,
  references: ProviderReferences,
  topology: StackTopology = SINGLE_NODE,
  workerId = 1,
): string {
  const replicas = replicationFactorOf(topology);
  const port = nodePort(settings.connectPort, workerId);
  const lines: Record<string, string | number> = {
    'bootstrap.servers': kafkaBootstrapOf(settings, topology),
    'group.id': 'ecommerce-connect',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'true',
    'config.storage.topic': '_connect-configs',
    'offset.storage.topic': '_connect-offsets',
    'status.storage.topic': '_connect-status',
    'config.storage.replication.factor': replicas,
    'offset.storage.replication.factor': replicas,
    'status.storage.replication.factor': replicas,
    'offset.storage.partitions': 5,
    'status.storage.partitions': 1,
    'offset.flush.interval.ms': settings.offsetFlushIntervalMs,
    'consumer.session.timeout.ms': settings.consumerSessionTimeoutMs,
    'consumer.heartbeat.interval.ms': Math.max(1000, Math.floor(settings.consumerSessionTimeoutMs / 3)),
    // The worker's own group membership: a killed worker is noticed quickly, its tasks come back fast.
    'session.timeout.ms': 10_000,
    'heartbeat.interval.ms': 3_000,
    'scheduled.rebalance.max.delay.ms': 10_000,
    listeners: `http://127.0.0.1:${port}`,
    'rest.advertised.host.name': '127.0.0.1',
    'rest.advertised.port': port,
    'plugin.path': paths.plugins,
    'plugin.discovery': 'service_load',
    'connector.client.config.override.policy': 'All',
    ...configProviderProperties(references),
  };
  return `${Object.entries(lines)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

/** The texts of every connector file under connectors/ (any warehouse). */
function readConnectorTexts(): string[] {
  const root = join(REPO_ROOT, 'connectors');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.json'))
    .map((path) => readFileSync(join(root, path), 'utf8'));
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

/** Connect worker `workerId` of the topology: `connect` alone, or `connect-N` in a group of several. */
export function connectWorker(topology: StackTopology, workerId: number): StackService {
  const name = nodeNames('connect', topology.workers)[workerId - 1] as string;
  const configFileOf = (context: StackContext) => join(context.paths.conf, `${name}-worker.properties`);
  return {
    name,
    kind: 'connect',
    dependsOn: ['kafka'],
    ports: (settings) => [nodePort(settings.connectPort, workerId)],
    logFile: (context) => logFileOf(context.paths, name),

    async prepare(context) {
      mkdirSync(context.paths.conf, { recursive: true });
      // What connectors/ references, plus the secrets file the pipeline rules let connector files name.
      const used = providerReferencesOf(readConnectorTexts());
      const references = { ...used, files: [...new Set([...used.files, context.paths.secrets])].sort() };
      writeFileSync(configFileOf(context), renderConnectWorkerProperties(context.settings, context.paths, references, topology, workerId));
    },

    start: (context) =>
      launchJvm({
        service: name,
        mainClass: 'org.apache.kafka.connect.cli.ConnectDistributed',
        args: [configFileOf(context)],
        heap: context.settings.connectHeap,
        gc: 'throughput',
        paths: context.paths,
        logFile: logFileOf(context.paths, name),
        // Secrets reach connector configs only as ${env:NAME} references resolved by the worker.
        env: {
          ...process.env,
          PG_PASSWORD: context.secrets.pgPassword,
          PG_SINK_PASSWORD: context.secrets.pgSinkPassword,
        },
      }),

    async probe(context): Promise<HealthReport> {
      const base = `http://127.0.0.1:${nodePort(context.settings.connectPort, workerId)}`;
      try {
        const root = (await getJson(`${base}/`)) as { version?: string };
        const plugins = (await getJson(`${base}/connector-plugins?connectorsOnly=true`)) as Array<{ class: string }>;
        const hasDebezium = plugins.some((plugin) => plugin.class === DEBEZIUM_JDBC_SINK_CLASS);
        return {
          healthy: hasDebezium,
          detail: hasDebezium
            ? `${plugins.length} connector plugin(s), Debezium JDBC sink ${context.versions.debeziumJdbc}`
            : `REST answers but ${DEBEZIUM_JDBC_SINK_CLASS} is not listed (plugin.path ${context.paths.plugins})`,
          version: root.version,
        };
      } catch (error) {
        return { healthy: false, detail: describeCause(error) };
      }
    },

    stop: (_context, record) => stopProcess(record.pid, 30_000),
  };
}
