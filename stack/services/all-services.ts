import { PipelineError } from '../../lib/errors.js';
import { connectService } from './connect-service.js';
import { kafkaService } from './kafka-service.js';
import { postgresService } from './postgres-service.js';
import { SERVICE_NAMES, type ServiceName, type StackService } from './service.js';

/** Start order: dependencies first. Stop order is the reverse. */
export const SERVICES_IN_START_ORDER: readonly StackService[] = [postgresService, kafkaService, connectService];

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
