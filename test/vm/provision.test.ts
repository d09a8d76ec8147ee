import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonVenv } from '../../lib/python-venv.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { type OciArgs, ociCalls } from '../../vm/provision/oci-calls.js';
import { OCI_CLI_VENV } from '../../vm/provision/oci-cli-venv.js';
import { type OciRunner, provisionVm } from '../../vm/provision/provision-vm.js';
import { runTsCli } from '../support/test-env.js';
import { deployment, VM_TARGET, VM_TEST_KEY } from '../support/vm-deployment.js';

const work = mkdtempSync(join(tmpdir(), 'vm-provision-'));
const keyFile = join(work, 'id_ed25519.pub');
writeFileSync(keyFile, `${VM_TEST_KEY}\n`);
afterAll(() => rmSync(work, { recursive: true, force: true }));

let python = '';
beforeAll(async () => {
  python = await ensurePythonVenv(OCI_CLI_VENV, process.env.OCI_PYTHON || 'python3', () => undefined);
}, 600_000);

/** The installed oci-cli's verdict on calls (test/support/oci-cli-check.py): commands, options, choices, JSON fields. */
function checkWithOciCli(calls: readonly OciArgs[]): Promise<{ checked: number; problems: string[] }> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(python, [join(REPO_ROOT, 'test', 'support', 'oci-cli-check.py')], { cwd: REPO_ROOT }, (error, stdout, stderr) =>
      error ? reject(new Error(`oci-cli-check failed: ${stderr}`)) : resolvePromise(JSON.parse(stdout)),
    );
    child.stdin?.end(JSON.stringify(calls));
  });
}

const dryRunArgs = [
  '--dry-run',
  '--json',
  '--compartment',
  VM_TARGET.compartmentId,
  '--admin-cidr',
  VM_TARGET.adminCidr,
  '--ssh-key',
  keyFile,
  '--repo',
  'https://example.org/shop/pipeline.git',
  '--tag',
  'v1.0.0',
];

