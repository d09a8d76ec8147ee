/**
 * The OCI CLI calls that provision the VM (pure): for each resource a lookup by display name and a
 * create, plus the security list's rules and their comparison with what exists. Arguments are what
 * follows `oci`; test/vm checks every command and option against the installed oci-cli.
 */
import type { OciTarget, VmDeployment } from '../vm-options.js';
import { VM_SHAPES } from '../vm-shapes.js';

export type OciArgs = readonly string[];

/** Display names of what the recipe creates, from --name. */
export const resourceNames = (name: string) => ({
  vcn: `${name}-vcn`,
  internetGateway: `${name}-igw`,
  routeTable: `${name}-public-rt`,
  securityList: `${name}-public-sl`,
  subnet: `${name}-public`,
  instance: `${name}-vm`,
});

export interface IngressRule {
  readonly source: string;
  readonly protocol: string;
  readonly port?: number;
  readonly icmp?: { readonly type: number; readonly code: number };
  readonly description: string;
}

/** SSH from the admin's address, HTTPS from anywhere only when there is a domain, and path-MTU ICMP. */
export function ingressRules(target: OciTarget, deployment: VmDeployment): IngressRule[] {
  const rules: IngressRule[] = [{ source: target.adminCidr, protocol: '6', port: 22, description: 'SSH from the admin address' }];
  if (deployment.domain) rules.push({ source: '0.0.0.0/0', protocol: '6', port: 443, description: 'HTTPS (Caddy, profile proxy)' });
  rules.push({ source: '0.0.0.0/0', protocol: '1', icmp: { type: 3, code: 4 }, description: 'path MTU discovery' });
  return rules;
}

/** The rules in OCI's JSON form (camelCase, as the CLI takes them). */
export function ingressJson(rules: readonly IngressRule[]): string {
  return JSON.stringify(
    rules.map((rule) => ({
      source: rule.source,
      sourceType: 'CIDR_BLOCK',
      protocol: rule.protocol,
      isStateless: false,
      description: rule.description,
      ...(rule.port ? { tcpOptions: { destinationPortRange: { min: rule.port, max: rule.port } } } : {}),
      ...(rule.icmp ? { icmpOptions: rule.icmp } : {}),
    })),
  );
}

export const EGRESS_JSON = JSON.stringify([
  { destination: '0.0.0.0/0', destinationType: 'CIDR_BLOCK', protocol: 'all', isStateless: false },
]);

/** The rules an existing security list holds (the CLI answers in kebab-case), as comparable keys. */
export function existingRuleKeys(securityList: Record<string, unknown>): string[] {
  const rules = (securityList['ingress-security-rules'] ?? []) as Record<string, Record<string, unknown> | string | boolean>[];
  return rules
    .map((rule) => {
      const tcp = rule['tcp-options'] as { 'destination-port-range'?: { min?: number } } | null | undefined;
      const icmp = rule['icmp-options'] as { type?: number; code?: number } | null | undefined;
      return [rule.source, rule.protocol, tcp?.['destination-port-range']?.min ?? '', icmp ? `${icmp.type}/${icmp.code}` : ''].join(' ');
    })
    .sort();
}

export const desiredRuleKeys = (rules: readonly IngressRule[]): string[] =>
  rules
    .map((rule) => [rule.source, rule.protocol, rule.port ?? '', rule.icmp ? `${rule.icmp.type}/${rule.icmp.code}` : ''].join(' '))
    .sort();

export interface OciIds {
  vcn: string;
  internetGateway: string;
  routeTable: string;
  securityList: string;
  subnet: string;
  image: string;
  availabilityDomain: string;
  instance: string;
}

