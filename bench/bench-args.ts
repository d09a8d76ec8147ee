/** The value after `--name` on the command line, or the fallback when the flag is absent. */
export const benchArgument = (name: string, fallback: string): string =>
  process.argv.includes(name) ? (process.argv[process.argv.indexOf(name) + 1] ?? fallback) : fallback;
