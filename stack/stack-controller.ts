import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../lib/config/load-config.js';
import { PipelineError } from '../lib/errors.js';
import { pollUntil } from '../lib/poll.js';
import { assembleJars } from './assemble/maven-assemble.js';
import { checkJava } from './assemble/prerequisites.js';
import { type PidRecord, type PidState, readPidState, removePidFile, writePidFile } from './process/pid-file.js';
import { describePortHolder, isPortFree, UNKNOWN_HOLDER } from './process/port-check.js';
import { isAlive } from './process/process-info.js';
import { dependentsOf, needsJars, servicesFor, servicesNamed, stackServices } from './services/all-services.js';
import { ensureClusterId } from './services/kafka-service.js';
import type { HealthReport, ServiceKind, ServiceName, StackContext, StackService } from './services/service.js';
import { pidFileOf, stackPaths } from './stack-paths.js';
import { ensureStackSecrets } from './stack-secrets.js';
import {
  STACK_EXTRAS,
  STACK_WAREHOUSES,
  type StackExtra,
  type StackWarehouse,
  stackEndpoints,
  stackSettingsFrom,
} from './stack-settings.js';
import { checkTopology, describeTopology, recordedTopology, recordTopology, type StackTopology, topologyOf } from './stack-topology.js';
import { readVersions } from './versions.js';

export type Report = (line: string) => void;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function createStackContext(options: { env?: NodeJS.ProcessEnv } = {}): StackContext {
  const config = loadConfig({ env: options.env });
  const settings = stackSettingsFrom(config);
  const paths = stackPaths(settings.stackDir);
  const secrets = {
    pgPassword: settings.pgPassword ?? '',
    pgSinkPassword: settings.pgSinkPassword ?? '',
    pgReaderPassword: settings.pgReaderPassword ?? '',
    clickhousePassword: settings.clickhousePassword ?? '',
    clickhouseSinkPassword: settings.clickhouseSinkPassword ?? '',
    clickhouseReaderPassword: settings.clickhouseReaderPassword ?? '',
    supersetPassword: settings.supersetPassword ?? '',
    supersetSecretKey: settings.supersetSecretKey ?? '',
  };
  // A stack keeps the topology its data was made for; a new one takes what the configuration asks.
  const topology = recordedTopology(paths) ?? topologyOf(settings.topology, undefined);
  return { paths, settings, versions: readVersions(), secrets, topology };
}

function withSecrets(context: StackContext): StackContext {
  return { ...context, secrets: ensureStackSecrets(context.settings, context.paths.secrets) };
}

export function pidStateOf(context: StackContext, service: StackService): PidState {
  return readPidState(pidFileOf(context.paths, service.name));
}

async function ensurePortsFree(context: StackContext, service: StackService): Promise<void> {
  for (const port of service.ports(context.settings)) {
    if (await isPortFree(port)) continue;
    let holder = await describePortHolder(port);
    // No live process holds it: one is still exiting (a killed multi-threaded process frees its sockets
    // only when its last thread is gone). Wait for that, a bounded time, instead of failing.
    if (
      holder === UNKNOWN_HOLDER &&
      (await pollUntil(async () => ((await isPortFree(port)) ? true : undefined), { timeoutMs: 10_000, intervalMs: 100 }))
    )
      continue;
    holder = await describePortHolder(port);
    throw new PipelineError(
      'PORT_IN_USE',
      `Port ${port} needed by ${service.name} is already taken by ${holder}. Stop that process, or choose another port in .env (see the README's configuration table), then run again.`,
    );
  }
}

async function waitHealthy(context: StackContext, service: StackService, record: PidRecord): Promise<HealthReport> {
  const deadline = Date.now() + context.settings.startTimeoutMs;
  let last: HealthReport = { healthy: false, detail: 'not probed yet' };
  while (Date.now() < deadline) {
    if (!isAlive(record.pid)) {
      throw new PipelineError(
        'SERVICE_START_FAILED',
        `${service.name} exited during start-up. Read ${service.logFile(context)} for the reason.`,
      );
    }
    last = await service.probe(context);
    if (last.healthy) return last;
    if (last.fatal) throw new PipelineError('SERVICE_START_FAILED', last.fatal);
    await sleep(500);
  }
  throw new PipelineError(
    'SERVICE_TIMEOUT',
    `${service.name} was not healthy after ${seconds(context.settings.startTimeoutMs)} (last check: ${last.detail}). Read ${service.logFile(context)}; raise STACK_START_TIMEOUT_S on a slow machine.`,
  );
}

