import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../lib/config/resolve-config.js';
import { isPipelineError } from '../../lib/errors.js';
import { serviceNamesOf, servicesFor, servicesNamed } from '../../stack/services/all-services.js';
import { renderConnectWorkerProperties } from '../../stack/services/connect-service.js';
import { renderKafkaServerProperties } from '../../stack/services/kafka-service.js';
import { stackPaths } from '../../stack/stack-paths.js';
import { stackEndpoints, stackSettingsFrom } from '../../stack/stack-settings.js';
import { checkTopology, recordedTopology, recordTopology, SINGLE_NODE } from '../../stack/stack-topology.js';
import { properties } from '../support/properties-text.js';

const settings = stackSettingsFrom(resolveConfig([{ origin: 'test', values: {}, rejectUnknownKeys: true }]), '/repo');
const CLUSTER = { brokers: 3, workers: 2 };

const caught = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
};

describe('a three-broker, two-worker native stack', () => {
  it('names its nodes kafka-1..3 and connect-1..2 and starts them after the warehouses', () => {
    expect(servicesFor(CLUSTER, ['postgres']).map((service) => service.name)).toEqual([
      'postgres',
      'kafka-1',
      'kafka-2',
      'kafka-3',
      'connect-1',
      'connect-2',
    ]);
    expect(servicesFor(CLUSTER, ['postgres']).flatMap((service) => service.ports(settings))).toEqual([
      54329, 9092, 9093, 9102, 9103, 9112, 9113, 8083, 8093,
    ]);
  });

  it('lets `kafka` mean every broker and `kafka-2` one, and refuses names the topology does not have', () => {
    expect(servicesNamed(CLUSTER, 'kafka').map((service) => service.name)).toEqual(['kafka-1', 'kafka-2', 'kafka-3']);
    expect(servicesNamed(CLUSTER, 'connect-2').map((service) => service.name)).toEqual(['connect-2']);
    expect(servicesNamed(SINGLE_NODE, 'kafka').map((service) => service.name)).toEqual(['kafka']);
    const error = caught(() => servicesNamed(SINGLE_NODE, 'kafka-2'));
    expect(isPipelineError(error) && error.exitCode).toBe(2);
    expect((error as Error).message).toBe(
      'There is no service "kafka-2" in this stack; choose one of postgres, clickhouse, kafka, connect, superset.',
    );
    expect(serviceNamesOf(CLUSTER)).toContain('kafka-3');
  });

  it('runs each node as broker and controller in a quorum of three, with three copies and min.insync.replicas=2', () => {
    const props = properties(renderKafkaServerProperties(settings, CLUSTER, 2, '/data/kafka-2'));
    expect(props.get('node.id')).toBe('2');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:9093,2@127.0.0.1:9103,3@127.0.0.1:9113');
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:9102,CONTROLLER://127.0.0.1:9103');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:9102');
    expect(props.get('log.dirs')).toBe('/data/kafka-2');
    for (const key of ['default.replication.factor', 'offsets.topic.replication.factor', 'transaction.state.log.replication.factor']) {
      expect(props.get(key), key).toBe('3');
    }
    expect(props.get('min.insync.replicas')).toBe('2');
    expect(props.get('transaction.state.log.min.isr')).toBe('2');
    expect(props.get('replica.lag.time.max.ms')).toBe('10000');
    const single = properties(renderKafkaServerProperties(settings, SINGLE_NODE, 1, '/data/kafka'));
    expect(single.get('min.insync.replicas')).toBe('1');
    expect(single.has('replica.lag.time.max.ms')).toBe(false);
  });

  it('puts the workers in one group on every broker, internal topics with three copies, each on its own REST port', () => {
    const references = { env: [], files: [], dirs: [] };
    const props = properties(renderConnectWorkerProperties(settings, stackPaths('/s'), references, CLUSTER, 2));
    expect(props.get('bootstrap.servers')).toBe('127.0.0.1:9092,127.0.0.1:9102,127.0.0.1:9112');
    expect(props.get('group.id')).toBe('ecommerce-connect');
    expect(props.get('listeners')).toBe('http://127.0.0.1:8093');
    expect(props.get('rest.advertised.port')).toBe('8093');
    expect(props.get('config.storage.replication.factor')).toBe('3');
    expect(props.get('offset.storage.replication.factor')).toBe('3');
  });

  it('publishes every broker, worker 1 and three copies for dead letters', () => {
    const endpoints = stackEndpoints(settings, ['postgres'], [], CLUSTER);
    expect(endpoints.KAFKA_BROKERS).toBe('127.0.0.1:9092,127.0.0.1:9102,127.0.0.1:9112');
    expect(endpoints.CONNECT_URL).toBe('http://127.0.0.1:8083');
    expect(endpoints.DLQ_REPLICATION_FACTOR).toBe('3');
    expect(stackEndpoints(settings, ['postgres']).DLQ_REPLICATION_FACTOR).toBe('1');
  });

  it('keeps the topology a stack was made with, and says how to change it', () => {
    const root = mkdtempSync(join(tmpdir(), 'topology-'));
    const paths = stackPaths(root);
    expect(recordedTopology(paths)).toBeUndefined();
    expect(() => checkTopology(undefined, CLUSTER, root)).not.toThrow();
    // A stack made before topology.json existed: one node of each.
    mkdirSync(join(root, 'data', 'kafka'), { recursive: true });
    writeFileSync(join(root, 'data', 'kafka', 'meta.properties'), 'cluster.id=x\n');
    expect(recordedTopology(paths)).toEqual(SINGLE_NODE);
    recordTopology(paths, CLUSTER);
    expect(recordedTopology(paths)).toEqual(CLUSTER);
    expect(() => checkTopology(CLUSTER, CLUSTER, root)).not.toThrow();
    const error = caught(() => checkTopology(CLUSTER, SINGLE_NODE, root));
    expect(isPipelineError(error) && error.code).toBe('TOPOLOGY_CHANGED');
    expect((error as Error).message).toBe(
      `The native stack in ${root} was made with 3 Kafka nodes and 2 Connect workers, not 1 Kafka node and 1 Connect worker. Run \`npm run stack:down -- --purge\` first (it deletes the stack's data), or start it as it was (--brokers 3 --workers 2, or STACK_BROKERS/STACK_CONNECT_WORKERS), or give the new one its own STACK_DIR and ports.`,
    );
  });
});
