import { signal, waitForExit } from '../../stack/process/stop-process.js';
import { serviceNamed } from '../../stack/services/all-services.js';
import type { StackContext } from '../../stack/services/service.js';
import { pidStateOf, startService } from '../../stack/stack-controller.js';

/** What a fault does to one node of the native stack. */
export interface FaultActions {
  /** SIGKILL to the node's whole process group (PostgreSQL's backends too); resolves once it is gone. */
  kill(target: string): Promise<void>;
  /** Starts the node again and resolves once it is healthy. */
  start(target: string): Promise<void>;
  /** SIGSTOP to the node's process group: it keeps its sockets and answers nothing. */
  pause(target: string): Promise<void>;
  /** SIGCONT: it goes on where it stopped. */
  resume(target: string): Promise<void>;
}

/** After a run, whatever happened: each node a fault may have hit is resumed, and started when it is not running. */
export async function restoreNodes(context: StackContext, targets: readonly string[], report: (line: string) => void): Promise<void> {
  for (const target of new Set(targets)) {
    const state = pidStateOf(context, serviceNamed(context.topology, target));
    if (state.kind === 'running') groupSignal(state.record.pid, 'SIGCONT');
    else await startService(context, target, (line) => report(`  ${line.trim()}`));
  }
}

const groupSignal = (pid: number, name: NodeJS.Signals) => signal(pid, name, true);

/** The faults, on the processes the stack's pid files name (each service leads its own process group). */
export function stackFaultActions(context: StackContext, report: (line: string) => void): FaultActions {
  const pidOf = (target: string): number => {
    const state = pidStateOf(context, serviceNamed(context.topology, target));
    if (state.kind !== 'running') throw new Error(`${target} is not running (${state.kind}), so the fault cannot hit it`);
    return state.record.pid;
  };
  return {
    async kill(target) {
      const pid = pidOf(target);
      groupSignal(pid, 'SIGKILL');
      await waitForExit(pid, 10_000);
    },
    start: (target) => startService(context, target, (line) => report(`  ${line.trim()}`)),
    pause: async (target) => groupSignal(pidOf(target), 'SIGSTOP'),
    resume: async (target) => groupSignal(pidOf(target), 'SIGCONT'),
  };
}