/** Starts one service if it is not running. Returns true when it was started by this call. */
async function startOne(context: StackContext, service: StackService, report: Report): Promise<boolean> {
  const pidFile = pidFileOf(context.paths, service.name);
  const state = readPidState(pidFile);
  if (state.kind === 'running') {
    const health = await waitHealthy(context, service, state.record);
    report(`${service.name.padEnd(10)} already running (pid ${state.record.pid}; ${health.detail})`);
    return false;
  }
  if (state.kind === 'stale') {
    removePidFile(pidFile);
    report(`${service.name.padEnd(10)} removed a stale pid file (pid ${state.record?.pid ?? '?'} is not running)`);
  }
  for (const dependency of service.dependsOn) {
    if (!isKindRunning(context, dependency)) {
      throw new PipelineError(
        'SERVICE_NOT_RUNNING',
        `${service.name} needs ${dependency}, which is not running. Run \`npm run stack:start -- ${dependency}\` or \`npm run stack:up\` first.`,
      );
    }
  }
  await ensurePortsFree(context, service);
  const started = Date.now();
  await service.prepare(context, report);
  report(`${service.name.padEnd(10)} starting… (log ${service.logFile(context)})`);
  const record = await service.start(context);
  writePidFile(pidFile, record);
  try {
    const health = await waitHealthy(context, service, record);
    await service.afterHealthy?.(context);
    report(`${service.name.padEnd(10)} healthy in ${seconds(Date.now() - started)} (pid ${record.pid}; ${health.detail})`);
  } catch (error) {
    await service.stop(context, record);
    removePidFile(pidFile);
    throw error;
  }
  return true;
}

async function stopOne(context: StackContext, service: StackService, report: Report): Promise<void> {
  const pidFile = pidFileOf(context.paths, service.name);
  const state = readPidState(pidFile);
  if (state.kind === 'running') {
    const started = Date.now();
    const outcome = await service.stop(context, state.record);
    report(
      `${service.name.padEnd(10)} ${outcome === 'killed' ? 'killed after the grace period' : 'stopped'} in ${seconds(Date.now() - started)}`,
    );
  } else if (state.kind === 'stale') {
    report(`${service.name.padEnd(10)} was not running (removed a stale pid file)`);
  }
  removePidFile(pidFile);
}

/** Two nodes configured onto one port (node N of a cluster listens 10×(N−1) above node 1) fail before anything starts. */
function checkPortsDistinct(context: StackContext, services: readonly StackService[]): void {
  const owners = new Map<number, string>();
  for (const service of services) {
    for (const port of service.ports(context.settings)) {
      const owner = owners.get(port);
      if (owner) {
        throw new PipelineError(
          'CONFIG_INVALID',
          `Port ${port} would serve both ${owner} and ${service.name} (node N listens 10×(N−1) above the STACK_*_PORT of node 1). Choose STACK_*_PORT values at least 10×(nodes) apart in .env.`,
        );
      }
      owners.set(port, service.name);
    }
  }
}

/** Whether at least one node of a kind runs now. */
export function isKindRunning(context: StackContext, kind: ServiceKind): boolean {
  return stackServices(context.topology).some((service) => service.kind === kind && pidStateOf(context, service).kind === 'running');
}

/** The warehouses whose services run now. */
export function runningWarehouses(context: StackContext): StackWarehouse[] {
  return STACK_WAREHOUSES.filter((warehouse) => isKindRunning(context, warehouse));
}

/** The extras whose services run now. */
export function runningExtras(context: StackContext): StackExtra[] {
  return STACK_EXTRAS.filter((extra) => isKindRunning(context, extra));
}

/**
 * Services in start order, nodes of one kind together: a group starts side by side (Kafka nodes must,
 * as none is healthy before a quorum of controllers runs) and stops side by side (the last nodes of a
 * quorum cannot shut down in a controlled way one after the other).
 */
function groupsOf(services: readonly StackService[]): StackService[][] {
  const groups: StackService[][] = [];
  for (const service of services) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.kind === service.kind) last.push(service);
    else groups.push([service]);
  }
  return groups;
}

/** Starts a group of nodes side by side; returns those this call started, or stops them and throws. */
async function startGroup(context: StackContext, group: readonly StackService[], report: Report): Promise<StackService[]> {
  const outcomes = await Promise.allSettled(group.map((service) => startOne(context, service, report)));
  const started = group.filter((_, index) => {
    const outcome = outcomes[index];
    return outcome?.status === 'fulfilled' && outcome.value;
  });
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((service) => stopOne(context, service, () => undefined)));
    throw failed.reason;
  }
  return started;
}

function writeEndpoints(context: StackContext): void {
  const lines = Object.entries(stackEndpoints(context.settings, runningWarehouses(context), runningExtras(context), context.topology)).map(
    ([name, value]) => `${name}=${value}`,
  );
  writeFileSync(
    context.paths.endpoints,
    `# Written by \`npm run stack:up\`; removed by \`stack:down\`. Process env and .env override these.\n${lines.join('\n')}\n`,
  );
}

