import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { runCli, say } from '../lib/cli/run-cli.js';
import { positiveInteger } from '../lib/cli/value-parsers.js';
import { loadConfig } from '../lib/config/load-config.js';
import { addDeploymentOptions, type DeploymentFlags, deploymentFrom } from './deployment-options.js';
import { ociCliRunner, ociExecutable } from './provision/oci-cli-runner.js';
import { provisionSummary } from './provision/provision-summary.js';
import { dryRunRunner, type OciRunner, provisionVm } from './provision/provision-vm.js';
import { renderUserData } from './user-data/render-user-data.js';
import { loadVmScripts } from './user-data/vm-scripts.js';
import { ociTargetProblems, validateOciTarget } from './vm-options.js';

interface ProvisionFlags extends DeploymentFlags {
  compartment?: string;
  adminCidr?: string;
  name: string;
  availabilityDomain?: string;
  bootVolumeGb: number;
  vcnCidr: string;
  subnetCidr: string;
  region?: string;
  profile?: string;
  dryRun: boolean;
  json: boolean;
}

/** `npm run vm:provision`: the network and the instance in OCI, found or created, launched with the user-data. */
const program = addDeploymentOptions(
  new Command('vm:provision').description(
    "Creates what the pipeline's VM needs in an OCI compartment, or finds it when it exists: VCN, internet gateway, route table, a security list (SSH from --admin-cidr; HTTPS only with --domain), a public subnet and the instance, launched with the user-data of npm run vm:user-data. Prints the public IP and the SSH command.",
  ),
)
  .option('--compartment <ocid>', 'the compartment (or tenancy) OCID to create everything in (required)')
  .option('--admin-cidr <cidr>', 'the addresses allowed to SSH, e.g. 203.0.113.7/32 (required)')
  .option('--name <name>', 'prefix of every display name, and the DNS label', 'ecommerce')
  .option('--availability-domain <name>', "the availability domain (default: the region's first)")
  .addOption(
    new Option('--boot-volume-gb <n>', 'boot volume size (Always Free: 200 GB in all)')
      .default(100)
      .argParser(positiveInteger('--boot-volume-gb')),
  )
  .option('--vcn-cidr <cidr>', 'the VCN address range', '10.0.0.0/16')
  .option('--subnet-cidr <cidr>', 'the public subnet address range', '10.0.1.0/24')
  .option('--region <region>', "OCI region (default: the CLI config's)")
  .option('--profile <name>', 'profile in ~/.oci/config (default: DEFAULT)')
  .option('--dry-run', 'print every OCI CLI call, as if nothing existed yet, and call nothing', false)
  .option('--json', 'print the result as JSON', false)
  .addHelpText(
    'after',
    `
Needs the OCI CLI (npm run vm:setup) configured with an API key (oci setup config), unless --dry-run.
Run it again any time: it finds what exists, creates what is missing, and resets the security list's
rules to what the options say. An existing instance keeps its user-data (cloud-init runs it once).

Exit codes: 0 done, 1 an OCI call failed (the message names it), 2 bad options.

Examples:
  npm run vm:provision -- --dry-run --compartment ocid1.compartment.oc1..aaaa… --admin-cidr 203.0.113.7/32 --tag v1.0.0
  npm run vm:provision -- --compartment ocid1.compartment.oc1..aaaa… --admin-cidr 203.0.113.7/32 \\
      --with web --domain shop.example.com --tag v1.0.0`,
  )
  .action(async (flags: ProvisionFlags) => {
    const targetOptions = {
      name: flags.name,
      compartmentId: flags.compartment ?? '',
      adminCidr: flags.adminCidr ?? '',
      availabilityDomain: flags.availabilityDomain ?? null,
      bootVolumeGb: flags.bootVolumeGb,
      vcnCidr: flags.vcnCidr,
      subnetCidr: flags.subnetCidr,
    };
    // Both sets of options are checked before anything is said, and their problems reported together.
    const { deployment, sshKeyFile } = deploymentFrom(flags, ociTargetProblems(targetOptions));
    const target = validateOciTarget(targetOptions);
    const log = flags.json ? (line: string) => process.stderr.write(`${line}\n`) : say;
    const work = mkdtempSync(join(tmpdir(), 'vm-provision-'));
    try {
      const userData = flags.dryRun ? '<user-data.yaml: npm run vm:user-data prints it>' : join(work, 'user-data.yaml');
      if (!flags.dryRun) writeFileSync(userData, renderUserData(deployment, loadVmScripts()), { mode: 0o600 });
      const globalArgs = [...(flags.region ? ['--region', flags.region] : []), ...(flags.profile ? ['--profile', flags.profile] : [])];
      const recorder = flags.dryRun ? dryRunRunner((line) => log(line)) : undefined;
      const runner: OciRunner = recorder ?? loggedRunner(ociCliRunner(ociExecutable(loadConfig().values.OCI_CLI), globalArgs), log);
      const result = await provisionVm(target, deployment, { sshKey: sshKeyFile, userData }, runner, log);
      const summary = provisionSummary(result, deployment, flags.dryRun);
      if (flags.json)
        say(JSON.stringify({ dryRun: flags.dryRun, ...(recorder ? { calls: recorder.calls } : {}), ...result, ...summary.facts }, null, 2));
      else for (const line of summary.lines) say(line);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

/** Says which call runs before it runs: some wait minutes (an instance until RUNNING). */
function loggedRunner(runner: OciRunner, log: (line: string) => void): OciRunner {
  return {
    async run(args) {
      const started = Date.now();
      const waits = args.includes('--wait-for-state') ? ' (waits for its state)' : '';
      log(`… oci ${args.slice(0, 3).join(' ')}${waits}`);
      const answer = await runner.run(args);
      if (Date.now() - started > 5000) log(`  done in ${Math.round((Date.now() - started) / 1000)} s`);
      return answer;
    },
  };
}

await runCli(program);
