import { type Command, CommanderError } from 'commander';
import { describeCause, isPipelineError } from '../errors.js';

/** One line of a command's output on stdout. */
export const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** Exit codes, everywhere: 0 done, 1 failed, 2 bad usage or options, 3 changes pending. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, PENDING: 3 } as const;

/**
 * Makes commander report usage errors with exit code 2 instead of exiting itself,
 * so `runCli` owns every exit.
 */
export function configureProgram(program: Command): Command {
  program.exitOverride();
  program.showHelpAfterError('(add --help for usage)');
  for (const command of program.commands) configureProgram(command);
  return program;
}

/**
 * The only place a CLI entry point exits. Known errors print their message (no stack trace) and map
 * to their exit code; anything else is a bug and says so.
 */
export async function runCli(program: Command, argv: readonly string[] = process.argv): Promise<never> {
  let code: number = EXIT.OK;
  try {
    configureProgram(program);
    await program.parseAsync(argv as string[]);
    code = typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      code = error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    } else if (error instanceof Error && error.name.startsWith('KafkaJS')) {
      // A Kafka failure after the command reached the broker (it went away mid-run): the user's situation, not a bug.
      process.stderr.write(
        `error: Kafka failed: ${describeCause(error)}. Check KAFKA_BROKERS and that the broker is up (npm run stack:status), then run the command again.\n`,
      );
      code = EXIT.FAILED;
    } else if (isPipelineError(error)) {
      process.stderr.write(`error: ${error.message}\n`);
      code = error.exitCode;
    } else {
      process.stderr.write(`error: unexpected failure: ${describeCause(error)}\n`);
      if (process.env.DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
      else process.stderr.write('This is a bug; run again with DEBUG=1 for the stack trace and report it.\n');
      code = EXIT.FAILED;
    }
  }
  process.exit(code);
}
