import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCause, PipelineError } from '../../lib/errors.js';
import { ensurePythonVenv, type PythonVenv } from '../../lib/python-venv.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import type { PidRecord } from '../process/pid-file.js';
import { runCommand } from '../process/run-command.js';
import { spawnDetached } from '../process/spawn-detached.js';
import { stopProcess } from '../process/stop-process.js';
import { logFileOf } from '../stack-paths.js';
import type { HealthReport, StackContext, StackService } from './service.js';

const SUPERSET_DIR = join(REPO_ROOT, 'stack', 'superset');

/** Superset's environment: `.venv-superset/` from `stack/superset/requirements.txt` (a full lock). */
export const SUPERSET_VENV: PythonVenv = {
  title: "Superset's environment",
  dir: join(REPO_ROOT, '.venv-superset'),
  requirements: join(SUPERSET_DIR, 'requirements.txt'),
  pythonVariable: 'SUPERSET_PYTHON',
  setupCommand: 'npm run stack:up -- --with superset',
  buildTime: 'about 3 minutes, ~800 MB, once',
};

const bin = (name: string) => join(SUPERSET_VENV.dir, 'bin', name);
const metadataFileOf = (context: StackContext) => join(context.paths.superset, 'superset.db');
const stampOf = (context: StackContext) => join(context.paths.superset, 'initialized.sha256');

/** What every Superset command of the stack runs with: the config file, its metadata and secret key by environment. */
function supersetEnv(context: StackContext): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SUPERSET_CONFIG_PATH: join(SUPERSET_DIR, 'superset_config.py'),
    SUPERSET_METADATA_URI: `sqlite:///${metadataFileOf(context)}`,
    SUPERSET_SECRET_KEY: context.secrets.supersetSecretKey,
    SUPERSET_HOME: context.paths.superset,
    FLASK_APP: 'superset',
  };
}

/** Runs a Superset setup step, its output appended to the service log; a failure names the step and the log. */
async function setupStep(context: StackContext, what: string, file: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await runCommand(file, args, { env: { ...supersetEnv(context), ...extraEnv }, timeoutMs: 600_000 });
    writeFileSync(logFileOf(context.paths, 'superset'), `--- ${what}\n${stdout}${stderr}`, { flag: 'a' });
  } catch (error) {
    throw new PipelineError(
      'SERVICE_START_FAILED',
      `Superset's ${what} failed (${describeCause(error).split('\n')[0]}). The output is in ${logFileOf(context.paths, 'superset')}; \`npm run stack:down -- --purge\` starts Superset's metadata afresh.`,
      { cause: error },
    );
  }
}

export const supersetService: StackService = {
  name: 'superset',
  kind: 'superset',
  dependsOn: [],
  ports: (settings) => [settings.supersetPort],
  logFile: (context) => logFileOf(context.paths, 'superset'),

  /** The environment (built once), the metadata database (migrated and initialised once per version), the admin. */
  async prepare(context, report) {
    mkdirSync(context.paths.superset, { recursive: true });
    mkdirSync(context.paths.logs, { recursive: true });
    await ensurePythonVenv(SUPERSET_VENV, context.settings.supersetPython, (line) => report?.(`superset   ${line}`));
    const stamp = createHash('sha256').update(readFileSync(SUPERSET_VENV.requirements)).digest('hex');
    if (!existsSync(stampOf(context)) || readFileSync(stampOf(context), 'utf8').trim() !== stamp) {
      report?.('superset   migrating and initialising its metadata (SQLite under the stack directory; about 30 s)…');
      await setupStep(context, 'metadata migration (superset db upgrade)', bin('superset'), ['db', 'upgrade']);
      await setupStep(context, 'roles and permissions (superset init)', bin('superset'), ['init']);
      writeFileSync(stampOf(context), `${stamp}\n`);
    }
    await setupStep(context, 'admin user', bin('python'), [join(SUPERSET_DIR, 'ensure_admin.py')], {
      SUPERSET_ADMIN_USER: context.settings.supersetUser,
      SUPERSET_ADMIN_PASSWORD: context.secrets.supersetPassword,
    });
  },

  async start(context): Promise<PidRecord> {
    const pid = await spawnDetached({
      command: bin('gunicorn'),
      args: [
        '--bind',
        `127.0.0.1:${context.settings.supersetPort}`,
        '--workers',
        '1',
        '--threads',
        '8',
        '--timeout',
        '120',
        '--access-logfile',
        '-',
        // Also the pid file's marker: the stack knows its gunicorn by this path in the command line.
        '--chdir',
        context.paths.superset,
        'superset.app:create_app()',
      ],
      env: supersetEnv(context),
      outputFile: logFileOf(context.paths, 'superset'),
      cwd: context.paths.superset,
    });
    return { pid, startedAt: new Date().toISOString(), marker: context.paths.superset };
  },

  async probe(context): Promise<HealthReport> {
    try {
      const response = await fetch(`http://127.0.0.1:${context.settings.supersetPort}/health`, { signal: AbortSignal.timeout(3_000) });
      const text = (await response.text()).trim();
      if (!response.ok || text !== 'OK') return { healthy: false, detail: `HTTP ${response.status}: ${text.slice(0, 80)}` };
      return { healthy: true, detail: '/health OK (gunicorn, SQLite metadata)', version: context.versions.superset };
    } catch (error) {
      return { healthy: false, detail: describeCause(error) };
    }
  },

  stop: (_context, record) => stopProcess(record.pid, 20_000),
};
