/**
 * What the VM recipe is told (`npm run vm:provision`, `npm run vm:user-data`), validated once at the
 * edge: every problem reported together, each naming its flag, the value and what would be valid.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { EXTRAS, type Extra } from '../admin/compose/compose-plan.js';
import { PipelineError } from '../lib/errors.js';
import { DIALECTS, type Dialect } from '../lib/warehouses.js';
import { SHAPE_KINDS, type ShapeKind, warehouseRefusal } from './vm-shapes.js';

/** The deployment on the VM: what the user-data installs and starts. */
export interface VmDeployment {
  readonly shape: ShapeKind;
  readonly ocpus: number;
  readonly memoryGb: number;
  readonly warehouse: Dialect;
  readonly extras: readonly Extra[];
  /** The DNS name pointing at the VM; without one nothing but SSH is public. */
  readonly domain: string | null;
  /** A second DNS name for Metabase behind the proxy (needs --with metabase and --domain). */
  readonly metabaseDomain: string | null;
  readonly repoUrl: string;
  readonly tag: string;
  readonly deployUser: string;
  /** The public key's text (one line). */
  readonly sshPublicKey: string;
}

/** Where and how it is provisioned in OCI. */
export interface OciTarget {
  readonly name: string;
  readonly compartmentId: string;
  /** Who may reach SSH (port 22). */
  readonly adminCidr: string;
  readonly availabilityDomain: string | null;
  readonly bootVolumeGb: number;
  readonly vcnCidr: string;
  readonly subnetCidr: string;
}

const CIDR = '^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])/([0-9]|[12][0-9]|3[0-2])$';
const HOST = '^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$';

const deploymentSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'shape',
    'ocpus',
    'memoryGb',
    'warehouse',
    'extras',
    'domain',
    'metabaseDomain',
    'repoUrl',
    'tag',
    'deployUser',
    'sshPublicKey',
  ],
  properties: {
    shape: { enum: [...SHAPE_KINDS] },
    ocpus: { type: 'integer', minimum: 1, maximum: 64 },
    memoryGb: { type: 'integer', minimum: 8, maximum: 1024 },
    warehouse: { enum: [...DIALECTS] },
    extras: { type: 'array', uniqueItems: true, items: { enum: [...EXTRAS] } },
    domain: { type: ['string', 'null'], pattern: HOST },
    metabaseDomain: { type: ['string', 'null'], pattern: HOST },
    repoUrl: { type: 'string', pattern: '^(https://[^\\s"\'`$]+|git@[^\\s"\'`$]+:[^\\s"\'`$]+)$' },
    tag: { type: 'string', pattern: '^[A-Za-z0-9_][A-Za-z0-9._/-]{0,99}$' },
    deployUser: { type: 'string', pattern: '^[a-z_][a-z0-9_-]{0,31}$' },
    sshPublicKey: {
      type: 'string',
      pattern: '^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\\.com) [A-Za-z0-9+/=]+( [^\\n]*)?$',
    },
  },
} as const;

const targetSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'compartmentId', 'adminCidr', 'availabilityDomain', 'bootVolumeGb', 'vcnCidr', 'subnetCidr'],
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9]{0,14}$' },
    compartmentId: { type: 'string', pattern: '^ocid1\\.(compartment|tenancy)\\.[a-z0-9]+\\.[a-z0-9-]*\\.[a-z0-9]+$' },
    adminCidr: { type: 'string', pattern: CIDR },
    availabilityDomain: { type: ['string', 'null'], pattern: '^[A-Za-z0-9:._-]+$' },
    bootVolumeGb: { type: 'integer', minimum: 50, maximum: 200 },
    vcnCidr: { type: 'string', pattern: CIDR },
    subnetCidr: { type: 'string', pattern: CIDR },
  },
} as const;

const ajv = new Ajv({ strict: true, allErrors: true });
const validateDeployment = ajv.compile(deploymentSchema);
const validateTarget = ajv.compile(targetSchema);

const FLAGS: Record<string, string> = {
  shape: '--shape',
  ocpus: '--ocpus',
  memoryGb: '--memory-gb',
  warehouse: '--warehouse',
  extras: '--with',
  domain: '--domain',
  metabaseDomain: '--metabase-domain',
  repoUrl: '--repo',
  tag: '--tag',
  deployUser: '--deploy-user',
  sshPublicKey: '--ssh-key',
  name: '--name',
  compartmentId: '--compartment',
  adminCidr: '--admin-cidr',
  availabilityDomain: '--availability-domain',
  bootVolumeGb: '--boot-volume-gb',
  vcnCidr: '--vcn-cidr',
  subnetCidr: '--subnet-cidr',
};

