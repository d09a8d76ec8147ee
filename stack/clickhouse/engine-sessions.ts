import { type ChdbResult, Session } from 'chdb';
import { ROLE_SESSION_ARGS, type ServiceRole } from './service-users.js';

/**
 * chdb sessions on one data directory, a few per role. Queries on one session run one after another,
 * but sessions on the same path run concurrently and off the event loop (queryAsync), so a small pool
 * serves concurrent HTTP clients. A session is stateful (current database, settings, query parameters),
 * while every HTTP request must start clean: each request sets what it asks for, and whatever a request
 * changed is put back before the session serves the next one.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const quote = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
const backquote = (name: string) => `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;

export interface StatementInput {
  readonly sql: string;
  readonly database: string | undefined;
  readonly settings: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, string>>;
  readonly format: string;
  /** The statement may change the session (SET, USE): compare and restore afterwards. */
  readonly mayChangeSession: boolean;
}

class EngineSession {
  private database = 'default';

  constructor(
    private readonly session: Session,
    /** The settings the session was opened with (its role's), which every request returns to. */
    private readonly baseline: Map<string, string>,
  ) {}

  static async open(path: string, args: readonly string[]): Promise<EngineSession> {
    const session = new Session(path, { connectionArgs: [...args] });
    return new EngineSession(session, await changedSettings(session));
  }

  async run(input: StatementInput): Promise<ChdbResult> {
    const database = input.database ?? 'default';
    const settingNames = Object.keys(input.settings);
    const paramNames = Object.keys(input.params);
    for (const name of [...settingNames, ...paramNames]) {
      if (!IDENTIFIER.test(name))
        throw Object.assign(new Error(`Code: 115. DB::Exception: Unknown setting '${name}'. (UNKNOWN_SETTING)`), { clickhouseCode: 115 });
    }
    try {
      if (database !== this.database) {
        await this.session.queryAsync(`USE ${backquote(database)}`);
        this.database = database;
      }
      const assignments = [
        ...settingNames.map((name) => `${name} = ${quote(input.settings[name] ?? '')}`),
        // Query parameters as text, parsed by the engine for their {name:Type}, as the server parses param_<name>.
        ...paramNames.map((name) => `param_${name} = ${quote(input.params[name] ?? '')}`),
      ];
      if (assignments.length > 0) await this.session.queryAsync(`SET ${assignments.join(', ')}`);
      return await this.session.queryAsync(input.sql, { format: input.format });
    } finally {
      await this.restore(settingNames.length > 0 || input.mayChangeSession, paramNames);
    }
  }

  /** Puts back what a request changed, so the next request on this session starts as a new HTTP request. */
  private async restore(settingsMayHaveChanged: boolean, paramNames: readonly string[]): Promise<void> {
    const resets = paramNames.map((name) => `param_${name} = DEFAULT`);
    if (settingsMayHaveChanged) {
      for (const [name, value] of await changedSettings(this.session)) {
        const original = this.baseline.get(name);
        if (original === value) continue;
        resets.push(original === undefined ? `${name} = DEFAULT` : `${name} = ${quote(original)}`);
      }
      const current = await this.session.queryAsync('SELECT currentDatabase()', { format: 'TabSeparatedRaw' });
      this.database = current.text().trim();
    }
    if (resets.length > 0) await this.session.queryAsync(`SET ${resets.join(', ')}`).catch(() => undefined);
  }

  close(): void {
    this.session.close();
  }
}

async function changedSettings(session: Session): Promise<Map<string, string>> {
  const result = await session.queryAsync('SELECT name, value FROM system.settings WHERE changed', { format: 'JSONCompact' });
  const rows = result.json<{ data: [string, string][] }>().data;
  return new Map(rows);
}

/** A fixed number of sessions for one role, handed out one request at a time. */
class RolePool {
  private readonly idle: EngineSession[] = [];
  private readonly waiting: ((session: EngineSession) => void)[] = [];
  private created = 0;

  constructor(
    private readonly path: string,
    private readonly role: ServiceRole,
    private readonly size: number,
  ) {}

  private async acquire(): Promise<EngineSession> {
    const ready = this.idle.pop();
    if (ready) return ready;
    if (this.created < this.size) {
      this.created += 1;
      try {
        return await EngineSession.open(this.path, ROLE_SESSION_ARGS[this.role]);
      } catch (error) {
        this.created -= 1;
        throw error;
      }
    }
    return new Promise((resolvePromise) => this.waiting.push(resolvePromise));
  }

  private release(session: EngineSession): void {
    const next = this.waiting.shift();
    if (next) next(session);
    else this.idle.push(session);
  }

  async run(input: StatementInput): Promise<ChdbResult> {
    const session = await this.acquire();
    try {
      return await session.run(input);
    } finally {
      this.release(session);
    }
  }

  close(): void {
    for (const session of this.idle.splice(0)) session.close();
  }
}

/** The engine on one data directory: the first session loads the engine config; then a pool per role. */
export class Engine {
  private readonly pools: Record<ServiceRole, RolePool>;

  private constructor(
    private readonly first: Session,
    path: string,
    sessionsPerRole: number,
  ) {
    this.pools = {
      admin: new RolePool(path, 'admin', sessionsPerRole),
      sink: new RolePool(path, 'sink', sessionsPerRole),
      reader: new RolePool(path, 'reader', sessionsPerRole),
    };
  }

  /** Opens the data directory (throws the engine's error: a lock held by another process, a corrupt directory). */
  static open(path: string, configFile: string, sessionsPerRole: number): Engine {
    const first = new Session(path, { connectionArgs: [`--config-file=${configFile}`] });
    return new Engine(first, path, sessionsPerRole);
  }

  async describe(): Promise<{ version: string; timezone: string }> {
    const result = await this.first.queryAsync('SELECT version(), timezone()', { format: 'TabSeparatedRaw' });
    const [version = '', timezone = 'UTC'] = result.text().trim().split('\t');
    return { version, timezone };
  }

  /** The bytes of a file compressed with one of the engine's codecs (lz4, xz, …), decompressed by the engine. */
  async decompressFile(path: string, encoding: string): Promise<Buffer> {
    const result = await this.pools.admin.run({
      sql: `SELECT raw FROM file(${quote(path)}, 'RawBLOB', 'raw String', ${quote(encoding)})`,
      database: undefined,
      settings: {},
      params: {},
      format: 'RawBLOB',
      mayChangeSession: false,
    });
    return Buffer.from(result.bytes());
  }

  run(role: ServiceRole, input: StatementInput): Promise<ChdbResult> {
    return this.pools[role].run(input);
  }

  close(): void {
    for (const pool of Object.values(this.pools)) pool.close();
    this.first.close();
  }
}
