import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeCause, PipelineError } from '../../lib/errors.js';

export interface DetachedSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** stdout and stderr are appended here. */
  readonly outputFile: string;
  readonly cwd?: string;
}

/**
 * Starts a long-running process in its own process group, outliving this CLI.
 * Resolves with its pid once the OS has started it.
 */
export function spawnDetached(spec: DetachedSpec): Promise<number> {
  mkdirSync(dirname(spec.outputFile), { recursive: true });
  const output = openSync(spec.outputFile, 'a');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', output, output],
    });
    child.once('error', (error) => {
      closeSync(output);
      reject(new PipelineError('SERVICE_START_FAILED', `Cannot start ${spec.command}: ${describeCause(error)}.`, { cause: error }));
    });
    child.once('spawn', () => {
      closeSync(output);
      child.unref();
      resolvePromise(child.pid as number);
    });
  });
}
