import { execFile } from 'node:child_process';
import { PipelineError } from '../../lib/errors.js';

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunCommandOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly timeoutMs?: number;
  /** Said in the error when the program is not installed. */
  readonly missingHint?: string;
}

/** The full output of a failed command, kept as the cause so callers can log all of it. */
export class CommandOutputError extends Error {
  constructor(
    readonly original: Error,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(original.message);
    this.name = 'CommandOutputError';
  }
}

/** Runs a program to completion; a missing program or a non-zero exit becomes a PipelineError. */
export function runCommand(file: string, args: readonly string[], options: RunCommandOptions = {}): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      file,
      args,
      { env: options.env, cwd: options.cwd, timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) {
          resolvePromise({ stdout, stderr });
          return;
        }
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(
            new PipelineError('PREREQUISITE_MISSING', `${file} is not installed or not on PATH. ${options.missingHint ?? ''}`.trim(), {
              cause: error,
            }),
          );
          return;
        }
        const output = `${stderr}\n${stdout}`.trim().split('\n').slice(-5).join('\n');
        reject(
          new PipelineError('COMMAND_FAILED', `${file} ${args.join(' ')} failed (${error.message.split('\n')[0]}).\n${output}`, {
            cause: new CommandOutputError(error, stdout, stderr),
          }),
        );
      },
    );
  });
}
