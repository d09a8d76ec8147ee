import { describe, expect, it } from 'vitest';
import { ociTargetProblems, validateOciTarget, validateVmDeployment } from '../../vm/vm-options.js';
import { defaultWarehouseFor, swapGbFor, warehouseRefusal } from '../../vm/vm-shapes.js';
import { deployment, VM_TARGET as target } from '../support/vm-deployment.js';

describe('the VM options', () => {
  it('takes a valid deployment and target as they are', () => {
    expect(validateVmDeployment({ ...deployment() })).toEqual(deployment());
    expect(validateOciTarget({ ...target })).toEqual(target);
  });

  it('refuses SQL Server on the ARM shape in one sentence, and takes it on x86', () => {
    expect(() => validateVmDeployment({ ...deployment({ warehouse: 'mssql' }) })).toThrow(
      "Invalid options: --warehouse mssql cannot run on --shape a1 (VM.Standard.A1.Flex, arm64): SQL Server's image is amd64 only; choose clickhouse or postgres, or --shape x86.",
    );
    expect(validateVmDeployment({ ...deployment({ shape: 'x86', warehouse: 'mssql' }) }).warehouse).toBe('mssql');
    expect(warehouseRefusal('x86', 'mssql')).toBeUndefined();
    expect([defaultWarehouseFor('a1'), defaultWarehouseFor('x86')]).toEqual(['clickhouse', 'mssql']);
  });

  it('reports every problem at once, naming the flag, the value and what is valid (exit 2)', () => {
    let caught: unknown;
    try {
      validateVmDeployment({ ...deployment({ domain: 'Not a name', tag: '-x', memoryGb: 4 }), sshPublicKey: 'hello' });
    } catch (error) {
      caught = error;
    }
    expect((caught as { exitCode: number }).exitCode).toBe(2);
    expect((caught as Error).message).toBe(
      'Invalid options: --memory-gb 4 must be at least 8; --domain "Not a name" must be a DNS name such as shop.example.com; --tag "-x" must be a git tag or branch name; --ssh-key "hello…" must be an OpenSSH public key line (ssh-ed25519 AAAA…): give the .pub file.',
    );
  });

  it('puts only what has a name behind the proxy', () => {
    expect(() => validateVmDeployment({ ...deployment({ domain: 'shop.example.com' }) })).toThrow(
      'Invalid options: --domain puts the collector (--with web) or Metabase (--with metabase) behind HTTPS: add one of them.',
    );
    expect(() => validateVmDeployment({ ...deployment({ extras: ['web'], metabaseDomain: 'bi.example.com' }) })).toThrow(
      "Invalid options: --metabase-domain needs --domain too (the proxy starts with the collector's name); --metabase-domain needs --with metabase.",
    );
  });

  it('never opens SSH to the whole internet, and says what is missing', () => {
    expect(ociTargetProblems({ ...target, adminCidr: '0.0.0.0/0', compartmentId: '' })).toEqual([
      '--compartment is required: it must be a compartment or tenancy OCID (ocid1.compartment.oc1..…)',
      '--admin-cidr 0.0.0.0/0 would open SSH to the whole internet: give your own address, e.g. 203.0.113.7/32',
    ]);
    expect(ociTargetProblems({ ...target, adminCidr: '203.0.113.7', name: 'Shop' })).toEqual([
      '--name "Shop" must be a lower-case letter then up to 14 letters or digits (it becomes DNS labels)',
      '--admin-cidr "203.0.113.7" must be an IPv4 CIDR such as 203.0.113.7/32',
    ]);
  });

  it('sizes swap to a quarter of the memory, from 2 to 8 GB', () => {
    expect([8, 16, 24, 64].map(swapGbFor)).toEqual([2, 4, 6, 8]);
  });
});
