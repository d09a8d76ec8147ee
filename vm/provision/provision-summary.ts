/** What vm:provision tells the user at the end (pure): where the VM is, how to reach it, what happens next. */
import type { VmDeployment } from '../vm-options.js';
import type { ProvisionResult } from './provision-vm.js';

export function provisionSummary(result: ProvisionResult, deployment: VmDeployment, dryRun: boolean) {
  const ip = result.publicIp ?? '<public-ip>';
  const user = deployment.deployUser;
  const ssh = `ssh ${user}@${ip}`;
  const tunnel = `ssh -N -L 8083:127.0.0.1:8083 -L 8123:127.0.0.1:8123 -L 3000:127.0.0.1:3000 -L 8888:127.0.0.1:8888 ${user}@${ip}`;
  const lines = [
    dryRun ? 'Dry run: nothing was called. These are the calls a first run makes.' : `Public IP: ${ip}`,
    `SSH:       ${ssh}`,
    `Tunnel:    ${tunnel}   (Connect, ClickHouse, Metabase, Jupyter on your localhost)`,
  ];
  if (!dryRun && !result.instanceExisted) {
    lines.push(
      'First boot: cloud-init installs Docker, checks the project out at its tag and starts the stack (10–20 min with image builds). Follow it: ' +
        `${ssh} 'cloud-init status --wait && journalctl -u ecommerce-pipeline -n 50'`,
    );
  }
  if (result.instanceExisted) {
    lines.push(
      'The instance already existed: its user-data is not run again. To move it to another tag: ' +
        `${ssh} sudo ecommerce-pipeline-update <tag>`,
    );
  }
  if (deployment.domain) {
    lines.push(
      `HTTPS:     point the DNS A record of ${deployment.domain}${deployment.metabaseDomain ? ` and ${deployment.metabaseDomain}` : ''} at ${ip}; the certificate follows on the first request (https://${deployment.domain}/shop/).`,
    );
  } else {
    lines.push('No --domain: nothing but SSH is public; the collector and Metabase stay on 127.0.0.1 (use the tunnel).');
  }
  return { lines, facts: { ssh, tunnel } };
}
