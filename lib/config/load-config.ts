import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parseEnv } from 'node:util';
import { describeCause, PipelineError } from '../errors.js';
import { REPO_ROOT } from '../repo-root.js';
import { type ConfigLayer, type ResolvedConfig, resolveConfig } from './resolve-config.js';

/** Files the native stack writes; read as the "active stack" layer. */
export const STACK_ENDPOINTS_FILE = 'endpoints.env';
export const STACK_SECRETS_FILE = 'secrets.env';

export interface LoadConfigOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly repoRoot?: string;
}

function readEnvFile(path: string, repoRoot: string): ConfigLayer | undefined {
  if (!existsSync(path)) return undefined;
  const origin = relative(repoRoot, path) || path;
  try {
    return { origin, values: parseEnv(readFileSync(path, 'utf8')), rejectUnknownKeys: true };
  } catch (error) {
    throw new PipelineError('CONFIG_INVALID', `Cannot read ${origin}: ${describeCause(error)}. Fix or delete the file.`, {
      cause: error,
    });
  }
}

export function stackDirOf(config: ResolvedConfig, repoRoot = REPO_ROOT): string {
  const dir = config.values.STACK_DIR;
  return isAbsolute(dir) ? dir : join(repoRoot, dir);
}

/**
 * Configuration with the project's precedence: process env > `.env` > the active stack's endpoints
 * (and generated secrets) > registry defaults.
 */
export function loadConfig(options: LoadConfigOptions = {}): ResolvedConfig {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const env = options.env ?? process.env;
  const envLayer: ConfigLayer = { origin: 'the environment', values: env, rejectUnknownKeys: false };
  const dotenvLayer = readEnvFile(join(repoRoot, '.env'), repoRoot);
  const upperLayers = [envLayer, ...(dotenvLayer ? [dotenvLayer] : [])];

  // STACK_DIR decides where the stack layer lives, so it is resolved from the upper layers first.
  const stackDir = stackDirOf(resolveConfig(upperLayers), repoRoot);
  const stackLayers = [STACK_ENDPOINTS_FILE, STACK_SECRETS_FILE]
    .map((file) => readEnvFile(join(stackDir, file), repoRoot))
    .filter((layer): layer is ConfigLayer => layer !== undefined);
  return resolveConfig([...upperLayers, ...stackLayers]);
}
