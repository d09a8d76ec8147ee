import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Extra } from '../../admin/compose/compose-plan.js';
import { composeSecretsFor } from '../../admin/compose/compose-secrets.js';
import { VARIABLES } from '../../lib/config/variables.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import type { Dialect } from '../../lib/warehouses.js';
import { pipelineEnv, renderUserData, systemdUnit } from '../../vm/user-data/render-user-data.js';
import { loadVmScripts, VM_SCRIPT_FILES } from '../../vm/user-data/vm-scripts.js';
import type { VmDeployment } from '../../vm/vm-options.js';
import { swapGbFor } from '../../vm/vm-shapes.js';
import { buildComposeLoader, loadCompose } from '../support/compose-loader.js';
import { deployment } from '../support/vm-deployment.js';

interface CloudConfig {
  users: (string | { name: string; lock_passwd: boolean; ssh_authorized_keys: string[] })[];
  ssh_pwauth: boolean;
  disable_root: boolean;
  packages: string[];
  swap: { filename: string; size: string };
  write_files: { path: string; content: string; permissions: string }[];
  runcmd: string[][];
}

const work = mkdtempSync(join(tmpdir(), 'vm-user-data-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(buildComposeLoader, 300_000);

function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  return new Promise<{ code: number; output: string }>((resolvePromise) =>
    execFile(file, args, { cwd: REPO_ROOT, env }, (error, stdout, stderr) => {
      if (error?.code === 'ENOENT')
        resolvePromise({ code: 127, output: `${file} is not installed: apt-get install ${file} (.ci/run does)` });
      else resolvePromise({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    }),
  );
}

/** What the user-data is checked for: both shapes, every warehouse each can run, with and without a domain. */
const CASES: { name: string; deployment: VmDeployment }[] = [
  ...(['clickhouse', 'postgres'] as Dialect[]).map((warehouse) => ({ name: `a1 ${warehouse}`, deployment: deployment({ warehouse }) })),
  ...(['mssql', 'clickhouse', 'postgres'] as Dialect[]).map((warehouse) => ({
    name: `x86 ${warehouse}, domain`,
    deployment: deployment({
      shape: 'x86',
      ocpus: 2,
      memoryGb: 16,
      warehouse,
      extras: ['web', 'metabase'] as Extra[],
      domain: 'shop.example.com',
      metabaseDomain: 'bi.example.com',
    }),
  })),
  { name: 'a1 clickhouse, web behind a domain', deployment: deployment({ extras: ['web', 'jupyter'], domain: 'shop.example.com' }) },
];

const fileOf = (config: CloudConfig, path: string) => {
  const file = config.write_files.find((entry) => entry.path === path);
  if (!file) throw new Error(`the user-data writes no ${path}`);
  return file;
};

describe('the VM user-data (npm run vm:user-data)', () => {
  for (const { name, deployment: vm } of CASES) {
    it(`${name}: valid for cloud-init, no secret in it, swap, the unit and only SSH/HTTPS public`, async () => {
      const text = renderUserData(vm, loadVmScripts());
      const file = join(work, `${name.replace(/\W+/g, '-')}.yaml`);
      writeFileSync(file, text);
      const schema = await run('cloud-init', ['schema', '--config-file', file]);
      expect(schema.output.trim(), schema.output).toBe(`Valid cloud-config: ${file}`);
      expect(schema.code).toBe(0);

      const config = parse(text) as CloudConfig;
      // The deploy user logs in with the key only; no password login anywhere, no root login.
      const user = config.users.find((entry) => typeof entry !== 'string' && entry.name === 'deploy') as Exclude<
        CloudConfig['users'][number],
        string
      >;
      expect(user.lock_passwd).toBe(true);
      expect(user.ssh_authorized_keys).toEqual([vm.sshPublicKey]);
      expect([config.ssh_pwauth, config.disable_root]).toEqual([false, true]);
      // Secrets: none in the text; the setup script generates exactly those the profiles need.
      for (const spec of VARIABLES.filter((variable) => variable.secret)) {
        expect(text, spec.name).not.toMatch(new RegExp(`^\\s*${spec.name}=`, 'm'));
      }
      expect(fileOf(config, '/etc/ecommerce-pipeline/deploy.env').content).toContain(
        `SECRET_NAMES="${composeSecretsFor(vm.warehouse, vm.extras).join(' ')}"`,
      );
      // Swap sized to the shape; security upgrades on; Docker from Ubuntu's packages.
      expect(config.swap).toEqual({ filename: '/swapfile', size: `${swapGbFor(vm.memoryGb)}G`, maxsize: `${swapGbFor(vm.memoryGb)}G` });
      expect(config.packages).toEqual(expect.arrayContaining(['docker.io', 'docker-compose-v2', 'unattended-upgrades']));
      expect(fileOf(config, '/etc/apt/apt.conf.d/20auto-upgrades').content).toContain('APT::Periodic::Unattended-Upgrade "1";');
      // The unit runs the chosen profiles at boot and restarts on failure; the setup script enables it.
      const unit = fileOf(config, '/etc/systemd/system/ecommerce-pipeline.service').content;
      expect(unit).toBe(systemdUnit(vm));
      expect(unit).toMatch(/^Restart=on-failure$/m);
      expect(unit).toMatch(/^WantedBy=multi-user\.target$/m);
      expect(unit).toContain(`--profile ${vm.warehouse} `);
      expect(config.runcmd).toEqual([['/usr/local/sbin/ecommerce-pipeline-setup']]);
      expect(fileOf(config, '/usr/local/sbin/ecommerce-pipeline-setup').content).toContain(
        'systemctl enable --now ecommerce-pipeline.service',
      );
      // Public exposure: 443 in the host firewall and on 0.0.0.0 only with a domain; everything else on 127.0.0.1.
      const env = fileOf(config, '/etc/ecommerce-pipeline/pipeline.env').content;
      expect(env).toBe(pipelineEnv(vm));
      const published = await publishedPorts(vm, env);
      const publicPorts = published.filter((port) => port.host_ip !== '127.0.0.1');
      expect(publicPorts).toEqual(vm.domain ? [{ service: 'proxy', host_ip: '0.0.0.0', published: '443' }] : []);
      expect(fileOf(config, '/etc/ecommerce-pipeline/deploy.env').content).toContain(`OPEN_HTTPS=${vm.domain ? 1 : 0}`);
    });
  }

  it('passes shellcheck: every script the VM runs', async () => {
    const result = await run('shellcheck', ['--severity=style', ...Object.values(VM_SCRIPT_FILES)]);
    expect(result.output, result.output).toBe('');
    expect(result.code).toBe(0);
    const bad = join(work, 'bad.sh');
    writeFileSync(bad, '#!/usr/bin/env bash\nrm -rf $1/*\n');
    expect((await run('shellcheck', [bad])).code).toBe(1);
  });
});

/** Every port Compose publishes with the .env the VM writes (settings and generated secrets), as compose-go resolves it. */
async function publishedPorts(vm: VmDeployment, settings: string) {
  const envFile = join(work, `${vm.shape}-${vm.warehouse}-${vm.domain ?? 'local'}.env`);
  const secrets = composeSecretsFor(vm.warehouse, vm.extras).map((name) => `${name}=Generated0nTheVmAa1`);
  writeFileSync(envFile, `${settings}${secrets.join('\n')}\n`);
  const profiles = settings.match(/^COMPOSE_PROFILES=(.*)$/m)?.[1]?.split(',') ?? [];
  const outcome = await loadCompose(
    ['-f', 'compose/docker-compose.yml', '--env-file', envFile, ...profiles.flatMap((p) => ['--profile', p])],
    {},
  );
  if (!outcome.ok) throw new Error(outcome.error);
  const services = outcome.project.services as Record<string, { ports?: { host_ip?: string; published?: string }[] }>;
  return Object.entries(services).flatMap(([service, definition]) =>
    (definition.ports ?? []).map((port) => ({ service, host_ip: port.host_ip ?? '', published: port.published ?? '' })),
  );
}

describe('the setup script on the VM (its parts that need no root)', () => {
  const script = join(REPO_ROOT, VM_SCRIPT_FILES.setup);
  const bash = (body: string, env: Record<string, string>) =>
    run('bash', ['-c', `set -euo pipefail; . "${script}"; ${body}`], { ...process.env, ...env });

  it('allows 443 in the saved OCI rules just before their REJECT, once', async () => {
    const rules = join(work, 'rules.v4');
    const oci = [
      '*filter',
      '-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT',
      '-A INPUT -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT',
      '-A INPUT -j REJECT --reject-with icmp-host-prohibited',
      '-A FORWARD -j REJECT --reject-with icmp-host-prohibited',
      'COMMIT',
      '',
    ];
    writeFileSync(rules, oci.join('\n'));
    const result = await bash('open_https_saved; open_https_saved', { IPTABLES_RULES: rules });
    expect(result.code, result.output).toBe(0);
    expect(readFileSync(rules, 'utf8')).toBe(
      [...oci.slice(0, 3), '-A INPUT -p tcp -m state --state NEW -m tcp --dport 443 -j ACCEPT', ...oci.slice(3)].join('\n'),
    );
  });

  it('writes .env from the settings plus generated secrets, readable by its owner only, and keeps them when run again', async () => {
    const project = mkdtempSync(join(work, 'project-'));
    const settings = join(work, 'pipeline.env');
    writeFileSync(settings, 'WAREHOUSE=clickhouse\nCOMPOSE_PROFILES=clickhouse\n');
    const env = { PIPELINE_ENV: settings, DEPLOY_USER: 'root', PROJECT_DIR: project, SECRET_NAMES: 'CLICKHOUSE_PASSWORD JUPYTER_TOKEN' };
    const first = await bash('write_env', env);
    expect(first.code, first.output).toBe(0);
    const written = readFileSync(join(project, '.env'), 'utf8');
    expect(written).toMatch(
      /^WAREHOUSE=clickhouse\nCOMPOSE_PROFILES=clickhouse\nJUPYTER_USER=0:0\nCLICKHOUSE_PASSWORD=[A-Za-z0-9]{32}Aa1\nJUPYTER_TOKEN=[A-Za-z0-9]{32}Aa1\n$/m,
    );
    expect(statSync(join(project, '.env')).mode & 0o777).toBe(0o600);
    expect((await bash('write_env', env)).code).toBe(0);
    expect(readFileSync(join(project, '.env'), 'utf8')).toBe(written);
  });
});
