import { treeRssBytes } from './process/process-info.js';
import { SERVICES_IN_START_ORDER } from './services/all-services.js';
import type { StackContext } from './services/service.js';
import { pidStateOf } from './stack-controller.js';

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
  readonly services: ServiceStatus[];
  readonly totalRssBytes: number;
  readonly endpointsFile: string;
}

export async function readStackStatus(context: StackContext): Promise<StackStatus> {
  const services = await Promise.all(
    SERVICES_IN_START_ORDER.map(async (service): Promise<ServiceStatus> => {
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
    services,
    totalRssBytes: services.reduce((sum, service) => sum + (service.rssBytes ?? 0), 0),
    endpointsFile: context.paths.endpoints,
  };
}

export const mebibytes = (bytes: number | null): string => (bytes === null ? '-' : `${(bytes / 1024 / 1024).toFixed(0)} MiB`);
