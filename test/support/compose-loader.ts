import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../lib/repo-root.js';

const SOURCE_DIR = join(REPO_ROOT, 'compose', 'load-check');
const BINARY = join(REPO_ROOT, 'node_modules', '.cache', 'compose-load-check', 'compose-load-check');

/** One service of a project as compose-go resolves it (the fields the tests read). */
export interface LoadedService {
  readonly environment?: Record<string, string | null>;
  readonly command?: string[] | null;
  readonly entrypoint?: string[] | null;
  readonly healthcheck?: { readonly test?: string[] };
  readonly user?: string;
  readonly image?: string;
  readonly profiles?: string[];
}

export interface LoadedProject {
  readonly services: Record<string, LoadedService>;
}

export type LoadOutcome = { readonly ok: true; readonly project: LoadedProject } | { readonly ok: false; readonly error: string };

function run(file: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolvePromise) =>
    execFile(file, args, { ...options, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolvePromise({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

/**
 * Builds compose/load-check (compose-go, the loader Docker Compose itself uses) with this machine's Go,
 * once per checkout (go's build cache makes a rebuild quick). Fails, never skips, when Go is missing.
 */
export async function buildComposeLoader(): Promise<void> {
  const go = await run('go', ['build', '-o', BINARY, '.'], { cwd: SOURCE_DIR, env: process.env });
  if (go.code !== 0 || !existsSync(BINARY)) {
    throw new Error(
      `Could not build compose/load-check with Go (exit ${go.code}): ${go.stderr.trim() || 'no output'}. Install Go 1.26+ (it fetches compose-go from the Go module proxy).`,
    );
  }
}

/** Loads the compose file with docker compose's arguments and exactly the given environment (plus PATH). */
export async function loadCompose(args: readonly string[], env: Record<string, string>, cwd = REPO_ROOT): Promise<LoadOutcome> {
  const result = await run(BINARY, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
  if (result.code !== 0) return { ok: false, error: result.stderr.trim() };
  return { ok: true, project: JSON.parse(result.stdout) as LoadedProject };
}
