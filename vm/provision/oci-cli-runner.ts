/**
 * The OCI CLI as a runner (adapter): `oci` from OCI_CLI, else the project's .venv-oci (npm run
 * vm:setup), else PATH; every call with JSON output, its failure turned into one sentence.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineError } from '../../lib/errors.js';
import { commandLine, type OciArgs } from './oci-calls.js';
import { OCI_VENV } from './oci-cli-venv.js';
import type { OciRunner } from './provision-vm.js';

/** Which `oci` to run: OCI_CLI when set (configuration), else the project's environment, else PATH's. */
export function ociExecutable(configured: string): string {
  if (configured) return configured;
  const venvOci = join(OCI_VENV, 'bin', 'oci');
  return existsSync(venvOci) ? venvOci : 'oci';
}

/** The last line of the CLI's error output that says something (its ServiceError message, usually). */
export function ociFailureReason(stderr: string): string {
  const message = /"message":\s*"([^"]+)"/.exec(stderr)?.[1];
  if (message) return message;
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.at(-1) ?? 'no error output';
}

export function ociCliRunner(executable: string, globalArgs: readonly string[] = []): OciRunner {
  return {
    run(args: OciArgs) {
      const all = [...args, ...globalArgs, '--output', 'json'];
      return new Promise((resolvePromise, reject) => {
        const child = spawn(executable, all, { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
        });
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        child.on('error', (error: NodeJS.ErrnoException) =>
          reject(
            error.code === 'ENOENT'
              ? new PipelineError(
                  'PREREQUISITE_MISSING',
                  `The OCI CLI (${executable}) is not installed: run npm run vm:setup (it builds .venv-oci with oci-cli from PyPI), or set OCI_CLI to an oci executable.`,
                  { cause: error },
                )
              : new PipelineError('COMMAND_FAILED', `${executable} could not be started: ${error.message}.`, { cause: error }),
          ),
        );
        child.on('close', (code) => {
          if (code !== 0) {
            const reason = ociFailureReason(stderr);
            const hint = /NotAuthenticated|config file|ConfigFileNotFound|Could not find config/i.test(stderr)
              ? ' Set up the CLI first: oci setup config (an API key in ~/.oci/config).'
              : /NotAuthorizedOrNotFound/.test(stderr)
                ? ' Check --compartment and that your user may manage networks and instances there.'
                : '';
            reject(new PipelineError('COMMAND_FAILED', `${commandLine(args)} failed (exit ${code}): ${reason}.${hint}`));
            return;
          }
          if (stdout.trim() === '') {
            resolvePromise(null);
            return;
          }
          try {
            resolvePromise(JSON.parse(stdout) as unknown);
          } catch (error) {
            reject(
              new PipelineError('COMMAND_FAILED', `${commandLine(args)} printed something that is not JSON: ${stdout.slice(0, 200)}`, {
                cause: error,
              }),
            );
          }
        });
      });
    },
  };
}
