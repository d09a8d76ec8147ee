import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readPidState, writePidFile } from '../../../stack/process/pid-file.js';
import { stopProcess } from '../../../stack/process/stop-process.js';

const dir = mkdtempSync(join(tmpdir(), 'pid-'));
const children: number[] = [];

function startSleeper(marker: string): number {
  const child = spawn('sleep', ['300', marker === '' ? '' : marker].filter(Boolean), { detached: true, stdio: 'ignore' });
  child.unref();
  children.push(child.pid as number);
  return child.pid as number;
}

afterEach(async () => {
  for (const pid of children.splice(0)) await stopProcess(pid, 1_000);
});

describe('pid files', () => {
  it('reports none when there is no pid file', () => {
    expect(readPidState(join(dir, 'absent.pid'))).toEqual({ kind: 'none' });
  });

  it('reports running for a live process whose command line holds the marker', () => {
    const pid = startSleeper('300');
    const file = join(dir, 'live.pid');
    writePidFile(file, { pid, startedAt: 'now', marker: 'sleep 300' });
    expect(readPidState(file)).toMatchObject({ kind: 'running', record: { pid } });
  });

  it('reports stale when the process is gone', async () => {
    const pid = startSleeper('');
    await stopProcess(pid, 1_000);
    const file = join(dir, 'dead.pid');
    writePidFile(file, { pid, startedAt: 'then', marker: 'sleep' });
    expect(readPidState(file).kind).toBe('stale');
  });

  it('reports stale when a recycled pid runs something else', () => {
    const file = join(dir, 'recycled.pid');
    writePidFile(file, { pid: process.pid, startedAt: 'then', marker: 'kafka.Kafka /nowhere/server.properties' });
    expect(readPidState(file).kind).toBe('stale');
  });

  it('reports stale for an unreadable pid file', () => {
    const file = join(dir, 'garbage.pid');
    writeFileSync(file, 'not json');
    expect(readPidState(file)).toEqual({ kind: 'stale', record: undefined });
  });

  it('stops a process gracefully with SIGTERM', async () => {
    const pid = startSleeper('');
    expect(await stopProcess(pid, 2_000)).toBe('stopped');
    expect(await stopProcess(pid, 2_000)).toBe('not-running');
  });
});
