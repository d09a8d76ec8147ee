import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { pgClientConfig } from '../../admin/warehouse/postgres-connection.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { REPO_ROOT } from '../../lib/repo-root.js';

/** Targets for integration tests: the environment, `.env`, or the native stack's endpoints file. */
export function testTargets() {
  const config = loadConfig();
  const v = config.values;
  return {
    kafkaBrokers: v.KAFKA_BROKERS,
    connectUrl: v.CONNECT_URL.replace(/\/$/, ''),
    pgUrl: v.PG_URL,
    pgPassword: v.PG_PASSWORD,
    pgSinkUser: v.PG_SINK_USER,
  };
}

/** A short random suffix so each test file owns its topics, tables and connectors. */
export const uniqueSuffix = (): string => randomBytes(4).toString('hex');

export async function withPgAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const targets = testTargets();
  const client = new pg.Client(pgClientConfig(targets.pgUrl, targets.pgPassword));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one of the project's TypeScript CLIs the way `npm run` does (node + tsx), never throwing. */
export function runTsCli(script: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, script), ...args],
      { cwd: REPO_ROOT, env, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

/**
 * Starts one of the project's long-running CLIs (node + tsx) for a test that talks to it while it runs:
 * its output so far, a wait for a line of it, a signal, and its exit code.
 */
export function spawnTsCli(script: string, args: readonly string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => {
    output.stdout += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    output.stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolvePromise) => child.on('exit', (code) => resolvePromise(code)));
  return {
    output,
    exited,
    /** Waits until stdout holds `text` (failing with the output so far). */
    waitForOutput: (text: string, timeoutMs: number) =>
      eventually(
        async () => (output.stdout.includes(text) ? true : undefined),
        timeoutMs,
        `"${text}" from ${script} (stdout so far: ${output.stdout.slice(-2000)}; stderr: ${output.stderr.slice(-2000)})`,
      ),
    kill: (signal: NodeJS.Signals) => child.kill(signal),
  };
}

export const sleep = (ms: number): Promise<void> => delay(ms);

/** Polls until `check` returns a value other than undefined, or fails with the last reason. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(500);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
}

/** A local port nothing listens on (bound once, then closed): a refused connection, for error-path tests. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const address = server.address();
  await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
