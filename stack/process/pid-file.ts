import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { commandLineOf, isAlive } from './process-info.js';

export interface PidRecord {
  readonly pid: number;
  readonly startedAt: string;
  /** A string the process's command line must contain, so a recycled pid is never mistaken for ours. */
  readonly marker: string;
}

export type PidState =
  | { readonly kind: 'running'; readonly record: PidRecord }
  | { readonly kind: 'stale'; readonly record: PidRecord | undefined }
  | { readonly kind: 'none' };

export function writePidFile(file: string, record: PidRecord): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(record)}\n`);
}

function parseRecord(text: string): PidRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<PidRecord>;
    if (typeof value.pid === 'number' && Number.isInteger(value.pid) && value.pid > 0 && typeof value.marker === 'string') {
      return { pid: value.pid, marker: value.marker, startedAt: String(value.startedAt ?? '') };
    }
  } catch {
    // falls through: an unreadable pid file is stale
  }
  return undefined;
}

/** Reads a pid file and tells whether the process it names is still ours and running. */
export function readPidState(file: string): PidState {
  if (!existsSync(file)) return { kind: 'none' };
  const record = parseRecord(readFileSync(file, 'utf8'));
  if (!record || !isAlive(record.pid)) return { kind: 'stale', record };
  const commandLine = commandLineOf(record.pid);
  if (!commandLine?.includes(record.marker)) return { kind: 'stale', record };
  return { kind: 'running', record };
}

export function removePidFile(file: string): void {
  rmSync(file, { force: true });
}
