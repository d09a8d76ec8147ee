import { loadConfig } from '../../lib/config/load-config.js';
import type { Dialect } from '../../lib/warehouses.js';
import { SERVICES_IN_START_ORDER } from '../../stack/services/all-services.js';
import { createStackContext, pidStateOf, stackUp, stopService } from '../../stack/stack-controller.js';
import type { StackWarehouse } from '../../stack/stack-settings.js';
import { composeEnv, composeUp } from '../compose/compose-up.js';
import { captureCompose, runCompose } from '../compose/docker-compose-command.js';

/** Where the demo runs: how to bring it up, and how to leave things as they were found. */
export interface DemoTarget {
  readonly title: string;
  readonly dialect: Dialect;
  readonly env: NodeJS.ProcessEnv;
  up(say: (line: string) => void): Promise<void>;
  /** Stops what `up` started (data is kept). */
  release(say: (line: string) => void): Promise<void>;
}

/**
 * The native stack (Kafka, Connect and the warehouse as local processes): PostgreSQL fed by the Connect
 * sinks, or the ClickHouse service consuming the topics itself. Stops only the services it started.
 */
export function nativeTarget(warehouse: StackWarehouse = 'postgres'): DemoTarget {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WAREHOUSE: warehouse,
    ...(warehouse === 'clickhouse' ? { CLICKHOUSE_INGEST: 'kafka-engine' } : {}),
  };
  const context = createStackContext({ env });
  const runningBefore = new Set(SERVICES_IN_START_ORDER.filter((s) => pidStateOf(context, s).kind === 'running').map((s) => s.name));
  return {
    title: `native stack with ${warehouse === 'clickhouse' ? "ClickHouse (the embedded engine's service, consuming Kafka itself)" : 'PostgreSQL'}`,
    dialect: warehouse,
    env,
    up: async (say) => void (await stackUp(context, say, { warehouses: [warehouse] })),
    async release(say) {
      const startedHere = [...SERVICES_IN_START_ORDER].reverse().filter((service) => !runningBefore.has(service.name));
      if (startedHere.length === 0) return;
      say(
        `Stopping what the demo started (${startedHere.map((service) => service.name).join(', ')}); data is kept. --keep leaves it running.`,
      );
      for (const service of startedHere) await stopService(createStackContext({ env }), service.name, (line) => say(`  ${line}`));
    },
  };
}

/** Compose with the warehouse WAREHOUSE names (SQL Server by default): `down` at the end only if it was not up before. */
export async function composeTarget(warehouse: Dialect): Promise<DemoTarget> {
  const env: NodeJS.ProcessEnv = { ...process.env, WAREHOUSE: warehouse };
  const composeEnvironment = composeEnv(loadConfig({ env }), { WAREHOUSE: warehouse, COMPOSE_PROFILES: warehouse });
  const runningBefore = (await captureCompose(['ps', '--quiet'], composeEnvironment).catch(() => '')).trim() !== '';
  return {
    title: `Docker Compose with ${warehouse}`,
    dialect: warehouse,
    env,
    up: async (say) => void (await composeUp(loadConfig({ env }), { warehouse, extras: [], timeoutMs: 15 * 60_000 }, say)),
    async release(say) {
      if (runningBefore) return;
      say('Stopping the Compose stack the demo started (volumes are kept). --keep leaves it running.');
      await runCompose(['down'], composeEnvironment);
    },
  };
}
