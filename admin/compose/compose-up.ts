import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import { VARIABLES } from '../../lib/config/variables.js';
import { PipelineError } from '../../lib/errors.js';
import { pollUntil } from '../../lib/poll.js';
import type { Dialect } from '../../lib/warehouses.js';
import { stackPaths } from '../../stack/stack-paths.js';
import { stackSettingsFrom } from '../../stack/stack-settings.js';
import { composeEndpoints, composePlan, type Extra } from './compose-plan.js';
import { composeReadiness, parseComposePs } from './compose-readiness.js';
import { captureCompose, requireCompose, runCompose } from './docker-compose-command.js';

const SECRET_OF: Record<Dialect, 'MSSQL_PASSWORD' | 'CLICKHOUSE_PASSWORD' | 'PG_PASSWORD'> = {
  mssql: 'MSSQL_PASSWORD',
  clickhouse: 'CLICKHOUSE_PASSWORD',
  postgres: 'PG_PASSWORD',
};
export const COMPOSE_ENDPOINTS_MARK = '# Written by `npm run up` (Compose)';

/**
 * The environment Compose interpolates from: every Compose variable as these commands resolve it
 * (process env > .env > the stack files > defaults), so both sides see the same values.
 */
export function composeEnv(config: ResolvedConfig, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const spec of VARIABLES) {
    const value = config.text[spec.name];
    if ('compose' in spec && spec.compose && value !== undefined) env[spec.name] = value;
  }
  return { ...env, ...overrides };
}

export interface ComposeUpOptions {
  readonly warehouse: Dialect;
  readonly extras: readonly Extra[];
  readonly timeoutMs: number;
}

/** Starts the Compose stack, waits until it is healthy and its one-shots succeeded, writes the endpoints file. */
export async function composeUp(
  config: ResolvedConfig,
  options: ComposeUpOptions,
  say: (line: string) => void,
): Promise<Record<string, string>> {
  const secret = SECRET_OF[options.warehouse];
  if (!config.values[secret]) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `${secret} is not set: put it in .env (see compose/.env.example) before starting the ${options.warehouse} profile.`,
    );
  }
  if (options.extras.includes('jupyter') && !config.values.JUPYTER_TOKEN) {
    throw new PipelineError('CONFIG_INVALID', 'JUPYTER_TOKEN is not set: put it in .env (see compose/.env.example) to start Jupyter.');
  }
  await requireCompose();
  const plan = composePlan(options.warehouse, options.extras);
  const env = composeEnv(config, { COMPOSE_PROFILES: plan.profiles, WAREHOUSE: options.warehouse });
  say(`Starting Compose with profiles ${plan.profiles} (images are built on the first run; that takes a few minutes)…`);
  const code = await runCompose(['up', '--detach', '--build', '--remove-orphans'], env);
  if (code !== 0) throw new PipelineError('COMMAND_FAILED', `docker compose up failed (exit ${code}); its output above says why.`);
  let lastReport = 0;
  let pending: readonly string[] = [];
  const ready = await pollUntil(
    async () => {
      const readiness = composeReadiness(parseComposePs(await captureCompose(['ps', '--all', '--format', 'json'], env)), plan);
      if (readiness.failed.length > 0) {
        throw new PipelineError(
          'SERVICE_START_FAILED',
          `Compose services failed: ${readiness.failed.join('; ')}. Read their logs: docker compose -f compose/docker-compose.yml logs <service>.`,
        );
      }
      if (readiness.ready) return true;
      pending = readiness.pending;
      if (Date.now() - lastReport > 5_000) {
        say(`  waiting for: ${pending.join(', ')}`);
        lastReport = Date.now();
      }
      return undefined;
    },
    { timeoutMs: options.timeoutMs, intervalMs: 2_000 },
  );
  if (!ready) {
    throw new PipelineError(
      'SERVICE_TIMEOUT',
      `Compose services not ready in time: ${pending.join(', ')}. Raise --timeout, or read the logs.`,
    );
  }
  const endpoints = composeEndpoints(options.warehouse, config.values);
  const file = stackPaths(stackSettingsFrom(config).stackDir).endpoints;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `${COMPOSE_ENDPOINTS_MARK}; removed by \`npm run down\`. Process env and .env override these.\n${Object.entries(endpoints)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
  return endpoints;
}
