import { type RunningCollector, startCollector } from '../../collector/start-collector.js';
import { loadConfig } from '../../lib/config/load-config.js';
import type { Dialect } from '../../lib/warehouses.js';
import { servicesFor, stackServices } from '../../stack/services/all-services.js';
import { createStackContext, pidStateOf, stackUp, stopService } from '../../stack/stack-controller.js';
import type { StackWarehouse } from '../../stack/stack-settings.js';
import { composeShopUrl, type Extra } from '../compose/compose-plan.js';
import { composeEnv, composeUp } from '../compose/compose-up.js';
import { captureCompose, runCompose } from '../compose/docker-compose-command.js';

/** Where the demo runs: how to bring it up, and how to leave things as they were found. */
export interface DemoTarget {
  readonly title: string;
  readonly dialect: Dialect;
  readonly env: NodeJS.ProcessEnv;
  up(say: (line: string) => void): Promise<void>;
  /** The demo shop's URL once `up` opened it (`--with web`), else undefined. */
  shopUrl(): string | undefined;
  /** Closes the shop if this process runs it (always, success or not). */
  closeShop(): Promise<void>;
  /** Stops what `up` started (data is kept). */
  release(say: (line: string) => void): Promise<void>;
}

/**
 * The native stack (Kafka, Connect and the warehouse as local processes): PostgreSQL fed by the Connect
 * sinks, or the ClickHouse service consuming the topics itself. Stops only the services it started.
 * With `web`, the collector and its shop run in this process (COLLECTOR_HOST:COLLECTOR_PORT).
 */
export function nativeTarget(warehouse: StackWarehouse = 'postgres', { web = false } = {}): DemoTarget {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WAREHOUSE: warehouse,
    ...(warehouse === 'clickhouse' ? { CLICKHOUSE_INGEST: 'kafka-engine' } : {}),
  };
  const context = createStackContext({ env });
  let collector: RunningCollector | undefined;
  const runningBefore = new Set(
    stackServices(context.topology)
      .filter((s) => pidStateOf(context, s).kind === 'running')
      .map((s) => s.name),
  );
  return {
    title: `native stack with ${warehouse === 'clickhouse' ? "ClickHouse (the embedded engine's service, consuming Kafka itself)" : 'PostgreSQL'}`,
    dialect: warehouse,
    env,
    async up(say) {
      await stackUp(context, say, { warehouses: [warehouse] });
      if (!web) return;
      const config = loadConfig({ env });
      collector = await startCollector(config, { host: config.values.COLLECTOR_HOST, port: config.values.COLLECTOR_PORT }, (line) =>
        process.stderr.write(`[shop] ${line}\n`),
      );
    },
    shopUrl: () => collector?.shopUrl,
    async closeShop() {
      await collector?.close();
      collector = undefined;
    },
    async release(say) {
      // Only what `up` starts (Kafka, Connect, this warehouse) and was not running before: never another warehouse or Superset.
      const startedHere = servicesFor(context.topology, [warehouse])
        .reverse()
        .filter((service) => !runningBefore.has(service.name));
      if (startedHere.length === 0) return;
      say(
        `Stopping what the demo started (${startedHere.map((service) => service.name).join(', ')}); data is kept. --keep leaves it running.`,
      );
      for (const service of startedHere) await stopService(createStackContext({ env }), service.name, (line) => say(`  ${line}`));
    },
  };
}

/**
 * Compose with the warehouse WAREHOUSE names (SQL Server by default), and with `web` its `collector`
 * service (profile web): `down` at the end only if it was not up before.
 */
export async function composeTarget(warehouse: Dialect, { web = false } = {}): Promise<DemoTarget> {
  const env: NodeJS.ProcessEnv = { ...process.env, WAREHOUSE: warehouse };
  const extras: Extra[] = web ? ['web'] : [];
  const composeEnvironment = composeEnv(loadConfig({ env }), { WAREHOUSE: warehouse, COMPOSE_PROFILES: [warehouse, ...extras].join(',') });
  let shopUrl: string | undefined;
  const runningBefore = (await captureCompose(['ps', '--quiet'], composeEnvironment).catch(() => '')).trim() !== '';
  return {
    title: `Docker Compose with ${warehouse}`,
    dialect: warehouse,
    env,
    async up(say) {
      const config = loadConfig({ env });
      await composeUp(config, { warehouse, extras, timeoutMs: 15 * 60_000 }, say);
      if (web) shopUrl = composeShopUrl(config.values.COMPOSE_COLLECTOR_PORT);
    },
    shopUrl: () => shopUrl,
    // The shop is Compose's collector service: `release` stops it with the rest.
    closeShop: async () => undefined,
    async release(say) {
      if (runningBefore) return;
      say('Stopping the Compose stack the demo started (volumes are kept). --keep leaves it running.');
      await runCompose(['down'], composeEnvironment);
    },
  };
}
