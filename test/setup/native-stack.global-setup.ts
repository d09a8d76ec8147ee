import type { TestProject } from 'vitest/node';
import { stackServices } from '../../stack/services/all-services.js';
import { createStackContext, pidStateOf, stackDown, stackUp, stopService } from '../../stack/stack-controller.js';

const ENDPOINT_VARIABLES = ['KAFKA_BROKERS', 'CONNECT_URL', 'PG_URL', 'CLICKHOUSE_URL'] as const;

/**
 * Integration tests need Kafka, Connect, PostgreSQL and ClickHouse (both warehouses, for parity). When
 * the environment names all four endpoints, the tests use them as they are. Otherwise this brings the
 * native stack up with both warehouses and, at the end, stops exactly the services it started: the
 * stack is left as it was found.
 */
export default async function setup(_project: TestProject): Promise<() => Promise<void>> {
  const configured = ENDPOINT_VARIABLES.filter((name) => process.env[name]);
  if (configured.length === ENDPOINT_VARIABLES.length) {
    process.stdout.write(`[integration] using endpoints from the environment (${configured.join(', ')})\n`);
    return async () => undefined;
  }
  if (configured.length > 0) {
    throw new Error(
      `Set all of ${ENDPOINT_VARIABLES.join(', ')} to test against your own services, or none to use the native stack (only ${configured.join(', ')} set).`,
    );
  }
  const context = createStackContext();
  const runningBefore = stackServices(context.topology)
    .filter((service) => pidStateOf(context, service).kind === 'running')
    .map((service) => service.name);
  const report = (line: string) => process.stdout.write(`[native stack] ${line}\n`);
  await stackUp(context, report, { warehouses: ['postgres', 'clickhouse'] });
  return async () => {
    if (runningBefore.length === 0) {
      await stackDown(createStackContext(), { purge: false }, report);
      return;
    }
    const startedHere = stackServices(context.topology)
      .filter((service) => !runningBefore.includes(service.name))
      .reverse();
    for (const service of startedHere) await stopService(createStackContext(), service.name, report);
  };
}
