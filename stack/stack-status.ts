import { treeRssBytes } from './process/process-info.js';
import { stackServices } from './services/all-services.js';
import type { StackContext } from './services/service.js';
import { pidStateOf } from './stack-controller.js';
import type { StackTopology } from './stack-topology.js';

export interface ServiceStatus {
  readonly service: string;
  readonly state: 'running' | 'stopped' | 'stale-pid';
  readonly pid: number | null;
  readonly ports: number[];
  readonly healthy: boolean;
  readonly detail: string;
  readonly version: string | null;
  readonly rssBytes: number | null;
  readonly log: string;
}

export interface StackStatus {
  readonly topology: StackTopology;
  readonly services: ServiceStatus[];
  readonly totalRssBytes: number;
  readonly endpointsFile: string;
}

export async function readStackStatus(context: StackContext): Promise<StackStatus> {
  const services = await Promise.all(
    stackServices(context.topology).map(async (service): Promise<ServiceStatus> => {
      const state = pidStateOf(context, service);
      const base = { service: service.name, ports: service.ports(context.settings), log: service.logFile(context) };
      if (state.kind !== 'running') {
        return {
          ...base,
          state: state.kind === 'stale' ? 'stale-pid' : 'stopped',
          pid: null,
          healthy: false,
          detail: state.kind === 'stale' ? 'pid file names a process that is gone' : 'not running',
          version: null,
          rssBytes: null,
        };
      }
      const health = await service.probe(context);
      return {
        ...base,
        state: 'running',
        pid: state.record.pid,
        healthy: health.healthy,
        detail: health.detail,
        version: health.version ?? null,
        rssBytes: treeRssBytes(state.record.pid),
      };
    }),
  );
  return {
    topology: context.topology,
    services,
    totalRssBytes: services.reduce((sum, service) => sum + (service.rssBytes ?? 0), 0),
    endpointsFile: context.paths.endpoints,
  };
}

export const mebibytes = (bytes: number | null): string => (bytes === null ? '-' : `${(bytes / 1024 / 1024).toFixed(0)} MiB`);

/** Resident memory of every running node (with its child processes), without probing health: cheap. */
export function runningRssBytes(context: StackContext): { bytes: number; nodes: number } {
  let bytes = 0;
  let nodes = 0;
  for (const service of stackServices(context.topology)) {
    const state = pidStateOf(context, service);
    if (state.kind !== 'running') continue;
    bytes += treeRssBytes(state.record.pid);
    nodes += 1;
  }
  return { bytes, nodes };
}
