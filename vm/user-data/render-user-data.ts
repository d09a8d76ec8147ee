/**
 * The cloud-init user-data of the pipeline's VM (pure): a deploy user with the SSH key and no
 * password, unattended security upgrades, swap sized to the shape, Docker Engine and Compose from
 * Ubuntu's own packages, the project at its tag, and a systemd unit that runs the Compose stack at
 * boot. No secret is in it: the setup script generates them on the VM.
 */
import { stringify } from 'yaml';
import { composeSecretsFor } from '../../admin/compose/compose-secrets.js';
import type { VmDeployment } from '../vm-options.js';
import { swapGbFor, VM_SHAPES } from '../vm-shapes.js';

/** The two scripts the user-data installs (vm/user-data/*.sh, checked by shellcheck). */
export interface VmScripts {
  readonly setup: string;
  readonly update: string;
}

export const PROJECT_DIR = '/opt/ecommerce-pipeline';
export const UNIT_NAME = 'ecommerce-pipeline.service';
/** Ubuntu's Docker Engine and Compose v2 plugin (universe), kept patched by unattended-upgrades. */
export const DOCKER_PACKAGES = ['docker.io', 'docker-compose-v2'] as const;
/** Docker's default address pools: the proxy reaches the collector from one of them. */
const DOCKER_NETWORKS = '172.16.0.0/12,192.168.0.0/16';

/** The Compose profiles the VM runs: the warehouse, the extras, and the HTTPS proxy when there is a domain. */
export function vmProfiles(deployment: VmDeployment): string[] {
  return [deployment.warehouse, ...deployment.extras, ...(deployment.domain ? ['proxy'] : [])];
}

/** The project's .env lines that come from provisioning (settings only; secrets are added on the VM). */
export function pipelineEnv(deployment: VmDeployment): string {
  const lines = [`WAREHOUSE=${deployment.warehouse}`, `COMPOSE_PROFILES=${vmProfiles(deployment).join(',')}`];
  if (deployment.domain) {
    lines.push('PROXY_BIND_ADDRESS=0.0.0.0', `PROXY_DOMAIN=${deployment.domain}`);
    if (deployment.metabaseDomain) lines.push(`PROXY_METABASE_DOMAIN=${deployment.metabaseDomain}`);
    if (deployment.extras.includes('web')) {
      // The collector believes the proxy's X-Forwarded-For (shoppers' addresses), nobody else's: only
      // the proxy and this VM's own users reach it (its port is on 127.0.0.1).
      lines.push(`COLLECTOR_TRUSTED_PROXIES=${DOCKER_NETWORKS}`, `COLLECTOR_ALLOWED_ORIGINS=https://${deployment.domain}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** What the setup script reads (/etc/ecommerce-pipeline/deploy.env). */
export function deploySettings(deployment: VmDeployment): string {
  const secrets = composeSecretsFor(deployment.warehouse, deployment.extras);
  return [
    `DEPLOY_USER=${deployment.deployUser}`,
    `PROJECT_DIR=${PROJECT_DIR}`,
    `REPO_URL=${deployment.repoUrl}`,
    `REPO_TAG=${deployment.tag}`,
    `OPEN_HTTPS=${deployment.domain ? 1 : 0}`,
    `SECRET_NAMES="${secrets.join(' ')}"`,
    '',
  ].join('\n');
}

/** The systemd unit: the Compose stack in the foreground, restarted on failure, started at boot. */
export function systemdUnit(deployment: VmDeployment): string {
  const profiles = vmProfiles(deployment);
  const compose = `/usr/bin/docker compose -f compose/docker-compose.yml --env-file .env ${profiles.map((p) => `--profile ${p}`).join(' ')}`;
  return `[Unit]
Description=E-commerce analytics pipeline (Docker Compose: ${profiles.join(', ')})
Documentation=file://${PROJECT_DIR}/vm/README.md
Requires=docker.service
After=docker.service network-online.target
Wants=network-online.target

[Service]
Type=simple
User=${deployment.deployUser}
WorkingDirectory=${PROJECT_DIR}
ExecStart=${compose} up --build --remove-orphans
ExecStop=${compose} stop
Restart=on-failure
RestartSec=30s
TimeoutStopSec=180s

[Install]
WantedBy=multi-user.target
`;
}

const AUTO_UPGRADES = `APT::Periodic::Update-Package-Lists "1";
APT::Periodic::Unattended-Upgrade "1";
APT::Periodic::AutocleanInterval "7";
`;

export function renderUserData(deployment: VmDeployment, scripts: VmScripts): string {
  const swap = `${swapGbFor(deployment.memoryGb)}G`;
  const shape = VM_SHAPES[deployment.shape];
  const config = {
    users: [
      'default',
      {
        name: deployment.deployUser,
        gecos: 'Runs the e-commerce pipeline',
        shell: '/bin/bash',
        lock_passwd: true,
        sudo: 'ALL=(ALL) NOPASSWD:ALL',
        ssh_authorized_keys: [deployment.sshPublicKey],
      },
    ],
    ssh_pwauth: false,
    disable_root: true,
    package_update: true,
    package_upgrade: true,
    packages: [...DOCKER_PACKAGES, 'git', 'unattended-upgrades'],
    swap: { filename: '/swapfile', size: swap, maxsize: swap },
    write_files: [
      { path: '/etc/apt/apt.conf.d/20auto-upgrades', permissions: '0644', content: AUTO_UPGRADES },
      { path: '/etc/ecommerce-pipeline/deploy.env', permissions: '0644', content: deploySettings(deployment) },
      { path: '/etc/ecommerce-pipeline/pipeline.env', permissions: '0644', content: pipelineEnv(deployment) },
      { path: '/usr/local/sbin/ecommerce-pipeline-setup', permissions: '0755', content: scripts.setup },
      { path: '/usr/local/sbin/ecommerce-pipeline-update', permissions: '0755', content: scripts.update },
      { path: `/etc/systemd/system/${UNIT_NAME}`, permissions: '0644', content: systemdUnit(deployment) },
    ],
    runcmd: [['/usr/local/sbin/ecommerce-pipeline-setup']],
    final_message: `ecommerce-pipeline: cloud-init finished after $UPTIME s on ${shape.ociShape} (${shape.arch}); journalctl -u ${UNIT_NAME} -f shows the stack.`,
  };
  const header = `#cloud-config
# The e-commerce pipeline's VM (npm run vm:user-data): ${deployment.warehouse} on ${shape.ociShape}, profiles ${vmProfiles(deployment).join(', ')}.
# No secret is written here: ecommerce-pipeline-setup generates them on the VM into ${PROJECT_DIR}/.env.
`;
  return header + stringify(config, { lineWidth: 0 });
}
