import type { OciTarget, VmDeployment } from '../../vm/vm-options.js';

/** A public key (its private half was never kept): what a user's ~/.ssh/id_ed25519.pub holds. */
export const VM_TEST_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDme1YumEFEwTEVg9xSnSqg5re2yOk8I5pRNIaiKta4K you@laptop';

/** A valid deployment, changed where a test says. */
export const deployment = (overrides: Partial<VmDeployment> = {}): VmDeployment => ({
  shape: 'a1',
  ocpus: 4,
  memoryGb: 24,
  warehouse: 'clickhouse',
  extras: [],
  domain: null,
  metabaseDomain: null,
  repoUrl: 'https://example.org/shop/pipeline.git',
  tag: 'v1.0.0',
  deployUser: 'deploy',
  sshPublicKey: VM_TEST_KEY,
  ...overrides,
});

/** A valid provisioning target. */
export const VM_TARGET: OciTarget = {
  name: 'ecommerce',
  compartmentId: 'ocid1.compartment.oc1..aaaaaaaaexample',
  adminCidr: '203.0.113.7/32',
  availabilityDomain: null,
  bootVolumeGb: 100,
  vcnCidr: '10.0.0.0/16',
  subnetCidr: '10.0.1.0/24',
};
