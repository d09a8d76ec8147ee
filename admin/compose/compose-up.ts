import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import { VARIABLES } from '../../lib/config/variables.js';
import { describeCause, PipelineError } from '../../lib/errors.js';
import { pollUntil } from '../../lib/poll.js';
import type { Dialect } from '../../lib/warehouses.js';
import { stackPaths } from '../../stack/stack-paths.js';
import { stackSettingsFrom } from '../../stack/stack-settings.js';
import { composeEndpoints, composePlan, type Extra } from './compose-plan.js';
import { composeReadiness, parseComposePs } from './compose-readiness.js';
import { dotEnvAppendix, generateSecret, missingComposeSecrets } from './compose-secrets.js';
import { captureCompose, DOT_ENV_FILE, requireCompose, runCompose } from './docker-compose-command.js';

export const COMPOSE_ENDPOINTS_MARK = '# Written by `npm run up` (Compose)';

/**
 * Pure: the variables Compose interpolates from, every Compose variable as these commands resolve it
 * (process env > .env > the stack files > defaults), so both sides see the same values; then `overrides`.
 */
export function composeVariables(config: ResolvedConfig, overrides: Record<string, string> = {}): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const spec of VARIABLES) {
    const value = config.text[spec.name];
    if ('compose' in spec && spec.compose && value !== undefined) variables[spec.name] = value;
  }
  return { ...variables, ...overrides };
}

/** The environment `docker compose` runs with: this process's, plus the Compose variables. */
export function composeEnv(config: ResolvedConfig, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...composeVariables(config, overrides) };
}

/**
 * Generates the secrets the chosen profiles need and the configuration does not set (admin, sink and
 * reader passwords; Jupyter's token; Metabase's key), appends them to the repository's .env (created
 * readable by its owner only) and returns them. Names are printed, values never.
 */
export function ensureComposeSecrets(
  config: ResolvedConfig,
  options: Pick<ComposeUpOptions, 'warehouse' | 'extras'>,
  say: (line: string) => void,
  dotEnvFile: string = DOT_ENV_FILE,
): Record<string, string> {
  const missing = missingComposeSecrets(options.warehouse, options.extras, config.values);
  if (missing.length === 0) return {};
  const generated = Object.fromEntries(missing.map((name) => [name, generateSecret()]));
  try {
    appendFileSync(dotEnvFile, dotEnvAppendix(generated, new Date()), { mode: 0o600 });
  } catch (error) {
    throw new PipelineError(
      'OUTPUT_UNWRITABLE',
      `Could not write the generated secrets (${missing.join(', ')}) to ${dotEnvFile}: ${describeCause(error)}. Set them in .env yourself.`,
      { cause: error },
    );
  }
  say(`Generated ${missing.join(', ')} into ${dotEnvFile} (git-ignored; keep it, the data volumes remember them).`);
  return generated;
}

/**
 * Pure: what `npm run up` adds to the Compose variables: the secrets it generated, the profiles, the
 * warehouse, and (unless set) the uid:gid Jupyter runs as, this user's, so notebooks it saves stay theirs.
 */
export function composeUpOverrides(
  warehouse: Dialect,
  profiles: string,
  generated: Record<string, string>,
  jupyterUser: string | undefined,
  ids: { uid: number; gid: number } | undefined = typeof process.getuid === 'function'
    ? { uid: process.getuid(), gid: process.getgid?.() ?? process.getuid() }
    : undefined,
): Record<string, string> {
  return {
    ...generated,
    COMPOSE_PROFILES: profiles,
    WAREHOUSE: warehouse,
    ...(jupyterUser || !ids ? {} : { JUPYTER_USER: `${ids.uid}:${ids.gid}` }),
  };
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
  await requireCompose();
  const generated = ensureComposeSecrets(config, options, say);
  const plan = composePlan(options.warehouse, options.extras);
  const env = composeEnv(config, composeUpOverrides(options.warehouse, plan.profiles, generated, config.values.JUPYTER_USER));
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
