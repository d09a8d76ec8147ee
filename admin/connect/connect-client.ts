import { setTimeout as sleep } from 'node:timers/promises';
import { describeCause, PipelineError } from '../../lib/errors.js';

export type ConnectorConfig = Record<string, string>;

export interface ConnectorStatus {
  readonly name: string;
  readonly connector: { readonly state: string; readonly worker_id?: string; readonly trace?: string };
  readonly tasks: ReadonlyArray<{ readonly id: number; readonly state: string; readonly worker_id?: string; readonly trace?: string }>;
  readonly type?: string;
}

export interface ValidationAnswer {
  readonly name: string;
  readonly error_count: number;
  readonly configs: ReadonlyArray<{ readonly value: { readonly name: string; readonly errors: readonly string[] } }>;
}

/** GET /connectors/{name}/offsets (KIP-875). */
export interface SinkOffsets {
  readonly offsets: ReadonlyArray<{ readonly partition: Record<string, unknown>; readonly offset: Record<string, unknown> }>;
}

export interface ExpandedConnector {
  readonly info: { readonly name: string; readonly config: ConnectorConfig; readonly type: string };
  readonly status: ConnectorStatus;
}

export interface ConnectClientOptions {
  /** Attempts for a 409 (rebalance in progress) before giving up. */
  readonly conflictRetries?: number;
  readonly backoffMs?: number;
  /** Called for every request that changes something (PUT, POST, PATCH, DELETE): tests count writes with it. */
  readonly onWrite?: (method: string, path: string) => void;
}

/**
 * The Kafka Connect REST API with typed errors: a refused connection names the URL, 404 is
 * CONNECT_NOT_FOUND, 409 (rebalance) is retried with backoff and then CONNECT_CONFLICT.
 */
export class ConnectClient {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly options: ConnectClientOptions = {},
  ) {
    this.base = baseUrl.replace(/\/$/, '');
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const attempts = (this.options.conflictRetries ?? 6) + 1;
    for (let attempt = 1; ; attempt += 1) {
      if (method !== 'GET') this.options.onWrite?.(method, path);
      let response: Response;
      try {
        response = await fetch(`${this.base}${path}`, {
          method,
          headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        });
      } catch (error) {
        throw new PipelineError(
          'CONNECT_UNREACHABLE',
          `Kafka Connect at ${this.base} could not be reached (${describeCause((error as { cause?: unknown }).cause ?? error)}). Check CONNECT_URL and that the worker runs (npm run stack:status).`,
          { cause: error },
        );
      }
      const text = await response.text();
      const parsed = text ? safeJson(text) : undefined;
      const notConnect = notConnectAnswer(response, text, parsed);
      if (notConnect) {
        throw new PipelineError(
          'CONNECT_UNREACHABLE',
          `The service at ${this.base} does not look like Kafka Connect: ${method} ${path} got ${notConnect}. Check CONNECT_URL (the worker's REST port, 8083 by default).`,
        );
      }
      if (response.ok) return parsed as T;
      const message = (parsed as { message?: string } | undefined)?.message ?? text.slice(0, 300);
      if (response.status === 409 && attempt < attempts) {
        await sleep((this.options.backoffMs ?? 500) * 2 ** (attempt - 1));
        continue;
      }
      if (response.status === 404) {
        throw new PipelineError(
          'CONNECT_NOT_FOUND',
          `Kafka Connect has no ${path.replace(/^\/connectors\//, 'connector ').replace(/\/.*$/, '')} (${message}).`,
        );
      }
      if (response.status === 409) {
        throw new PipelineError(
          'CONNECT_CONFLICT',
          `Kafka Connect was still rebalancing after ${attempts} attempts (${message}); run the command again.`,
        );
      }
      throw new PipelineError('CONNECT_REQUEST_FAILED', `Kafka Connect answered ${method} ${path} with ${response.status}: ${message}`);
    }
  }

  listExpanded(): Promise<Record<string, ExpandedConnector>> {
    return this.request('GET', '/connectors?expand=status&expand=info');
  }

  /** PUT the config: creates the connector (201) or updates it (200). */
  async putConfig(name: string, config: ConnectorConfig): Promise<void> {
    await this.request('PUT', `/connectors/${encodeURIComponent(name)}/config`, config);
  }

  validate(connectorClass: string, config: ConnectorConfig): Promise<ValidationAnswer> {
    return this.request('PUT', `/connector-plugins/${encodeURIComponent(connectorClass)}/config/validate`, config);
  }

  status(name: string): Promise<ConnectorStatus> {
    return this.request('GET', `/connectors/${encodeURIComponent(name)}/status`);
  }

  topics(name: string): Promise<Record<string, { topics: string[] }>> {
    return this.request('GET', `/connectors/${encodeURIComponent(name)}/topics`);
  }

  async deleteConnector(name: string): Promise<void> {
    await this.request('DELETE', `/connectors/${encodeURIComponent(name)}`);
  }

  async restart(name: string, onlyFailed: boolean): Promise<void> {
    await this.request('POST', `/connectors/${encodeURIComponent(name)}/restart?includeTasks=true&onlyFailed=${onlyFailed}`);
  }

  async pause(name: string): Promise<void> {
    await this.request('PUT', `/connectors/${encodeURIComponent(name)}/pause`);
  }

  offsets(name: string): Promise<SinkOffsets> {
    return this.request('GET', `/connectors/${encodeURIComponent(name)}/offsets`);
  }

  async stop(name: string): Promise<void> {
    await this.request('PUT', `/connectors/${encodeURIComponent(name)}/stop`);
  }

  /** The connector's configuration as stored (secrets still as their ${env:…} references). */
  config(name: string): Promise<ConnectorConfig> {
    return this.request('GET', `/connectors/${encodeURIComponent(name)}/config`);
  }

  /** KIP-875: moves the given partitions' committed offsets; only allowed while the connector is STOPPED. */
  async alterOffsets(name: string, offsets: SinkOffsets): Promise<void> {
    await this.request('PATCH', `/connectors/${encodeURIComponent(name)}/offsets`, offsets);
  }

  /** KIP-875: only allowed while the connector is STOPPED. */
  async deleteOffsets(name: string): Promise<void> {
    await this.request('DELETE', `/connectors/${encodeURIComponent(name)}/offsets`);
  }

  async resume(name: string): Promise<void> {
    await this.request('PUT', `/connectors/${encodeURIComponent(name)}/resume`);
  }
}

/**
 * Kafka Connect answers in JSON: successes with a JSON body (or none), failures with
 * `{"error_code", "message"}`. Anything else (an HTML page, an empty 404) is some other service.
 */
function notConnectAnswer(response: Response, text: string, parsed: unknown): string | undefined {
  const kind = /<html|<!doctype/i.test(text) ? 'an HTML page' : text.trim() === '' ? 'an empty body' : 'a body that is not JSON';
  if (response.ok) return text.trim() !== '' && parsed === undefined ? `${response.status} with ${kind}` : undefined;
  const isConnectError = typeof parsed === 'object' && parsed !== null && 'error_code' in parsed;
  return isConnectError ? undefined : `${response.status} with ${kind}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
