import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The service's users and what each may do. The embedded engine refuses CREATE USER / CREATE ROLE, so
 * the service enforces the roles the server migrations grant, with the engine's own settings on each
 * role's sessions (settings given at connect, which the user cannot lift):
 * - admin: everything (migrations, loads, KPIs);
 * - sink: reads and writes rows, no DDL (`allow_ddl=0`: CREATE, DROP, ALTER refused, and the setting
 *   cannot be changed back);
 * - reader: `readonly=1`, as the server's read-only profile: SELECT only; no writes, no DDL, no
 *   table functions that reach files or the network, no setting changes (so `readonly=0` in the URL,
 *   a SETTINGS clause or a SET are refused by the engine with READONLY).
 */
export type ServiceRole = 'admin' | 'sink' | 'reader';

export const ROLE_SESSION_ARGS: Readonly<Record<ServiceRole, readonly string[]>> = {
  admin: [],
  sink: ['--allow_ddl=0'],
  reader: ['--readonly=1'],
};

export interface ServiceUser {
  readonly name: string;
  readonly password: string;
  readonly role: ServiceRole;
}

/** The environment variable that hands the users to the service process (never a file or an argument). */
export const SERVICE_USERS_VARIABLE = 'CLICKHOUSE_SERVICE_USERS';

export function serializeUsers(users: readonly ServiceUser[]): string {
  return JSON.stringify(users);
}

export function parseUsers(text: string | undefined): ServiceUser[] {
  const parsed: unknown = JSON.parse(text ?? '[]');
  if (!Array.isArray(parsed)) throw new Error(`${SERVICE_USERS_VARIABLE} must be a JSON array`);
  return parsed.map((entry: Partial<ServiceUser>, index) => {
    if (typeof entry.name !== 'string' || typeof entry.password !== 'string' || !(entry.role && entry.role in ROLE_SESSION_ARGS)) {
      throw new Error(`${SERVICE_USERS_VARIABLE}[${index}] needs a name, a password and a role (admin, sink or reader)`);
    }
    return { name: entry.name, password: entry.password, role: entry.role };
  });
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The user these credentials name, or undefined; compares in constant time, and refuses empty passwords. */
export function authenticate(users: readonly ServiceUser[], name: string, password: string): ServiceUser | undefined {
  const user = users.find((candidate) => candidate.name === name);
  const matches = timingSafeEqual(digest(user?.password ?? '\0no user'), digest(password));
  return user && user.password.length > 0 && matches ? user : undefined;
}