const HINTS: Record<string, string> = {
  domain: 'must be a DNS name such as shop.example.com',
  metabaseDomain: 'must be a DNS name such as bi.example.com',
  repoUrl: 'must be an https:// or git@host:path address of the project',
  tag: 'must be a git tag or branch name',
  deployUser: 'must be a Linux user name (lower case, at most 32 characters)',
  sshPublicKey: 'must be an OpenSSH public key line (ssh-ed25519 AAAA…): give the .pub file',
  name: 'must be a lower-case letter then up to 14 letters or digits (it becomes DNS labels)',
  compartmentId: 'must be a compartment or tenancy OCID (ocid1.compartment.oc1..…)',
  adminCidr: 'must be an IPv4 CIDR such as 203.0.113.7/32',
  availabilityDomain: 'must be an availability domain name such as Uocm:EU-FRANKFURT-1-AD-1',
  vcnCidr: 'must be an IPv4 CIDR such as 10.0.0.0/16',
  subnetCidr: 'must be an IPv4 CIDR such as 10.0.1.0/24',
};

function describe(error: ErrorObject, options: Record<string, unknown>): string {
  const key = error.instancePath.split('/')[1] ?? String(error.params.additionalProperty ?? '');
  const flag = FLAGS[key] ?? key;
  const value = options[key];
  const shown = key === 'sshPublicKey' ? `"${String(value).slice(0, 24)}…"` : JSON.stringify(value);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'enum':
      return `${flag} ${shown} is not one of ${(params.allowedValues as string[]).join(', ')}`;
    case 'pattern':
      if (value === '') return `${flag} is required: it ${HINTS[key] ?? `must match ${String(params.pattern)}`}`;
      return `${flag} ${shown} ${HINTS[key] ?? `must match ${String(params.pattern)}`}`;
    case 'minimum':
      return `${flag} ${shown} must be at least ${String(params.limit)}`;
    case 'maximum':
      return `${flag} ${shown} must be at most ${String(params.limit)}`;
    case 'uniqueItems':
      return `${flag} lists a value twice`;
    case 'type':
      return `${flag} must be ${String(params.type).replace('integer', 'a whole number')}`;
    default:
      return `${flag} ${error.message ?? error.keyword}`;
  }
}

/** Rules across options: what the proxy needs, and what the shape can run. */
function deploymentProblems(options: VmDeployment): string[] {
  const problems: string[] = [];
  const refusal = warehouseRefusal(options.shape, options.warehouse);
  if (refusal) problems.push(refusal.replace(/\.$/, ''));
  const proxied = options.extras.includes('web') || options.extras.includes('metabase');
  if (options.domain && !proxied)
    problems.push('--domain puts the collector (--with web) or Metabase (--with metabase) behind HTTPS: add one of them');
  if (options.metabaseDomain && !options.domain)
    problems.push("--metabase-domain needs --domain too (the proxy starts with the collector's name)");
  if (options.metabaseDomain && !options.extras.includes('metabase')) problems.push('--metabase-domain needs --with metabase');
  if (options.metabaseDomain && options.metabaseDomain === options.domain) problems.push('--metabase-domain must differ from --domain');
  return problems;
}

function fail(problems: string[]): never {
  throw new PipelineError('USAGE', `Invalid options: ${problems.join('; ')}.`);
}

/** Every problem with the deployment options, in the project's words (empty when valid). */
export function vmDeploymentProblems(options: Record<string, unknown>): string[] {
  if (!validateDeployment(options)) return (validateDeployment.errors ?? []).map((error) => describe(error, options));
  return deploymentProblems(options as unknown as VmDeployment);
}

/** Every problem with where it is provisioned (empty when valid). */
export function ociTargetProblems(options: Record<string, unknown>): string[] {
  const problems = validateTarget(options) ? [] : (validateTarget.errors ?? []).map((error) => describe(error, options));
  if (options.adminCidr === '0.0.0.0/0')
    problems.push('--admin-cidr 0.0.0.0/0 would open SSH to the whole internet: give your own address, e.g. 203.0.113.7/32');
  return problems;
}

export function validateVmDeployment(options: Record<string, unknown>, otherProblems: readonly string[] = []): VmDeployment {
  const problems = [...otherProblems, ...vmDeploymentProblems(options)];
  if (problems.length > 0) fail(problems);
  return options as unknown as VmDeployment;
}

export function validateOciTarget(options: Record<string, unknown>): OciTarget {
  const problems = ociTargetProblems(options);
  if (problems.length > 0) fail(problems);
  return options as unknown as OciTarget;
}
