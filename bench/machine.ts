import { cpus, totalmem } from 'node:os';

/** One line describing the machine a benchmark ran on. */
export function describeMachine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}`;
}

export const today = (): string => new Date().toISOString().slice(0, 10);
