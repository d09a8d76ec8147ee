/**
 * The options both VM commands take (what runs on the VM), and their assembly into a validated
 * deployment: shape-dependent defaults, the SSH key read from its file, the repository and tag taken
 * from this checkout when not given.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { EXTRAS, type Extra } from '../admin/compose/compose-plan.js';
import { positiveInteger } from '../lib/cli/value-parsers.js';
import { PipelineError } from '../lib/errors.js';
import { REPO_ROOT } from '../lib/repo-root.js';
import { DIALECTS, type Dialect } from '../lib/warehouses.js';
import { type VmDeployment, validateVmDeployment } from './vm-options.js';
import { defaultWarehouseFor, SHAPE_KINDS, type ShapeKind, VM_SHAPES } from './vm-shapes.js';

export interface DeploymentFlags {
  shape: ShapeKind;
  ocpus?: number;
  memoryGb?: number;
  warehouse?: Dialect;
  with: string;
  domain?: string;
  metabaseDomain?: string;
  repo?: string;
  tag?: string;
  deployUser: string;
  sshKey?: string;
}

export function addDeploymentOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--shape <kind>',
        `a1: ${VM_SHAPES.a1.ociShape} (arm64, ${VM_SHAPES.a1.cost}); x86: ${VM_SHAPES.x86.ociShape} (amd64, ${VM_SHAPES.x86.cost})`,
      )
        .choices([...SHAPE_KINDS])
        .default('a1'),
    )
    .addOption(new Option('--ocpus <n>', 'OCPUs (default: a1 4, x86 2)').argParser(positiveInteger('--ocpus')))
    .addOption(new Option('--memory-gb <n>', 'memory in GB, 8 or more (default: a1 24, x86 16)').argParser(positiveInteger('--memory-gb')))
    .addOption(
      new Option('--warehouse <name>', 'the warehouse (default: clickhouse on a1, where SQL Server cannot run; mssql on x86)').choices([
        ...DIALECTS,
      ]),
    )
    .option('--with <extras>', `comma-separated extras: ${EXTRAS.join(', ')} (Compose profiles)`, '')
    .option(
      '--domain <name>',
      'a DNS name pointing at the VM: the collector (and Metabase) behind HTTPS on 443; without one only SSH is public',
    )
    .option('--metabase-domain <name>', 'a second DNS name for Metabase behind the proxy (needs --domain and --with metabase)')
    .option('--repo <url>', "the project's git address to check out on the VM (default: this checkout's origin)")
    .option('--tag <tag>', 'the tag to check out (default: the tag this checkout is at)')
    .option('--deploy-user <name>', 'the user that owns and runs the stack on the VM', 'deploy')
    .option('--ssh-key <file>', 'your SSH public key (default: ~/.ssh/id_ed25519.pub or ~/.ssh/id_rsa.pub)');
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The SSH public key file: the one given, else the usual ones in ~/.ssh. */
export function sshKeyFile(given: string | undefined): string {
  if (given) {
    if (!existsSync(given))
      throw new PipelineError('USAGE', `--ssh-key ${given} does not exist: give your public key file (e.g. ~/.ssh/id_ed25519.pub).`);
    return given;
  }
  const found = ['id_ed25519.pub', 'id_rsa.pub'].map((name) => join(homedir(), '.ssh', name)).find((file) => existsSync(file));
  if (!found)
    throw new PipelineError(
      'USAGE',
      'No --ssh-key given and no ~/.ssh/id_ed25519.pub or ~/.ssh/id_rsa.pub here: create one (ssh-keygen -t ed25519) or give --ssh-key.',
    );
  return found;
}

/** The validated deployment; `otherProblems` (the provisioning options') are reported together with its own. */
export function deploymentFrom(
  flags: DeploymentFlags,
  otherProblems: readonly string[] = [],
): { deployment: VmDeployment; sshKeyFile: string } {
  const shape = VM_SHAPES[flags.shape];
  const keyFile = sshKeyFile(flags.sshKey);
  const repo = flags.repo ?? git(['config', '--get', 'remote.origin.url']);
  const tag = flags.tag ?? git(['describe', '--tags', '--exact-match', 'HEAD']);
  const missing = [
    ...(repo ? [] : ["--repo (this checkout has no origin to take it from): the project's https:// or git@ address"]),
    ...(tag ? [] : ['--tag (this checkout is not at a tag): the release to deploy, e.g. v1.0.0']),
  ];
  if (missing.length > 0)
    throw new PipelineError('USAGE', `Invalid options: ${[...otherProblems, ...missing.map((m) => `missing ${m}`)].join('; ')}.`);
  const extras = flags.with
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean) as Extra[];
  const deployment = validateVmDeployment(
    {
      shape: flags.shape,
      ocpus: flags.ocpus ?? shape.defaultOcpus,
      memoryGb: flags.memoryGb ?? shape.defaultMemoryGb,
      warehouse: flags.warehouse ?? defaultWarehouseFor(flags.shape),
      extras,
      domain: flags.domain ?? null,
      metabaseDomain: flags.metabaseDomain ?? null,
      repoUrl: repo,
      tag,
      deployUser: flags.deployUser,
      sshPublicKey: readFileSync(keyFile, 'utf8').trim(),
    },
    otherProblems,
  );
  return { deployment, sshKeyFile: keyFile };
}
