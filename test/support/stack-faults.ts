import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../../stack/process/process-info.js';
import { serviceNamed } from '../../stack/services/all-services.js';
import type { ServiceName } from '../../stack/services/service.js';
import { createStackContext, pidStateOf, startService, stopService } from '../../stack/stack-controller.js';
import { sleep } from './test-env.js';

const ENDPOINT_VARIABLES = ['KAFKA_BROKERS', 'CONNECT_URL', 'PG_URL'];

/** Why fault tests cannot run here, or undefined when the native stack is ours to break. */
export function faultTestsUnavailable(): string | undefined {
  if (ENDPOINT_VARIABLES.every((name) => process.env[name])) {
    return 'the endpoints come from the environment, so these tests cannot stop or kill its processes; unset KAFKA_BROKERS, CONNECT_URL and PG_URL to run them on the native stack';
  }
  return undefined;
}

const log = (line: string) => process.stdout.write(`[fault] ${line}\n`);

/** `kill -9` a stack service's process and waits until it is gone. */
export async function killService(name: ServiceName): Promise<number> {
  const context = createStackContext();
  const state = pidStateOf(context, serviceNamed(context.topology, name));
  if (state.kind !== 'running') throw new Error(`${name} is not running (${state.kind}); cannot kill it`);
  process.kill(state.record.pid, 'SIGKILL');
  for (let i = 0; i < 100 && isAlive(state.record.pid); i++) await sleep(100);
  log(`killed ${name} (pid ${state.record.pid}) with SIGKILL`);
  return state.record.pid;
}

export const startStackService = (name: ServiceName) => startService(createStackContext(), name, log);
export const stopStackService = (name: ServiceName) => stopService(createStackContext(), name, log);

/** Makes sure every service is running again (after a test that failed half-way through a fault). */
export async function restoreStack(): Promise<void> {
  for (const name of ['postgres', 'clickhouse', 'kafka', 'connect'] as const) {
    const context = createStackContext();
    if (pidStateOf(context, serviceNamed(context.topology, name)).kind !== 'running') await startStackService(name);
  }
}

/** Copies the services' logs aside (they are rewritten on restart) and prints the end of Connect's. */
export function keepStackLogs(testName: string): string {
  const context = createStackContext();
  const dir = join(
    context.paths.root,
    'failed-tests',
    `${new Date().toISOString().replace(/[:.]/g, '-')}-${testName.replace(/\W+/g, '-')}`,
  );
  mkdirSync(dir, { recursive: true });
  for (const name of ['postgres', 'clickhouse', 'kafka', 'connect']) {
    const file = serviceNamed(context.topology, name).logFile(context);
    if (existsSync(file)) copyFileSync(file, join(dir, `${name}.log`));
  }
  const connectLog = serviceNamed(context.topology, 'connect').logFile(context);
  if (existsSync(connectLog)) {
    const tail = readFileSync(connectLog, 'utf8').split('\n').slice(-60).join('\n');
    process.stderr.write(`[fault] logs kept in ${dir}; the end of connect.log:\n${tail}\n`);
  }
  return dir;
}