/** Every call the recipe can make, given the ids found or created before it. */
export function ociCalls(target: OciTarget, deployment: VmDeployment) {
  const names = resourceNames(target.name);
  const compartment = ['--compartment-id', target.compartmentId];
  const shape = VM_SHAPES[deployment.shape];
  const wait = (state: string) => ['--wait-for-state', state];
  return {
    availabilityDomains: (): OciArgs => ['iam', 'availability-domain', 'list', ...compartment, '--all'],
    images: (): OciArgs => [
      'compute',
      'image',
      'list',
      ...compartment,
      '--operating-system',
      'Canonical Ubuntu',
      '--operating-system-version',
      '24.04',
      '--shape',
      shape.ociShape,
      '--sort-by',
      'TIMECREATED',
      '--sort-order',
      'DESC',
      '--all',
    ],
    findVcn: (): OciArgs => [
      'network',
      'vcn',
      'list',
      ...compartment,
      '--display-name',
      names.vcn,
      '--lifecycle-state',
      'AVAILABLE',
      '--all',
    ],
    createVcn: (): OciArgs => [
      'network',
      'vcn',
      'create',
      ...compartment,
      '--display-name',
      names.vcn,
      '--cidr-blocks',
      JSON.stringify([target.vcnCidr]),
      '--dns-label',
      target.name,
      ...wait('AVAILABLE'),
    ],
    findInternetGateway: (ids: Pick<OciIds, 'vcn'>): OciArgs => [
      'network',
      'internet-gateway',
      'list',
      ...compartment,
      '--vcn-id',
      ids.vcn,
      '--display-name',
      names.internetGateway,
      '--lifecycle-state',
      'AVAILABLE',
      '--all',
    ],
    createInternetGateway: (ids: Pick<OciIds, 'vcn'>): OciArgs => [
      'network',
      'internet-gateway',
      'create',
      ...compartment,
      '--vcn-id',
      ids.vcn,
      '--display-name',
      names.internetGateway,
      '--is-enabled',
      'true',
      ...wait('AVAILABLE'),
    ],
    findRouteTable: (ids: Pick<OciIds, 'vcn'>): OciArgs => [
      'network',
      'route-table',
      'list',
      ...compartment,
      '--vcn-id',
      ids.vcn,
      '--display-name',
      names.routeTable,
      '--lifecycle-state',
      'AVAILABLE',
      '--all',
    ],
    createRouteTable: (ids: Pick<OciIds, 'vcn' | 'internetGateway'>): OciArgs => [
      'network',
      'route-table',
      'create',
      ...compartment,
      '--vcn-id',
      ids.vcn,
      '--display-name',
      names.routeTable,
      '--route-rules',
      JSON.stringify([{ destination: '0.0.0.0/0', destinationType: 'CIDR_BLOCK', networkEntityId: ids.internetGateway }]),
      ...wait('AVAILABLE'),
    ],
    findSecurityList: (ids: Pick<OciIds, 'vcn'>): OciArgs => [
      'network',
      'security-list',
      'list',
      ...compartment,
      '--vcn-id',
      ids.vcn,
      '--display-name',
      names.securityList,
      '--lifecycle-state',
      'AVAILABLE',
      '--all',
    ],
    createSecurityList: (ids: Pick<OciIds, 'vcn'>): OciArgs => [
      'network',
      'security-list',
      'create',
      ...compartment,
      '--vcn-id',
      ids.vcn,
      '--display-name',
      names.securityList,
      '--ingress-security-rules',
      ingressJson(ingressRules(target, deployment)),
      '--egress-security-rules',
      EGRESS_JSON,
      ...wait('AVAILABLE'),
    ],
    updateSecurityList: (ids: Pick<OciIds, 'securityList'>): OciArgs => [
      'network',
      'security-list',
      'update',
      '--security-list-id',
      ids.securityList,
      '--ingress-security-rules',
      ingressJson(ingressRules(target, deployment)),
      '--egress-security-rules',
      EGRESS_JSON,
      '--force',
      ...wait('AVAILABLE'),
    ],
    findSubnet: (ids: Pick<OciIds, 'vcn'>): OciArgs => [
      'network',
      'subnet',
      'list',
      ...compartment,
      '--vcn-id',
      ids.vcn,
      '--display-name',
      names.subnet,
      '--lifecycle-state',
      'AVAILABLE',
      '--all',
    ],
    createSubnet: (ids: Pick<OciIds, 'vcn' | 'routeTable' | 'securityList'>): OciArgs => [
      'network',
      'subnet',
      'create',
      ...compartment,
      '--vcn-id',
      ids.vcn,
      '--display-name',
      names.subnet,
      '--cidr-block',
      target.subnetCidr,
      '--dns-label',
      'pub',
      '--route-table-id',
      ids.routeTable,
      '--security-list-ids',
      JSON.stringify([ids.securityList]),
      '--prohibit-public-ip-on-vnic',
      'false',
      ...wait('AVAILABLE'),
    ],
    findInstance: (): OciArgs => ['compute', 'instance', 'list', ...compartment, '--display-name', names.instance, '--all'],
    launchInstance: (
      ids: Pick<OciIds, 'availabilityDomain' | 'image' | 'subnet'>,
      files: { sshKey: string; userData: string },
    ): OciArgs => [
      'compute',
      'instance',
      'launch',
      ...compartment,
      '--availability-domain',
      ids.availabilityDomain,
      '--display-name',
      names.instance,
      '--hostname-label',
      target.name,
      '--shape',
      shape.ociShape,
      '--shape-config',
      JSON.stringify({ ocpus: deployment.ocpus, memoryInGBs: deployment.memoryGb }),
      '--image-id',
      ids.image,
      '--subnet-id',
      ids.subnet,
      '--assign-public-ip',
      'true',
      '--boot-volume-size-in-gbs',
      String(target.bootVolumeGb),
      '--ssh-authorized-keys-file',
      files.sshKey,
      '--user-data-file',
      files.userData,
      ...wait('RUNNING'),
    ],
    instanceVnics: (ids: Pick<OciIds, 'instance'>): OciArgs => [
      'compute',
      'instance',
      'list-vnics',
      '--instance-id',
      ids.instance,
      '--all',
    ],
  };
}

/** One call as a shell command line, for printing. */
export function commandLine(args: OciArgs): string {
  const quote = (arg: string) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);
  return ['oci', ...args].map(quote).join(' ');
}
