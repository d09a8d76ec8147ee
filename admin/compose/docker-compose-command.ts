import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeCause, PipelineError } from '../../lib/errors.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { probeDockerEngine } from './docker-engine.js';

export const COMPOSE_FILE = join(REPO_ROOT, 'compose', 'docker-compose.yml');

export const DOT_ENV_FILE = join(REPO_ROOT, '.env');

/**
 * `docker compose` arguments for this project: its file, its folder, and the repository's .env when
 * present (Compose would otherwise read compose/.env, the project directory's).
 */
export function composeArgs(args: readonly string[], envFile: string = DOT_ENV_FILE): string[] {
  return [
    'compose',
    '-f',
    COMPOSE_FILE,
    '--project-directory',
    join(REPO_ROOT, 'compose'),
    ...(existsSync(envFile) ? ['--env-file', envFile] : []),
    ...args,
  ];
}

/** The Docker Compose plugin's version, or undefined when `docker compose` does not work here. */
export function composePluginVersion(): Promise<string | undefined> {
  return new Promise((resolvePromise) =>
    execFile('docker', ['compose', 'version', '--short'], { timeout: 10_000 }, (error, stdout) =>
      resolvePromise(error ? undefined : stdout.trim() || undefined),
    ),
  );
}

/** Fails with what to do when there is no Docker engine or no Compose plugin. */
export async function requireCompose(): Promise<void> {
  const engine = await probeDockerEngine();
  if (!engine.available) {
    throw new PipelineError(
      'PREREQUISITE_MISSING',
      `No Docker engine answered (${engine.detail}). Start Docker, or run without it: npm run stack:up (native stack with PostgreSQL) or npm run demo.`,
    );
  }
  if (!(await composePluginVersion())) {
    throw new PipelineError(
      'PREREQUISITE_MISSING',
      'The Docker Compose plugin is missing (`docker compose version` failed): install Docker Compose v2.24 or newer.',
    );
  }
}

/** Runs `docker compose …` with its output shown; resolves with the exit code. */
export function runCompose(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('docker', composeArgs(args), { cwd: REPO_ROOT, env, stdio: 'inherit' });
    child.on('error', (error) =>
      reject(new PipelineError('COMMAND_FAILED', `Could not run docker compose: ${describeCause(error)}.`, { cause: error })),
    );
    child.on('exit', (code) => resolvePromise(code ?? 1));
  });
}

/** Runs `docker compose …` and returns its standard output. */
export function captureCompose(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile('docker', composeArgs(args), { cwd: REPO_ROOT, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error)
        reject(new PipelineError('COMMAND_FAILED', `docker compose ${args.join(' ')} failed: ${stderr.trim() || describeCause(error)}`));
      else resolvePromise(stdout);
    });
  });
}
