/**
 * The native stack's ClickHouse service: the embedded ClickHouse engine (chdb) owning one data
 * directory, answering ClickHouse's HTTP interface on 127.0.0.1. Started by `npm run stack:up` (see
 * stack/services/clickhouse-service.ts), which passes the users in CLICKHOUSE_SERVICE_USERS.
 *
 *   node --import tsx stack/clickhouse/main.ts --data <dir> --config <file> --port <n> --uploads <dir>
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from './engine-sessions.js';
import { createHttpService } from './http-service.js';
import { CONSUMERS_SQL, type ConsumerRow, stalledKafkaTables, type WatchdogState } from './kafka-watchdog.js';
import { EMBEDDED_SERVER_DISPLAY_NAME } from './service-identity.js';
import { parseUsers, SERVICE_USERS_VARIABLE } from './service-users.js';

const SESSIONS_PER_ROLE = 4;

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
const die = (line: string): never => {
  process.stderr.write(`${new Date().toISOString()} error: ${line}\n`);
  process.exit(1);
};

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    config: { type: 'string' },
    port: { type: 'string' },
    uploads: { type: 'string' },
  },
});
const { data, config, uploads } = values;
const port = Number(values.port);
if (!data || !config || !uploads || !Number.isInteger(port)) die('usage: main.ts --data <dir> --config <file> --port <n> --uploads <dir>');

let users: ReturnType<typeof parseUsers> = [];
try {
  users = parseUsers(process.env[SERVICE_USERS_VARIABLE]);
} catch (error) {
  die(`${SERVICE_USERS_VARIABLE} is not usable: ${(error as Error).message}.`);
}
if (users.length === 0) die(`${SERVICE_USERS_VARIABLE} names no user; start the service with npm run stack:up.`);

rmSync(uploads as string, { recursive: true, force: true });
mkdirSync(uploads as string, { recursive: true, mode: 0o700 });

/**
 * The engine's status file names the pid of the process that opened the directory, and that process keeps
 * the file open (it holds its lock): refuse with that pid, before the engine's own less telling error.
 */
function refuseWhenHeld(dir: string): void {
  const status = join(dir, 'status');
  if (!existsSync(status)) return;
  const pid = Number(/^PID:\s*(\d+)/m.exec(readFileSync(status, 'utf8'))?.[1]);
  if (!Number.isInteger(pid) || pid === process.pid) return;
  let open: string[] = [];
  try {
    open = readdirSync(`/proc/${pid}/fd`).map((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return '';
      }
    });
  } catch {
    return; // gone: the status file is a leftover
  }
  if (!open.includes(status)) return;
  die(
    `The ClickHouse data directory ${dir} is in use by process ${pid} (it holds the engine's status file). Only one process may open it: stop that one (npm run stack:stop -- clickhouse) or use another STACK_DIR.`,
  );
}

function openEngine(): Engine {
  refuseWhenHeld(data as string);
  try {
    return Engine.open(data as string, config as string, SESSIONS_PER_ROLE);
  } catch (error) {
    return failedOpen(error);
  }
}

function failedOpen(error: unknown): never {
  const text = (error as Error).message.split('\n')[0] ?? String(error);
  if (/lock/i.test(text)) {
    return die(
      `The ClickHouse data directory ${data} is in use by another process (${text}). Only one process may open it: stop the other one (npm run stack:stop -- clickhouse) or use another STACK_DIR.`,
    );
  }
  return die(
    `The ClickHouse engine cannot open its data directory ${data}: ${text}. If the directory is damaged, delete it with npm run stack:down -- --purge (this deletes the stack's data).`,
  );
}

const engine = openEngine();
const { version, timezone } = await engine.describe();

const server = createHttpService({
  engine,
  users,
  version,
  timezone,
  uploadDir: uploads as string,
  displayName: EMBEDDED_SERVER_DISPLAY_NAME,
});
server.on('error', (error: NodeJS.ErrnoException) => {
  engine.close();
  die(
    error.code === 'EADDRINUSE'
      ? `Port ${port} on 127.0.0.1 is already in use; choose another STACK_CLICKHOUSE_PORT.`
      : `Cannot listen on 127.0.0.1:${port}: ${error.message}.`,
  );
});
server.listen(port, '127.0.0.1', () =>
  log(
    `ClickHouse ${version} (embedded engine, data ${data}) answers HTTP on 127.0.0.1:${port} for ${users.map((u) => `${u.name} (${u.role})`).join(', ')}.`,
  ),
);

/** Every 10 s: Kafka tables whose consumers lost their partitions for good are detached and attached again. */
let watchdog: WatchdogState = { stalledSince: new Map(), lastRecovery: new Map() };
const admin = (sql: string) =>
  engine.run('admin', { sql, database: undefined, settings: {}, params: {}, format: 'JSONEachRow', mayChangeSession: false });
setInterval(async () => {
  try {
    const rows = (await admin(CONSUMERS_SQL))
      .text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, string | number>)
      .map(
        (row): ConsumerRow => ({
          database: String(row.database),
          table: String(row.table),
          assigned: Number(row.assigned),
          assignmentsEver: Number(row.assignmentsEver),
        }),
      );
    const { recover, state } = stalledKafkaTables(rows, Date.now(), watchdog);
    watchdog = state;
    for (const table of recover) {
      log(
        `Kafka table ${table}: no partition assigned for 30 s after having had some (its consumer is stuck after the broker went away); detaching and attaching it.`,
      );
      const name = table
        .split('.')
        .map((part) => `\`${part.replaceAll('`', '\\`')}\``)
        .join('.');
      await admin(`DETACH TABLE ${name}`);
      await admin(`ATTACH TABLE ${name}`);
    }
  } catch (error) {
    log(`Kafka watchdog: ${(error as Error).message.split('\n')[0]}`);
  }
}, 10_000).unref();

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    log(`${signal}: closing.`);
    server.close();
    server.closeAllConnections();
    engine.close();
    process.exit(0);
  });
}
