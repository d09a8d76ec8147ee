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

const ASSIGNMENT = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=(.*)$/;

/** Pure: the lines of an env file that are neither KEY=value, a comment nor blank (multi-line quoted values allowed). */
export function malformedEnvLines(text: string): { line: number; text: string }[] {
  const bad: { line: number; text: string }[] = [];
  let openQuote: string | undefined;
  text.split(/\r?\n/).forEach((content, index) => {
    if (openQuote) {
      if (content.trimEnd().endsWith(openQuote)) openQuote = undefined;
      return;
    }
    const trimmed = content.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = ASSIGNMENT.exec(content);
    if (!match) {
      bad.push({ line: index + 1, text: trimmed });
      return;
    }
    const value = (match[1] ?? '').trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && (value.length === 1 || !value.endsWith(quote))) openQuote = quote;
  });
  return bad;
}

function readEnvFile(path: string, repoRoot: string): ConfigLayer | undefined {
  if (!existsSync(path)) return undefined;
  const origin = relative(repoRoot, path) || path;
  try {
    const text = readFileSync(path, 'utf8');
    const bad = malformedEnvLines(text);
    if (bad.length > 0) {
      throw new PipelineError(
        'CONFIG_INVALID',
        `${origin} has line(s) that are not KEY=value: ${bad.map((entry) => `line ${entry.line} ${JSON.stringify(entry.text.slice(0, 60))}`).join(', ')}. Write them as NAME=value or comment them out with #.`,
      );
    }
    return { origin, values: parseEnv(text), rejectUnknownKeys: true };
  } catch (error) {
    if (error instanceof PipelineError) throw error;
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