describe('npm run vm:provision', () => {
  it('--dry-run prints every call, and the installed OCI CLI takes each one as it is written', async () => {
    const run = await runTsCli('vm/provision-cli.ts', [...dryRunArgs, '--with', 'web,metabase', '--domain', 'shop.example.com']);
    expect(run.stderr).toContain('oci compute instance launch');
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { calls: string[][]; publicIp: string; ssh: string };
    expect(result.calls.map((call) => call.slice(0, 3).join(' '))).toEqual([
      'network vcn list',
      'network vcn create',
      'network internet-gateway list',
      'network internet-gateway create',
      'network route-table list',
      'network route-table create',
      'network security-list list',
      'network security-list create',
      'network subnet list',
      'network subnet create',
      'compute instance list',
      'iam availability-domain list',
      'compute image list',
      'compute instance launch',
      'compute instance list-vnics',
    ]);
    expect(result.ssh).toBe('ssh deploy@<public-ip>');
    expect(await checkWithOciCli(result.calls)).toEqual({ checked: 15, problems: [] });
  });

  it('every call it can make passes the OCI CLI check, also the rule update and the x86 shape; a misspelt one does not', async () => {
    const ids = {
      vcn: 'ocid1.vcn.oc1..a',
      internetGateway: 'ocid1.internetgateway.oc1..a',
      routeTable: 'ocid1.routetable.oc1..a',
      securityList: 'ocid1.securitylist.oc1..a',
      subnet: 'ocid1.subnet.oc1..a',
      image: 'ocid1.image.oc1..a',
      availabilityDomain: 'Uocm:EU-FRANKFURT-1-AD-1',
      instance: 'ocid1.instance.oc1..a',
    };
    const calls = ociCalls(VM_TARGET, deployment({ shape: 'x86', warehouse: 'mssql', extras: ['web'], domain: 'shop.example.com' }));
    const all = [
      calls.availabilityDomains(),
      calls.images(),
      calls.findVcn(),
      calls.createVcn(),
      calls.findInternetGateway(ids),
      calls.createInternetGateway(ids),
      calls.findRouteTable(ids),
      calls.createRouteTable(ids),
      calls.findSecurityList(ids),
      calls.createSecurityList(ids),
      calls.updateSecurityList(ids),
      calls.findSubnet(ids),
      calls.createSubnet(ids),
      calls.findInstance(),
      calls.launchInstance(ids, { sshKey: keyFile, userData: join(work, 'user-data.yaml') }),
      calls.instanceVnics(ids),
    ];
    expect(await checkWithOciCli(all)).toEqual({ checked: 16, problems: [] });
    const misspelt = calls.createVcn().map((arg) => (arg === '--dns-label' ? '--dns-lable' : arg));
    expect((await checkWithOciCli([misspelt])).problems).toContain('oci network vcn create: no option --dns-lable');
  });

  it('the oci commands vm/README.md shows (tear-down, backups) pass the same check', async () => {
    const readme = readFileSync(join(REPO_ROOT, 'vm', 'README.md'), 'utf8');
    const shown = [...readme.matchAll(/^oci (.+)$/gm)].map((match) => (match[1] as string).split(/\s+/));
    expect(shown.length).toBeGreaterThanOrEqual(7);
    expect(await checkWithOciCli(shown)).toEqual({ checked: shown.length, problems: [] });
  });

  it('refuses bad options together, before calling anything (exit 2)', async () => {
    const run = await runTsCli('vm/provision-cli.ts', [
      ...dryRunArgs.map((arg) => (arg === VM_TARGET.adminCidr ? '0.0.0.0/0' : arg)),
      '--warehouse',
      'mssql',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      "error: Invalid options: --admin-cidr 0.0.0.0/0 would open SSH to the whole internet: give your own address, e.g. 203.0.113.7/32; --warehouse mssql cannot run on --shape a1 (VM.Standard.A1.Flex, arm64): SQL Server's image is amd64 only; choose clickhouse or postgres, or --shape x86.",
    );
    expect(run.stdout).toBe('');
  });
});

/** A runner that answers from a table of what the compartment holds, and records the calls. */
function compartmentHolding(existing: Record<string, Record<string, unknown>[]>): OciRunner & { calls: OciArgs[] } {
  const calls: OciArgs[] = [];
  return {
    calls,
    async run(args) {
      calls.push(args);
      const [, resource, verb] = args;
      if (verb === 'list' || verb === 'list-vnics') return { data: existing[`${resource} ${verb}`] ?? [] };
      return { data: { id: `ocid1.${resource}.new` } };
    },
  };
}

describe('provisioning, run again', () => {
  const everything = (ingress: Record<string, unknown>[]): Record<string, Record<string, unknown>[]> => ({
    'vcn list': [{ id: 'ocid1.vcn.a', 'lifecycle-state': 'AVAILABLE' }],
    'internet-gateway list': [{ id: 'ocid1.igw.a', 'lifecycle-state': 'AVAILABLE' }],
    'route-table list': [{ id: 'ocid1.rt.a', 'lifecycle-state': 'AVAILABLE' }],
    'security-list list': [{ id: 'ocid1.sl.a', 'lifecycle-state': 'AVAILABLE', 'ingress-security-rules': ingress }],
    'subnet list': [{ id: 'ocid1.subnet.a', 'lifecycle-state': 'AVAILABLE' }],
    'instance list': [{ id: 'ocid1.instance.a', 'lifecycle-state': 'RUNNING' }],
    'instance list-vnics': [{ 'public-ip': '198.51.100.20' }],
  });
  const sshRule = { source: '203.0.113.7/32', protocol: '6', 'tcp-options': { 'destination-port-range': { min: 22, max: 22 } } };
  const mtuRule = { source: '0.0.0.0/0', protocol: '1', 'icmp-options': { type: 3, code: 4 } };
  const files = { sshKey: 'key.pub', userData: 'user-data.yaml' };

  it('finds what exists and creates nothing', async () => {
    const runner = compartmentHolding(everything([sshRule, mtuRule]));
    const result = await provisionVm(VM_TARGET, deployment(), files, runner, () => undefined);
    expect(runner.calls.filter((call) => call[2] !== 'list' && call[2] !== 'list-vnics')).toEqual([]);
    expect(result.resources.map((resource) => resource.action)).toEqual(['found', 'found', 'found', 'found', 'found', 'found']);
    expect(result).toMatchObject({ publicIp: '198.51.100.20', instanceExisted: true });
  });

  it("brings the security list's rules back to the options: a new admin address, HTTPS once there is a domain", async () => {
    const runner = compartmentHolding(everything([sshRule, mtuRule]));
    const result = await provisionVm(
      VM_TARGET,
      deployment({ extras: ['web'], domain: 'shop.example.com' }),
      files,
      runner,
      () => undefined,
    );
    const updates = runner.calls.filter((call) => call[2] === 'update');
    expect(updates).toHaveLength(1);
    expect(JSON.parse(updates[0]?.[updates[0].indexOf('--ingress-security-rules') + 1] ?? '[]')).toHaveLength(3);
    expect(result.resources.find((resource) => resource.resource === 'security list')?.action).toBe('updated');
  });

  it('launches a new instance when the one of that name was terminated', async () => {
    const holding = everything([sshRule, mtuRule]);
    holding['instance list'] = [{ id: 'ocid1.instance.old', 'lifecycle-state': 'TERMINATED' }];
    holding['availability-domain list'] = [{ name: 'Uocm:EU-FRANKFURT-1-AD-1' }];
    holding['image list'] = [{ id: 'ocid1.image.noble' }];
    const runner = compartmentHolding(holding);
    const result = await provisionVm(VM_TARGET, deployment(), files, runner, () => undefined);
    const launch = runner.calls.find((call) => call[2] === 'launch') ?? [];
    expect(launch[launch.indexOf('--image-id') + 1]).toBe('ocid1.image.noble');
    expect(launch[launch.indexOf('--availability-domain') + 1]).toBe('Uocm:EU-FRANKFURT-1-AD-1');
    expect(result.resources.at(-1)).toEqual({ resource: 'instance', action: 'created', id: 'ocid1.instance.new' });
  });
});
