import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { EXIT, runCli } from '../lib/cli/run-cli.js';
import { instantOf } from '../lib/cli/value-parsers.js';
import { loadConfig } from '../lib/config/load-config.js';
import { PipelineError } from '../lib/errors.js';
import { requireOutputPath } from '../lib/output-path.js';
import { REPO_ROOT } from '../lib/repo-root.js';
import type { Dialect } from '../lib/warehouses.js';
import { warehouseOption } from './cli-options.js';
import { NOTEBOOKS } from './notebooks/notebook-names.js';
import { ensurePythonEnv, NOTEBOOKS_DIR } from './notebooks/python-env.js';
import { openMigratedWarehouse } from './warehouse/require-tables.js';

/** The variables the notebooks read, passed resolved so Python sees exactly what these commands see. */
const NOTEBOOK_VARIABLES = [
  'PG_URL',
  'PG_READER_USER',
  'PG_READER_PASSWORD',
  'MSSQL_URL',
  'MSSQL_READER_PASSWORD',
  'CLICKHOUSE_URL',
  'CLICKHOUSE_USER',
  'CLICKHOUSE_PASSWORD',
  'CLICKHOUSE_DATABASE',
  'CLICKHOUSE_READER_PASSWORD',
] as const;

const say = (line: string) => process.stderr.write(`${line}\n`);

const program = new Command('notebooks').description('The Jupyter notebooks: their Python environment, and running them.');

program
  .command('setup')
  .description('Create or refresh .venv-notebooks/ from notebooks/requirements.txt (skipped when up to date).')
  .action(async () => {
    await ensurePythonEnv(loadConfig().values.NOTEBOOKS_PYTHON, say);
  });

program
  .command('run', { isDefault: true })
  .description('Execute the notebooks against the current warehouse into executed .ipynb and HTML files.')
  .addOption(warehouseOption())
  .option('--since <time>', 'start of the range: ISO-8601 or now-<duration>; default: all time')
  .option('--until <time>', 'end of the range (exclusive); default: all time')
  .option('--out <dir>', 'where the executed notebooks and HTML go', 'build/notebooks')
  .addOption(new Option('--only <name>', 'run one notebook').choices(NOTEBOOKS))
  .addHelpText(
    'after',
    `
Exit codes: 0 every notebook ran, 1 one raised (its executed copy shows where), 2 bad options.

Examples:
  npm run notebooks
  npm run notebooks -- --since now-7d --only sales_kpis
  npm run notebooks -- --warehouse postgres --out /tmp/notebooks`,
  )
  .action(async (options: { warehouse?: Dialect; since?: string; until?: string; out: string; only?: string }) => {
    const config = loadConfig();
    const dialect = options.warehouse ?? config.values.WAREHOUSE;
    const now = Date.now();
    const since = options.since ? new Date(instantOf(options.since, now, '--since')).toISOString() : '';
    const until = options.until ? new Date(instantOf(options.until, now, '--until')).toISOString() : '';
    if (since && until && since >= until) throw new PipelineError('USAGE', `--since (${since}) must be before --until (${until}).`);
    requireOutputPath(options.out, 'folder', '--out');
    await (await openMigratedWarehouse(config, dialect)).close();
    const python = await ensurePythonEnv(config.values.NOTEBOOKS_PYTHON, say);
    const env: NodeJS.ProcessEnv = { ...process.env, WAREHOUSE: dialect };
    for (const name of NOTEBOOK_VARIABLES) {
      const value = config.text[name];
      if (value !== undefined) env[name] = value;
    }
    const out = resolve(options.out);
    const args = [
      join(NOTEBOOKS_DIR, 'run_notebooks.py'),
      '--out',
      out,
      '--param',
      `warehouse=${dialect}`,
      '--param',
      `since=${since}`,
      '--param',
      `until=${until}`,
      ...(options.only ? [options.only] : NOTEBOOKS),
    ];
    const code = await new Promise<number>((resolvePromise) => {
      const child = spawn(python, args, { cwd: REPO_ROOT, env, stdio: 'inherit' });
      child.on('error', () => resolvePromise(EXIT.FAILED));
      child.on('exit', (exitCode) => resolvePromise(exitCode ?? EXIT.FAILED));
    });
    if (code === EXIT.OK) say(`Executed notebooks and HTML in ${out}.`);
    process.exitCode = code;
  });

await runCli(program);
