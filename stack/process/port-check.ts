import { createServer } from 'node:net';

/** Resolves true when nothing listens on host:port (we could bind it ourselves). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolvePromise(true));
    });
  });
}

/** What describePortHolder says when no live process has the socket open (e.g. one still exiting). */
export const UNKNOWN_HOLDER = 'another process';

/** Who holds a port, from /proc/net/tcp inodes; best effort, for error messages. */
export async function describePortHolder(port: number): Promise<string> {
  const { readFileSync, readdirSync, readlinkSync } = await import('node:fs');
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A') inodes.add(fields[9] ?? '');
      }
    } catch {
      // table missing: no detail
    }
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      for (const fd of readdirSync(`/proc/${entry}/fd`)) {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) {
          const name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
          return `pid ${entry} (${name})`;
        }
      }
    } catch {
      // process gone or not ours to read
    }
  }
  return UNKNOWN_HOLDER;
}
