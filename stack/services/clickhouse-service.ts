import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCause, PipelineError } from '../../lib/errors.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { renderEngineConfig } from '../clickhouse/engine-config.js';
import { SERVICE_USERS_VARIABLE, type ServiceUser, serializeUsers } from '../clickhouse/service-users.js';
import type { PidRecord } from '../process/pid-file.js';
import { spawnDetached } from '../process/spawn-detached.js';
import { stopProcess } from '../process/stop-process.js';
import { logFileOf } from '../stack-paths.js';
import type { HealthReport, StackContext, StackService } from './service.js';

/** The read-only user's name, as the server migrations create it (admin/warehouse/clickhouse-adapter.ts). */
export const CLICKHOUSE_READER_USER = 'warehouse_reader_user';

const MAIN = join(REPO_ROOT, 'stack', 'clickhouse', 'main.ts');

const configFileOf = (context: StackContext) => join(context.paths.conf, 'clickhouse.xml');
const uploadsOf = (context: StackContext) => join(context.paths.run, 'clickhouse-uploads');

/** Who may log in, with the stack's secrets: the admin (migrations), the sink user, the read-only reader. */
export function clickhouseUsers(context: StackContext): ServiceUser[] {
  return [
    { name: context.settings.clickhouseUser, password: context.secrets.clickhousePassword, role: 'admin' },
    { name: context.settings.clickhouseSinkUser, password: context.secrets.clickhouseSinkPassword, role: 'sink' },
    { name: CLICKHOUSE_READER_USER, password: context.secrets.clickhouseReaderPassword, role: 'reader' },
  ];
}

/** An existing data directory must look like the engine's: files there but no metadata/ means something else wrote it. */
function checkDataDir(dir: string): void {
  if (!existsSync(dir) || readdirSync(dir).length === 0) return;
  const metadata = join(dir, 'metadata');
  if (!existsSync(metadata) || !statSync(metadata).isDirectory()) {
    throw new PipelineError(
      'DATA_DIR_CORRUPT',
      `ClickHouse's data directory ${dir} holds files but no metadata/ folder, so it is not the engine's. Run \`npm run stack:down -- --purge\` to delete the stack's data, then \`npm run stack:up -- --warehouse clickhouse\`.`,
    );
  }
}

async function post(context: StackContext, query: string): Promise<Response> {
  const auth = Buffer.from(`${context.settings.clickhouseUser}:${context.secrets.clickhousePassword}`).toString('base64');
  return fetch(`http://127.0.0.1:${context.settings.clickhousePort}/`, {
    method: 'POST',
    headers: { Authorization: `Basic ${auth}` },
    body: query,
    signal: AbortSignal.timeout(3_000),
  });
}

export const clickhouseService: StackService = {
  name: 'clickhouse',
  kind: 'clickhouse',
  dependsOn: [],
  ports: (settings) => [settings.clickhousePort],
  logFile: (context) => logFileOf(context.paths, 'clickhouse-service'),

  async prepare(context) {
    checkDataDir(context.paths.clickhouse);
    mkdirSync(context.paths.clickhouse, { recursive: true });
    mkdirSync(join(context.paths.clickhouse, 'user_files'), { recursive: true });
    mkdirSync(context.paths.conf, { recursive: true });
    mkdirSync(context.paths.logs, { recursive: true });
    writeFileSync(
      configFileOf(context),
      renderEngineConfig({ logFile: logFileOf(context.paths, 'clickhouse'), userFilesDir: join(context.paths.clickhouse, 'user_files') }),
    );
  },

  async start(context): Promise<PidRecord> {
    const pid = await spawnDetached({
      command: process.execPath,
      args: [
        '--import',
        'tsx',
        MAIN,
        '--data',
        context.paths.clickhouse,
        '--config',
        configFileOf(context),
        '--port',
        String(context.settings.clickhousePort),
        '--uploads',
        uploadsOf(context),
      ],
      // The users' passwords reach the service by its environment only (never a file of its own or an argument).
      env: { ...process.env, [SERVICE_USERS_VARIABLE]: serializeUsers(clickhouseUsers(context)) },
      outputFile: logFileOf(context.paths, 'clickhouse-service'),
      cwd: REPO_ROOT,
    });
    return { pid, startedAt: new Date().toISOString(), marker: context.paths.clickhouse };
  },

  async probe(context): Promise<HealthReport> {
    try {
      const response = await post(context, 'SELECT version()');
      const text = (await response.text()).trim();
      if (response.status === 403 && text.includes('(AUTHENTICATION_FAILED)')) {
        return {
          healthy: false,
          detail: 'password rejected',
          fatal: `The ClickHouse service on port ${context.settings.clickhousePort} rejected CLICKHOUSE_PASSWORD: another service answers there, started with other secrets. Stop it, or choose another STACK_CLICKHOUSE_PORT.`,
        };
      }
      if (!response.ok) return { healthy: false, detail: `HTTP ${response.status}: ${text.split('\n')[0]}` };
      return { healthy: true, detail: `SELECT version() ok (embedded engine, HTTP interface)`, version: text };
    } catch (error) {
      return { healthy: false, detail: describeCause(error) };
    }
  },

  stop: (_context, record) => stopProcess(record.pid, 15_000),
};
