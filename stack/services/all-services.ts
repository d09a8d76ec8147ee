import { PipelineError } from '../../lib/errors.js';
import type { StackExtra, StackWarehouse } from '../stack-settings.js';
import { clickhouseService } from './clickhouse-service.js';
import { connectService } from './connect-service.js';
import { kafkaService } from './kafka-service.js';
import { postgresService } from './postgres-service.js';
import { SERVICE_NAMES, type ServiceName, type StackService } from './service.js';
import { supersetService } from './superset-service.js';

/** Start order: dependencies first. Stop order is the reverse. */
export const SERVICES_IN_START_ORDER: readonly StackService[] = [
  postgresService,
  clickhouseService,
  kafkaService,
  connectService,
  supersetService,
];

/** The services that are warehouses: `stack:up` starts those chosen (`--warehouse`, STACK_WAREHOUSES). */
export const isWarehouseService = (name: ServiceName): name is StackWarehouse => name === 'postgres' || name === 'clickhouse';

/** The services only `stack:up -- --with` starts. */
export const isExtraService = (name: ServiceName): name is StackExtra => name === 'superset';

/** What `stack:up` starts: Kafka, Connect, the chosen warehouses and extras, in start order. */
export const servicesFor = (warehouses: readonly StackWarehouse[], extras: readonly StackExtra[] = []): StackService[] =>
  SERVICES_IN_START_ORDER.filter((service) =>
    isWarehouseService(service.name)
      ? warehouses.includes(service.name)
      : isExtraService(service.name)
        ? extras.includes(service.name)
        : true,
  );

/** The services that run on the JVM (their jars are assembled before they start). */
export const needsJars = (name: ServiceName): boolean => name === 'kafka' || name === 'connect';

export function serviceNamed(name: string): StackService {
  const service = SERVICES_IN_START_ORDER.find((candidate) => candidate.name === name);
  if (!service) {
    throw new PipelineError('UNKNOWN_SERVICE', `There is no service "${name}"; choose one of ${SERVICE_NAMES.join(', ')}.`);
  }
  return service;
}

export function dependentsOf(name: ServiceName): StackService[] {
  return SERVICES_IN_START_ORDER.filter((service) => service.dependsOn.includes(name));
}
