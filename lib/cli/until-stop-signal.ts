/**
 * For a command that runs until it is stopped: resolves with the first SIGINT or SIGTERM's name
 * (both handlers removed then, so a second Ctrl-C ends the process as usual).
 */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
