/**
 * Provisioning, idempotent: each resource is looked up by its display name and created only when
 * missing; the security list's rules are brought back to what the options say. The calls go through
 * a runner: the OCI CLI, or (for --dry-run) one that records them and answers with placeholders.
 */
import { PipelineError } from '../../lib/errors.js';
import type { OciTarget, VmDeployment } from '../vm-options.js';
import { commandLine, desiredRuleKeys, existingRuleKeys, ingressRules, type OciArgs, type OciIds, ociCalls } from './oci-calls.js';

export interface OciRunner {
  /** Runs one call; resolves to the CLI's JSON answer (`{ data: … }`), or null when it printed nothing. */
  run(args: OciArgs): Promise<unknown>;
}

export type ProvisionAction = 'found' | 'created' | 'updated' | 'chosen';

export interface ProvisionedResource {
  readonly resource: string;
  readonly action: ProvisionAction;
  readonly id: string;
}

export interface ProvisionResult {
  readonly resources: ProvisionedResource[];
  readonly publicIp: string | null;
  readonly instanceExisted: boolean;
}

type Row = Record<string, unknown>;

const rowsOf = (answer: unknown): Row[] => {
  const data = (answer as { data?: unknown } | null)?.data;
  return Array.isArray(data) ? (data as Row[]) : [];
};
const rowOf = (answer: unknown): Row => ((answer as { data?: Row } | null)?.data ?? {}) as Row;
const GONE = new Set(['TERMINATED', 'TERMINATING']);

export async function provisionVm(
  target: OciTarget,
  deployment: VmDeployment,
  files: { sshKey: string; userData: string },
  runner: OciRunner,
  say: (line: string) => void,
): Promise<ProvisionResult> {
  const calls = ociCalls(target, deployment);
  const resources: ProvisionedResource[] = [];
  const ids: Partial<OciIds> = {};
  const note = (resource: string, action: ProvisionAction, id: string) => {
    resources.push({ resource, action, id });
    say(`${resource}: ${action} ${id}`);
  };

  /** Finds a resource by its list call, else creates it. */
  async function ensure(resource: string, find: OciArgs, create: () => OciArgs): Promise<Row> {
    const existing = rowsOf(await runner.run(find)).find((row) => !GONE.has(String(row['lifecycle-state'])));
    if (existing) {
      note(resource, 'found', String(existing.id));
      return existing;
    }
    const created = rowOf(await runner.run(create()));
    note(resource, 'created', String(created.id));
    return created;
  }

  ids.vcn = String((await ensure('VCN', calls.findVcn(), calls.createVcn)).id);
  const vcn = { vcn: ids.vcn };
  ids.internetGateway = String(
    (await ensure('internet gateway', calls.findInternetGateway(vcn), () => calls.createInternetGateway(vcn))).id,
  );
  ids.routeTable = String(
    (
      await ensure('route table', calls.findRouteTable(vcn), () =>
        calls.createRouteTable({ ...vcn, internetGateway: ids.internetGateway as string }),
      )
    ).id,
  );

  const foundList = rowsOf(await runner.run(calls.findSecurityList(vcn))).find((row) => !GONE.has(String(row['lifecycle-state'])));
  if (!foundList) {
    ids.securityList = String(rowOf(await runner.run(calls.createSecurityList(vcn))).id);
    note('security list', 'created', ids.securityList);
  } else {
    ids.securityList = String(foundList.id);
    const same = existingRuleKeys(foundList).join('\n') === desiredRuleKeys(ingressRules(target, deployment)).join('\n');
    if (!same) await runner.run(calls.updateSecurityList({ securityList: ids.securityList }));
    note('security list', same ? 'found' : 'updated', ids.securityList);
  }

  ids.subnet = String(
    (
      await ensure('subnet', calls.findSubnet(vcn), () =>
        calls.createSubnet({ ...vcn, routeTable: ids.routeTable as string, securityList: ids.securityList as string }),
      )
    ).id,
  );

  const instance = rowsOf(await runner.run(calls.findInstance())).find((row) => !GONE.has(String(row['lifecycle-state'])));
  if (instance) {
    ids.instance = String(instance.id);
    note('instance', 'found', `${ids.instance} (${String(instance['lifecycle-state'])})`);
  } else {
    ids.availabilityDomain = target.availabilityDomain ?? String(rowsOf(await runner.run(calls.availabilityDomains()))[0]?.name ?? '');
    if (!ids.availabilityDomain) {
      throw new PipelineError(
        'COMMAND_FAILED',
        'OCI lists no availability domain for --compartment: check the OCID and your region, or give --availability-domain.',
      );
    }
    note('availability domain', 'chosen', ids.availabilityDomain);
    ids.image = String(rowsOf(await runner.run(calls.images()))[0]?.id ?? '');
    if (!ids.image) {
      throw new PipelineError(
        'COMMAND_FAILED',
        `OCI offers no Canonical Ubuntu 24.04 image for ${deployment.shape === 'a1' ? 'the A1 shape' : 'the x86 shape'} in this region: choose another region (--region) or shape.`,
      );
    }
    note('image (Ubuntu 24.04)', 'chosen', ids.image);
    const launched = rowOf(
      await runner.run(calls.launchInstance({ availabilityDomain: ids.availabilityDomain, image: ids.image, subnet: ids.subnet }, files)),
    );
    ids.instance = String(launched.id);
    note('instance', 'created', ids.instance);
  }

  const vnic = rowsOf(await runner.run(calls.instanceVnics({ instance: ids.instance })))[0];
  const publicIp = vnic?.['public-ip'] ? String(vnic['public-ip']) : null;
  return { resources, publicIp, instanceExisted: Boolean(instance) };
}

/** The --dry-run runner: prints each call and answers as if nothing existed yet, with placeholders. */
export function dryRunRunner(print: (line: string) => void): OciRunner & { readonly calls: OciArgs[] } {
  const calls: OciArgs[] = [];
  return {
    calls,
    async run(args) {
      calls.push(args);
      print(commandLine(args));
      const [, resource, verb] = args;
      if (resource === 'availability-domain') return { data: [{ name: '<availability-domain>' }] };
      if (resource === 'image') return { data: [{ id: '<image-id>' }] };
      if (verb === 'list-vnics') return { data: [{ 'public-ip': '<public-ip>' }] };
      if (verb === 'list') return null;
      return { data: { id: `<${resource}-id>` } };
    },
  };
}
