import { PipelineError } from '../../lib/errors.js';
import type { StackExtra, StackWarehouse } from '../stack-settings.js';
import { SINGLE_NODE, type StackTopology } from '../stack-topology.js';
import { clickhouseService } from './clickhouse-service.js';
import { connectWorker } from './connect-service.js';
import { kafkaNode } from './kafka-service.js';
import { postgresService } from './postgres-service.js';
import type { ServiceKind, ServiceName, StackService } from './service.js';
import { supersetService } from './superset-service.js';

/**
 * Every node of a stack of this topology, in start order (dependencies first; stop order is the
 * reverse): the warehouses, the Kafka nodes, the Connect workers, Superset.
 */
export function stackServices(topology: StackTopology = SINGLE_NODE): StackService[] {
  return [
    postgresService,
    clickhouseService,
    ...Array.from({ length: topology.brokers }, (_, index) => kafkaNode(topology, index + 1)),
    ...Array.from({ length: topology.workers }, (_, index) => connectWorker(topology, index + 1)),
    supersetService,
  ];
}

/** The services that are warehouses: `stack:up` starts those chosen (`--warehouse`, STACK_WAREHOUSES). */
export const isWarehouseKind = (kind: ServiceKind): kind is StackWarehouse => kind === 'postgres' || kind === 'clickhouse';

/** The services only `stack:up -- --with` starts. */
export const isExtraKind = (kind: ServiceKind): kind is StackExtra => kind === 'superset';

/** What `stack:up` starts: Kafka, Connect, the chosen warehouses and extras, in start order. */
export const servicesFor = (
  topology: StackTopology,
  warehouses: readonly StackWarehouse[],
  extras: readonly StackExtra[] = [],
): StackService[] =>
  stackServices(topology).filter((service) =>
    isWarehouseKind(service.kind) ? warehouses.includes(service.kind) : isExtraKind(service.kind) ? extras.includes(service.kind) : true,
  );

/** The services that run on the JVM (their jars are assembled before they start). */
export const needsJars = (kind: ServiceKind): boolean => kind === 'kafka' || kind === 'connect';

/** The names `stack:start|stop|status|logs` accept: every node, and `kafka`/`connect` for all nodes of a kind. */
export function serviceNamesOf(topology: StackTopology): string[] {
  const names = stackServices(topology).map((service) => service.name);
  return [...new Set([...names.filter((name) => !/-\d+$/.test(name)), 'kafka', 'connect', ...names])];
}

/** The nodes a name means: one node (`kafka-2`, `postgres`), or every node of a kind (`kafka` in a cluster). */
export function servicesNamed(topology: StackTopology, name: ServiceName): StackService[] {
  const services = stackServices(topology);
  const exact = services.filter((service) => service.name === name);
  const matches = exact.length > 0 ? exact : services.filter((service) => service.kind === name);
  if (matches.length === 0) {
    throw new PipelineError(
      'UNKNOWN_SERVICE',
      `There is no service "${name}" in this stack; choose one of ${serviceNamesOf(topology).join(', ')}.`,
    );
  }
  return matches;
}

/** The one node a name means (a single-node service such as `postgres`, or a node such as `kafka-2`). */
export function serviceNamed(topology: StackTopology, name: ServiceName): StackService {
  const [first, ...others] = servicesNamed(topology, name);
  if (others.length > 0) {
    throw new PipelineError(
      'UNKNOWN_SERVICE',
      `"${name}" means ${[first, ...others].map((service) => service?.name).join(', ')} in this stack; name one of them.`,
    );
  }
  return first as StackService;
}

export function dependentsOf(topology: StackTopology, kind: ServiceKind): StackService[] {
  return stackServices(topology).filter((service) => service.dependsOn.includes(kind));
}