async function prepareJvmParts(context: StackContext, report: Report): Promise<void> {
  await checkJava();
  await assembleJars(context.paths, context.versions, report);
  await ensureClusterId(context);
}

/**
 * Brings Kafka, Connect, the chosen warehouses (default: STACK_WAREHOUSES) and extras up (idempotent).
 * On failure stops what this call started and rethrows.
 */
export async function stackUp(
  baseContext: StackContext,
  report: Report,
  options: { warehouses?: readonly StackWarehouse[]; extras?: readonly StackExtra[]; topology?: Partial<StackTopology> } = {},
): Promise<{ startedCount: number; topology: StackTopology }> {
  const recorded = recordedTopology(baseContext.paths);
  const topology = topologyOf({ ...baseContext.settings.topology, ...options.topology }, recorded);
  checkTopology(recorded, topology, baseContext.paths.root);
  const context = withSecrets({ ...baseContext, topology });
  const services = servicesFor(topology, options.warehouses ?? context.settings.warehouses, options.extras ?? []);
  checkPortsDistinct(context, services);
  mkdirSync(context.paths.run, { recursive: true });
  // Pre-flight: fail on a taken port before downloading or starting anything.
  for (const service of services) {
    if (pidStateOf(context, service).kind !== 'running') await ensurePortsFree(context, service);
  }
  if (!recorded) {
    recordTopology(context.paths, topology);
    if (topology.brokers > 1 || topology.workers > 1) report(`A new stack of ${describeTopology(topology)}.`);
  }
  await prepareJvmParts(context, report);
  const startedHere: StackService[] = [];
  try {
    for (const group of groupsOf(services)) startedHere.push(...(await startGroup(context, group, report)));
  } catch (error) {
    for (const service of startedHere.reverse()) await stopOne(context, service, () => undefined);
    if (startedHere.length > 0) report(`Stopped what this run started: ${startedHere.map((s) => s.name).join(', ')}.`);
    throw error;
  }
  writeEndpoints(context);
  return { startedCount: startedHere.length, topology };
}

export async function stackDown(context: StackContext, options: { purge: boolean }, report: Report): Promise<void> {
  for (const group of groupsOf(stackServices(context.topology)).reverse()) {
    await Promise.all(group.map((service) => stopOne(context, service, report)));
  }
  rmSync(context.paths.endpoints, { force: true });
  if (!options.purge) return;
  const { paths } = context;
  if (existsSync(paths.postgres) && lstatSync(paths.postgres).isSymbolicLink()) {
    // The outside home is /var/lib/ecommerce-pipeline/<hash>/postgres: remove it with its <hash> folder.
    rmSync(dirname(readlinkSync(paths.postgres)), { recursive: true, force: true });
  }
  for (const dir of [
    paths.postgres,
    paths.clickhouse,
    paths.superset,
    `${paths.root}/data`,
    paths.conf,
    paths.run,
    paths.logs,
    paths.secrets,
    `${paths.root}/topology.json`,
  ]) {
    rmSync(dir, { recursive: true, force: true });
  }
  report(
    'Purged the stack data (Kafka log, Connect topics, PostgreSQL cluster, ClickHouse data, Superset metadata, logs, generated secrets); downloaded jars and .venv-superset are kept.',
  );
}

/** Starts one node (`kafka-2`), or every node of a kind (`kafka`), side by side. */
export async function startService(baseContext: StackContext, name: ServiceName, report: Report): Promise<void> {
  const context = withSecrets(baseContext);
  const services = servicesNamed(context.topology, name);
  if (services.some((service) => needsJars(service.kind))) await prepareJvmParts(context, report);
  await startGroup(context, services, report);
  writeEndpoints(context);
}

/** Stops one node, or every node of a kind, side by side; the others keep running. */
export async function stopService(context: StackContext, name: ServiceName, report: Report): Promise<void> {
  const services = servicesNamed(context.topology, name);
  const kind = services[0]?.kind as ServiceKind;
  const othersOfKind = stackServices(context.topology).filter(
    (service) => service.kind === kind && !services.includes(service) && pidStateOf(context, service).kind === 'running',
  );
  const runningDependents = dependentsOf(context.topology, kind).filter((dependent) => pidStateOf(context, dependent).kind === 'running');
  if (othersOfKind.length === 0 && runningDependents.length > 0) {
    report(`Note: ${runningDependents.map((s) => s.name).join(', ')} depend(s) on ${name} and will retry until it is back.`);
  }
  await Promise.all(services.map((service) => stopOne(context, service, report)));
}
