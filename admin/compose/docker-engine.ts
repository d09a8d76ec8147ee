import { execFile } from 'node:child_process';

export interface DockerEngineProbe {
  readonly available: boolean;
  /** The server version, or why there is no engine (one line). */
  readonly detail: string;
  /** The engine's architecture as Docker names it (`amd64`, `arm64`), when it answered. */
  readonly arch?: string;
}

/** Asks the Docker client for the engine's version; a missing client or a silent engine means none. */
export function probeDockerEngine(timeoutMs = 5_000): Promise<DockerEngineProbe> {
  return new Promise((resolvePromise) => {
    execFile('docker', ['version', '--format', '{{.Server.Version}} {{.Server.Arch}}'], { timeout: timeoutMs }, (error, stdout, stderr) => {
      const [version = '', arch] = stdout.trim().split(/\s+/);
      if (!error && version !== '') {
        resolvePromise({ available: true, detail: `Docker engine ${version}${arch ? ` (${arch})` : ''}`, ...(arch ? { arch } : {}) });
        return;
      }
      const code = (error as NodeJS.ErrnoException | null)?.code;
      const reason =
        code === 'ENOENT'
          ? 'no docker command on PATH'
          : (stderr
              .trim()
              .split('\n')
              .find((line) => line.trim() !== '') ?? `docker version failed (${error?.message ?? 'no version'})`);
      resolvePromise({ available: false, detail: reason });
    });
  });
}
